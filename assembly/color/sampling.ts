// Chroma sub-sampling: up-sampling for decoding (replication and libjpeg's "fancy" triangular filter) and
// h2v1 / h2v2 box averaging for encoding, on u8 or u16 cells.
//
// Two data shapes:
//  * native YBR_FULL_422 / YBR_PARTIAL_422 frames (PS3.3 C.7.6.3.1.2, PS3.5 8.2.1): colour-by-pixel with
//    one chroma pair per two pixels of a row:   Y0 Y1 Cb0 Cr0 | Y2 Y3 Cb1 Cr1 | ...
//    expanded to one Y,Cb,Cr triple per pixel:  Y0 Cb0 Cr0 Y1 Cb0 Cr0 Y2 Cb1 Cr1 ...
//  * component planes, as a JPEG decoder holds them (T.81 A.1.1: a component of horizontal/vertical
//    sampling factor 1 against a maximum of 2 has ceil(X/2) x Y or ceil(X/2) x ceil(Y/2) samples), with a
//    row stride.
//
// Up-sampling follows IJG libjpeg (jdsample.c), which DCMTK, GDCM and libjpeg-turbo share, so that our
// JPEG decodes match theirs bit for bit:
//  * "fancy" h2v1: each output sample is 3/4 of the nearest input sample plus 1/4 of the next nearest,
//    rounded with biases 1 and 2 alternately: out[2j] = (3 c[j] + c[j-1] + 1) >> 2,
//    out[2j+1] = (3 c[j] + c[j+1] + 2) >> 2; the outermost samples are copied;
//  * "fancy" h2v2: the same triangle filter in both directions (weights 9/16, 3/16, 3/16, 1/16), vertical
//    first (colsum = 3 c[nearest row] + c[next nearest row]), then horizontal with biases 8 and 7; the rows
//    above the first and below the last are replicas of the edge rows;
//  * libjpeg falls back to replication when the down-sampled width is 2 or less; so do we.
// Replication (each chroma sample repeated) is what native YBR_FULL_422 means (PS3.3 C.7.6.3.1.2).
//
// Down-sampling follows libjpeg's jcsample.c: h2v1 out = (a + b + bias) >> 1 with bias 0,1,0,1... along a
// row; h2v2 out = (a + b + c + d + bias) >> 2 with bias 1,2,1,2...; a missing right column or bottom row is
// a replica of the last one (jcsample expand_right_edge, jcprepro expand_bottom_edge).
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { inMem, rgbCb, rgbCr, rgbY } from "./common";

// ---------------------------------------------------------------------------------------------------------
// Native 4:2:2 -> full resolution

@inline function expand422<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, fancy: i32): i32 {
  if (rows < 0 || cols < 0 || (cols & 1) != 0 || (fancy != 0 && fancy != 1)) return -INVALID_ARGUMENT;
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const sz = <i64>sizeof<T>();
  const pixels = <i64>rows * <i64>cols;
  const needSrc = pixels * 2 * sz;
  const needDst = pixels * 3 * sz;
  if (needDst > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < needSrc) return -TRUNCATED;
  if (<i64>dstLen < needDst) return -DESTINATION_TOO_SMALL;
  const m = <usize>(cols >> 1); // chroma pairs per row
  const s = sizeof<T>();
  const useFancy = fancy == 1 && m > 2;
  for (let r: usize = 0; r < <usize>rows; r++) {
    const sp = src + r * m * 4 * s;
    const dp = dst + r * m * 6 * s;
    if (!useFancy) {
      for (let j: usize = 0; j < m; j++) {
        const p = sp + j * 4 * s;
        const cb = load<T>(p + 2 * s);
        const cr = load<T>(p + 3 * s);
        const q = dp + j * 6 * s;
        store<T>(q, load<T>(p));
        store<T>(q + s, cb);
        store<T>(q + 2 * s, cr);
        store<T>(q + 3 * s, load<T>(p + s));
        store<T>(q + 4 * s, cb);
        store<T>(q + 5 * s, cr);
      }
    } else {
      // Chroma sample j of component k (0 = Cb, 1 = Cr) is at sp + (4j + 2 + k) * s.
      for (let k: usize = 0; k < 2; k++) {
        const cin = sp + (2 + k) * s;
        const cout = dp + (1 + k) * s;
        let prev = <u32>load<T>(cin);
        let cur = prev;
        for (let j: usize = 0; j < m; j++) {
          const next = j + 1 < m ? <u32>load<T>(cin + (j + 1) * 4 * s) : cur;
          const t = cur * 3;
          const even = j == 0 ? cur : (t + prev + 1) >> 2;
          const odd = j + 1 == m ? cur : (t + next + 2) >> 2;
          store<T>(cout + j * 6 * s, <T>even);
          store<T>(cout + (j * 6 + 3) * s, <T>odd);
          prev = cur;
          cur = next;
        }
      }
      // Luminance: copy the two Y of each pair (after chroma, which reads src: the layouts differ, so
      // in-place operation is not supported; the wrapper never calls it in place).
      for (let j: usize = 0; j < m; j++) {
        store<T>(dp + j * 6 * s, load<T>(sp + j * 4 * s));
        store<T>(dp + (j * 6 + 3) * s, load<T>(sp + (j * 4 + 1) * s));
      }
    }
  }
  return <i32>needDst;
}

