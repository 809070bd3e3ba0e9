// v128 helpers shared by more than one kernel area.

/**
 * Transposes the 4x4 block of 32-bit lanes whose rows are the vectors at src, src + sS, src + 2 sS, src + 3 sS
 * into the rows at dst, dst + sD, ... (strides in bytes): the columns of the source become the rows of the
 * destination. Used by the JPEG DCT (8x8 blocks as four 4x4s) and the JPEG 2000 horizontal wavelet pass (4 rows
 * processed in the lanes of one vector).
 */
@inline export function transpose4(src: usize, sS: usize, dst: usize, sD: usize): void {
  const a = v128.load(src);
  const b = v128.load(src + sS);
  const c = v128.load(src + 2 * sS);
  const d = v128.load(src + 3 * sS);
  const t0 = v128.shuffle<i32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<i32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + sD, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * sD, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * sD, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
}

/**
 * i8x16.swizzle for masks whose bytes are all in 0..15 (pick) or >= 0x80 (zero). For such masks the relaxed
 * swizzle is fully defined (WebAssembly relaxed SIMD: indices >= 128 give 0 on every engine), and on x64 it is a
 * bare pshufb, where the strict form costs a saturating add and a constant load to clamp the indices first.
 */
@inline export function gather(x: v128, mask: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i8x16.relaxed_swizzle(x, mask);
  return i8x16.swizzle(x, mask);
}

/**
 * i16x8.q15mulr_sat_s for operands that are never both -32768: then the relaxed form, whose only freedom is that
 * one case, gives the same lanes, and on x64 it is a bare pmulhrsw without the saturation fix-up.
 */
@inline export function q15mul(a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_q15mulr_s(a, b);
  return i16x8.q15mulr_sat_s(a, b);
}

// Output gathers of storeRgb48: byte masks (indices 0..15 pick, 0x80 zero) that weave (B, R) byte pairs of
// pixels 0..7 (br01) and 8..15 (br23) and 16 G bytes into R G B order. Row 0, 1: output vector 0 (R0 G0 B0 ..
// R5) from br01 and from G; 2, 3, 4: vector 1 (G5 B5 R6 .. G10) from br01, br23 and G; 5, 6: vector 2 (B10 R11
// G11 .. B15) from br23 and G.
export const RGB_GATHERS = memory.data<u8>([
  1, 128, 0, 3, 128, 2, 5, 128, 4, 7, 128, 6, 9, 128, 8, 11,
  128, 0, 128, 128, 1, 128, 128, 2, 128, 128, 3, 128, 128, 4, 128, 128,
  128, 10, 13, 128, 12, 15, 128, 14, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 1, 128, 0, 3, 128, 2, 5, 128,
  5, 128, 128, 6, 128, 128, 7, 128, 128, 8, 128, 128, 9, 128, 128, 10,
  4, 7, 128, 6, 9, 128, 8, 11, 128, 10, 13, 128, 12, 15, 128, 14,
  128, 128, 11, 128, 128, 12, 128, 128, 13, 128, 128, 14, 128, 128, 15, 128,
], 16);

/**
 * Stores 16 pixels as interleaved R G B (48 bytes at q) from br01 = B0 R0 B1 R1 .. B7 R7, br23 = the same for
 * pixels 8..15 and g = G0 .. G15, with the seven gathers of `masks` (RGB_GATHERS, or a table of the same shape
 * for another pixel order): 7 byte gathers and 4 ors, where general two-source shuffles would cost V8 two
 * gathers, an or and two mask materialisations each.
 */
@inline export function storeRgb48(q: usize, br01: v128, br23: v128, g: v128, masks: usize): void {
  v128.store(q, v128.or(gather(br01, v128.load(masks)), gather(g, v128.load(masks, 16))));
  v128.store(q, v128.or(v128.or(gather(br01, v128.load(masks, 32)), gather(br23, v128.load(masks, 48))), gather(g, v128.load(masks, 64))), 16);
  v128.store(q, v128.or(gather(br23, v128.load(masks, 80)), gather(g, v128.load(masks, 96))), 32);
}

/** Stores 16 pixels given as byte planes r, g, b (16 each) as interleaved R G B (48 bytes at q). */
@inline export function storeInterleaved3(q: usize, r: v128, g: v128, b: v128): void {
  const lo = i8x16.shuffle(b, r, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23); // punpcklbw
  const hi = i8x16.shuffle(b, r, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31); // punpckhbw
  storeRgb48(q, lo, hi, g, RGB_GATHERS);
}
