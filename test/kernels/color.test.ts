/**
 * Colour kernels on raw bytes. Expected values come from plain TS references written here from the
 * published equations (JFIF/T.871 with libjpeg's FIX() rounding, libjpeg's documented up/down-sampling
 * weights, PS3.3 C.7.6.3.1.2, T.800 Annex G), or are computed by hand.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { convertColorSpace, rctForward, rctInverse, toRgb } from "../../src/transforms/color.js";
import { downsamplePlane, expand422, upsamplePlane } from "../../src/wasm/kernels/color.js";
import { getInstance } from "../../src/wasm/module.js";
import { isDicomPixelError } from "../../src/errors.js";
import { setupWasm } from "../helpers/wasm.js";
import { FIX, refRgbToYcc } from "../helpers/color-reference.js";

beforeAll(setupWasm);

// --- plain references ------------------------------------------------------------------------------------
const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
function refYccToRgb(y: number, cb: number, cr: number, bits = 8): [number, number, number] {
  const c = 2 ** (bits - 1);
  const max = 2 ** bits - 1;
  const cbx = cb - c;
  const crx = cr - c;
  // Math.floor of a division by 65536 is the arithmetic shift; numbers stay exact below 2^53.
  const r = y + Math.floor((FIX(1.402) * crx + 32768) / 65536);
  const g = y + Math.floor((-FIX(0.34414) * cbx - FIX(0.71414) * crx + 32768) / 65536);
  const b = y + Math.floor((FIX(1.772) * cbx + 32768) / 65536);
  return [clamp(r, max), clamp(g, max), clamp(b, max)];
}
/** libjpeg h2v1 triangle filter on one row of chroma (jdsample.c description). */
function refFancyRow(c: number[]): number[] {
  const n = c.length;
  if (n <= 2) return c.flatMap((v) => [v, v]);
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    out.push(j === 0 ? c[0]! : (3 * c[j]! + c[j - 1]! + 1) >> 2);
    out.push(j === n - 1 ? c[n - 1]! : (3 * c[j]! + c[j + 1]! + 2) >> 2);
  }
  return out;
}
/** libjpeg h2v2 triangle filter on a plane (rows of chroma), edge rows replicated. */
function refFancy2(p: number[][]): number[][] {
  const rows = p.length;
  const w = p[0]!.length;
  const out: number[][] = [];
  for (let r = 0; r < rows * 2; r++) {
    const i = r >> 1;
    const nb = r % 2 === 0 ? Math.max(i - 1, 0) : Math.min(i + 1, rows - 1);
    const col = p[i]!.map((v, j) => 3 * v + p[nb]![j]!);
    const row: number[] = [];
    for (let j = 0; j < w; j++) {
      row.push(j === 0 ? (col[0]! * 4 + 8) >> 4 : (col[j]! * 3 + col[j - 1]! + 8) >> 4);
      row.push(j === w - 1 ? (col[j]! * 4 + 7) >> 4 : (col[j]! * 3 + col[j + 1]! + 7) >> 4);
    }
    out.push(row);
  }
  return out;
}

const u8 = (...v: number[]) => Uint8Array.from(v);

