/**
 * Round-trip properties of the JPEG lossless codec: for any canonical frame, decode(encode(x)) == x
 * (point transform 0) over precision 2..16 x predictor 1-7 x 1 or 3 components x signed/unsigned x sizes
 * (1x1, single rows and columns, odd and wide) x restart intervals x optimised/fixed tables; and with a
 * point transform the decode is x with its low Pt bits cleared.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { PixelModule } from "../../src/pixel-module.js";
import { encodeJpegLosslessFrame, jpegLosslessCodec, JPEG_LOSSLESS_UID } from "../../src/codecs/jpeg-lossless.js";
import { jpllDecodeInto, jpllEncode } from "../../src/wasm/kernels/jpeg-lossless.js";

interface Params {
  rows: number;
  cols: number;
  spp: 1 | 3;
  bs: number;
  ba: 8 | 16;
  pr: 0 | 1;
  predictor: number;
  rowsPerInterval: number;
  optimizeHuffman: boolean;
  seed: number;
  smooth: boolean;
}

const params: fc.Arbitrary<Params> = fc
  .record({
    size: fc.oneof(
      fc.constant([1, 1]),
      fc.tuple(fc.constant(1), fc.integer({ min: 1, max: 70 })),
      fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constant(1)),
      fc.tuple(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 })),
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 200, max: 700 })),
    ),
    spp: fc.constantFrom(1 as const, 3 as const),
    bs: fc.integer({ min: 2, max: 16 }),
    wideCells: fc.boolean(),
    pr: fc.constantFrom(0 as const, 1 as const),
    predictor: fc.integer({ min: 1, max: 7 }),
    rowsPerInterval: fc.constantFrom(0, 0, 1, 2, 5),
    optimizeHuffman: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    smooth: fc.boolean(),
  })
  .map((r) => ({
    rows: r.size[0]!,
    cols: r.size[1]!,
    spp: r.spp,
    bs: r.bs,
    ba: r.bs > 8 || r.wideCells ? 16 : 8,
    pr: r.pr,
    predictor: r.predictor,
    rowsPerInterval: r.rowsPerInterval,
    optimizeHuffman: r.optimizeHuffman,
    seed: r.seed,
    smooth: r.smooth,
  }));

function makeFrame(p: Params): { frame: Uint8Array; module: PixelModule } {
  const module = PixelModule.from({
    rows: p.rows,
    columns: p.cols,
    samplesPerPixel: p.spp,
    photometricInterpretation: p.spp === 3 ? "RGB" : "MONOCHROME2",
    planarConfiguration: p.spp === 3 ? 0 : null,
    bitsAllocated: p.ba,
    bitsStored: p.bs,
    highBit: p.bs - 1,
    pixelRepresentation: p.pr,
  });
  const n = p.rows * p.cols * p.spp;
  const lo = p.pr ? -(2 ** (p.bs - 1)) : 0;
  const span = 2 ** p.bs;
  let s = p.seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const vals = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = p.smooth ? Math.floor((i / n) * span + (next() - 0.5) * 6) : Math.floor(next() * span);
    vals[i] = lo + Math.min(span - 1, Math.max(0, v));
  }
  const frame =
    p.ba === 8
      ? p.pr
        ? new Uint8Array(Int8Array.from(vals).buffer)
        : Uint8Array.from(vals)
      : new Uint8Array((p.pr ? Int16Array.from(vals) : Uint16Array.from(vals)).buffer);
  return { frame, module };
}

describe("JPEG lossless round-trip properties", () => {
  beforeAll(setupWasm);

  it("decode(encode(x)) == x (Pt 0) through the codec, canonical form", () => {
    fc.assert(
      fc.property(params, (p) => {
        const { frame, module } = makeFrame(p);
        const enc = encodeJpegLosslessFrame(frame, module, {
          transferSyntaxUID: JPEG_LOSSLESS_UID,
          predictor: p.predictor,
          restartInterval: p.rowsPerInterval * p.cols,
          optimizeHuffman: p.optimizeHuffman,
        });
        expect(enc.lossy).toBe(false);
        const dst = new Uint8Array(module.frameByteLength());
        jpegLosslessCodec.decodeInto(enc.data, module, dst, { transferSyntaxUID: JPEG_LOSSLESS_UID, frameIndex: 0 });
        expect(Buffer.from(dst).equals(Buffer.from(frame))).toBe(true);
      }),
      { numRuns: 250 },
    );
  });

  it("any restart interval (also mid-line) round-trips at the kernel level", () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 1, max: 50 }), (p, ri) => {
        const q = { ...p, pr: 0 as const };
        const { frame } = makeFrame(q);
        const cb = q.ba / 8;
        const enc = jpllEncode(frame, {
          rows: q.rows, columns: q.cols, components: q.spp, precision: q.bs, cellBytes: cb as 1 | 2,
          predictor: q.predictor, pointTransform: 0, restartInterval: ri, standardTables: !q.optimizeHuffman, signed: false,
        });
        const dst = new Uint8Array(frame.length);
        const r = jpllDecodeInto(enc, dst, { cellBytes: cb as 1 | 2 });
        expect(r.warnings).toBe(0);
        expect(Buffer.from(dst).equals(Buffer.from(frame))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("with a point transform the decode is x with its low Pt bits cleared, flagged lossy", () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 1, max: 15 }), (p, ptRaw) => {
        const q = { ...p, pr: 0 as const };
        const pt = ptRaw % q.bs;
        fc.pre(pt > 0);
        const { frame, module } = makeFrame(q);
        const enc = encodeJpegLosslessFrame(frame, module, { transferSyntaxUID: JPEG_LOSSLESS_UID, predictor: q.predictor, pointTransform: pt });
        expect(enc.lossy).toBe(true);
        const dst = new Uint8Array(frame.length);
        jpegLosslessCodec.decodeInto(enc.data, module, dst, { transferSyntaxUID: JPEG_LOSSLESS_UID, frameIndex: 0 });
        const want = q.ba === 8 ? Uint8Array.from(frame, (v) => (v >> pt) << pt) : new Uint8Array(Uint16Array.from(new Uint16Array(frame.buffer), (v) => (v >> pt) << pt).buffer);
        expect(Buffer.from(dst).equals(Buffer.from(want))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});
