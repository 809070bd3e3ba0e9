// Statistics of a frame for automatic VOI (no window in the data set): the minimum and maximum value, as
// DCMTK's min-max window (`dcmj2pnm +Wm`) and PS3.3 C.11.2.1.2's note on choosing a window use them.
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, srcType) -> 16 (bytes written: two float64, min then max) or -status.
// NaN samples are skipped; a frame of only NaNs gives min = +Infinity, max = -Infinity.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { T_F32, T_I16, T_I32, T_I8, T_U16, T_U32, T_U8, inMemory, typeShift } from "./common";

@inline function minMaxInt16<S>(src: usize, n: usize, dst: usize): void {
  // 8 lanes at a time with v128 min/max, then a scalar tail.
  let i: usize = 0;
  let lo: i32 = isSigned<S>() ? 32767 : 65535;
  let hi: i32 = isSigned<S>() ? -32768 : 0;
  if (n >= 8) {
    let vlo = v128.load(src);
    let vhi = vlo;
    for (i = 8; i + 8 <= n; i += 8) {
      const v = v128.load(src + (i << 1));
      if (isSigned<S>()) {
        vlo = i16x8.min_s(vlo, v);
        vhi = i16x8.max_s(vhi, v);
      } else {
        vlo = i16x8.min_u(vlo, v);
        vhi = i16x8.max_u(vhi, v);
      }
    }
    // Horizontal reduction (lane indices must be constants).
    lo = isSigned<S>() ? reduceMinS(vlo) : reduceMinU(vlo);
    hi = isSigned<S>() ? reduceMaxS(vhi) : reduceMaxU(vhi);
  }
  for (; i < n; i++) {
    const v = <i32>load<S>(src + (i << 1));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f64>(dst, <f64>lo);
  store<f64>(dst + 8, <f64>hi);
}

@inline function reduceMinS(v: v128): i32 {
  let m = i16x8.extract_lane_s(v, 0);
  m = min(m, i16x8.extract_lane_s(v, 1)); m = min(m, i16x8.extract_lane_s(v, 2)); m = min(m, i16x8.extract_lane_s(v, 3));
  m = min(m, i16x8.extract_lane_s(v, 4)); m = min(m, i16x8.extract_lane_s(v, 5)); m = min(m, i16x8.extract_lane_s(v, 6));
  return min(m, i16x8.extract_lane_s(v, 7));
}
@inline function reduceMaxS(v: v128): i32 {
  let m = i16x8.extract_lane_s(v, 0);
  m = max(m, i16x8.extract_lane_s(v, 1)); m = max(m, i16x8.extract_lane_s(v, 2)); m = max(m, i16x8.extract_lane_s(v, 3));
  m = max(m, i16x8.extract_lane_s(v, 4)); m = max(m, i16x8.extract_lane_s(v, 5)); m = max(m, i16x8.extract_lane_s(v, 6));
  return max(m, i16x8.extract_lane_s(v, 7));
}
@inline function reduceMinU(v: v128): i32 {
  let m = i16x8.extract_lane_u(v, 0);
  m = min(m, i16x8.extract_lane_u(v, 1)); m = min(m, i16x8.extract_lane_u(v, 2)); m = min(m, i16x8.extract_lane_u(v, 3));
  m = min(m, i16x8.extract_lane_u(v, 4)); m = min(m, i16x8.extract_lane_u(v, 5)); m = min(m, i16x8.extract_lane_u(v, 6));
  return min(m, i16x8.extract_lane_u(v, 7));
}
@inline function reduceMaxU(v: v128): i32 {
  let m = i16x8.extract_lane_u(v, 0);
  m = max(m, i16x8.extract_lane_u(v, 1)); m = max(m, i16x8.extract_lane_u(v, 2)); m = max(m, i16x8.extract_lane_u(v, 3));
  m = max(m, i16x8.extract_lane_u(v, 4)); m = max(m, i16x8.extract_lane_u(v, 5)); m = max(m, i16x8.extract_lane_u(v, 6));
  return max(m, i16x8.extract_lane_u(v, 7));
}

@inline function minMaxScalar<S>(src: usize, n: usize, dst: usize): void {
  const ss = <usize>alignof<S>();
  let lo: f64 = Infinity;
  let hi: f64 = -Infinity;
  for (let i: usize = 0; i < n; i++) {
    const v = <f64>load<S>(src + (i << ss));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f64>(dst, lo);
  store<f64>(dst + 8, hi);
}

/** Writes the minimum and maximum sample value as two float64 at dst. */
export function imaging_min_max(src: usize, srcLen: i32, dst: usize, dstLen: i32, srcType: i32): i32 {
  const ss = typeShift(srcType);
  if (ss < 0) return -INVALID_ARGUMENT;
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen) || (srcLen & ((1 << ss) - 1)) != 0) return -INVALID_ARGUMENT;
  if (dstLen < 16) return -DESTINATION_TOO_SMALL;
  const n = <usize>(srcLen >> ss);
  if (n == 0) {
    store<f64>(dst, Infinity);
    store<f64>(dst + 8, -Infinity);
    return 16;
  }
  if (srcType == T_U16) minMaxInt16<u16>(src, n, dst);
  else if (srcType == T_I16) minMaxInt16<i16>(src, n, dst);
  else if (srcType == T_U8) minMaxScalar<u8>(src, n, dst);
  else if (srcType == T_I8) minMaxScalar<i8>(src, n, dst);
  else if (srcType == T_U32) minMaxScalar<u32>(src, n, dst);
  else if (srcType == T_I32) minMaxScalar<i32>(src, n, dst);
  else if (srcType == T_F32) minMaxScalar<f32>(src, n, dst);
  else minMaxScalar<f64>(src, n, dst);
  return 16;
}