describe("YBR_FULL <-> RGB", () => {
  it("hand-checked points: grey stays grey, black YCbCr is (0,135,0)", () => {
    const r = toRgb(u8(128, 128, 128, 0, 0, 0, 255, 128, 128), "YBR_FULL", { rows: 1, columns: 3, bitsAllocated: 8 });
    expect(Array.from(r.data)).toEqual([128, 128, 128, 0, 135, 0, 255, 255, 255]);
    expect(r.photometricInterpretation).toBe("RGB");
  });

  it("8-bit, interleaved and planar, matches the reference on random data (every length 0..40 for the SIMD tail)", () => {
    for (let n = 0; n <= 40; n++) {
      const src = Uint8Array.from({ length: n * 3 }, (_, i) => (i * 97 + n * 31) & 255);
      const expected: number[] = [];
      for (let i = 0; i < n; i++) expected.push(...refYccToRgb(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!));
      expect(Array.from(toRgb(src, "YBR_FULL", { rows: 1, columns: n, bitsAllocated: 8 }).data)).toEqual(expected);
      // the same pixels as three planes
      const planes = new Uint8Array(n * 3);
      const expPlanes = new Array<number>(n * 3);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 3; k++) {
          planes[k * n + i] = src[i * 3 + k]!;
          expPlanes[k * n + i] = expected[i * 3 + k]!;
        }
      }
      const p = toRgb(planes, "YBR_FULL", { rows: 1, columns: n, bitsAllocated: 8, planarConfiguration: 1 });
      expect(p.planarConfiguration).toBe(1);
      expect(Array.from(p.data)).toEqual(expPlanes);
    }
  });

  it("16-bit cells at 12 bits match the reference; RGB -> YBR_FULL matches libjpeg's forward arithmetic", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4095 }), { minLength: 3, maxLength: 90 }), (vals) => {
        const n = Math.floor(vals.length / 3);
        const src = Uint16Array.from(vals.slice(0, n * 3));
        const info = { rows: 1, columns: n, bitsAllocated: 16, bitsStored: 12 };
        const rgb = new Uint16Array(toRgb(src, "YBR_FULL", info).data.slice().buffer);
        const ycc = new Uint16Array(convertColorSpace(src, "RGB", "YBR_FULL", info).data.slice().buffer);
        for (let i = 0; i < n; i++) {
          expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual(refYccToRgb(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!, 12));
          expect(Array.from(ycc.subarray(i * 3, i * 3 + 3))).toEqual(refRgbToYcc(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!, 12));
        }
      }),
      { numRuns: 50 },
    );
  });

  it("8-bit forward conversion matches the reference on random data", () => {
    const src = Uint8Array.from({ length: 3 * 500 }, (_, i) => (i * 131 + 7) & 255);
    const out = convertColorSpace(src, "RGB", "YBR_FULL", { rows: 10, columns: 50, bitsAllocated: 8 });
    expect(out.photometricInterpretation).toBe("YBR_FULL");
    for (let i = 0; i < 500; i++) expect(Array.from(out.data.subarray(i * 3, i * 3 + 3))).toEqual(refRgbToYcc(src[i * 3]!, src[i * 3 + 1]!, src[i * 3 + 2]!));
  });
});

