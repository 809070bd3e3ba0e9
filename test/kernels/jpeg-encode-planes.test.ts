/**
 * The JPEG encoder's input stage (assembly/codecs/jpeg/enc-planes.ts, exported alone as jpeg_encode_planes):
 * RGB -> YCbCr with libjpeg's jccolor integers, 4:2:2 chroma averaged 2:1 with libjpeg's h2v1 bias (0, 1, 0, 1
 * by pair from the row start), YCbCr input split into planes as is, and the right and bottom edges replicated to
 * whole MCUs (T.81 A.2.4). Every width from 1 to 70 columns (SIMD steps of 16 and their scalar tails), odd row
 * counts, on every kernel build. Expected planes come from the TS reference of color-reference.ts, never from
 * our own output.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { refRgbToYcc, seededBytes } from "../helpers/color-reference.js";

const SUBSAMPLE = 2;
const RGB_INPUT = 4;
const GUARD = 32;

/** The planes jpeg_encode fills, computed from the pixels (cells `comps` per pixel). */
function refPlanes(src: Uint8Array, rows: number, cols: number, comps: number, flags: number): Uint8Array {
  const h0 = comps === 3 && (flags & SUBSAMPLE) !== 0 ? 2 : 1;
  const mcusX = Math.ceil(cols / (8 * h0));
  const planeH = Math.ceil(rows / 8) * 8;
  const w0 = mcusX * 8 * h0;
  const wc = mcusX * 8;
  const out = new Uint8Array(w0 * planeH + (comps === 3 ? 2 * wc * planeH : 0));
  const ycc = (y: number, x: number): number[] => {
    const p = (Math.min(y, rows - 1) * cols + Math.min(x, cols - 1)) * comps;
    if (comps === 1) return [src[p]!];
    const v = [src[p]!, src[p + 1]!, src[p + 2]!];
    return (flags & RGB_INPUT) !== 0 ? refRgbToYcc(v[0]!, v[1]!, v[2]!) : v;
  };
  for (let y = 0; y < planeH; y++) {
    for (let x = 0; x < w0; x++) {
      const v = ycc(y, x);
      out[y * w0 + x] = v[0]!;
      if (comps === 1) continue;
      for (let k = 1; k <= 2; k++) {
        const base = w0 * planeH + (k - 1) * wc * planeH + y * wc;
        if (h0 === 1) out[base + x] = v[k]!;
        else if (x % 2 === 1) out[base + (x >> 1)] = (ycc(y, x - 1)[k]! + v[k]! + ((x >> 1) & 1)) >> 1;
      }
    }
  }
  return out;
}

describe.each(KERNEL_FLAVOURS)("JPEG encoder input stage (%s kernels)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  const cases: [number, number, number][] = [
    [3, RGB_INPUT | SUBSAMPLE, 5],
    [3, RGB_INPUT, 3],
    [3, SUBSAMPLE, 3],
    [3, 0, 2],
    [1, 0, 9],
  ];
  it.each(cases)("%i component(s), flags %i: widths 1..70 match the reference planes", (comps, flags, rows) => {
    const { exports, arena } = getInstance();
    for (let cols = 1; cols <= 70; cols++) {
      const src = seededBytes(rows * cols * comps, 7000 + cols, true);
      const want = refPlanes(src, rows, cols, comps, flags);
      arena.scoped(() => {
        const sp = arena.copyIn(src);
        const dp = arena.alloc(want.length + GUARD);
        arena.u8().fill(0xa5, dp, dp + want.length + GUARD);
        expect(exports.jpeg_encode_planes(sp, src.length, dp, want.length, rows, cols, comps, flags)).toBe(want.length);
        const got = arena.view(dp, want.length);
        const bad = got.findIndex((v, i) => v !== want[i]);
        expect(bad, `${cols} columns: first differing plane byte`).toBe(-1);
        expect(arena.view(dp + want.length, GUARD).every((v) => v === 0xa5)).toBe(true);
      });
    }
  });

  it("refuses 12-bit, short sources, small destinations and impossible shapes with a status", () => {
    const { exports, arena } = getInstance();
    arena.scoped(() => {
      const sp = arena.alloc(64 * 3);
      const dp = arena.alloc(4096);
      expect(exports.jpeg_encode_planes(sp, 64 * 3, dp, 4096, 8, 8, 3, RGB_INPUT | 8)).toBeLessThan(0);
      expect(exports.jpeg_encode_planes(sp, 10, dp, 4096, 8, 8, 3, RGB_INPUT)).toBeLessThan(0);
      expect(exports.jpeg_encode_planes(sp, 64 * 3, dp, 100, 8, 8, 3, RGB_INPUT)).toBeLessThan(0);
      expect(exports.jpeg_encode_planes(sp, 64 * 3, dp, 4096, 0, 8, 3, RGB_INPUT)).toBeLessThan(0);
      expect(exports.jpeg_encode_planes(sp, 64 * 3, dp, 4096, 8, 8, 2, 0)).toBeLessThan(0);
      expect(exports.jpeg_encode_planes(0xfffffff0, 64 * 3, dp, 4096, 8, 8, 3, 0)).toBeLessThan(0);
    });
  });
});
