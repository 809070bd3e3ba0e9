// Modality rescale: output = stored value × Rescale Slope + Rescale Intercept (PS3.3 C.11.1.1.2,
// Modality LUT module; the same equation for CT Hounsfield units, PS3.3 C.8.2.1.1.4).
//
// The output type is chosen by the caller so that it holds every result (src/imaging/modality.ts): int16 or
// int32 when slope and intercept are integers, float32/float64 otherwise. Results are never clamped into an
// unsigned type: a CT with intercept -1024 gives negative values. Integer outputs are rounded to nearest and
// saturate at the type's limits (only reachable when the caller asks for a narrower type than needed).
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, srcType, dstType, slope, intercept) -> bytes written or -status.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { T_F32, T_F64, T_I16, T_I32, T_I8, T_U16, T_U32, T_U8, inMemory, typeShift } from "./common";

@inline function toInt(v: f64, lo: f64, hi: f64): i32 {
  // NaN compares false both ways and ends up as lo: no trap, a defined value.
  let r = Math.floor(v + 0.5);
  if (!(r >= lo)) r = lo;
  if (r > hi) r = hi;
  return <i32>r;
}

@inline function rescaleTo<S, D>(src: usize, dst: usize, n: usize, slope: f64, intercept: f64): void {
  const ss = <usize>alignof<S>();
  const ds = <usize>alignof<D>();
  if (isFloat<D>()) {
    for (let i: usize = 0; i < n; i++) {
      store<D>(dst + (i << ds), <D>(<f64>load<S>(src + (i << ss)) * slope + intercept));
    }
  } else {
    const lo: f64 = sizeof<D>() == 2 ? (isSigned<D>() ? -32768.0 : 0.0) : -2147483648.0;
    const hi: f64 = sizeof<D>() == 2 ? (isSigned<D>() ? 32767.0 : 65535.0) : 2147483647.0;
    if (slope == 1.0 && intercept == Math.floor(intercept) && !isFloat<S>() && sizeof<S>() <= 2 && sizeof<D>() == 4) {
      // Integer fast path (the common CT case: slope 1, intercept -1024): exact in i32.
      const k = <i32>intercept;
      for (let i: usize = 0; i < n; i++) store<D>(dst + (i << ds), <D>(<i32>load<S>(src + (i << ss)) + k));
      return;
    }
    for (let i: usize = 0; i < n; i++) {
      store<D>(dst + (i << ds), <D>toInt(<f64>load<S>(src + (i << ss)) * slope + intercept, lo, hi));
    }
  }
}

@inline function rescaleFrom<S>(src: usize, dst: usize, n: usize, dstType: i32, slope: f64, intercept: f64): void {
  if (dstType == T_I16) rescaleTo<S, i16>(src, dst, n, slope, intercept);
  else if (dstType == T_U16) rescaleTo<S, u16>(src, dst, n, slope, intercept);
  else if (dstType == T_I32) rescaleTo<S, i32>(src, dst, n, slope, intercept);
  else if (dstType == T_F32) rescaleTo<S, f32>(src, dst, n, slope, intercept);
  else rescaleTo<S, f64>(src, dst, n, slope, intercept);
}

/** Applies Rescale Slope / Intercept to every sample. dstType is int16, uint16, int32, float32 or float64. */
export function imaging_rescale(
  src: usize,
  srcLen: i32,
  dst: usize,
  dstLen: i32,
  srcType: i32,
  dstType: i32,
  slope: f64,
  intercept: f64,
): i32 {
  const ss = typeShift(srcType);
  if (ss < 0 || !(dstType == T_I16 || dstType == T_U16 || dstType == T_I32 || dstType == T_F32 || dstType == T_F64)) {
    return -INVALID_ARGUMENT;
  }
  const ds = typeShift(dstType);
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen) || (srcLen & ((1 << ss) - 1)) != 0) return -INVALID_ARGUMENT;
  if (!isFinite(slope) || !isFinite(intercept)) return -INVALID_ARGUMENT;
  const n = <usize>(srcLen >> ss);
  const need = <u64>n << <u64>ds;
  if (need > <u64>dstLen) return -DESTINATION_TOO_SMALL;
  if (srcType == T_U8) rescaleFrom<u8>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_I8) rescaleFrom<i8>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_U16) rescaleFrom<u16>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_I16) rescaleFrom<i16>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_U32) rescaleFrom<u32>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_I32) rescaleFrom<i32>(src, dst, n, dstType, slope, intercept);
  else if (srcType == T_F32) rescaleFrom<f32>(src, dst, n, dstType, slope, intercept);
  else rescaleFrom<f64>(src, dst, n, dstType, slope, intercept);
  return <i32>need;
}