describe("YBR_PARTIAL, ICT, RCT", () => {
  it("YBR_PARTIAL: nominal black, white and grey (PS3.3 ranges 16..235 / 16..240)", () => {
    const r = toRgb(u8(16, 128, 128, 235, 128, 128, 126, 128, 128), "YBR_PARTIAL_420", { rows: 1, columns: 3, bitsAllocated: 8 });
    expect(Array.from(r.data)).toEqual([0, 0, 0, 255, 255, 255, 128, 128, 128]);
  });

  it("YBR_PARTIAL_422 native input is expanded by replication, then converted", () => {
    // Y0 Y1 Cb Cr: two greys sharing neutral chroma.
    const r = toRgb(u8(16, 235, 128, 128), "YBR_PARTIAL_422", { rows: 1, columns: 2, bitsAllocated: 8 });
    expect(Array.from(r.data)).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it("ICT: forward then inverse within +/-1 for 8-bit (T.800 G.3 coefficients), greys exact", () => {
    const src = Uint8Array.from({ length: 3 * 300 }, (_, i) => (i * 53 + 11) & 255);
    const info = { rows: 1, columns: 300, bitsAllocated: 8 };
    const ycc = convertColorSpace(src, "RGB", "YBR_ICT", info);
    expect(ycc.photometricInterpretation).toBe("YBR_ICT");
    const back = toRgb(ycc.data, "YBR_ICT", info).data;
    for (let i = 0; i < src.length; i++) expect(Math.abs(back[i]! - src[i]!)).toBeLessThanOrEqual(1);
    expect(Array.from(convertColorSpace(u8(77, 77, 77), "RGB", "YBR_ICT", { rows: 1, columns: 1, bitsAllocated: 8 }).data)).toEqual([77, 128, 128]);
  });

  it("RCT: hand-computed values (T.800 G.2)", () => {
    // R=10, G=20, B=40: Y = floor((10 + 40 + 40) / 4) = 22, Cb = 40 - 20 = 20, Cr = 10 - 20 = -10
    expect(Array.from(rctForward(Int32Array.of(10, 20, 40), 1))).toEqual([22, 20, -10]);
    expect(Array.from(rctInverse(Int32Array.of(22, 20, -10), 1))).toEqual([10, 20, 40]);
    // planar: three planes of 2
    expect(Array.from(rctForward(Int32Array.of(10, 0, 20, 0, 40, 0), 2, 1))).toEqual([22, 0, 20, 0, -10, 0]);
  });
});

describe("4:2:2 and up/down-sampling", () => {
  it("native 4:2:2 replication: Y0 Y1 Cb Cr -> Y0 Cb Cr Y1 Cb Cr", () => {
    const dst = new Uint8Array(12);
    expand422(u8(1, 2, 3, 4, 5, 6, 7, 8), dst, 1, 4, 8, false);
    expect(Array.from(dst)).toEqual([1, 3, 4, 2, 3, 4, 5, 7, 8, 6, 7, 8]);
    const r = convertColorSpace(u8(1, 2, 3, 4, 5, 6, 7, 8), "YBR_FULL_422", "YBR_FULL", { rows: 1, columns: 4, bitsAllocated: 8 });
    expect(Array.from(r.data)).toEqual([1, 3, 4, 2, 3, 4, 5, 7, 8, 6, 7, 8]);
    expect([r.photometricInterpretation, r.planarConfiguration]).toEqual(["YBR_FULL", 0]);
  });

  it("native 4:2:2 fancy expansion follows libjpeg's h2v1 triangle on each row", () => {
    const rows = 3, pairs = 5;
    const src = Uint8Array.from({ length: rows * pairs * 4 }, (_, i) => (i * 37 + 5) & 255);
    const dst = new Uint8Array(rows * pairs * 6);
    expand422(src, dst, rows, pairs * 2, 8, true);
    for (let r = 0; r < rows; r++) {
      const cb = Array.from({ length: pairs }, (_, j) => src[(r * pairs + j) * 4 + 2]!);
      const cr = Array.from({ length: pairs }, (_, j) => src[(r * pairs + j) * 4 + 3]!);
      const fcb = refFancyRow(cb), fcr = refFancyRow(cr);
      for (let x = 0; x < pairs * 2; x++) {
        const o = (r * pairs * 2 + x) * 3;
        expect([dst[o], dst[o + 1], dst[o + 2]]).toEqual([src[(r * pairs + (x >> 1)) * 4 + (x & 1)], fcb[x], fcr[x]]);
      }
    }
  });

  it("plane up-sampling h2v1 and h2v2 (fancy and replicate), odd output sizes, strides", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 3 }), (w, rows, oddW, oddH, pad) => {
        const stride = w + pad;
        const plane = Array.from({ length: rows }, (_, r) => Array.from({ length: w }, (_, j) => (r * 59 + j * 23 + w) & 255));
        const src = new Uint8Array(rows * stride);
        plane.forEach((row, r) => src.set(row, r * stride));
        const ow = 2 * w - (oddW ? 1 : 0);
        for (const fancy of [false, true]) {
          // h2v1
          const d1 = new Uint8Array(rows * ow);
          upsamplePlane(src, { width: w, rows, stride }, d1, { width: ow, rows }, 8, false, fancy);
          plane.forEach((row, r) => {
            const full = fancy ? refFancyRow(row) : row.flatMap((v) => [v, v]);
            expect(Array.from(d1.subarray(r * ow, (r + 1) * ow))).toEqual(full.slice(0, ow));
          });
          // h2v2
          const oh = 2 * rows - (oddH ? 1 : 0);
          const d2 = new Uint8Array(oh * ow);
          upsamplePlane(src, { width: w, rows, stride }, d2, { width: ow, rows: oh }, 8, true, fancy);
          const full2 = fancy && w > 2 ? refFancy2(plane) : plane.flatMap((row) => [row, row]).map((row) => row.flatMap((v) => [v, v]));
          for (let r = 0; r < oh; r++) expect(Array.from(d2.subarray(r * ow, (r + 1) * ow))).toEqual(full2[r]!.slice(0, ow));
          // 16-bit cells: the same filters on values x 257 (the reference arithmetic is exact integers)
          const plane16 = plane.map((row) => row.map((v) => v * 257));
          const src16 = new Uint16Array(rows * stride);
          plane16.forEach((row, r) => src16.set(row, r * stride));
          const e16 = new Uint16Array(oh * ow);
          upsamplePlane(src16, { width: w, rows, stride }, e16, { width: ow, rows: oh }, 16, true, fancy);
          const full16 = fancy && w > 2 ? refFancy2(plane16) : plane16.flatMap((row) => [row, row]).map((row) => row.flatMap((v) => [v, v]));
          for (let r = 0; r < oh; r++) expect(Array.from(e16.subarray(r * ow, (r + 1) * ow))).toEqual(full16[r]!.slice(0, ow));
        }
      }),
      { numRuns: 80 },
    );
  });

  it("16-bit native 4:2:2 expansion (replicate and fancy)", () => {
    const pairs = 5;
    const src = Uint16Array.from({ length: pairs * 4 }, (_, i) => (i * 7919) & 0xffff);
    for (const fancy of [false, true]) {
      const out = new Uint16Array(convertColorSpace(src, "YBR_FULL_422", "YBR_FULL", { rows: 1, columns: pairs * 2, bitsAllocated: 16 }, { upsampling: fancy ? "fancy" : "replicate" }).data.slice().buffer);
      const cb = Array.from({ length: pairs }, (_, j) => src[j * 4 + 2]!);
      const cr = Array.from({ length: pairs }, (_, j) => src[j * 4 + 3]!);
      const ucb = fancy ? refFancyRow(cb) : cb.flatMap((v) => [v, v]);
      const ucr = fancy ? refFancyRow(cr) : cr.flatMap((v) => [v, v]);
      for (let x = 0; x < pairs * 2; x++) expect(Array.from(out.subarray(x * 3, x * 3 + 3))).toEqual([src[(x >> 1) * 4 + (x & 1)], ucb[x], ucr[x]]);
    }
  });

  it("down-sampling h2v1 (bias 0,1) and h2v2 (bias 1,2) with edge replication", () => {
    // h2v1 of one row [10, 13, 20, 21, 7]: (10+13+0)>>1=11, (20+21+1)>>1=21, (7+7+0)>>1=7
    const d = new Uint8Array(3);
    downsamplePlane(u8(10, 13, 20, 21, 7), { width: 5, rows: 1 }, d, undefined, 8, false);
    expect(Array.from(d)).toEqual([11, 21, 7]);
    // h2v2 of 2x3 rows [1,2,3 / 4,5,6] + replicated 3rd row: (1+2+4+5+1)>>2=3, (3+3+6+6+2)>>2=5
    const d2 = new Uint8Array(2);
    downsamplePlane(u8(1, 2, 3, 4, 5, 6), { width: 3, rows: 2 }, d2, undefined, 8, true);
    expect(Array.from(d2)).toEqual([3, 5]);
  });

  it("RGB -> YBR_FULL_422 averages each pair's chroma with libjpeg's alternating bias", () => {
    const rgb = u8(255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 0);
    const out = convertColorSpace(rgb, "RGB", "YBR_FULL_422", { rows: 1, columns: 4, bitsAllocated: 8 });
    const a = refRgbToYcc(255, 0, 0), b = refRgbToYcc(0, 0, 255), g = refRgbToYcc(0, 255, 0);
    expect(Array.from(out.data)).toEqual([a[0], b[0], (a[1] + b[1]) >> 1, (a[2] + b[2]) >> 1, g[0], g[0], (2 * g[1] + 1) >> 1, (2 * g[2] + 1) >> 1]);
    expect(out.photometricInterpretation).toBe("YBR_FULL_422");
  });
});

