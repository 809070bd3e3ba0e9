// The canonical-form step fused into the decoder (src/pixel-module.ts): mask each cell to Bits Stored at
// High Bit, shift the lowest stored bit to bit 0, and sign-extend from Bits Stored when signed (PS3.5 8.1.1,
// PS3.3 C.7.6.3.1). Done in place on the decoded cells while they are still in linear memory, so the
// adapter needs no second pass (and no second copy) for Bits Stored < Bits Allocated.

/** In place on `count` cells of `cb` bytes. bs 1..8*cb, hb bs-1..8*cb-1. */
export function normalizeCells(p: usize, count: usize, cb: i32, bs: i32, hb: i32, signed: bool): void {
  const bits = cb * 8;
  const up = bits - bs; // left shift that puts the stored MSB at the cell's MSB
  let i: usize = 0;
  const bytes = count * <usize>cb;
  if (cb == 2) {
    // v = ((v << (16 - hb - 1)) >> (16 - bs)): the left shift drops the bits above High Bit, the right
    // shift (arithmetic when signed) drops the bits below the stored ones and extends the sign.
    const l = 15 - hb;
    if (signed) {
      for (; i + 16 <= bytes; i += 16) v128.store(p + i, i16x8.shr_s(i16x8.shl(v128.load(p + i), l), up));
      for (; i < bytes; i += 2) store<i16>(p + i, <i16>((<i32>(<i16>(load<u16>(p + i) << <u16>l))) >> up));
    } else {
      for (; i + 16 <= bytes; i += 16) v128.store(p + i, i16x8.shr_u(i16x8.shl(v128.load(p + i), l), up));
      for (; i < bytes; i += 2) store<u16>(p + i, <u16>((<u32>(<u16>(load<u16>(p + i) << <u16>l))) >> up));
    }
  } else {
    const l = 7 - hb;
    if (signed) {
      for (; i + 16 <= bytes; i += 16) v128.store(p + i, i8x16.shr_s(i8x16.shl(v128.load(p + i), l), up));
      for (; i < bytes; i++) store<i8>(p + i, <i8>((<i32>(<i8>(load<u8>(p + i) << <u8>l))) >> up));
    } else {
      for (; i + 16 <= bytes; i += 16) v128.store(p + i, i8x16.shr_u(i8x16.shl(v128.load(p + i), l), up));
      for (; i < bytes; i++) store<u8>(p + i, <u8>((<u32>(<u8>(load<u8>(p + i) << <u8>l))) >> up));
    }
  }
}
