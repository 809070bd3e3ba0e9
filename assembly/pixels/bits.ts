// 1-bit Pixel Data (PS3.5 section 8.1.1 and Annex D): pixels are packed LSB first, the first pixel in
// bit 0 of the first byte. Frames follow each other with no padding, so frame N starts at bit
// N * Rows * Columns, which need not be a byte boundary: every kernel takes a bit offset (0-7) into src.
//
//   byte k:  b7 b6 b5 b4 b3 b2 b1 b0      pixel (8k + j) = bit j
//
// ABI: bits_unpack1(srcPtr, srcLen, dstPtr, dstLen, bitOffset, count) -> count (bytes written)
//      bits_pack1(srcPtr, srcLen, dstPtr, dstLen, bitOffset, count)   -> bytes touched in dst
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { inMemory } from "./common";

/** Bit weights of lanes 0-7 (and again 8-15): lane j tests bit j of its byte. */
const LANE_BITS: usize = memory.data<u8>([1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128]);

/** Unpacks `count` pixels starting `bitOffset` bits into src to one byte (0 or 1) each. */
export function bits_unpack1(src: usize, srcLen: i32, dst: usize, dstLen: i32, bitOffset: i32, count: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (bitOffset < 0 || bitOffset > 7 || count < 0) return -INVALID_ARGUMENT;
  const needBits = <i64>bitOffset + <i64>count;
  if (needBits > (<i64>srcLen << 3)) return -TRUNCATED;
  if (dstLen < count) return -DESTINATION_TOO_SMALL;
  const n = <usize>count;
  const off = <u32>bitOffset;
  const weights = v128.load(LANE_BITS);
  const one = i8x16.splat(1);
  let i: usize = 0;
  if (off == 0) {
    // Byte aligned: 16 pixels from two source bytes per step.
    for (; i + 16 <= n; i += 16) {
      const b = <u32>load<u16>(src + (i >> 3));
      const lanes = i8x16.shuffle(i8x16.splat(<i8>b), i8x16.splat(<i8>(b >> 8)), 0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16);
      v128.store(dst + i, v128.and(i8x16.ne(v128.and(lanes, weights), i8x16.splat(0)), one));
    }
  } else {
    // Not aligned: each output byte of 8 pixels straddles two source bytes; a 24-bit window shifted by
    // the offset gives 16 pixels. Stop while three source bytes are readable.
    for (; i + 16 <= n && (i >> 3) + 3 <= <usize>srcLen; i += 16) {
      const p = src + (i >> 3);
      const w = ((<u32>load<u16>(p) | (<u32>load<u8>(p + 2) << 16)) >> off) & 0xffff;
      const lanes = i8x16.shuffle(i8x16.splat(<i8>w), i8x16.splat(<i8>(w >> 8)), 0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16);
      v128.store(dst + i, v128.and(i8x16.ne(v128.and(lanes, weights), i8x16.splat(0)), one));
    }
  }
  for (; i < n; i++) {
    const bit = <usize>off + i;
    store<u8>(dst + i, (load<u8>(src + (bit >> 3)) >> <u8>(bit & 7)) & 1);
  }
  return count;
}

/**
 * Packs `count` bytes (any non-zero byte is 1) to bits, LSB first, starting `bitOffset` bits into dst.
 * Bits of dst before the offset and after the last pixel are preserved, so consecutive frames can be
 * packed into one buffer.
 */
export function bits_pack1(src: usize, srcLen: i32, dst: usize, dstLen: i32, bitOffset: i32, count: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (bitOffset < 0 || bitOffset > 7 || count < 0 || srcLen < count) return -INVALID_ARGUMENT;
  const endBit = <i64>bitOffset + <i64>count;
  const touched = <i32>((endBit + 7) >> 3);
  if (<i64>dstLen < ((endBit + 7) >> 3)) return -DESTINATION_TOO_SMALL;
  if (count == 0) return 0;
  const n = <usize>count;
  const off = <u32>bitOffset;
  let i: usize = 0;
  let bit: usize = <usize>off;
  // Leading pixels up to the first byte boundary: read-modify-write of the first byte.
  if (off != 0) {
    let b = <u32>load<u8>(dst);
    for (; i < n && bit < 8; i++, bit++) {
      const m = <u32>1 << <u32>bit;
      b = load<u8>(src + i) != 0 ? b | m : b & ~m;
    }
    store<u8>(dst, <u8>b);
  }
  // Whole bytes: 8 pixels each. i8x16.bitmask gathers the top bit of 16 lanes, so compare first.
  const zero = i8x16.splat(0);
  for (; i + 16 <= n; i += 16, bit += 16) {
    const lanes = i8x16.ne(v128.load(src + i), zero);
    store<u16>(dst + (bit >> 3), <u16>i8x16.bitmask(lanes));
  }
  for (; i + 8 <= n; i += 8, bit += 8) {
    let b: u32 = 0;
    for (let j: usize = 0; j < 8; j++) b |= (load<u8>(src + i + j) != 0 ? <u32>1 : 0) << <u32>j;
    store<u8>(dst + (bit >> 3), <u8>b);
  }
  // Trailing pixels: read-modify-write of the last byte, keeping its high bits.
  if (i < n) {
    const at = dst + (bit >> 3);
    let b = <u32>load<u8>(at);
    for (; i < n; i++, bit++) {
      const m = <u32>1 << <u32>(bit & 7);
      b = load<u8>(src + i) != 0 ? b | m : b & ~m;
    }
    store<u8>(at, <u8>b);
  }
  return touched;
}
