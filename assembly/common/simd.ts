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
