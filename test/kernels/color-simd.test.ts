/**
 * The v128 arithmetic of the 8-bit colour kernels (assembly/color/simd-*.ts) and the chunked wrappers
 * (src/wasm/kernels/color.ts streaming frames through linear memory in ~256 KiB pieces).
 *
 * Expected values come from plain TS references written here from libjpeg's published integer arithmetic
 * (JFIF / T.871 equations with FIX(x) = round(x * 65536) and a half added before the >> 16, jdcolor.c /
 * jccolor.c; h2v1 "fancy" up-sampling weights 3/4, 1/4 with biases 1, 2; h2v1 down-sampling bias 0, 1), never
 * from our own output. Frame shapes are chosen so that frames span several chunks, rows are odd lengths or hold
 * an odd number of chroma pairs, and pixel counts are neither a multiple of the chunk nor of 16.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { convertColorSpace, toRgb } from "../../src/transforms/color.js";
import { applyPalette, createPalette } from "../../src/transforms/palette.js";
import { setColorChunking, transformPixels } from "../../src/wasm/kernels/color.js";
import { CHUNK_BYTES } from "../../src/wasm/chunking.js";
import { FAST_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { FIX, refRgbTo422, refRgbToYcc, seededBytes } from "../helpers/color-reference.js";

afterEach(() => setColorChunking(true));

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
// Per-chroma terms of YCbCr -> RGB (libjpeg jdcolor.c), indexed by the stored 8-bit value.
const dR = Array.from({ length: 256 }, (_, cr) => Math.floor((FIX(1.402) * (cr - 128) + 32768) / 65536));
const dB = Array.from({ length: 256 }, (_, cb) => Math.floor((FIX(1.772) * (cb - 128) + 32768) / 65536));
const dG = new Int32Array(65536);
for (let cb = 0; cb < 256; cb++) {
  for (let cr = 0; cr < 256; cr++) dG[cb * 256 + cr] = Math.floor((-FIX(0.34414) * (cb - 128) - FIX(0.71414) * (cr - 128) + 32768) / 65536);
}
function refRgb(y: number, cb: number, cr: number): [number, number, number] {
  return [clamp8(y + dR[cr]!), clamp8(y + dG[cb * 256 + cr]!), clamp8(y + dB[cb]!)];
}
const refYcc = refRgbToYcc;
const bytes = (n: number, seed: number) => seededBytes(n, seed);

/** First index where a and b differ, or -1 (avoids printing megabyte arrays on failure). */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Native 4:2:2 -> RGB reference, one row at a time (replicated or libjpeg h2v1 fancy chroma). */
function ref422(src: Uint8Array, rows: number, cols: number, fancy: boolean): Uint8Array {
  const out = new Uint8Array(rows * cols * 3);
  const m = cols / 2;
  for (let r = 0; r < rows; r++) {
    const c = (j: number, k: number) => src[(r * m + j) * 4 + 2 + k]!;
    for (let j = 0; j < m; j++) {
      for (let half = 0; half < 2; half++) {
        const ch = [0, 1].map((k) => {
          if (!fancy || m <= 2) return c(j, k);
          if (half === 0) return j === 0 ? c(j, k) : (3 * c(j, k) + c(j - 1, k) + 1) >> 2;
          return j === m - 1 ? c(j, k) : (3 * c(j, k) + c(j + 1, k) + 2) >> 2;
        });
        out.set(refRgb(src[(r * m + j) * 4 + half]!, ch[0]!, ch[1]!), ((r * m + j) * 2 + half) * 3);
      }
    }
  }
  return out;
}