/** Native YBR_FULL_422 / YBR_PARTIAL_422 (8-bit cells) -> one triple per pixel. fancy: 0 replicate, 1 libjpeg h2v1. */
export function color_expand_422_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, fancy: i32): i32 {
  return expand422<u8>(src, srcLen, dst, dstLen, rows, cols, fancy);
}
/** The same for 16-bit cells. */
export function color_expand_422_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, fancy: i32): i32 {
  return expand422<u16>(src, srcLen, dst, dstLen, rows, cols, fancy);
}

// ---------------------------------------------------------------------------------------------------------
// Plane up-sampling (JPEG decoder side)

/** Checks a plane of `rows` rows of `width` samples at `stride` samples per row; returns the bytes spanned or -1. */
@inline function planeSpan(width: i32, rows: i32, stride: i32, s: i32): i64 {
  if (width < 0 || rows < 0 || stride < width) return -1;
  if (rows == 0 || width == 0) return 0;
  return ((<i64>rows - 1) * <i64>stride + <i64>width) * <i64>s;
}

/** Writes one output row from one input row of chroma (h2v1); out row has outWidth <= 2 * inWidth samples. */
@inline function rowH2v1<T>(ip: usize, op: usize, inWidth: usize, outWidth: usize, fancy: bool): void {
  const s = sizeof<T>();
  for (let j: usize = 0; j < inWidth; j++) {
    const o = j << 1;
    const cur = <u32>load<T>(ip + j * s);
    let even = cur, odd = cur;
    if (fancy) {
      const t = cur * 3;
      if (j > 0) even = (t + <u32>load<T>(ip + (j - 1) * s) + 1) >> 2;
      if (j + 1 < inWidth) odd = (t + <u32>load<T>(ip + (j + 1) * s) + 2) >> 2;
    }
    if (o < outWidth) store<T>(op + o * s, <T>even);
    if (o + 1 < outWidth) store<T>(op + (o + 1) * s, <T>odd);
  }
}

@inline function upH2v1<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, rows: i32, inStride: i32, outWidth: i32, outStride: i32, fancy: i32): i32 {
  const s = sizeof<T>();
  if (!inMem(src, srcLen) || !inMem(dst, dstLen) || (fancy != 0 && fancy != 1)) return -INVALID_ARGUMENT;
  if (outWidth > 2 * inWidth || outWidth < 2 * inWidth - 1) return -INVALID_ARGUMENT;
  const needSrc = planeSpan(inWidth, rows, inStride, <i32>s);
  const needDst = planeSpan(outWidth, rows, outStride, <i32>s);
  if (needSrc < 0 || needDst < 0 || needDst > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < needSrc) return -TRUNCATED;
  if (<i64>dstLen < needDst) return -DESTINATION_TOO_SMALL;
  const f = fancy == 1 && inWidth > 2;
  for (let r: usize = 0; r < <usize>rows; r++) {
    rowH2v1<T>(src + r * <usize>inStride * s, dst + r * <usize>outStride * s, <usize>inWidth, <usize>outWidth, f);
  }
  return <i32>needDst;
}

