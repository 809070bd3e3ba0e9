// v128 paths of the 8-bit YCbCr -> RGB conversions. Bit-exact with the scalar arithmetic of common.ts (checked
// exhaustively by test/kernels/color-simd.test.ts); the final clamp to 0..255 is the saturation of the
// narrowing step (i16 -> u8 unsigned).
//
// YCbCr -> RGB runs in i16 lanes (8 per vector). libjpeg's terms (common.ts), with c = Cb - 128 or Cr - 128
// in -128..127, are rewritten so that no i32 product is needed except for G:
//   R - Y = (91881 c + 32768) >> 16  = c + ((26344 c + 32768) >> 16) = c + q15mulr(c, 13172)
//   B - Y = (116130 c + 32768) >> 16 = c + ((50594 c + 32768) >> 16) = c + q15mulr(c, 25297)
//   G - Y = (32768 - 22554 cb - 46802 cr) >> 16 = ((32768 - 22554 cb + 18734 cr) >> 16) - cr
// q15mulr(a, k) = (a k + 2^14) >> 15 (i16x8.q15mulr_sat_s; no saturation occurs for |a| <= 128). For R the
// coefficient 26345 is replaced by the even 26344: the two give the same result for every c in -128..127
// (enumerated when choosing it; the exhaustive test pins it). G's two products go through i32x4.dot_i16x8_s
// on (cb, cr) lane pairs, whose high halves are the >> 16.
//
// 16 interleaved pixels (48 bytes, three vectors a, b, c) per step; see sample() and store3() for how they
// are de-interleaved and re-interleaved.
import { ONE_HALF } from "./common";
import { mask, pairsC, pairsY, sample0, sample1, sample2, store3, zip16 } from "./simd-layout";

/** (32768 - 22554 cb + 18734 cr) >> 16 for 8 lanes of centred i16 cb, cr (see the header). */
@inline function gTerm(cb: v128, cr: v128): v128 {
  // -K_CB_G (22554) and 65536 - K_CR_G (65536 - 46802 = 18734), alternating.
  const k = i16x8(-22554, 18734, -22554, 18734, -22554, 18734, -22554, 18734);
  const half = i32x4.splat(ONE_HALF);
  // (cb0, cr0, cb1, cr1, ...) lane pairs, then pairwise products summed in i32.
  const p0 = i8x16.shuffle(cb, cr, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
  const p1 = i8x16.shuffle(cb, cr, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
  const d0 = i32x4.add(i32x4.dot_i16x8_s(p0, k), half);
  const d1 = i32x4.add(i32x4.dot_i16x8_s(p1, k), half);
  // The high i16 of each i32 lane is its arithmetic >> 16 (the result fits in i16).
  return i8x16.shuffle(d0, d1, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
}

/** R, G, B (ch 0, 1, 2) of 8 pixels: i16 lanes y (0..255), cbx, crx (centred); result i16, unclamped. */
@inline function rgb8(y: v128, cbx: v128, crx: v128, ch: i32): v128 {
  if (ch == 0) return i16x8.add(y, i16x8.add(crx, i16x8.q15mulr_sat_s(crx, i16x8.splat(13172))));
  if (ch == 2) return i16x8.add(y, i16x8.add(cbx, i16x8.q15mulr_sat_s(cbx, i16x8.splat(25297))));
  return i16x8.add(y, i16x8.sub(gTerm(cbx, crx), crx));
}

/** Converts 16 pixels given as u8x16 Y, Cb, Cr vectors to u8x16 R (ch 0), G (1) or B (2). */
@inline function channel16(yl: v128, yh: v128, cbl: v128, cbh: v128, crl: v128, crh: v128, ch: i32): v128 {
  return i8x16.narrow_i16x8_u(rgb8(yl, cbl, crl, ch), rgb8(yh, cbh, crh, ch));
}

/** Converts 16 pixels given as u8x16 Y, Cb, Cr vectors and stores them interleaved (48 bytes) at q. */
@inline function ycc16ToRgb(q: usize, y: v128, cb: v128, cr: v128): void {
  const k128 = i16x8.splat(128);
  const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
  const cbl = i16x8.sub(i16x8.extend_low_i8x16_u(cb), k128), cbh = i16x8.sub(i16x8.extend_high_i8x16_u(cb), k128);
  const crl = i16x8.sub(i16x8.extend_low_i8x16_u(cr), k128), crh = i16x8.sub(i16x8.extend_high_i8x16_u(cr), k128);
  store3(q, channel16(yl, yh, cbl, cbh, crl, crh, 0), channel16(yl, yh, cbl, cbh, crl, crh, 1), channel16(yl, yh, cbl, cbh, crl, crh, 2));
}

/**
 * YBR_FULL -> RGB, 8-bit interleaved, 16 pixels per step. Returns the number of pixels converted (a multiple
 * of 16); the caller finishes the tail with the scalar loop. Safe in place (all loads precede the stores).
 */
export function ybrFullToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 3;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    ycc16ToRgb(dst + i * 3, sample0(a, b, c), sample1(a, b, c), sample2(a, b, c));
  }
  return i;
}

/**
 * Converts 16 pixels (Y as u8x16; Cb, Cr per pixel as centred i16x8 for pixels 0..7 and 8..15) and stores
 * them interleaved (48 bytes) at q.
 */
@inline function pix16ToRgb(q: usize, y: v128, cbl: v128, cbh: v128, crl: v128, crh: v128): void {
  const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
  store3(q, channel16(yl, yh, cbl, cbh, crl, crh, 0), channel16(yl, yh, cbl, cbh, crl, crh, 1), channel16(yl, yh, cbl, cbh, crl, crh, 2));
}

/**
 * Native YBR_FULL_422 (Y0 Y1 Cb Cr per pair) -> RGB with replicated chroma, 16 pixels (32 bytes in, 48 out)
 * per step. Returns the number of pixels converted (a multiple of 16). Not in place (output is larger).
 */
export function ybr422ToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  const k128 = i16x8.splat(128);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 2;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = pairsC(a, b);
    const cb = i16x8.sub(i16x8.extend_low_i8x16_u(c), k128);
    const cr = i16x8.sub(i16x8.extend_high_i8x16_u(c), k128);
    // Each pair's chroma serves both of its pixels: lanes c0 c0 c1 c1 ...
    pix16ToRgb(dst + i * 3, pairsY(a, b), zip16(cb, cb, false), zip16(cb, cb, true), zip16(cr, cr, false), zip16(cr, cr, true));
  }
  return i;
}

