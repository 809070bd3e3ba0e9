// The JPEG 2000 multiple-component transforms that DICOM labels YBR_ICT and YBR_RCT (PS3.3 C.7.6.3.1.2,
// ITU-T T.800 Annex G), forward and inverse, for JPEG 2000 codecs plugged in later.
//
// ICT (irreversible, T.800 G.3, Equations G-7..G-9):
//   Y  =  0.299 R + 0.587 G + 0.114 B
//   Cb = -0.16875 R - 0.33126 G + 0.5 B
//   Cr =  0.5 R - 0.41869 G - 0.08131 B
//   R = Y + 1.402 Cr;  G = Y - 0.34413 Cb - 0.71414 Cr;  B = Y + 1.772 Cb
// on cells of unsigned `bits`-bit samples: T.800's DC level shift of 2^(bits-1) cancels for Y and is kept
// as an offset on Cb and Cr so that they fit the same cells; f32 arithmetic, rounded to nearest (ties to
// even, f32.nearest) and clamped to 0..2^bits-1.
//
// RCT (reversible, T.800 G.2, Equations G-1..G-6), on i32 samples (Cb and Cr need one more bit than R,G,B):
//   Y = floor((R + 2G + B) / 4), Cb = B - G, Cr = R - G;   G = Y - floor((Cb + Cr) / 4), R = Cr + G, B = Cb + G
// floor division is the arithmetic shift right by 2.
//
// Layouts as in ybr.ts (planar 0: interleaved, 1: three planes), the same on input and output; in place OK.
import { INVALID_ARGUMENT } from "../common/status";
import { check3 } from "./ybr";

@inline function clampF(v: f32, max: f32): f32 {
  const r = f32.nearest(v);
  return r < 0 ? 0 : r > max ? max : r;
}

@inline function ict<T>(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32, inverse: bool): i32 {
  if (bits < 1 || bits > <i32>(sizeof<T>() * 8)) return -INVALID_ARGUMENT;
  const need = check3(src, srcLen, dst, dstLen, pixels, <i32>sizeof<T>(), planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const s = sizeof<T>();
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = (planar == 0 ? 1 : n) * s;
  const c = <f32>(1 << (bits - 1));
  const max = <f32>((1 << bits) - 1);
  for (let i: usize = 0; i < n; i++) {
    const p = src + i * step * s;
    const a = <f32>load<T>(p), b = <f32>load<T>(p + plane), d = <f32>load<T>(p + 2 * plane);
    let o0: f32, o1: f32, o2: f32;
    if (inverse) {
      const cb = b - c, cr = d - c;
      o0 = a + <f32>1.402 * cr;
      o1 = a - <f32>0.34413 * cb - <f32>0.71414 * cr;
      o2 = a + <f32>1.772 * cb;
    } else {
      o0 = <f32>0.299 * a + <f32>0.587 * b + <f32>0.114 * d;
      o1 = <f32>-0.16875 * a - <f32>0.33126 * b + <f32>0.5 * d + c;
      o2 = <f32>0.5 * a - <f32>0.41869 * b - <f32>0.08131 * d + c;
    }
    const q = dst + i * step * s;
    store<T>(q, <T>clampF(o0, max));
    store<T>(q + plane, <T>clampF(o1, max));
    store<T>(q + 2 * plane, <T>clampF(o2, max));
  }
  return need;
}

/** RGB -> YBR_ICT, 8-bit cells. */
export function color_ict_forward_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  return ict<u8>(src, srcLen, dst, dstLen, pixels, planar, bits, false);
}
/** YBR_ICT -> RGB, 8-bit cells. */
export function color_ict_inverse_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  return ict<u8>(src, srcLen, dst, dstLen, pixels, planar, bits, true);
}
export function color_ict_forward_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  return ict<u16>(src, srcLen, dst, dstLen, pixels, planar, bits, false);
}
export function color_ict_inverse_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  return ict<u16>(src, srcLen, dst, dstLen, pixels, planar, bits, true);
}

@inline function rct(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, inverse: bool): i32 {
  const need = check3(src, srcLen, dst, dstLen, pixels, 4, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = (planar == 0 ? 1 : n) << 2;
  for (let i: usize = 0; i < n; i++) {
    const p = src + ((i * step) << 2);
    const a = load<i32>(p), b = load<i32>(p + plane), d = load<i32>(p + 2 * plane);
    const q = dst + ((i * step) << 2);
    if (inverse) {
      // a = Y, b = Cb, d = Cr
      const g = a - ((b + d) >> 2);
      store<i32>(q, d + g);
      store<i32>(q + plane, g);
      store<i32>(q + 2 * plane, b + g);
    } else {
      // a = R, b = G, d = B
      store<i32>(q, (a + 2 * b + d) >> 2);
      store<i32>(q + plane, d - b);
      store<i32>(q + 2 * plane, a - b);
    }
  }
  return need;
}

/** RGB -> YBR_RCT on i32 samples. */
export function color_rct_forward_i32(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32): i32 {
  return rct(src, srcLen, dst, dstLen, pixels, planar, false);
}
/** YBR_RCT -> RGB on i32 samples. */
export function color_rct_inverse_i32(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32): i32 {
  return rct(src, srcLen, dst, dstLen, pixels, planar, true);
}
