// Masking and sign extension of stored cells to the canonical form (src/pixel-module.ts).
//
// PS3.5 section 8.1.1 / PS3.3 C.7.6.3.1: a sample occupies Bits Stored bits of its cell of Bits Allocated
// bits, with its most significant bit at High Bit. The other bits of the cell are not part of the value
// (old files keep overlay planes there) and must be ignored.
//
//   cell (BA = 16, BS = 12, HB = 13):   15 14 | 13 ........... 2 | 1 0
//                                      junk  |   stored value   | junk
//
// Two shifts give the canonical value with no per-sample branch:
//   v = (cell << (BA - 1 - HB)) >> (BA - BS)
// where the right shift is logical for Pixel Representation 0 (zero-fill) and arithmetic for
// Pixel Representation 1 (two's complement sign extension from bit BS - 1). One loop per cell size and
// signedness, 16 bytes at a time with v128 lane shifts, then a scalar tail.
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, bitsStored, highBit) -> bytes written or -status.
// src and dst may be the same address (in place); they must not otherwise overlap.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT } from "../common/status";
import { inMemory } from "./common";

/** Validates the common arguments; returns 0 or a negated status. */
@inline function checkArgs(src: usize, srcLen: i32, dst: usize, dstLen: i32, cellBytes: i32, bs: i32, hb: i32): i32 {
  const ba = cellBytes << 3;
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (srcLen % cellBytes != 0) return -INVALID_ARGUMENT;
  if (bs < 1 || bs > ba || hb < bs - 1 || hb >= ba) return -INVALID_ARGUMENT;
  if (dstLen < srcLen) return -DESTINATION_TOO_SMALL;
  return 0;
}

// --- 8-bit cells ---

export function native_mask_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 1, bs, hb);
  if (st < 0) return st;
  const l = <u32>(7 - hb);
  const r = <u32>(8 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i8x16.shr_u(i8x16.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i++) store<u8>(dst + i, <u8>((<u32>load<u8>(src + i) << (l + 24)) >>> (r + 24)));
  return srcLen;
}

export function native_mask_i8(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 1, bs, hb);
  if (st < 0) return st;
  const l = <u32>(7 - hb);
  const r = <u32>(8 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i8x16.shr_s(i8x16.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i++) store<i8>(dst + i, <i8>((<i32>load<u8>(src + i) << (l + 24)) >> (r + 24)));
  return srcLen;
}

// --- 16-bit cells (little endian: the byte order of linear memory) ---

export function native_mask_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 2, bs, hb);
  if (st < 0) return st;
  const l = <u32>(15 - hb);
  const r = <u32>(16 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  // Two vectors per iteration: independent chains keep both shift units busy.
  for (; i + 32 <= n; i += 32) {
    const a = v128.load(src + i);
    const b = v128.load(src + i + 16);
    v128.store(dst + i, i16x8.shr_u(i16x8.shl(a, l), r));
    v128.store(dst + i + 16, i16x8.shr_u(i16x8.shl(b, l), r));
  }
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i16x8.shr_u(i16x8.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i += 2) store<u16>(dst + i, <u16>((<u32>load<u16>(src + i) << (l + 16)) >>> (r + 16)));
  return srcLen;
}

export function native_mask_i16(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 2, bs, hb);
  if (st < 0) return st;
  const l = <u32>(15 - hb);
  const r = <u32>(16 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 32 <= n; i += 32) {
    const a = v128.load(src + i);
    const b = v128.load(src + i + 16);
    v128.store(dst + i, i16x8.shr_s(i16x8.shl(a, l), r));
    v128.store(dst + i + 16, i16x8.shr_s(i16x8.shl(b, l), r));
  }
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i16x8.shr_s(i16x8.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i += 2) store<i16>(dst + i, <i16>((<i32>load<u16>(src + i) << (l + 16)) >> (r + 16)));
  return srcLen;
}

// --- 32-bit cells ---

export function native_mask_u32(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 4, bs, hb);
  if (st < 0) return st;
  const l = <u32>(31 - hb);
  const r = <u32>(32 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i32x4.shr_u(i32x4.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i += 4) store<u32>(dst + i, (load<u32>(src + i) << l) >>> r);
  return srcLen;
}

export function native_mask_i32(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 4, bs, hb);
  if (st < 0) return st;
  const l = <u32>(31 - hb);
  const r = <u32>(32 - bs);
  const n = <usize>srcLen;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(dst + i, i32x4.shr_s(i32x4.shl(v128.load(src + i), l), r));
  }
  for (; i < n; i += 4) store<i32>(dst + i, (load<i32>(src + i) << <i32>l) >> <i32>r);
  return srcLen;
}

/** Scalar reference variant of native_mask_u16 (kept for the benchmark: shows what SIMD buys). */
export function native_mask_u16_scalar(src: usize, srcLen: i32, dst: usize, dstLen: i32, bs: i32, hb: i32): i32 {
  const st = checkArgs(src, srcLen, dst, dstLen, 2, bs, hb);
  if (st < 0) return st;
  const l = <u32>(15 - hb);
  const r = <u32>(16 - bs);
  const n = <usize>srcLen;
  for (let i: usize = 0; i < n; i += 2) store<u16>(dst + i, <u16>((<u32>load<u16>(src + i) << (l + 16)) >>> (r + 16)));
  return srcLen;
}
