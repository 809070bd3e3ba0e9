/**
 * JPEG 2000 lossless round trips (fast-check): decode(encode(x)) == x over random small images (1 or 3
 * components, 8/16-bit cells, Bits Stored 1..16, signed and unsigned, planar or interleaved RGB, with and
 * without the RCT, 0..6 decomposition levels), through our decoder; a handful also through opj_decompress.
 * Lossy (irreversible 9-7, ICT): our decoder and opj_decompress give identical samples at any quality, and at
 * quality 99 the decoded samples stay close to the input; with a target ratio the stream fits its budget.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpeg2000Codec } from "../../src/codecs/jpeg2000.js";
import { jpeg2000Encode } from "../../src/codecs/jpeg2000/encode.js";
import { HeaderBitWriter, TagTreeEncoder } from "../../src/codecs/jpeg2000/encode-packets.js";
import { BitReader, TagTree } from "../../src/codecs/jpeg2000/tag-tree.js";
import { PixelModule } from "../../src/pixel-module.js";
import { setupWasm } from "../helpers/wasm.js";
import { cleanupOracle, opjDecode } from "../kernels/jpeg2000-encode-oracle.js";

interface Case {
  w: number;
  h: number;
  spp: 1 | 3;
  ba: 8 | 16;
  bs: number;
  signed: boolean;
  planar: boolean;
  mct: boolean;
  levels: number;
  /** Colour-by-pixel sample values. */
  values: number[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    w: fc.integer({ min: 1, max: 40 }),
    h: fc.integer({ min: 1, max: 40 }),
    spp: fc.constantFrom(1 as const, 3 as const),
    ba: fc.constantFrom(8 as const, 16 as const),
    bsFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    signed: fc.boolean(),
    planar: fc.boolean(),
    mct: fc.boolean(),
    levels: fc.integer({ min: 0, max: 6 }),
    fewValues: fc.boolean(),
    seed: fc.integer(),
  })
  .chain((r) => {
    const bs = Math.max(1, Math.min(r.ba, Math.ceil(r.bsFrac * r.ba)));
    const lo = r.signed ? -(2 ** (bs - 1)) : 0;
    const hi = r.signed ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
    const n = r.w * r.h * r.spp;
    const sample = r.fewValues ? fc.constantFrom(lo, hi, Math.floor((lo + hi) / 2)) : fc.integer({ min: lo, max: hi });
    return fc.array(sample, { minLength: n, maxLength: n }).map((values) => ({ w: r.w, h: r.h, spp: r.spp, ba: r.ba, bs, signed: r.signed, planar: r.planar, mct: r.mct, levels: r.levels, values }));
  });

function moduleOf(c: Case, planar: boolean): PixelModule {
  return PixelModule.from({
    rows: c.h,
    columns: c.w,
    samplesPerPixel: c.spp,
    photometricInterpretation: c.spp === 3 ? "RGB" : "MONOCHROME2",
    ...(c.spp === 3 ? { planarConfiguration: planar ? 1 : 0 } : {}),
    bitsAllocated: c.ba,
    bitsStored: c.bs,
    highBit: c.bs - 1,
    pixelRepresentation: c.signed ? 1 : 0,
  });
}

/** Cells of the values, colour-by-pixel or colour-by-plane. */
function cells(c: Case, planar: boolean): Uint8Array {
  const out = new Uint8Array(c.values.length * (c.ba / 8));
  const dv = new DataView(out.buffer);
  const n = c.w * c.h;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < c.spp; s++) {
      const v = c.values[i * c.spp + s]!;
      const k = planar ? s * n + i : i * c.spp + s;
      if (c.ba === 8) out[k] = v & 0xff;
      else dv.setUint16(k * 2, v & 0xffff, true);
    }
  }
  return out;
}

function encode(c: Case): Uint8Array {
  const planar = c.spp === 3 && c.planar;
  return jpeg2000Encode(cells(c, planar), moduleOf(c, planar), { levels: c.levels, mct: c.mct });
}

describe("JPEG 2000 lossless encode -> decode", () => {
  beforeAll(setupWasm);
  afterAll(cleanupOracle);

  it("our decoder returns the input exactly", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const cs = encode(c);
        const m = moduleOf(c, false);
        const dst = new Uint8Array(m.frameByteLength());
        jpeg2000Codec.decodeInto(cs, m, dst, { transferSyntaxUID: "1.2.840.10008.1.2.4.90", frameIndex: 0 });
        expect(Buffer.from(dst).equals(Buffer.from(cells(c, false)))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("opj_decompress returns the input exactly (a handful of cases)", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = opjDecode(encode(c), c.w, c.h, c.spp, c.bs, c.signed);
        expect(Array.from(got)).toEqual(c.values);
      }),
      { numRuns: 12 },
    );
  });
});

