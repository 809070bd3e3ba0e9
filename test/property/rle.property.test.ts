/**
 * RLE round trips (fast-check): encode then decode is the identity over bits x samples x sizes, including
 * 1x1, odd widths, one-row images, constant and random data. The encoder's output is also checked with the
 * plain TS reference decoder and against the G.3.1 encoder rules, so that encoder and decoder cannot hide
 * each other's mistakes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { setupWasm } from "../helpers/wasm.js";
import { rleDecodeFrameInto, rleEncodeFrame, rleEncodedBound, type RleFrameShape } from "../../src/wasm/kernels/rle.js";
import { rleCodec } from "../../src/codecs/rle.js";
import { PixelModule } from "../../src/pixel-module.js";
import { isDicomPixelError } from "../../src/errors.js";
import { checkEncoderRules, refDecodeFrame, toPlanar } from "../kernels/rle-reference.js";

beforeAll(setupWasm);

type Fill = "random" | "constant" | "runs" | "ramp";

const frameArb = fc
  .record({
    rows: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 24 })),
    columns: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 300 })),
    samplesPerPixel: fc.constantFrom(1, 3, 3, 4),
    bytesPerSample: fc.constantFrom(1, 2, 4),
    fill: fc.constantFrom<Fill>("random", "constant", "runs", "ramp"),
    seed: fc.integer(),
  })
  .map((r) => {
    const n = r.rows * r.columns * r.samplesPerPixel * (r.samplesPerPixel * r.bytesPerSample > 15 ? 2 : r.bytesPerSample);
    const data = new Uint8Array(n);
    let x = r.seed | 1;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    let run = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (r.fill === "random") data[i] = next() & 0xff;
      else if (r.fill === "constant") data[i] = r.seed & 0xff;
      else if (r.fill === "ramp") data[i] = (i >> 3) & 0xff;
      else {
        if (run === 0) {
          run = 1 + (next() % 200);
          v = next() & 0xff;
        }
        data[i] = v;
        run--;
      }
    }
    // 4 samples of 4 bytes would need 16 segments (RLE allows 15): use 2 bytes then
    const bytesPerSample = r.samplesPerPixel * r.bytesPerSample > 15 ? 2 : r.bytesPerSample;
    const shape: RleFrameShape = { rows: r.rows, columns: r.columns, samplesPerPixel: r.samplesPerPixel, bytesPerSample };
    return { shape, data };
  });

describe("RLE round trips", () => {
  it("decode(encode(frame)) == frame, the reference decoder agrees, and the encoder rules hold", () => {
    fc.assert(
      fc.property(frameArb, ({ shape, data }) => {
        const f = rleEncodeFrame(data, shape);
        expect(f.length % 2).toBe(0);
        expect(f.length).toBeLessThanOrEqual(rleEncodedBound(shape));
        expect(checkEncoderRules(f, shape)).toEqual([]);
        const out = new Uint8Array(data.length);
        rleDecodeFrameInto(f, out, shape);
        expect(Buffer.compare(out, data)).toBe(0);
        expect(Buffer.compare(refDecodeFrame(f, shape), data)).toBe(0);
      }),
      { numRuns: 250 },
    );
  });

  it("planar in and out: encode(planar) then decode(planar) is the identity; decode(interleaved) reorders", () => {
    fc.assert(
      fc.property(frameArb, ({ shape, data }) => {
        const planarData = toPlanar(data, shape);
        const f = rleEncodeFrame(planarData, shape, { planar: true });
        expect(Buffer.compare(f, rleEncodeFrame(data, shape))).toBe(0);
        const out = new Uint8Array(data.length);
        rleDecodeFrameInto(f, out, shape, { planar: true });
        expect(Buffer.compare(out, planarData)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it("constant frames compress to two bytes per 128-byte run of a row", () => {
    const shape: RleFrameShape = { rows: 3, columns: 256, samplesPerPixel: 1, bytesPerSample: 2 };
    const f = rleEncodeFrame(new Uint8Array(3 * 256 * 2).fill(9), shape);
    expect(f.length).toBe(64 + 2 * 3 * 2 * 2);
  });

  it("through the codec: signed 12-bit canonical cells survive encodeFrame/decodeInto", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 33 }),
        fc.constantFrom(0, 1),
        fc.array(fc.integer({ min: -2048, max: 2047 }), { minLength: 297, maxLength: 297 }),
        (rows, columns, pr, values) => {
          const module = PixelModule.from({
            rows,
            columns,
            samplesPerPixel: 1,
            photometricInterpretation: "MONOCHROME2",
            bitsAllocated: 16,
            bitsStored: 12,
            highBit: 11,
            pixelRepresentation: pr,
          });
          const cells = new Uint16Array(rows * columns).map((_, i) => (pr === 1 ? values[i]! & 0xffff : values[i]! & 0xfff));
          const frame = new Uint8Array(cells.buffer);
          const enc = rleCodec.encodeFrame!(frame, module);
          expect(enc.lossy).toBe(false);
          const context = { transferSyntaxUID: "1.2.840.10008.1.2.5", frameIndex: 0 };
          const dst = new Uint8Array(module.frameByteLength());
          rleCodec.decodeInto(enc.data, module, dst, context);
          expect(Buffer.compare(dst, frame)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("mutated and truncated fragments: a frame or a typed error, never a trap (fuzz)", () => {
    fc.assert(
      fc.property(
        frameArb,
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
        fc.option(fc.nat()),
        fc.boolean(),
        ({ shape, data }, edits, cut, lenient) => {
          let f = rleEncodeFrame(data, shape);
          for (const e of edits) f[e.at % f.length] = e.value;
          if (cut !== null) f = f.subarray(0, cut % (f.length + 1));
          const out = new Uint8Array(data.length);
          try {
            rleDecodeFrameInto(f, out, shape, { lenient });
          } catch (e) {
            expect(isDicomPixelError(e), String(e)).toBe(true);
            expect((e as { code: string }).code).not.toBe("INTERNAL_ERROR");
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