describe("fused 8-bit 4:2:2 kernels (v128 paths) against the references", () => {
  it("YBR_FULL_422 -> RGB, replicate and fancy, equals expansion then YBR_FULL -> RGB (rows of 1..700 pairs)", () => {
    for (const [rows, pairs] of [[1, 1], [2, 3], [3, 8], [2, 9], [1, 300], [2, 700]] as const) {
      const columns = pairs * 2;
      const src = Uint8Array.from({ length: rows * columns * 2 }, (_, i) => (i * 89 + rows * 7 + pairs) & 255);
      for (const fancy of [false, true]) {
        const expected = new Uint8Array(rows * columns * 3);
        for (let r = 0; r < rows; r++) {
          const cb = Array.from({ length: pairs }, (_, j) => src[(r * pairs + j) * 4 + 2]!);
          const cr = Array.from({ length: pairs }, (_, j) => src[(r * pairs + j) * 4 + 3]!);
          const ucb = fancy ? refFancyRow(cb) : cb.flatMap((v) => [v, v]);
          const ucr = fancy ? refFancyRow(cr) : cr.flatMap((v) => [v, v]);
          for (let x = 0; x < columns; x++) {
            const y = src[(r * pairs + (x >> 1)) * 4 + (x & 1)]!;
            expected.set(refYccToRgb(y, ucb[x]!, ucr[x]!), (r * columns + x) * 3);
          }
        }
        const got = toRgb(src, "YBR_FULL_422", { rows, columns, bitsAllocated: 8 }, { upsampling: fancy ? "fancy" : "replicate" });
        expect(got.data).toEqual(expected);
      }
    }
  });

  it("RGB -> YBR_FULL_422 on wide rows equals the per-pixel reference with the row-relative bias", () => {
    for (const [rows, columns] of [[3, 34], [2, 64], [1, 2]] as const) {
      const rgb = Uint8Array.from({ length: rows * columns * 3 }, (_, i) => (i * 151 + 3) & 255);
      const got = convertColorSpace(rgb, "RGB", "YBR_FULL_422", { rows, columns, bitsAllocated: 8 }).data;
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < columns / 2; j++) {
          const p = (r * columns + 2 * j) * 3;
          const a = refRgbToYcc(rgb[p]!, rgb[p + 1]!, rgb[p + 2]!);
          const b = refRgbToYcc(rgb[p + 3]!, rgb[p + 4]!, rgb[p + 5]!);
          const q = (r * columns + 2 * j) * 2;
          expect(Array.from(got.subarray(q, q + 4))).toEqual([a[0], b[0], (a[1] + b[1] + (j & 1)) >> 1, (a[2] + b[2] + (j & 1)) >> 1]);
        }
      }
    }
  });
});

