// Fused native 4:2:2 kernels for 8-bit cells (the common case; 16-bit goes through expand + convert):
//   color_ybr_full_422_to_rgb_u8:  Y0 Y1 Cb Cr per pair -> R G B per pixel, chroma replicated (v128, whole
//                                  frame as one stream of pairs) or libjpeg "fancy" h2v1 (row by row, v128
//                                  for blocks of 8 pairs, the row's tail through a small static scratch
//                                  row and the YCbCr -> RGB path);
//   color_rgb_to_ybr_422_u8:       R G B per pixel -> Y0 Y1 Cb Cr per pair (libjpeg jccolor + h2v1 average),
//                                  v128 per row, scalar tail.
// Same arithmetic and rounding as ybr.ts / sampling.ts (see there for the standard clauses).
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { clampI32, inMem, rgbCb32, rgbCr32, rgbY32, ybrB, ybrG, ybrR } from "./common";
import { rgbTo422RowU8Simd } from "./simd-forward";
import { ybr422FancyRowU8Simd, ybr422ToRgbU8Simd, ybrFullToRgbU8Simd } from "./simd-inverse";

/** Pairs per chunk of the fancy path: a row is expanded CHUNK pairs at a time into a small static buffer. */
const CHUNK: usize = 256;
const ROW = memory.data(<i32>CHUNK * 6, 16);

@inline function pixel(q: usize, y: i32, cbx: i32, crx: i32): void {
  store<u8>(q, <u8>clampI32(ybrR(y, crx), 255));
  store<u8>(q, <u8>clampI32(ybrG(y, cbx, crx), 255), 1);
  store<u8>(q, <u8>clampI32(ybrB(y, cbx), 255), 2);
}

export function color_ybr_full_422_to_rgb_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, fancy: i32): i32 {
  if (rows < 0 || cols < 0 || (cols & 1) != 0 || (fancy != 0 && fancy != 1)) return -INVALID_ARGUMENT;
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const pixels = <i64>rows * <i64>cols;
  if (pixels * 3 > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < pixels * 2) return -TRUNCATED;
  if (<i64>dstLen < pixels * 3) return -DESTINATION_TOO_SMALL;
  const n = <usize>pixels;
  const m = <usize>(cols >> 1);
  if (fancy == 0 || m <= 2) {
    // Replication: pairs never straddle rows (even Columns), so the frame is one stream of pairs.
    const done = ybr422ToRgbU8Simd(src, dst, n);
    for (let i = done; i < n; i += 2) {
      const p = src + i * 2;
      const cbx = <i32>load<u8>(p, 2) - 128;
      const crx = <i32>load<u8>(p, 3) - 128;
      pixel(dst + i * 3, <i32>load<u8>(p), cbx, crx);
      pixel(dst + i * 3 + 3, <i32>load<u8>(p, 1), cbx, crx);
    }
    return <i32>(pixels * 3);
  }
  for (let r: usize = 0; r < <usize>rows; r++) {
    const sp = src + r * m * 4;
    const dp = dst + r * m * 6;
    // v128 for whole blocks of 8 pairs, then the scratch-row path below for the rest of the row.
    const simdPairs = ybr422FancyRowU8Simd(sp, dp, m);
    for (let j0: usize = simdPairs; j0 < m; j0 += CHUNK) {
      const j1 = min(j0 + CHUNK, m);
      // libjpeg h2v1 triangle filter (see sampling.ts) into the scratch chunk, Y copied alongside; the
      // neighbours come from the whole row, so chunk edges are seamless.
      for (let j = j0; j < j1; j++) {
        const p = sp + j * 4;
        const q = ROW + (j - j0) * 6;
        const cb = <u32>load<u8>(p, 2), cr = <u32>load<u8>(p, 3);
        let cbE = cb, crE = cr, cbO = cb, crO = cr;
        if (j > 0) {
          cbE = (cb * 3 + <u32>load<u8>(p - 4, 2) + 1) >> 2;
          crE = (cr * 3 + <u32>load<u8>(p - 4, 3) + 1) >> 2;
        }
        if (j + 1 < m) {
          cbO = (cb * 3 + <u32>load<u8>(p + 4, 2) + 2) >> 2;
          crO = (cr * 3 + <u32>load<u8>(p + 4, 3) + 2) >> 2;
        }
        store<u8>(q, load<u8>(p));
        store<u8>(q, <u8>cbE, 1);
        store<u8>(q, <u8>crE, 2);
        store<u8>(q, load<u8>(p, 1), 3);
        store<u8>(q, <u8>cbO, 4);
        store<u8>(q, <u8>crO, 5);
      }
      const c = (j1 - j0) * 2;
      const out = dp + j0 * 6;
      const done = ybrFullToRgbU8Simd(ROW, out, c);
      for (let i = done; i < c; i++) {
        const p = ROW + i * 3;
        pixel(out + i * 3, <i32>load<u8>(p), <i32>load<u8>(p, 1) - 128, <i32>load<u8>(p, 2) - 128);
      }
    }
  }
  return <i32>(pixels * 3);
}

export function color_rgb_to_ybr_422_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32): i32 {
  if (rows < 0 || cols < 0 || (cols & 1) != 0) return -INVALID_ARGUMENT;
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const pixels = <i64>rows * <i64>cols;
  if (pixels * 3 > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < pixels * 3) return -TRUNCATED;
  if (<i64>dstLen < pixels * 2) return -DESTINATION_TOO_SMALL;
  const c = <usize>cols;
  for (let r: usize = 0; r < <usize>rows; r++) {
    const sp = src + r * c * 3;
    const dp = dst + r * c * 2;
    const done = rgbTo422RowU8Simd(sp, dp, c);
    for (let i = done; i < c; i += 2) {
      const p = sp + i * 3;
      const r0 = <i32>load<u8>(p), g0 = <i32>load<u8>(p, 1), b0 = <i32>load<u8>(p, 2);
      const r1 = <i32>load<u8>(p, 3), g1 = <i32>load<u8>(p, 4), b1 = <i32>load<u8>(p, 5);
      const bias = <i32>((i >> 1) & 1);
      const q = dp + i * 2;
      store<u8>(q, <u8>rgbY32(r0, g0, b0));
      store<u8>(q, <u8>rgbY32(r1, g1, b1), 1);
      store<u8>(q, <u8>((rgbCb32(r0, g0, b0) + rgbCb32(r1, g1, b1) + bias) >> 1), 2);
      store<u8>(q, <u8>((rgbCr32(r0, g0, b0) + rgbCr32(r1, g1, b1) + bias) >> 1), 3);
    }
  }
  return <i32>(pixels * 2);
}