/** Up-samples a chroma plane 2x horizontally (h2v1). fancy: 0 replicate, 1 libjpeg triangle. Not in place. */
export function color_upsample_h2v1_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, rows: i32, inStride: i32, outWidth: i32, outStride: i32, fancy: i32): i32 {
  return upH2v1<u8>(src, srcLen, dst, dstLen, inWidth, rows, inStride, outWidth, outStride, fancy);
}
export function color_upsample_h2v1_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, rows: i32, inStride: i32, outWidth: i32, outStride: i32, fancy: i32): i32 {
  return upH2v1<u16>(src, srcLen, dst, dstLen, inWidth, rows, inStride, outWidth, outStride, fancy);
}

@inline function upH2v2<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outWidth: i32, outRows: i32, outStride: i32, fancy: i32): i32 {
  const s = sizeof<T>();
  if (!inMem(src, srcLen) || !inMem(dst, dstLen) || (fancy != 0 && fancy != 1)) return -INVALID_ARGUMENT;
  if (outWidth > 2 * inWidth || outWidth < 2 * inWidth - 1) return -INVALID_ARGUMENT;
  if (outRows > 2 * inRows || outRows < 2 * inRows - 1) return -INVALID_ARGUMENT;
  const needSrc = planeSpan(inWidth, inRows, inStride, <i32>s);
  const needDst = planeSpan(outWidth, outRows, outStride, <i32>s);
  if (needSrc < 0 || needDst < 0 || needDst > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < needSrc) return -TRUNCATED;
  if (<i64>dstLen < needDst) return -DESTINATION_TOO_SMALL;
  const w = <usize>inWidth;
  const ow = <usize>outWidth;
  if (fancy == 0 || inWidth <= 2) {
    for (let r: usize = 0; r < <usize>outRows; r++) {
      rowH2v1<T>(src + (r >> 1) * <usize>inStride * s, dst + r * <usize>outStride * s, w, ow, false);
    }
    return <i32>needDst;
  }
  for (let r: usize = 0; r < <usize>outRows; r++) {
    const i = r >> 1;
    // The nearer neighbouring row: above for an even output row, below for an odd one (edge rows replicated).
    const nb: usize = (r & 1) == 0 ? (i == 0 ? 0 : i - 1) : (i + 1 >= <usize>inRows ? i : i + 1);
    const p0 = src + i * <usize>inStride * s;
    const p1 = src + nb * <usize>inStride * s;
    const op = dst + r * <usize>outStride * s;
    let last: u32 = 0;
    let cur = <u32>load<T>(p0) * 3 + <u32>load<T>(p1);
    for (let j: usize = 0; j < w; j++) {
      const next = j + 1 < w ? <u32>load<T>(p0 + (j + 1) * s) * 3 + <u32>load<T>(p1 + (j + 1) * s) : 0;
      const even = j == 0 ? (cur * 4 + 8) >> 4 : (cur * 3 + last + 8) >> 4;
      const odd = j + 1 == w ? (cur * 4 + 7) >> 4 : (cur * 3 + next + 7) >> 4;
      const o = j << 1;
      if (o < ow) store<T>(op + o * s, <T>even);
      if (o + 1 < ow) store<T>(op + (o + 1) * s, <T>odd);
      last = cur;
      cur = next;
    }
  }
  return <i32>needDst;
}

/** Up-samples a chroma plane 2x in both directions (h2v2, 4:2:0). fancy: 0 replicate, 1 libjpeg triangle. */
export function color_upsample_h2v2_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outWidth: i32, outRows: i32, outStride: i32, fancy: i32): i32 {
  return upH2v2<u8>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outWidth, outRows, outStride, fancy);
}
export function color_upsample_h2v2_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outWidth: i32, outRows: i32, outStride: i32, fancy: i32): i32 {
  return upH2v2<u16>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outWidth, outRows, outStride, fancy);
}

// ---------------------------------------------------------------------------------------------------------
// Down-sampling (encoder side)

