// Encode direction (canonical values -> stored cells), PS3.5 section 8.1.1: the value occupies bits
// HB-BS+1 .. HB of its cell. Canonical values are right-aligned (and sign-extended for Pixel
// Representation 1), so storing is a left shift by HB-BS+1; for signed values the bits above High Bit
// then repeat the sign, which is what naive readers that do not mask expect.
//
// native_check_*: (srcPtr, srcLen, bitsStored) -> index of the first cell whose value does not fit Bits
// Stored with the given signedness, or the cell count when all fit (never negative unless arguments are bad).
// native_shl_*: (srcPtr, srcLen, dstPtr, dstLen, shift) -> bytes written. src == dst allowed.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { inMemory } from "./common";

// A value fits when masking it to BS bits and extending back gives the same value:
//   unsigned: (v << (BA-BS)) >>> (BA-BS) == v      signed: (v << (BA-BS)) >> (BA-BS) == v
// Vector loop: compare 16 bytes at a time and stop at the first vector with a misfit, then find the cell.

export function native_check_u8(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || bs < 1 || bs > 8) return -INVALID_ARGUMENT;
  const k = <u32>(8 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i8x16.all_true(i8x16.eq(i8x16.shr_u(i8x16.shl(v, k), k), v))) break;
  }
  for (; i < n; i++) {
    const v = <u32>load<u8>(src + i);
    if (((v << (k + 24)) >>> (k + 24)) != v) return <i32>i;
  }
  return srcLen;
}

export function native_check_i8(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || bs < 1 || bs > 8) return -INVALID_ARGUMENT;
  const k = <u32>(8 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i8x16.all_true(i8x16.eq(i8x16.shr_s(i8x16.shl(v, k), k), v))) break;
  }
  for (; i < n; i++) {
    const v = <i32>load<i8>(src + i);
    if (((v << (k + 24)) >> (k + 24)) != v) return <i32>i;
  }
  return srcLen;
}

export function native_check_u16(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || (srcLen & 1) != 0 || bs < 1 || bs > 16) return -INVALID_ARGUMENT;
  const k = <u32>(16 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i16x8.all_true(i16x8.eq(i16x8.shr_u(i16x8.shl(v, k), k), v))) break;
  }
  for (; i < n; i += 2) {
    const v = <u32>load<u16>(src + i);
    if (((v << (k + 16)) >>> (k + 16)) != v) return <i32>(i >> 1);
  }
  return srcLen >> 1;
}

export function native_check_i16(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || (srcLen & 1) != 0 || bs < 1 || bs > 16) return -INVALID_ARGUMENT;
  const k = <u32>(16 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i16x8.all_true(i16x8.eq(i16x8.shr_s(i16x8.shl(v, k), k), v))) break;
  }
  for (; i < n; i += 2) {
    const v = <i32>load<i16>(src + i);
    if (((v << (k + 16)) >> (k + 16)) != v) return <i32>(i >> 1);
  }
  return srcLen >> 1;
}

export function native_check_u32(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || (srcLen & 3) != 0 || bs < 1 || bs > 32) return -INVALID_ARGUMENT;
  const k = <u32>(32 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i32x4.all_true(i32x4.eq(i32x4.shr_u(i32x4.shl(v, k), k), v))) break;
  }
  for (; i < n; i += 4) {
    const v = load<u32>(src + i);
    if (((v << k) >>> k) != v) return <i32>(i >> 2);
  }
  return srcLen >> 2;
}

export function native_check_i32(src: usize, srcLen: i32, bs: i32): i32 {
  if (!inMemory(src, srcLen) || (srcLen & 3) != 0 || bs < 1 || bs > 32) return -INVALID_ARGUMENT;
  const k = <i32>(32 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(src + i);
    if (!i32x4.all_true(i32x4.eq(i32x4.shr_s(i32x4.shl(v, k), k), v))) break;
  }
  for (; i < n; i += 4) {
    const v = load<i32>(src + i);
    if (((v << k) >> k) != v) return <i32>(i >> 2);
  }
  return srcLen >> 2;
}

@inline function checkShift(src: usize, srcLen: i32, dst: usize, dstLen: i32, cell: i32, shift: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (srcLen % cell != 0 || shift < 0 || shift >= cell * 8) return -INVALID_ARGUMENT;
  if (dstLen < srcLen) return -DESTINATION_TOO_SMALL;
  return 0;
}

/** Shifts 8-bit cells left by `shift` (High Bit above Bits Stored - 1). */
export function native_shl_8(src: usize, srcLen: i32, dst: usize, dstLen: i32, shift: i32): i32 {
  const st = checkShift(src, srcLen, dst, dstLen, 1, shift);
  if (st < 0) return st;
  const n = <usize>srcLen;
  const k = <u32>shift;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, i8x16.shl(v128.load(src + i), k));
  for (; i < n; i++) store<u8>(dst + i, <u8>(<u32>load<u8>(src + i) << k));
  return srcLen;
}

export function native_shl_16(src: usize, srcLen: i32, dst: usize, dstLen: i32, shift: i32): i32 {
  const st = checkShift(src, srcLen, dst, dstLen, 2, shift);
  if (st < 0) return st;
  const n = <usize>srcLen;
  const k = <u32>shift;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, i16x8.shl(v128.load(src + i), k));
  for (; i < n; i += 2) store<u16>(dst + i, <u16>(<u32>load<u16>(src + i) << k));
  return srcLen;
}

export function native_shl_32(src: usize, srcLen: i32, dst: usize, dstLen: i32, shift: i32): i32 {
  const st = checkShift(src, srcLen, dst, dstLen, 4, shift);
  if (st < 0) return st;
  const n = <usize>srcLen;
  const k = <u32>shift;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, i32x4.shl(v128.load(src + i), k));
  for (; i < n; i += 4) store<u32>(dst + i, load<u32>(src + i) << k);
  return srcLen;
}
