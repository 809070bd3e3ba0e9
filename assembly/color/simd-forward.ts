// v128 paths of the 8-bit RGB -> YCbCr conversions (libjpeg jccolor arithmetic), bit-exact with common.ts
// (checked exhaustively by test/kernels/color-simd.test.ts).
//
// Each output is a sum of three products plus a constant, >> 16 (common.ts rgbY32 / rgbCb32 / rgbCr32). Here
// the products are summed pairwise by i32x4.dot_i16x8_s on (R, G) and (B, 2) lane pairs, with the one
// coefficient that does not fit in i16 moved out as a whole multiple of 65536 (added after the shift):
//   Y  = G + ((19595 R - 27066 G + 7471 B + 16384 * 2) >> 16)              (38470 = 65536 - 27066)
//   Cb = B + ((-11059 R - 21709 G - 32768 B + 128 * 65536 + 32767) >> 16)  (32768 = 65536 - 32768)
//   Cr = R + ((-32768 R - 27439 G - 5329 B + 128 * 65536 + 32767) >> 16)
// Same integers as the scalar code, no overflow (|sum| < 2^24), so bit-exact.
import { ONE_HALF } from "./common";
import { sample0, sample1, sample2, store3, zip16 } from "./simd-layout";

/** One output channel (0 Y, 1 Cb, 2 Cr) of 4 pixels: (R, G) pairs rg, (B, 2) pairs pb; the i32 before >> 16. */
@inline function fwdQuarter(rg: v128, pb: v128, ch: i32): v128 {
  if (ch == 0) {
    return i32x4.add(i32x4.dot_i16x8_s(rg, i16x8(19595, -27066, 19595, -27066, 19595, -27066, 19595, -27066)), i32x4.dot_i16x8_s(pb, i16x8(7471, 16384, 7471, 16384, 7471, 16384, 7471, 16384)));
  }
  const c = i32x4.splat((128 << 16) + ONE_HALF - 1);
  if (ch == 1) {
    return i32x4.add(i32x4.add(i32x4.dot_i16x8_s(rg, i16x8(-11059, -21709, -11059, -21709, -11059, -21709, -11059, -21709)), i32x4.dot_i16x8_s(pb, i16x8(-32768, 0, -32768, 0, -32768, 0, -32768, 0))), c);
  }
  return i32x4.add(i32x4.add(i32x4.dot_i16x8_s(rg, i16x8(-32768, -27439, -32768, -27439, -32768, -27439, -32768, -27439)), i32x4.dot_i16x8_s(pb, i16x8(-5329, 0, -5329, 0, -5329, 0, -5329, 0))), c);
}

/** Eight pixels: base (G, B or R as i16) + the two quarters >> 16. */
@inline function fwdHalf(rg0: v128, rg1: v128, pb0: v128, pb1: v128, base: v128, ch: i32): v128 {
  const t = i16x8.narrow_i32x4_s(i32x4.shr_s(fwdQuarter(rg0, pb0, ch), 16), i32x4.shr_s(fwdQuarter(rg1, pb1, ch), 16));
  return i16x8.add(base, t);
}

/** 16 pixels given as u8x16 R, G, B -> u8x16 of channel ch (0 Y, 1 Cb, 2 Cr). */
@inline function yccChannel(r: v128, g: v128, bb: v128, ch: i32): v128 {
  const two = i16x8.splat(2);
  const rl = i16x8.extend_low_i8x16_u(r), rh = i16x8.extend_high_i8x16_u(r);
  const gl = i16x8.extend_low_i8x16_u(g), gh = i16x8.extend_high_i8x16_u(g);
  const bl = i16x8.extend_low_i8x16_u(bb), bh = i16x8.extend_high_i8x16_u(bb);
  const baseL = ch == 0 ? gl : ch == 1 ? bl : rl;
  const baseH = ch == 0 ? gh : ch == 1 ? bh : rh;
  const lo = fwdHalf(zip16(rl, gl, false), zip16(rl, gl, true), zip16(bl, two, false), zip16(bl, two, true), baseL, ch);
  const hi = fwdHalf(zip16(rh, gh, false), zip16(rh, gh, true), zip16(bh, two, false), zip16(bh, two, true), baseH, ch);
  return i8x16.narrow_i16x8_u(lo, hi);
}

/**
 * 16 interleaved RGB pixels at p -> u8x16 of channel ch (0 Y, 1 Cb, 2 Cr). Called once per channel on the
 * same loads; the de-interleave and pairing are pure and shared by the engine's value numbering.
 */
@inline function rgb16ToYccChannel(p: usize, ch: i32): v128 {
  const a = v128.load(p);
  const b = v128.load(p, 16);
  const c = v128.load(p, 32);
  return yccChannel(sample0(a, b, c), sample1(a, b, c), sample2(a, b, c), ch);
}

/**
 * RGB -> YBR_FULL, 8-bit colour-by-plane (Planar Configuration 1), 16 pixels per step: n pixels per plane.
 * Returns pixels done. Safe in place (the three loads precede the three stores).
 */
export function rgbToYbrFullPlanarU8Simd(src: usize, dst: usize, n: usize): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const r = v128.load(src + i);
    const g = v128.load(src + n + i);
    const b = v128.load(src + 2 * n + i);
    const y = yccChannel(r, g, b, 0);
    const cb = yccChannel(r, g, b, 1);
    const cr = yccChannel(r, g, b, 2);
    v128.store(dst + i, y);
    v128.store(dst + n + i, cb);
    v128.store(dst + 2 * n + i, cr);
  }
  return i;
}

/** RGB -> YBR_FULL, 8-bit interleaved, 16 pixels per step; returns pixels done. Safe in place. */
export function rgbToYbrFullU8Simd(src: usize, dst: usize, n: usize): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 3;
    store3(dst + i * 3, rgb16ToYccChannel(p, 0), rgb16ToYccChannel(p, 1), rgb16ToYccChannel(p, 2));
  }
  return i;
}

/**
 * One row of interleaved RGB -> native YBR_FULL_422, 16 pixels (8 pairs) per step, chroma of each pair
 * averaged with libjpeg's h2v1 bias 0,1,0,1... (pair parity counted from the row start, so steps of 8 pairs
 * keep it aligned). Returns pixels done.
 */
export function rgbTo422RowU8Simd(src: usize, dst: usize, n: usize): usize {
  const bias = i16x8(0, 1, 0, 1, 0, 1, 0, 1);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 3;
    const y = rgb16ToYccChannel(p, 0);
    const cb = i16x8.shr_u(i16x8.add(i16x8.extadd_pairwise_i8x16_u(rgb16ToYccChannel(p, 1)), bias), 1);
    const cr = i16x8.shr_u(i16x8.add(i16x8.extadd_pairwise_i8x16_u(rgb16ToYccChannel(p, 2)), bias), 1);
    // cb, cr: 8 u16 lanes (0..255); Cb in the low byte and Cr in the high byte of each: Cb0 Cr0 Cb1 Cr1 ...
    const cbcr = v128.or(cb, i16x8.shl(cr, 8));
    // Y0 Y1 Cb0 Cr0 Y2 Y3 Cb1 Cr1 ...: u16 lanes of y and cbcr interleaved.
    const q = dst + i * 2;
    v128.store(q, zip16(y, cbcr, false));
    v128.store(q, zip16(y, cbcr, true), 16);
  }
  return i;
}