/**
 * YBR_FULL -> RGB, 8-bit colour-by-plane (Planar Configuration 1), 16 pixels per step: the planes need no
 * shuffles. Returns pixels done. Safe in place.
 */
export function ybrFullToRgbPlanarU8Simd(src: usize, dst: usize, n: usize): usize {
  const k128 = i16x8.splat(128);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const y = v128.load(src + i);
    const cb = v128.load(src + n + i);
    const cr = v128.load(src + 2 * n + i);
    const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
    const cbl = i16x8.sub(i16x8.extend_low_i8x16_u(cb), k128), cbh = i16x8.sub(i16x8.extend_high_i8x16_u(cb), k128);
    const crl = i16x8.sub(i16x8.extend_low_i8x16_u(cr), k128), crh = i16x8.sub(i16x8.extend_high_i8x16_u(cr), k128);
    v128.store(dst + i, channel16(yl, yh, cbl, cbh, crl, crh, 0));
    v128.store(dst + n + i, channel16(yl, yh, cbl, cbh, crl, crh, 1));
    v128.store(dst + 2 * n + i, channel16(yl, yh, cbl, cbh, crl, crh, 2));
  }
  return i;
}

/**
 * One row of native YBR_FULL_422 -> RGB with libjpeg's h2v1 "fancy" chroma (sampling.ts), 8 pairs (16
 * pixels) per step; m = pairs in the row (> 2). Cb and Cr of 8 pairs are u16 lanes; the left neighbours are
 * the lanes shifted by one with the previous block's last lane entering (a byte-window concatenation), the
 * right neighbours likewise with the next block's first lane. At the row's ends, where there is no neighbour,
 * the edge sample itself stands in, and the edge rule "copy the sample" is then the same formula:
 * (3c + c + 1) >> 2 = (3c + c + 2) >> 2 = c. Returns the pairs done (a multiple of 8); the caller finishes
 * the row.
 */
export function ybr422FancyRowU8Simd(sp: usize, dp: usize, m: usize): usize {
  if (m < 8) return 0;
  const one = i16x8.splat(1), two = i16x8.splat(2), k128 = i16x8.splat(128);
  const c0 = pairsC(v128.load(sp), v128.load(sp, 16));
  let cb = i16x8.extend_low_i8x16_u(c0), cr = i16x8.extend_high_i8x16_u(c0);
  // Before the first pair: the first pair itself (lane 0 broadcast; only lane 7 is used).
  let cbPrev = i8x16.shuffle(cb, cb, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  let crPrev = i8x16.shuffle(cr, cr, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  let j: usize = 0;
  for (; j + 8 <= m; j += 8) {
    const p = sp + j * 4;
    let cbNext: v128, crNext: v128; // only lane 0 is used
    if (j + 16 <= m) {
      const c = pairsC(v128.load(p, 32), v128.load(p, 48));
      cbNext = i16x8.extend_low_i8x16_u(c);
      crNext = i16x8.extend_high_i8x16_u(c);
    } else if (j + 8 < m) {
      // A partial block follows: only its first pair (4 bytes) may be read.
      cbNext = i16x8.splat(<i16>load<u8>(p, 34));
      crNext = i16x8.splat(<i16>load<u8>(p, 35));
    } else {
      // The row ends here: the last pair itself.
      cbNext = i8x16.shuffle(cb, cb, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15);
      crNext = i8x16.shuffle(cr, cr, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15);
    }
    const cbL = i8x16.shuffle(cbPrev, cb, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
    const crL = i8x16.shuffle(crPrev, cr, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
    const cbR = i8x16.shuffle(cb, cbNext, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
    const crR = i8x16.shuffle(cr, crNext, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
    const cb3 = i16x8.add(i16x8.add(cb, cb), cb), cr3 = i16x8.add(i16x8.add(cr, cr), cr);
    // Even pixel of each pair: (3c + left + 1) >> 2; odd: (3c + right + 2) >> 2; then centred.
    const cbE = i16x8.sub(i16x8.shr_u(i16x8.add(i16x8.add(cb3, cbL), one), 2), k128);
    const crE = i16x8.sub(i16x8.shr_u(i16x8.add(i16x8.add(cr3, crL), one), 2), k128);
    const cbO = i16x8.sub(i16x8.shr_u(i16x8.add(i16x8.add(cb3, cbR), two), 2), k128);
    const crO = i16x8.sub(i16x8.shr_u(i16x8.add(i16x8.add(cr3, crR), two), 2), k128);
    pix16ToRgb(dp + j * 6, pairsY(v128.load(p), v128.load(p, 16)), zip16(cbE, cbO, false), zip16(cbE, cbO, true), zip16(crE, crO, false), zip16(crE, crO, true));
    cbPrev = cb;
    crPrev = cr;
    cb = cbNext;
    cr = crNext;
  }
  return j;
}
