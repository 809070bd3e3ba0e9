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
import { mask, pairsC, pairsY, sampleWith, store3With, zip16 } from "./simd-layout";

// Constants, loaded into locals before each loop (V8 rebuilds a v128 constant used inside a loop on every
// iteration, three instructions each, and Binaryen folds constant locals back into their uses; a load from
// static memory is opaque to both, so the value stays in a register).
const K16 = memory.data<i16>([
  // 0: G's (cb, cr) pair coefficients: -K_CB_G (22554) and 65536 - K_CR_G (65536 - 46802 = 18734).
  -22554, 18734, -22554, 18734, -22554, 18734, -22554, 18734,
  // 1: q15 multiplier of R (26344 / 2), 2: of B (50594 / 2).
  13172, 13172, 13172, 13172, 13172, 13172, 13172, 13172,
  25297, 25297, 25297, 25297, 25297, 25297, 25297, 25297,
  // 3: ONE_HALF as i32 lanes (low, high i16 halves); 4: 0x80 in every byte (u8 -> centred i8 by xor).
  -32768, 0, -32768, 0, -32768, 0, -32768, 0,
  -32640, -32640, -32640, -32640, -32640, -32640, -32640, -32640,
  // 5: 1 and 6: 2 in every i16 lane (the fancy filter's biases).
  1, 1, 1, 1, 1, 1, 1, 1,
  2, 2, 2, 2, 2, 2, 2, 2,
], 16);

@inline function k16(row: i32): v128 {
  return v128.load(K16 + <usize>(row << 4));
}

/** (32768 - 22554 cb + 18734 cr) >> 16 - cr = G - Y for 8 lanes of centred i16 cb, cr (see the header). */
@inline function gTerm(cb: v128, cr: v128, kG: v128, half: v128): v128 {
  // (cb0, cr0, cb1, cr1, ...) lane pairs, then pairwise products summed in i32.
  const d0 = i32x4.add(i32x4.dot_i16x8_s(zip16(cb, cr, false), kG), half);
  const d1 = i32x4.add(i32x4.dot_i16x8_s(zip16(cb, cr, true), kG), half);
  // The high i16 of each i32 lane is its arithmetic >> 16 (the result fits in i16).
  return i16x8.sub(i8x16.shuffle(d0, d1, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31), cr);
}

/** R - Y (q = kR) or B - Y (q = kB) for 8 lanes of centred i16 chroma c: c + q15mulr(c, q). */
@inline function rbTerm(c: v128, q: v128): v128 {
  return i16x8.add(c, i16x8.q15mulr_sat_s(c, q));
}

/** Sign-extended low (hi = false) or high 8 lanes of a u8x16 chroma vector already xor-ed with 0x80: c - 128. */
@inline function centred(x: v128, hi: bool): v128 {
  return hi ? i16x8.extend_high_i8x16_s(x) : i16x8.extend_low_i8x16_s(x);
}

/** Y + term for 16 pixels (u8x16 y as yl, yh; term as tl, th i16), clamped to 0..255 by the narrowing. */
@inline function plus(yl: v128, yh: v128, tl: v128, th: v128): v128 {
  return i8x16.narrow_i16x8_u(i16x8.add(yl, tl), i16x8.add(yh, th));
}

/**
 * YBR_FULL -> RGB, 8-bit interleaved, 16 pixels per step. Returns the number of pixels converted (a multiple
 * of 16); the caller finishes the tail with the scalar loop. Safe in place (all loads precede the stores).
 */
export function ybrFullToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  const kG = k16(0), kR = k16(1), kB = k16(2), half = k16(3), x80 = k16(4);
  const m4 = mask(4), m5 = mask(5), z = i8x16.splat(0);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 3;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    const y = sampleWith(a, b, c, 0, m4);
    const cb = v128.xor(sampleWith(a, b, c, 1, m4), x80);
    const cr = v128.xor(sampleWith(a, b, c, 2, m4), x80);
    const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
    const cbl = centred(cb, false), cbh = centred(cb, true);
    const crl = centred(cr, false), crh = centred(cr, true);
    const r = plus(yl, yh, rbTerm(crl, kR), rbTerm(crh, kR));
    const g = plus(yl, yh, gTerm(cbl, crl, kG, half), gTerm(cbh, crh, kG, half));
    const bb = plus(yl, yh, rbTerm(cbl, kB), rbTerm(cbh, kB));
    store3With(dst + i * 3, r, g, bb, m5, z);
  }
  return i;
}