@inline function downPlane<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outStride: i32, v2: bool): i32 {
  const s = sizeof<T>();
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const ow = (inWidth + 1) >> 1;
  const orows = v2 ? (inRows + 1) >> 1 : inRows;
  const needSrc = planeSpan(inWidth, inRows, inStride, <i32>s);
  const needDst = planeSpan(ow, orows, outStride, <i32>s);
  if (needSrc < 0 || needDst < 0 || needDst > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < needSrc) return -TRUNCATED;
  if (<i64>dstLen < needDst) return -DESTINATION_TOO_SMALL;
  const lastCol = <usize>inWidth - 1;
  for (let r: usize = 0; r < <usize>orows; r++) {
    const r0: usize = v2 ? r << 1 : r;
    const r1 = v2 ? (r0 + 1 < <usize>inRows ? r0 + 1 : r0) : r0;
    const p0 = src + r0 * <usize>inStride * s;
    const p1 = src + r1 * <usize>inStride * s;
    const op = dst + r * <usize>outStride * s;
    for (let j: usize = 0; j < <usize>ow; j++) {
      const a: usize = j << 1;
      const b = a + 1 <= lastCol ? a + 1 : lastCol;
      let v: u32;
      if (v2) {
        const sum = <u32>load<T>(p0 + a * s) + <u32>load<T>(p0 + b * s) + <u32>load<T>(p1 + a * s) + <u32>load<T>(p1 + b * s);
        v = (sum + 1 + <u32>(j & 1)) >> 2;
      } else {
        v = (<u32>load<T>(p0 + a * s) + <u32>load<T>(p0 + b * s) + <u32>(j & 1)) >> 1;
      }
      store<T>(op + j * s, <T>v);
    }
  }
  return <i32>needDst;
}

/** Halves a plane horizontally (libjpeg h2v1 averaging). Output width ceil(inWidth / 2). */
export function color_downsample_h2v1_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outStride: i32): i32 {
  return downPlane<u8>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outStride, false);
}
export function color_downsample_h2v1_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outStride: i32): i32 {
  return downPlane<u16>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outStride, false);
}
/** Halves a plane in both directions (libjpeg h2v2 averaging). Output ceil(inWidth / 2) x ceil(inRows / 2). */
export function color_downsample_h2v2_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outStride: i32): i32 {
  return downPlane<u8>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outStride, true);
}
export function color_downsample_h2v2_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, inWidth: i32, inRows: i32, inStride: i32, outStride: i32): i32 {
  return downPlane<u16>(src, srcLen, dst, dstLen, inWidth, inRows, inStride, outStride, true);
}

// ---------------------------------------------------------------------------------------------------------
// RGB (interleaved) -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pair): forward conversion per pixel
// (libjpeg jccolor), then the h2v1 average of the pair's chroma (bias 0,1 alternating along the row).

@inline function rgbTo422<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, bits: i32): i32 {
  if (rows < 0 || cols < 0 || (cols & 1) != 0 || bits < 1 || bits > <i32>(sizeof<T>() * 8)) return -INVALID_ARGUMENT;
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const s = sizeof<T>();
  const pixels = <i64>rows * <i64>cols;
  const needSrc = pixels * 3 * <i64>s;
  const needDst = pixels * 2 * <i64>s;
  if (needSrc > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < needSrc) return -TRUNCATED;
  if (<i64>dstLen < needDst) return -DESTINATION_TOO_SMALL;
  const c = <i64>1 << (bits - 1);
  const m = <usize>(cols >> 1);
  for (let r: usize = 0; r < <usize>rows; r++) {
    for (let j: usize = 0; j < m; j++) {
      const p = src + (r * m + j) * 6 * s;
      const r0 = <i64>load<T>(p), g0 = <i64>load<T>(p + s), b0 = <i64>load<T>(p + 2 * s);
      const r1 = <i64>load<T>(p + 3 * s), g1 = <i64>load<T>(p + 4 * s), b1 = <i64>load<T>(p + 5 * s);
      const bias = <i64>(j & 1);
      const q = dst + (r * m + j) * 4 * s;
      store<T>(q, <T>rgbY(r0, g0, b0));
      store<T>(q + s, <T>rgbY(r1, g1, b1));
      store<T>(q + 2 * s, <T>((rgbCb(r0, g0, b0, c) + rgbCb(r1, g1, b1, c) + bias) >> 1));
      store<T>(q + 3 * s, <T>((rgbCr(r0, g0, b0, c) + rgbCr(r1, g1, b1, c) + bias) >> 1));
    }
  }
  return <i32>needDst;
}

// The 8-bit form, color_rgb_to_ybr_422_u8, is in ybr422.ts (v128).
/** Interleaved 16-bit RGB (precision `bits`) -> native YBR_FULL_422. */
export function color_rgb_to_ybr_422_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, rows: i32, cols: i32, bits: i32): i32 {
  return rgbTo422<u16>(src, srcLen, dst, dstLen, rows, cols, bits);
}
