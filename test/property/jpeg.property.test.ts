/**
 * Properties of the JPEG DCT kernels (fast-check):
 * - the SIMD IDCT / FDCT equal their scalar forms exactly (the islow arithmetic, 8 and 12-bit);
 * - the islow IDCT is within 1 of a plain floating-point IDCT (T.81 A.3.3 formula, written here) for in-range
 *   blocks;
 * - encode then decode: optimised and standard Huffman tables, and any restart interval, give the same pixels;
 *   decoding is deterministic and close to the source at high quality.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { decodeJpegInto, encodeJpeg, jpegDecodedBytes, jpegFdctBlock, jpegIdctBlock, readJpegHeader } from "../../src/wasm/kernels/jpeg.js";

beforeAll(setupWasm);

/** T.81 A.3.3 inverse DCT in floating point, level shift and clamp. */
function floatIdct(coef: Int16Array, quant: Uint16Array, precision: number): number[] {
  const out: number[] = [];
  const maxv = (1 << precision) - 1;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          const cu = u === 0 ? Math.SQRT1_2 : 1;
          const cv = v === 0 ? Math.SQRT1_2 : 1;
          s += cu * cv * coef[v * 8 + u]! * quant[v * 8 + u]! * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
        }
      }
      out.push(Math.max(0, Math.min(maxv, Math.round(s / 4 + (maxv + 1) / 2))));
    }
  }
  return out;
}

const sparseBlock = (max: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: -max, max })), { maxLength: 12 }).map((pairs) => {
    const c = new Int16Array(64);
    for (const [k, v] of pairs) c[k] = v;
    return c;
  });

describe("JPEG DCT kernels: properties", () => {
  it("SIMD IDCT equals the scalar islow IDCT (8-bit and 12-bit, any coefficients and quantisers)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(8 as const, 12 as const),
        fc.array(fc.integer({ min: -2048, max: 2047 }), { minLength: 64, maxLength: 64 }),
        fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 64, maxLength: 64 }),
        fc.boolean(),
        (precision, coefs, quant, dcOnly) => {
          const c = Int16Array.from(coefs);
          if (dcOnly) c.fill(0, 1);
          const q = Uint16Array.from(quant);
          expect(Array.from(jpegIdctBlock(c, q, precision, true))).toEqual(Array.from(jpegIdctBlock(c, q, precision, false)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the islow IDCT is within 1 of the floating-point IDCT of T.81 A.3.3 (in-range blocks)", () => {
    fc.assert(
      fc.property(sparseBlock(40), fc.integer({ min: 1, max: 8 }), (c, qv) => {
        const q = new Uint16Array(64).fill(qv);
        const ours = jpegIdctBlock(c, q, 8, true);
        const ref = floatIdct(c, q, 8);
        for (let i = 0; i < 64; i++) expect(Math.abs(ours[i]! - ref[i]!)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it("SIMD FDCT + quantisation equals the scalar form", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 64, maxLength: 64 }),
        (samples, quant) => {
          const q = Uint16Array.from(quant);
          expect(Array.from(jpegFdctBlock(samples, q, true))).toEqual(Array.from(jpegFdctBlock(samples, q, false)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("encode/decode: Huffman table choice and restart interval never change the decoded pixels", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(1 as const, 3 as const),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (rows, columns, components, quality, restartInterval, seed) => {
          const img = new Uint8Array(rows * columns * components);
          let s = seed >>> 0;
          for (let i = 0; i < img.length; i++) {
            s = (s * 1664525 + 1013904223) >>> 0;
            img[i] = ((i % columns) * 5 + (s >>> 28)) & 255;
          }
          const base = { rows, columns, components, quality, subsample: components === 3, rgbInput: true };
          const a = encodeJpeg(img, { ...base, optimizeHuffman: true, restartInterval: 0 });
          const b = encodeJpeg(img, { ...base, optimizeHuffman: false, restartInterval });
          const decode = (j: Uint8Array) => {
            const h = readJpegHeader(j);
            expect([h.height, h.width, h.components.length]).toEqual([rows, columns, components]);
            const out = new Uint8Array(jpegDecodedBytes(h));
            decodeJpegInto(j, h, out);
            return out;
          };
          expect(Buffer.compare(decode(a), decode(b))).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("grey at quality 100 decodes within 2 levels of the source (mean < 0.6)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 32 }), fc.integer({ min: 8, max: 32 }), fc.integer({ min: 0, max: 200 }), (rows, columns, base) => {
        const img = new Uint8Array(rows * columns);
        for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) img[y * columns + x] = base + ((x * 3 + y * 2) % 50);
        const j = encodeJpeg(img, { rows, columns, components: 1, quality: 100, optimizeHuffman: true, subsample: false, rgbInput: false, restartInterval: 0 });
        const h = readJpegHeader(j);
        const out = new Uint8Array(jpegDecodedBytes(h));
        decodeJpegInto(j, h, out);
        let sum = 0;
        for (let i = 0; i < img.length; i++) {
          const d = Math.abs(out[i]! - img[i]!);
          expect(d).toBeLessThanOrEqual(2);
          sum += d;
        }
        expect(sum / img.length).toBeLessThan(0.6);
      }),
      { numRuns: 40 },
    );
  });
});