/**
 * YBR_FULL -> RGB, 8-bit colour-by-plane (Planar Configuration 1), 16 pixels per step: the planes need no
 * shuffles. Returns pixels done. Safe in place.
 */
export function ybrFullToRgbPlanarU8Simd(src: usize, dst: usize, n: usize): usize {
  const kG = k16(0), kR = k16(1), kB = k16(2), half = k16(3), x80 = k16(4);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const y = v128.load(src + i);
    const cb = v128.xor(v128.load(src + n + i), x80);
    const cr = v128.xor(v128.load(src + 2 * n + i), x80);
    const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
    const cbl = centred(cb, false), cbh = centred(cb, true);
    const crl = centred(cr, false), crh = centred(cr, true);
    v128.store(dst + i, plus(yl, yh, rbTerm(crl, kR), rbTerm(crh, kR)));
    v128.store(dst + n + i, plus(yl, yh, gTerm(cbl, crl, kG, half), gTerm(cbh, crh, kG, half)));
    v128.store(dst + 2 * n + i, plus(yl, yh, rbTerm(cbl, kB), rbTerm(cbh, kB)));
  }
  return i;
}

/**
 * Native YBR_FULL_422 (Y0 Y1 Cb Cr per pair) -> RGB with replicated chroma, 16 pixels (32 bytes in, 48 out)
 * per step. The three chroma terms are computed once per pair (8 lanes) and then duplicated to the pair's two
 * pixels. Returns the number of pixels converted (a multiple of 16). Not in place (output is larger).
 */
export function ybr422ToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  const kG = k16(0), kR = k16(1), kB = k16(2), half = k16(3), x80 = k16(4);
  const m0 = mask(0), m1 = mask(1), m2 = mask(2), m3 = mask(3), m5 = mask(5), z = i8x16.splat(0);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 2;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.xor(pairsC(a, b, m2, m3), x80);
    const cb = centred(c, false), cr = centred(c, true);
    const y = pairsY(a, b, m0, m1);
    const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
    // Each pair's term serves both of its pixels: lanes t0 t0 t1 t1 ...
    const tr = rbTerm(cr, kR), tg = gTerm(cb, cr, kG, half), tb = rbTerm(cb, kB);
    const r = plus(yl, yh, zip16(tr, tr, false), zip16(tr, tr, true));
    const g = plus(yl, yh, zip16(tg, tg, false), zip16(tg, tg, true));
    const bb = plus(yl, yh, zip16(tb, tb, false), zip16(tb, tb, true));
    store3With(dst + i * 3, r, g, bb, m5, z);
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
  const kG = k16(0), kR = k16(1), kB = k16(2), half = k16(3);
  const one = k16(5), two = k16(6), k128 = i16x8.shl(one, 7);
  const m0 = mask(0), m1 = mask(1), m2 = mask(2), m3 = mask(3), m5 = mask(5), z = i8x16.splat(0);
  const c0 = pairsC(v128.load(sp), v128.load(sp, 16), m2, m3);
  let cb = i16x8.extend_low_i8x16_u(c0), cr = i16x8.extend_high_i8x16_u(c0);
  // Before the first pair: the first pair itself (lane 0 broadcast; only lane 7 is used).
  let cbPrev = i8x16.shuffle(cb, cb, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  let crPrev = i8x16.shuffle(cr, cr, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  let j: usize = 0;
  for (; j + 8 <= m; j += 8) {
    const p = sp + j * 4;
    let cbNext: v128, crNext: v128; // only lane 0 is used
    if (j + 16 <= m) {
      const c = pairsC(v128.load(p, 32), v128.load(p, 48), m2, m3);
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
    const cbl = zip16(cbE, cbO, false), cbh = zip16(cbE, cbO, true);
    const crl = zip16(crE, crO, false), crh = zip16(crE, crO, true);
    const y = pairsY(v128.load(p), v128.load(p, 16), m0, m1);
    const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
    const r = plus(yl, yh, rbTerm(crl, kR), rbTerm(crh, kR));
    const g = plus(yl, yh, gTerm(cbl, crl, kG, half), gTerm(cbh, crh, kG, half));
    const bb = plus(yl, yh, rbTerm(cbl, kB), rbTerm(cbh, kB));
    store3With(dp + j * 6, r, g, bb, m5, z);
    cbPrev = cb;
    crPrev = cr;
    cb = cbNext;
    cr = crNext;
  }
  return j;
}
