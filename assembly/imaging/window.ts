// VOI windowing (PS3.3 C.11.2.1.2 Window Center / Window Width, C.11.2.1.3 VOI LUT Function).
//
// Every function maps an input x (a modality value) to an output y in [yMin, yMax]. The caller passes yMin and
// yMax swapped (yMin > yMax) to invert the output, which is how MONOCHROME1 and Presentation LUT Shape INVERSE
// are applied without a second pass. y is converted to an output level by truncation, as DCMTK does.
//
//   LINEAR (C.11.2.1.2.1), width >= 1:
//     x <= c - 0.5 - (w - 1) / 2          -> yMin
//     x >  c - 0.5 + (w - 1) / 2          -> yMax
//     else y = ((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin
//   LINEAR_EXACT (C.11.2.1.3.2), width > 0:
//     x <= c - w / 2 -> yMin;  x > c + w / 2 -> yMax;  else y = ((x - c) / w + 0.5) * (yMax - yMin) + yMin
//   SIGMOID (C.11.2.1.3.1), width > 0:
//     y = (yMax - yMin) / (1 + exp(-4 (x - c) / w)) + yMin
//
// The linear forms are evaluated as offset + x * gradient (one multiply-add per sample).
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, srcType, dstFormat, func, center, width, yMin, yMax)
//      -> bytes written or -status.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { OUT_GRAY16, OUT_GRAY8, OUT_RGBA8, T_F32, T_I16, T_I32, T_I8, T_U16, T_U32, T_U8, formatShift, inMemory, putLevel, typeShift } from "./common";

export const VOI_LINEAR: i32 = 0;
export const VOI_LINEAR_EXACT: i32 = 1;
export const VOI_SIGMOID: i32 = 2;

@inline function level(y: f64, lo: f64, hi: f64): u32 {
  if (!(y >= lo)) y = lo; // also maps NaN to lo
  if (y > hi) y = hi;
  return <u32>y; // truncation
}

@inline function linearLoop<S, O>(
  src: usize, dst: usize, n: usize,
  left: f64, right: f64, offset: f64, gradient: f64, yMin: f64, yMax: f64, lo: f64, hi: f64,
): void {
  const ss = <usize>alignof<S>();
  const vMin = level(yMin, lo, hi);
  const vMax = level(yMax, lo, hi);
  for (let i: usize = 0; i < n; i++) {
    const x = <f64>load<S>(src + (i << ss));
    let v: u32;
    if (x <= left) v = vMin;
    else if (x > right) v = vMax;
    else v = level(offset + x * gradient, lo, hi);
    putLevel<O>(dst, i, v);
  }
}

@inline function sigmoidLoop<S, O>(src: usize, dst: usize, n: usize, c: f64, w: f64, yMin: f64, yMax: f64, lo: f64, hi: f64): void {
  const ss = <usize>alignof<S>();
  const range = yMax - yMin;
  const k = -4.0 / w;
  for (let i: usize = 0; i < n; i++) {
    const x = <f64>load<S>(src + (i << ss));
    putLevel<O>(dst, i, level(range / (1.0 + Math.exp(k * (x - c))) + yMin, lo, hi));
  }
}

@inline function windowType<S>(
  fmt: i32, func: i32, src: usize, dst: usize, n: usize, c: f64, w: f64, yMin: f64, yMax: f64, lo: f64, hi: f64,
): void {
  const range = yMax - yMin;
  if (func == VOI_SIGMOID) {
    if (fmt == OUT_GRAY8) sigmoidLoop<S, u8>(src, dst, n, c, w, yMin, yMax, lo, hi);
    else if (fmt == OUT_GRAY16) sigmoidLoop<S, u16>(src, dst, n, c, w, yMin, yMax, lo, hi);
    else sigmoidLoop<S, u32>(src, dst, n, c, w, yMin, yMax, lo, hi);
    return;
  }
  let left: f64, right: f64, offset: f64, gradient: f64;
  if (func == VOI_LINEAR) {
    const w1 = w - 1.0;
    left = c - 0.5 - w1 / 2.0;
    right = c - 0.5 + w1 / 2.0;
    gradient = w1 == 0.0 ? 0.0 : range / w1;
    offset = w1 == 0.0 ? yMin : yMax - ((c - 0.5) / w1 + 0.5) * range;
  } else {
    left = c - w / 2.0;
    right = c + w / 2.0;
    gradient = range / w;
    offset = yMax - (c / w + 0.5) * range;
  }
  if (fmt == OUT_GRAY8) linearLoop<S, u8>(src, dst, n, left, right, offset, gradient, yMin, yMax, lo, hi);
  else if (fmt == OUT_GRAY16) linearLoop<S, u16>(src, dst, n, left, right, offset, gradient, yMin, yMax, lo, hi);
  else linearLoop<S, u32>(src, dst, n, left, right, offset, gradient, yMin, yMax, lo, hi);
}

/**
 * Applies a VOI window to every sample and writes grey levels in the output format (gray8, gray16 or rgba8).
 * yMin/yMax are the output levels for the lowest/highest input (swap them to invert) and must fit the
 * format (0..255 for gray8/rgba8, 0..65535 for gray16).
 */
export function imaging_window(
  src: usize, srcLen: i32, dst: usize, dstLen: i32,
  srcType: i32, dstFormat: i32, func: i32, center: f64, width: f64, yMin: f64, yMax: f64,
): i32 {
  const ss = typeShift(srcType);
  const fs = formatShift(dstFormat);
  if (ss < 0 || fs < 0 || func < VOI_LINEAR || func > VOI_SIGMOID) return -INVALID_ARGUMENT;
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen) || (srcLen & ((1 << ss) - 1)) != 0) return -INVALID_ARGUMENT;
  if (!isFinite(center) || !isFinite(width) || !isFinite(yMin) || !isFinite(yMax)) return -INVALID_ARGUMENT;
  // C.11.2.1.2.1: Window Width shall be >= 1 for LINEAR; > 0 for LINEAR_EXACT and SIGMOID (C.11.2.1.3).
  if (func == VOI_LINEAR ? width < 1.0 : width <= 0.0) return -INVALID_ARGUMENT;
  const top: f64 = dstFormat == OUT_GRAY16 ? 65535.0 : 255.0;
  const lo = Math.min(yMin, yMax);
  const hi = Math.max(yMin, yMax);
  if (lo < 0.0 || hi > top) return -INVALID_ARGUMENT;
  const n = <usize>(srcLen >> ss);
  const need = <u64>n << <u64>fs;
  if (need > <u64>dstLen) return -DESTINATION_TOO_SMALL;
  if (srcType == T_U8) windowType<u8>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_I8) windowType<i8>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_U16) windowType<u16>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_I16) windowType<i16>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_U32) windowType<u32>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_I32) windowType<i32>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else if (srcType == T_F32) windowType<f32>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  else windowType<f64>(dstFormat, func, src, dst, n, center, width, yMin, yMax, lo, hi);
  return <i32>need;
}