describe.each(FAST_FLAVOURS)("v128 colour kernels (%s kernels)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  describe("v128 YBR_FULL -> RGB, exhaustively", () => {
    it("every 8-bit Y, Cb, Cr triple (2^24) matches libjpeg's integer arithmetic, interleaved and planar", () => {
      // One Y value per 65536-pixel block of all (Cb, Cr); 16 Y values per call, so each call is 1 Mi pixels
      // (3 MiB: 12 chunks) and the pixel count is a multiple of everything: the scalar tail is tested elsewhere.
      const block = 65536 * 16;
      const src = new Uint8Array(block * 3);
      const planar = new Uint8Array(block * 3);
      const out = new Uint8Array(block * 3);
      const outP = new Uint8Array(block * 3);
      const want = new Uint8Array(block * 3);
      let bad = 0;
      for (let y0 = 0; y0 < 256; y0 += 16) {
        for (let i = 0; i < block; i++) {
          const y = y0 + (i >> 16), cb = (i >> 8) & 255, cr = i & 255;
          src[i * 3] = y;
          src[i * 3 + 1] = cb;
          src[i * 3 + 2] = cr;
          planar[i] = y;
          planar[block + i] = cb;
          planar[2 * block + i] = cr;
          want.set(refRgb(y, cb, cr), i * 3);
        }
        toRgb(src, "YBR_FULL", { rows: 16, columns: 65536, bitsAllocated: 8 }, { dst: out });
        toRgb(planar, "YBR_FULL", { rows: 16, columns: 65536, bitsAllocated: 8, planarConfiguration: 1 }, { dst: outP });
        if (firstDiff(out, want) >= 0) bad++;
        for (let i = 0; i < block && bad === 0; i++) {
          if (outP[i] !== want[i * 3] || outP[block + i] !== want[i * 3 + 1] || outP[2 * block + i] !== want[i * 3 + 2]) bad++;
        }
      }
      expect(bad).toBe(0);
    });
  });

  describe("v128 RGB -> YBR_FULL, exhaustively", () => {
    it("every 8-bit R, G, B triple (2^24) matches libjpeg's jccolor arithmetic, and 4:2:2 averages its chroma", () => {
      const block = 65536 * 16;
      const src = new Uint8Array(block * 3);
      const out = new Uint8Array(block * 3);
      const out422 = new Uint8Array(block * 2);
      // Products as in jccolor.c's rgb_ycc_tab (FIX(x) * value), summed with the rounding constants, >> 16.
      const t = (k: number) => Int32Array.from({ length: 256 }, (_, v) => k * v);
      const [ry, gy, by] = [t(FIX(0.299)), t(FIX(0.587)), t(FIX(0.114))];
      const [rcb, gcb, bcb] = [t(-FIX(0.16874)), t(-FIX(0.33126)), t(FIX(0.5))];
      const [rcr, gcr, bcr] = [t(FIX(0.5)), t(-FIX(0.41869)), t(-FIX(0.08131))];
      const off = 128 * 65536 + 32767;
      let bad = 0;
      for (let r0 = 0; r0 < 256 && bad === 0; r0 += 16) {
        for (let i = 0; i < block; i++) {
          src[i * 3] = r0 + (i >> 16);
          src[i * 3 + 1] = (i >> 8) & 255;
          src[i * 3 + 2] = i & 255;
        }
        convertColorSpace(src, "RGB", "YBR_FULL", { rows: 16, columns: 65536, bitsAllocated: 8 }, { dst: out });
        convertColorSpace(src, "RGB", "YBR_FULL_422", { rows: 16, columns: 65536, bitsAllocated: 8 }, { dst: out422 });
        for (let i = 0; i < block && bad === 0; i += 2) {
          const cbs: number[] = [];
          const crs: number[] = [];
          for (let h = 0; h < 2; h++) {
            const p = i + h;
            const r = src[p * 3]!, g = src[p * 3 + 1]!, b = src[p * 3 + 2]!;
            const y = (ry[r]! + gy[g]! + by[b]! + 32768) >> 16;
            const cb = (rcb[r]! + gcb[g]! + bcb[b]! + off) >> 16;
            const cr = (rcr[r]! + gcr[g]! + bcr[b]! + off) >> 16;
            if (out[p * 3] !== y || out[p * 3 + 1] !== cb || out[p * 3 + 2] !== cr || out422[i * 2 + h] !== y) bad++;
            cbs.push(cb);
            crs.push(cr);
          }
          const bias = (i >> 1) & 1;
          if (out422[i * 2 + 2] !== (cbs[0]! + cbs[1]! + bias) >> 1 || out422[i * 2 + 3] !== (crs[0]! + crs[1]! + bias) >> 1) bad++;
        }
      }
      expect(bad).toBe(0);
    });
  });

  describe("chunked colour paths across chunk boundaries", () => {
    // Frames larger than one chunk, with pixel counts that are not multiples of the chunk or of 16.
    const shapes: Array<[number, number]> = [
      [301, 999], // odd Columns, 3 chunks
      [97, 4097], // odd, wide rows
      [1, 200_003], // one long row
      [5, 3],
    ];
    it.each(shapes)("YBR_FULL -> RGB and RGB -> YBR_FULL, interleaved and planar, %i x %i", (rows, columns) => {
      const n = rows * columns;
      expect(n * 3 > CHUNK_BYTES || n < 100).toBe(true);
      const src = bytes(n * 3, rows * 7 + columns);
      const want = new Uint8Array(n * 3);
      const wantFwd = new Uint8Array(n * 3);
      for (let i = 0; i < n; i++) {
        want.set(refRgb(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!), i * 3);
        wantFwd.set(refYcc(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!), i * 3);
      }
      const info = { rows, columns, bitsAllocated: 8 };
      expect(firstDiff(toRgb(src, "YBR_FULL", info).data, want)).toBe(-1);
      expect(firstDiff(convertColorSpace(src, "RGB", "YBR_FULL", info).data, wantFwd)).toBe(-1);
      // Planar: the same pixels as three planes.
      const planes = new Uint8Array(n * 3);
      for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) planes[k * n + i] = src[i * 3 + k]!;
      const got = toRgb(planes, "YBR_FULL", { ...info, planarConfiguration: 1 }).data;
      expect(got.length).toBe(n * 3);
      const gotFwd = convertColorSpace(planes, "RGB", "YBR_FULL", { ...info, planarConfiguration: 1 }).data;
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) for (let k = 0; k < 3; k++) if (got[k * n + i] !== want[i * 3 + k]) bad = i;
      expect(bad).toBe(-1);
      for (let i = 0; i < n && bad < 0; i++) for (let k = 0; k < 3; k++) if (gotFwd[k * n + i] !== wantFwd[i * 3 + k]) bad = i;
      expect(bad).toBe(-1);
    });

    const shapes422: Array<[number, number]> = [
      [257, 1002], // 501 pairs per row (odd), not a multiple of 8 pairs
      [61, 4374], // wide rows with an odd pair count
      [1, 131_074], // one row longer than a chunk (one row per chunk)
      [700, 6], // 3 pairs per row, many rows
      [33, 4], // 2 pairs per row: libjpeg replicates
      [9, 1280], // 640 pairs: rows end exactly at a v128 block
      [5, 16], // 8, 9, 15, 16, 17 pairs: one block that is also the row's end, a block then one pair, ...
      [5, 18],
      [3, 30],
      [3, 32],
      [3, 34],
      [4, 16], // one block of 8 pairs per row: both neighbours are edges
      [3, 50], // 25 pairs: three blocks then one pair
    ];
    it.each(shapes422)("native YBR_FULL_422 -> RGB, replicate and fancy, %i x %i", (rows, columns) => {
      const src = bytes(rows * columns * 2, rows + columns);
      const info = { rows, columns, bitsAllocated: 8 };
      for (const fancy of [false, true]) {
        const want = ref422(src, rows, columns, fancy);
        const got = toRgb(src, "YBR_FULL_422", info, { upsampling: fancy ? "fancy" : "replicate" }).data;
        expect(firstDiff(got, want)).toBe(-1);
      }
    });

    it.each(shapes422)("RGB -> native YBR_FULL_422, %i x %i (bias restarts on every row)", (rows, columns) => {
      const src = bytes(rows * columns * 3, rows * 3 + columns);
      const want = refRgbTo422(src, rows, columns);
      const got = convertColorSpace(src, "RGB", "YBR_FULL_422", { rows, columns, bitsAllocated: 8 }).data;
      expect(firstDiff(got, want)).toBe(-1);
    });

    it("Palette Color lookup, 8- and 16-bit indices, over several chunks", () => {
      const n = 300_007;
      // 16-bit LUT Data as stored (OW, little endian).
      const lut = (k: number) => new Uint8Array(Uint16Array.from({ length: 4096 }, (_, i) => (i * (k + 5) * 17) & 0xffff).buffer);
      const palette = createPalette({
        red: { descriptor: [4096, 100, 16], data: lut(0) },
        green: { descriptor: [4096, 100, 16], data: lut(1) },
        blue: { descriptor: [4096, 100, 16], data: lut(2) },
      });
      const idx8 = bytes(n, 5);
      const idx16 = new Uint16Array(n).map((_, i) => (i * 7919) % 5000);
      for (const [cells, ba] of [[idx8, 8], [idx16, 16]] as const) {
        for (const outputBits of [8, 16] as const) {
          const got = applyPalette(cells, palette, { bitsAllocated: ba, outputBits }).data;
          const want = new Uint8Array(n * 3 * (outputBits / 8));
          const w16 = new Uint16Array(want.buffer, 0, outputBits === 16 ? n * 3 : 0);
          const luts = [palette.red, palette.green, palette.blue];
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < 3; k++) {
              const lutK = luts[k]!;
              const v = lutK[Math.min(Math.max(cells[i]! - 100, 0), lutK.length - 1)]!;
              if (outputBits === 16) w16[i * 3 + k] = v;
              else want[i * 3 + k] = v >> 8;
            }
          }
          expect(firstDiff(got, want)).toBe(-1);
        }
      }
    });

    it("16-bit YBR_FULL -> RGB and native 4:2:2 expansion are the same chunked and whole", () => {
      const rows = 129, columns = 1026;
      const n = rows * columns;
      const src16 = new Uint16Array(n * 3).map((_, i) => (i * 2654435761) >>> 20); // 12-bit values
      const info = { rows, columns, bitsAllocated: 16, bitsStored: 12 };
      const sub = new Uint16Array(src16.buffer, 0, n * 2);
      const runAll = () => [
        toRgb(src16, "YBR_FULL", info).data,
        toRgb(src16, "YBR_FULL", { ...info, planarConfiguration: 1 }).data,
        toRgb(sub, "YBR_FULL_422", info, { upsampling: "fancy" }).data,
        convertColorSpace(sub, "YBR_FULL_422", "YBR_FULL", info).data,
        convertColorSpace(src16, "RGB", "YBR_FULL_422", info).data,
      ];
      const chunked = runAll();
      setColorChunking(false);
      const whole = runAll();
      for (let k = 0; k < chunked.length; k++) expect(firstDiff(chunked[k]!, whole[k]!)).toBe(-1);
    });

    it("in place and overlapping buffers give the same bytes as separate buffers", () => {
      const rows = 200, columns = 700;
      const n = rows * columns;
      const src = bytes(n * 3, 77);
      const want = toRgb(src, "YBR_FULL", { rows, columns, bitsAllocated: 8 }).data;
      // In place: dst is src.
      const same = src.slice();
      transformPixels("ybrFullToRgb", same, same, n, 8, 8, 0);
      expect(firstDiff(same, want)).toBe(-1);
      // Overlapping by a few bytes either way: must still read every input byte before it is overwritten.
      for (const shift of [-5, 3, 4096]) {
        const buf = new Uint8Array(n * 3 + 8192);
        const s0 = 4096;
        buf.set(src, s0);
        transformPixels("ybrFullToRgb", buf.subarray(s0, s0 + n * 3), buf.subarray(s0 + shift, s0 + shift + n * 3), n, 8, 8, 0);
        expect(firstDiff(buf.subarray(s0 + shift, s0 + shift + n * 3), want)).toBe(-1);
      }
      // 4:2:2 expansion into a buffer that overlaps its input (output larger than input).
      const sub = bytes(n * 2, 78);
      const want422 = toRgb(sub, "YBR_FULL_422", { rows, columns, bitsAllocated: 8 }).data;
      const buf = new Uint8Array(n * 3);
      buf.set(sub, n);
      const got = toRgb(buf.subarray(n, 3 * n), "YBR_FULL_422", { rows, columns, bitsAllocated: 8 }, { dst: buf }).data;
      expect(firstDiff(got, want422)).toBe(-1);
    });

    it("errors are those of the whole-frame path", () => {
      const info = { rows: 100, columns: 1000, bitsAllocated: 8 };
      expect(() => toRgb(new Uint8Array(100 * 1000 * 3 - 1), "YBR_FULL", info)).toThrow(expect.objectContaining({ code: "NOT_ENOUGH_PIXEL_DATA" }));
      expect(() => transformPixels("ybrFullToRgb", new Uint8Array(30), new Uint8Array(29), 10, 8, 8, 0)).toThrow(
        expect.objectContaining({ code: "DESTINATION_TOO_SMALL" }),
      );
      expect(() => transformPixels("ybrFullToRgb", new Uint8Array(29), new Uint8Array(30), 10, 8, 8, 0)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
    });
  });
});
