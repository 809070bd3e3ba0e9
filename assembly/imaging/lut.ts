// Table lookup with clamping: the Modality LUT (PS3.3 C.11.1.1), the VOI LUT (C.11.2.1.1) and the combined
// stored-value -> grey-level tables src/imaging/render.ts builds once per image.
//
// A LUT has `entries` 16-bit values (LUT Data, already converted to native uint16 by the caller) and the
// first input value mapped (LUT Descriptor value 2). C.11.1.1.1 / C.11.2.1.1: input values below the first
// mapped value map to the first entry, values above the last mapped value map to the last entry:
//
//   index = clamp(x - firstMapped, 0, entries - 1);   y = lut[index]
//
// Float inputs are truncated toward zero before the lookup.
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, srcType, dstFormat, lutPtr, lutEntries, firstMapped)
//      -> bytes written or -status. The output format is gray8 (low byte of the entry), gray16 or rgba8.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { OUT_GRAY16, OUT_GRAY8, OUT_RGBA8, T_F32, T_I16, T_I32, T_I8, T_U16, T_U32, T_U8, formatShift, inMemory, putLevel, typeShift } from "./common";

@inline function lutLoop<S, O>(src: usize, dst: usize, n: usize, lut: usize, last: i32, first: i32): void {
  const ss = <usize>alignof<S>();
  if (sizeof<S>() <= 2 && !isFloat<S>()) {
    // Small integer inputs: the index fits i32 with no overflow (|x| < 2^16, |first| < 2^31 checked below).
    for (let i: usize = 0; i < n; i++) {
      let k = <i32>load<S>(src + (i << ss)) - first;
      k = k < 0 ? 0 : k;
      k = k > last ? last : k;
      putLevel<O>(dst, i, <u32>load<u16>(lut + (<usize>k << 1)));
    }
  } else {
    const f = <f64>first;
    const l = <f64>last;
    for (let i: usize = 0; i < n; i++) {
      let k = Math.trunc(<f64>load<S>(src + (i << ss))) - f;
      if (!(k >= 0.0)) k = 0.0; // NaN -> first entry
      if (k > l) k = l;
      putLevel<O>(dst, i, <u32>load<u16>(lut + (<usize>k << 1)));
    }
  }
}

@inline function lutType<S>(fmt: i32, src: usize, dst: usize, n: usize, lut: usize, last: i32, first: i32): void {
  if (fmt == OUT_GRAY8) lutLoop<S, u8>(src, dst, n, lut, last, first);
  else if (fmt == OUT_GRAY16) lutLoop<S, u16>(src, dst, n, lut, last, first);
  else lutLoop<S, u32>(src, dst, n, lut, last, first);
}

/** Looks every sample up in a uint16 table with clamping (see the file comment). */
export function imaging_lut(
  src: usize, srcLen: i32, dst: usize, dstLen: i32,
  srcType: i32, dstFormat: i32, lutPtr: usize, lutEntries: i32, firstMapped: i32,
): i32 {
  const ss = typeShift(srcType);
  const fs = formatShift(dstFormat);
  if (ss < 0 || fs < 0) return -INVALID_ARGUMENT;
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen) || (srcLen & ((1 << ss) - 1)) != 0) return -INVALID_ARGUMENT;
  // PS3.3 C.11.1.1.1: at most 65536 entries (descriptor value 0 means 65536). Combined tables of render.ts
  // are limited to 2^17 entries (stored range of 16-bit data plus a sign).
  if (lutEntries < 1 || lutEntries > 131072 || !inMemory(lutPtr, lutEntries << 1)) return -INVALID_ARGUMENT;
  if (firstMapped < -1073741824 || firstMapped > 1073741824) return -INVALID_ARGUMENT;
  const n = <usize>(srcLen >> ss);
  const need = <u64>n << <u64>fs;
  if (need > <u64>dstLen) return -DESTINATION_TOO_SMALL;
  const last = lutEntries - 1;
  if (srcType == T_U8) lutType<u8>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_I8) lutType<i8>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_U16) lutType<u16>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_I16) lutType<i16>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_U32) lutType<u32>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_I32) lutType<i32>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else if (srcType == T_F32) lutType<f32>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  else lutType<f64>(dstFormat, src, dst, n, lutPtr, last, firstMapped);
  return <i32>need;
}