function ourDecode(cs: Uint8Array, c: Case): Int32Array {
  const m = moduleOf(c, false);
  const dst = new Uint8Array(m.frameByteLength());
  jpeg2000Codec.decodeInto(cs, m, dst, { transferSyntaxUID: "1.2.840.10008.1.2.4.91", frameIndex: 0 });
  const dv = new DataView(dst.buffer);
  return Int32Array.from({ length: c.values.length }, (_, i) =>
    c.ba === 8 ? (c.signed ? dv.getInt8(i) : dv.getUint8(i)) : c.signed ? dv.getInt16(2 * i, true) : dv.getUint16(2 * i, true),
  );
}

function encodeLossy(c: Case, quality: number): Uint8Array {
  const planar = c.spp === 3 && c.planar;
  return jpeg2000Encode(cells(c, planar), moduleOf(c, planar), { levels: c.levels, mct: c.mct, irreversible: true, quality });
}

describe("JPEG 2000 lossy encode -> decode", () => {
  beforeAll(setupWasm);
  afterAll(cleanupOracle);

  it("opj_decompress and our decoder give identical samples at any quality", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 99 }), (c, quality) => {
        const cs = encodeLossy(c, quality);
        expect(Array.from(opjDecode(cs, c.w, c.h, c.spp, c.bs, c.signed))).toEqual(Array.from(ourDecode(cs, c)));
      }),
      { numRuns: 15 },
    );
  });

  // Quality 99 is a base step of 0.27. Up to 12 bits the decoded samples stay within a grey level or two; at
  // 13-16 bits full-range jumps lose precision in the f32 9-7 of both ends (OpenJPEG's own `-I` decodes an
  // 8 x 8 0 / 65535 pattern with a mean error of 1.4 and a worst of 3), so the ceiling there is looser.
  it("at quality 99 the error is small: within 3 (mean <= 1) up to 12 bits, within 8 (mean <= 2) above", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = ourDecode(encodeLossy(c, 99), c);
        let worst = 0;
        let sum = 0;
        for (let i = 0; i < got.length; i++) {
          const e = Math.abs(got[i]! - c.values[i]!);
          worst = Math.max(worst, e);
          sum += e;
        }
        expect(worst).toBeLessThanOrEqual(c.bs > 12 ? 8 : 3);
        expect(sum / got.length).toBeLessThanOrEqual(c.bs > 12 ? 2 : 1);
      }),
      { numRuns: 100 },
    );
  });
});

describe("JPEG 2000 lossy encode with a target ratio (PCRD truncation)", () => {
  beforeAll(setupWasm);
  afterAll(cleanupOracle);

  it("fits frameBytes / ratio (or is the stream with every block dropped), and both decoders agree", () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1.5, max: 60, noNaN: true }), (c, targetRatio) => {
        const planar = c.spp === 3 && c.planar;
        const m = moduleOf(c, planar);
        const opts = { levels: c.levels, mct: c.mct, irreversible: true };
        const cs = jpeg2000Encode(cells(c, planar), m, { ...opts, targetRatio });
        const empty = jpeg2000Encode(cells(c, planar), m, { ...opts, targetRatio: 1e9 });
        expect(cs.length <= m.frameByteLength() / targetRatio || cs.length === empty.length).toBe(true);
        expect(Array.from(opjDecode(cs, c.w, c.h, c.spp, c.bs, c.signed))).toEqual(Array.from(ourDecode(cs, c)));
      }),
      { numRuns: 12 },
    );
  });
});

describe("packet header primitives (B.10.1 bit stuffing, B.10.2 tag trees) read back by the decoder's", () => {
  it("raw bits, with runs of ones that make 0xFF bytes, end where the reader aligns", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 1, 1), { minLength: 1, maxLength: 200 }), (bits) => {
        const w = new HeaderBitWriter();
        for (const b of bits) w.put(b);
        const bytes = Uint8Array.from(w.finish());
        const r = new BitReader(bytes, 0);
        expect(bits.map(() => r.bit())).toEqual(bits);
        expect(r.align()).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it("tag-tree values come back leaf by leaf (thresholds 1, then value + 1)", () => {
    const tree = fc.record({ w: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 1, max: 9 }), seed: fc.integer() }).chain(({ w, h }) =>
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: w * h, maxLength: w * h }).map((values) => ({ w, h, values })),
    );
    fc.assert(
      fc.property(tree, ({ w, h, values }) => {
        const enc = new TagTreeEncoder(w, h, values);
        const bw = new HeaderBitWriter();
        for (let i = 0; i < values.length; i++) enc.encode(bw, i, 1);
        for (let i = 0; i < values.length; i++) enc.encode(bw, i, values[i]! + 1);
        const dec = new TagTree(w, h);
        const r = new BitReader(Uint8Array.from(bw.finish()), 0);
        const below1 = values.map((_, i) => dec.decode(r, i, 1));
        expect(below1).toEqual(values.map((v) => (v < 1 ? v : 1)));
        expect(values.map((v, i) => dec.decode(r, i, v + 1))).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });
});