describe("errors and hostile arguments", () => {
  it("rejects odd columns for native 4:2:2, unsupported pairs and Bits Allocated", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isDicomPixelError(e) ? e.code : String(e);
      }
      return "no error";
    };
    expect(code(() => toRgb(new Uint8Array(6), "YBR_FULL_422", { rows: 1, columns: 3, bitsAllocated: 8 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => convertColorSpace(new Uint8Array(3), "YBR_FULL", "YBR_ICT", { rows: 1, columns: 1, bitsAllocated: 8 }))).toBe("UNSUPPORTED_FEATURE");
    expect(code(() => toRgb(new Uint8Array(12), "YBR_FULL", { rows: 1, columns: 1, bitsAllocated: 32 }))).toBe("UNSUPPORTED_FEATURE");
    expect(code(() => toRgb(new Uint8Array(2), "YBR_FULL", { rows: 1, columns: 1, bitsAllocated: 8 }))).toBe("NOT_ENOUGH_PIXEL_DATA");
    expect(code(() => toRgb(new Uint8Array(3), "YBR_FULL", { rows: 1, columns: 1, bitsAllocated: 8 }, { dst: new Uint8Array(2) }))).toBe("DESTINATION_TOO_SMALL");
    expect(code(() => toRgb(new Uint8Array(30), "YBR_FULL", { rows: 1, columns: 10, bitsAllocated: 8 }, { maxFrameBytes: 29 }))).toBe("SIZE_LIMIT");
  });

  it("kernels return a status, never trap, on lengths and offsets outside memory", () => {
    const e = getInstance().exports;
    const mem = e.memory.buffer.byteLength;
    expect(e.color_ybr_full_to_rgb_u8(mem - 4, 100, 0, 100, 10, 0)).toBe(-100);
    expect(e.color_ybr_full_to_rgb_u8(0, 30, 0, 29, 10, 0)).toBe(-101);
    expect(e.color_ybr_full_to_rgb_u8(0, 29, 0, 30, 10, 0)).toBe(-1);
    expect(e.color_ybr_full_to_rgb_u8(0, 30, 0, 30, -1, 0)).toBe(-100);
    expect(e.color_ybr_full_to_rgb_u16(0, 60, 0, 60, 10, 0, 17)).toBe(-100);
    expect(e.color_expand_422_u8(0, 8, 0, 12, 1, 3, 0)).toBe(-100);
    expect(e.color_upsample_h2v2_u8(0, 4, 0, 16, 2, 2, 1, 4, 4, 4, 1)).toBe(-100); // stride < width
    expect(e.color_upsample_h2v1_u8(0, 4, 0, 100, 2, 2, 2, 5, 5, 1)).toBe(-100); // out width > 2 x in
    expect(e.palette_lookup_u16_rgb8(0, 4, 0, 6, 0, 1024, 2)).toBe(-100); // table too small
    expect(e.color_rct_inverse_i32(0, 11, 0, 12, 1, 0)).toBe(-1);
    expect(e.color_verify_roundtrip_u8(0, (1 << 24) + 1, 0)).toBe(-100);
  });
});
