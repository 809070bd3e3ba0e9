/**
 * The v128 RGB -> YCbCr kernels (assembly/color/simd-forward.ts) at the edges of their steps: every pixel
 * count from 0 to 80 (scalar only, one step that loads its last window 4 bytes early, loop + that step),
 * in place and into a separate buffer with guard bytes, and an input that ends exactly at the end of linear
 * memory (a read past the step would trap). The exhaustive arithmetic check is in color-simd.test.ts.
 *
 * Expected values come from a plain TS reference of libjpeg's jccolor integer arithmetic (FIX(x) =
 * round(x * 65536), ONE_HALF added, Cb / Cr offset 128 << 16 with ONE_HALF - 1) and h2v1 down-sampling
 * (bias 0, 1, 0, 1... by pair from the row start), never from our own output.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { refRgbTo422, refRgbToYcc, seededBytes } from "../helpers/color-reference.js";


const refYcc = refRgbToYcc;
const bytes = (n: number, seed: number) => seededBytes(n, seed, true);

function refFull(src: Uint8Array, n: number, planar: boolean): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = planar ? [src[i]!, src[n + i]!, src[2 * n + i]!] : [src[3 * i]!, src[3 * i + 1]!, src[3 * i + 2]!];
    const v = refYcc(r, g, b);
    for (let k = 0; k < 3; k++) out[planar ? k * n + i : 3 * i + k] = v[k]!;
  }
  return out;
}

type Raw = Record<string, (...a: number[]) => number>;
const GUARD = 32;

describe.each(KERNEL_FLAVOURS)("v128 RGB -> YCbCr kernels (%s kernels)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  describe("RGB -> YCbCr v128 kernels at step edges", () => {
    it("interleaved and planar YBR_FULL, 0..80 pixels, separate (guarded) and in place", () => {
      const { exports, arena } = getInstance();
      const k = (exports as unknown as Raw)["color_rgb_to_ybr_full_u8"]!;
      for (let n = 0; n <= 80; n++) {
        for (const planar of [false, true]) {
          const src = bytes(n * 3, 1000 + n);
          const want = refFull(src, n, planar);
          arena.scoped(() => {
            const sp = arena.copyIn(src);
            const dp = arena.alloc(n * 3 + GUARD);
            arena.u8().fill(0xa5, dp, dp + n * 3 + GUARD);
            expect(k(sp, n * 3, dp, n * 3, n, planar ? 1 : 0)).toBe(n * 3);
            expect(Array.from(arena.view(dp, n * 3))).toEqual(Array.from(want));
            expect(arena.view(dp + n * 3, GUARD).every((v) => v === 0xa5)).toBe(true);
            expect(k(sp, n * 3, sp, n * 3, n, planar ? 1 : 0)).toBe(n * 3);
            expect(Array.from(arena.view(sp, n * 3))).toEqual(Array.from(want));
          });
        }
      }
    });

    it("native YBR_FULL_422 rows of 0..80 columns (3 rows each), guarded", () => {
      const { exports, arena } = getInstance();
      const k = (exports as unknown as Raw)["color_rgb_to_ybr_422_u8"]!;
      for (let cols = 0; cols <= 80; cols += 2) {
        const rows = 3;
        const src = bytes(rows * cols * 3, 2000 + cols);
        const want = refRgbTo422(src, rows, cols);
        arena.scoped(() => {
          const sp = arena.copyIn(src);
          const dp = arena.alloc(want.length + GUARD);
          arena.u8().fill(0xa5, dp, dp + want.length + GUARD);
          expect(k(sp, src.length, dp, want.length, rows, cols)).toBe(want.length);
          expect(Array.from(arena.view(dp, want.length))).toEqual(Array.from(want));
          expect(arena.view(dp + want.length, GUARD).every((v) => v === 0xa5)).toBe(true);
        });
      }
    });

    it("never reads past the input: inputs ending at the last byte of linear memory", () => {
      const { exports, arena } = getInstance();
      const raw = exports as unknown as Raw;
      for (const n of [16, 17, 18, 34, 50, 64]) {
        const src = bytes(n * 3, 3000 + n);
        arena.scoped(() => {
          const dp = arena.alloc(n * 3);
          arena.alloc(4096); // room for the input below, at the very end of memory
          const top = arena.alloc(0);
          arena.alloc(arena.capacity - top); // own every byte up to the end of memory
          const sp = arena.capacity - n * 3;
          arena.u8().set(src, sp);
          expect(raw["color_rgb_to_ybr_full_u8"]!(sp, n * 3, dp, n * 3, n, 0)).toBe(n * 3);
          expect(Array.from(arena.view(dp, n * 3))).toEqual(Array.from(refFull(src, n, false)));
          const cols = n & ~1;
          expect(raw["color_rgb_to_ybr_422_u8"]!(sp + (n - cols) * 3, cols * 3, dp, cols * 2, 1, cols)).toBe(cols * 2);
          expect(Array.from(arena.view(dp, cols * 2))).toEqual(Array.from(refRgbTo422(src.subarray((n - cols) * 3), 1, cols)));
        });
      }
    });
  });
});
