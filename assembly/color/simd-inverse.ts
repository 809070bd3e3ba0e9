// v128 paths of the 8-bit YCbCr -> RGB conversions. Bit-exact with the scalar arithmetic of common.ts (checked
// exhaustively by test/kernels/color-simd.test.ts); the final clamp to 0..255 is the saturation of the
// narrowing step (i16 -> u8 unsigned).
//
// YCbCr -> RGB runs in i16 lanes (8 per vector). libjpeg's terms (common.ts), with c = Cb - 128 or Cr - 128
// in -128..127, are rewritten so that no i32 product is needed except for G:
//   R - Y = (91881 c + 32768) >> 16  = c + ((26344 c + 32768) >> 16) = c + q15mulr(c, 13172)
//   B - Y = (116130 c + 32768) >> 16 = c + ((50594 c + 32768) >> 16) = c + q15mulr(c, 25297)
//   G - Y = (32768 - 22554 cb - 46802 cr) >> 16 = (16384 - 11277 cb - 23401 cr) >> 15
// q15mulr(a, k) = (a k + 2^14) >> 15 (i16x8.q15mulr_sat_s, or its relaxed form in the relaxed build: no
// saturation occurs for |a| <= 128, the one case where the two differ). For R the coefficient 26345 is
// replaced by the even 26344: the two give the same result for every c in -128..127 (enumerated when choosing
// it; the exhaustive test pins it). G's coefficients and constant are all even, so halving them changes
// nothing and makes them fit i16: its two products go through i32x4.dot_i16x8_s on (cb, cr) lane pairs.

import { gather, q15mul, RGB_GATHERS, storeRgb48 } from "../common/simd";

const K16 = memory.data<i16>([
  // 0: G's (cb, cr) pair coefficients: -K_CB_G / 2 and -K_CR_G / 2.
  -11277, -23401, -11277, -23401, -11277, -23401, -11277, -23401,
  // 1: q15 multiplier of R (26344 / 2), 2: of B (50594 / 2).
  13172, 13172, 13172, 13172, 13172, 13172, 13172, 13172,
  25297, 25297, 25297, 25297, 25297, 25297, 25297, 25297,
  // 3: ONE_HALF / 2 as i32 lanes (low, high i16 halves); 4: 0x80 in every byte (u8 -> centred i8 by xor).
  16384, 0, 16384, 0, 16384, 0, 16384, 0,
  -32640, -32640, -32640, -32640, -32640, -32640, -32640, -32640,
  // 5: 1 - 512 and 6: 2 - 512 in every i16 lane (the fancy filter's biases, with the chroma centre folded in:
  // (3c + n + 1 - 512) >> 2 = ((3c + n + 1) >> 2) - 128 under an arithmetic shift).
  -511, -511, -511, -511, -511, -511, -511, -511,
  -510, -510, -510, -510, -510, -510, -510, -510,
], 16);

/** Interleaves the low (hi = false) or high four i16 lanes of x and y: x0 y0 x1 y1 ... (one punpck*wd). */
@inline function zip16(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}

@inline function k16(row: i32): v128 {
  return v128.load(K16 + <usize>(row << 4));
}

// --- pixel-pair form -------------------------------------------------------------------------------------
// With P = (Cb, Cr) as u16 pairs (the i32 lane Cb + 65536 Cr), Pc = P - 128 (centred) and Y2 = (Y, Y) as u16
// pairs, per pixel:
//   (B, R) = Y2 + Pc + q15mulr(Pc, (25297, 13172))      the B and R rows of the header, in one i16 multiply;
//   G      = (dot(P, (-11277, -23401)) + dot(Y2, (16384, 16384)) + K_G) >> 15      one i32 lane per pixel:
//     libjpeg's G - Y = (32768 - 22554 cb - 46802 cr) >> 16 has even coefficients and constant, so it is
//     exactly (16384 - 11277 cb - 23401 cr) >> 15, whose coefficients fit i16; the second dot adds 32768 Y (its
//     two halves of Y2 times 16384), and K_G = 16384 + 128 (11277 + 23401) re-centres uncentred P (K_G = 16384
//     when P is already centred, as the fancy filter makes it).
const PAIRS16 = memory.data<i16>([
  25297, 13172, 25297, 13172, 25297, 13172, 25297, 13172, // 0: q15 multipliers of (B, R)
  -11277, -23401, -11277, -23401, -11277, -23401, -11277, -23401, // 1: G's (Cb, Cr) coefficients
  128, 128, 128, 128, 128, 128, 128, 128, // 2: 128 in every i16 lane
  16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, // 3: G's Y2 coefficients (32768 Y per lane)
], 16);
/** K_G for uncentred P (row 0) and for centred P (row 1), in every i32 lane. */
const PAIRS_KG = memory.data<i32>([4455168, 4455168, 4455168, 4455168, 16384, 16384, 16384, 16384], 16);
// Byte gathers: 0, 1: P and Y2 of the 4 pixels in the first 12 bytes of an interleaved vector;
// 2, 3: Y2 of the even and of the odd pixels of 4 native 4:2:2 pairs (Y0 Y1 Cb Cr ...);
// 4..10: the output gathers (common/simd.ts RGB_GATHERS) for pixels held in the order 0 2 4 6 1 3 5 7 (and
// 8 + the same), as the fancy filter yields them (even and odd outputs of each pair): the permutation is folded
// into the output gathers; 11: P, the (Cb, Cr) u16 pairs, of 4 native 4:2:2 pairs.
const PAIR_MASKS = memory.data<u8>([
  1, 128, 2, 128, 4, 128, 5, 128, 7, 128, 8, 128, 10, 128, 11, 128,
  0, 128, 0, 128, 3, 128, 3, 128, 6, 128, 6, 128, 9, 128, 9, 128,
  0, 128, 0, 128, 4, 128, 4, 128, 8, 128, 8, 128, 12, 128, 12, 128,
  1, 128, 1, 128, 5, 128, 5, 128, 9, 128, 9, 128, 13, 128, 13, 128,
  1, 128, 0, 9, 128, 8, 3, 128, 2, 11, 128, 10, 5, 128, 4, 13,
  128, 0, 128, 128, 4, 128, 128, 1, 128, 128, 5, 128, 128, 2, 128, 128,
  128, 12, 7, 128, 6, 15, 128, 14, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 1, 128, 0, 9, 128, 8, 3, 128,
  6, 128, 128, 3, 128, 128, 7, 128, 128, 8, 128, 128, 12, 128, 128, 9,
  2, 11, 128, 10, 5, 128, 4, 13, 128, 12, 7, 128, 6, 15, 128, 14,
  128, 128, 13, 128, 128, 10, 128, 128, 14, 128, 128, 11, 128, 128, 15, 128,
  2, 128, 3, 128, 6, 128, 7, 128, 10, 128, 11, 128, 14, 128, 15, 128,
], 16);

/** The output gathers for the fancy filter's pixel order (rows 4..10). */
const PERMUTED_GATHERS: usize = PAIR_MASKS + 64;

@inline function pm(row: i32): v128 {
  return v128.load(PAIR_MASKS + <usize>(row << 4));
}

/** (B, R) i16 pairs of 4 pixels (unclamped) from centred Pc and Y2 (see above); kBR = PAIRS16 row 0. */
@inline function pairBR(pc: v128, y2: v128, kBR: v128): v128 {
  return i16x8.add(i16x8.add(y2, pc), q15mul(pc, kBR));
}

/** G of 4 pixels as i32 lanes (unclamped) from P and Y2; kG, kY = PAIRS16 rows 1, 3, kGc = PAIRS_KG. */
@inline function pairG(p: v128, y2: v128, kG: v128, kY: v128, kGc: v128): v128 {
  return i32x4.shr_s(i32x4.add(i32x4.add(i32x4.dot_i16x8_s(p, kG), i32x4.dot_i16x8_s(y2, kY)), kGc), 15);
}

/**
 * Converts 16 pixels given as P and Y2 of pixels 0..3, 4..7, 8..11, 12..15 (see above; with out = 11, of
 * pixels 0 2 4 6, 1 3 5 7, 8 10 12 14, 9 11 13 15, with masks = PERMUTED_GATHERS) and stores them as
 * interleaved R G B (48 bytes) at q (storeRgb48). P is centred when centred is set (then kGc must be
 * PAIRS_KG row 1), else raw u16 (k128 subtracts the centre). The narrowing (i16 -> u8, unsigned saturation) is
 * the clamp to 0..255.
 */
@inline function rgb16FromPairs(q: usize, p0: v128, p1: v128, p2: v128, p3: v128, y0: v128, y1: v128, y2: v128, y3: v128,
  kBR: v128, kG: v128, kY: v128, kGc: v128, k128: v128, centred: bool, masks: usize = RGB_GATHERS): void {
  const c0 = centred ? p0 : i16x8.sub(p0, k128), c1 = centred ? p1 : i16x8.sub(p1, k128);
  const c2 = centred ? p2 : i16x8.sub(p2, k128), c3 = centred ? p3 : i16x8.sub(p3, k128);
  const br01 = i8x16.narrow_i16x8_u(pairBR(c0, y0, kBR), pairBR(c1, y1, kBR));
  const br23 = i8x16.narrow_i16x8_u(pairBR(c2, y2, kBR), pairBR(c3, y3, kBR));
  const g = i8x16.narrow_i16x8_u(
    i16x8.narrow_i32x4_s(pairG(p0, y0, kG, kY, kGc), pairG(p1, y1, kG, kY, kGc)),
    i16x8.narrow_i32x4_s(pairG(p2, y2, kG, kY, kGc), pairG(p3, y3, kG, kY, kGc)),
  );
  storeRgb48(q, br01, br23, g, masks);
}

/** (16384 - 11277 cb - 23401 cr) >> 15 = G - Y for 8 lanes of centred i16 cb, cr (see the header). */
@inline function gTerm(cb: v128, cr: v128, kG: v128, half: v128): v128 {
  // (cb0, cr0, cb1, cr1, ...) lane pairs, then pairwise products summed in i32.
  const d0 = i32x4.shr_s(i32x4.add(i32x4.dot_i16x8_s(zip16(cb, cr, false), kG), half), 15);
  const d1 = i32x4.shr_s(i32x4.add(i32x4.dot_i16x8_s(zip16(cb, cr, true), kG), half), 15);
  return i16x8.narrow_i32x4_s(d0, d1);
}

/** R - Y (q = kR) or B - Y (q = kB) for 8 lanes of centred i16 chroma c: c + q15mulr(c, q). */
@inline function rbTerm(c: v128, q: v128): v128 {
  return i16x8.add(c, q15mul(c, q));
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
 * YBR_FULL -> RGB, 8-bit interleaved, 16 pixels per step (pixel-pair form). Returns the number of pixels
 * converted (a multiple of 16); the caller finishes the tail with the scalar loop. Safe in place (all loads
 * precede the stores).
 */
export function ybrFullToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  const kBR = v128.load(PAIRS16), kG = v128.load(PAIRS16, 16), k128 = v128.load(PAIRS16, 32), kY = v128.load(PAIRS16, 48);
  const kGc = v128.load(PAIRS_KG);
  const mP = pm(0), mY = pm(1);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 3;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    // The 12 bytes of pixels 4k..4k+3 start at byte 12k: windows at 0, 12, 24, 36 (byte-window concatenations).
    const w1 = i8x16.shuffle(a, b, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
    const w2 = i8x16.shuffle(b, c, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
    const w3 = i8x16.shuffle(c, c, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    rgb16FromPairs(dst + i * 3,
      gather(a, mP), gather(w1, mP), gather(w2, mP), gather(w3, mP),
      gather(a, mY), gather(w1, mY), gather(w2, mY), gather(w3, mY),
      kBR, kG, kY, kGc, k128, false);
  }
  return i;
}

/**
 * YBR_FULL -> RGB from three rows of u16 samples (values 0..255: the JPEG decoder's up-sampled component
 * rows), 16 pixels per step into interleaved R G B bytes (pixel-pair form: one interleave of the Cb and Cr rows
 * makes P, one of the Y row with itself makes Y2). Returns the number of pixels converted (a multiple of 16);
 * the caller finishes the row.
 */
export function ybrRowsU16ToRgbU8Simd(y: usize, cb: usize, cr: usize, dst: usize, n: usize): usize {
  const kBR = v128.load(PAIRS16), kG = v128.load(PAIRS16, 16), k128 = v128.load(PAIRS16, 32), kY = v128.load(PAIRS16, 48);
  const kGc = v128.load(PAIRS_KG);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const o = i << 1;
    const y0 = v128.load(y + o), y1 = v128.load(y + o, 16);
    const b0 = v128.load(cb + o), b1 = v128.load(cb + o, 16);
    const r0 = v128.load(cr + o), r1 = v128.load(cr + o, 16);
    rgb16FromPairs(dst + i * 3,
      zip16(b0, r0, false), zip16(b0, r0, true), zip16(b1, r1, false), zip16(b1, r1, true),
      zip16(y0, y0, false), zip16(y0, y0, true), zip16(y1, y1, false), zip16(y1, y1, true),
      kBR, kG, kY, kGc, k128, false);
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
 * per step, in the pixel-pair form: the (Cb, Cr) pairs of 4 native pairs serve as P of their even pixels and,
 * unchanged, of their odd pixels, so the chroma terms are computed once per pair (the engine shares the common
 * subexpressions of the two calls). Returns the number of pixels converted (a multiple of 16). Not in place
 * (output is larger).
 */
export function ybr422ToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  const kBR = v128.load(PAIRS16), kG = v128.load(PAIRS16, 16), k128 = v128.load(PAIRS16, 32), kY = v128.load(PAIRS16, 48);
  const kGc = v128.load(PAIRS_KG);
  const mC = pm(11), mYe = pm(2), mYo = pm(3);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 2;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const ca = gather(a, mC), cb = gather(b, mC);
    rgb16FromPairs(dst + i * 3, ca, ca, cb, cb,
      gather(a, mYe), gather(a, mYo), gather(b, mYe), gather(b, mYo),
      kBR, kG, kY, kGc, k128, false, PERMUTED_GATHERS);
  }
  return i;
}

/**
 * One row of native YBR_FULL_422 -> RGB with libjpeg's h2v1 "fancy" chroma (sampling.ts), 8 pairs (16
 * pixels) per step; m = pairs in the row (> 2). The chroma stays in (Cb, Cr) u16 pairs, one per native pair,
 * 4 per vector, which is already the pixel-pair form: the filter's left neighbours are the pairs shifted by one
 * with the previous vector's last pair entering (a byte-window concatenation), the right neighbours likewise
 * with the next vector's first pair. The even outputs of 4 pairs are then P of pixels 0 2 4 6, the odd ones of
 * 1 3 5 7. At the row's ends, where there is no neighbour, the edge sample itself stands in, and the edge rule
 * "copy the sample" is then the same formula: (3c + c + 1) >> 2 = (3c + c + 2) >> 2 = c. Returns the pairs done
 * (a multiple of 8); the caller finishes the row.
 */
export function ybr422FancyRowU8Simd(sp: usize, dp: usize, m: usize): usize {
  if (m < 8) return 0;
  const kBR = v128.load(PAIRS16), kG = v128.load(PAIRS16, 16), kY = v128.load(PAIRS16, 48), kGc = v128.load(PAIRS_KG, 16);
  const one = k16(5), two = k16(6);
  const mC = pm(11), mYe = pm(2), mYo = pm(3);
  let c0 = gather(v128.load(sp), mC);
  let c1 = gather(v128.load(sp, 16), mC);
  // Before the first pair: the first pair itself (only the last pair of prev is used).
  let prev = i8x16.shuffle(c0, c0, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
  let j: usize = 0;
  for (; j + 8 <= m; j += 8) {
    const p = sp + j * 4;
    let n0: v128, n1: v128; // the next block's pairs (of n0 only the first is used unless the block is whole)
    if (j + 16 <= m) {
      n0 = gather(v128.load(p, 32), mC);
      n1 = gather(v128.load(p, 48), mC);
    } else if (j + 8 < m) {
      // A partial block follows: only its first pair (4 bytes) may be read.
      n0 = i32x4.splat(<i32>load<u8>(p, 34) | (<i32>load<u8>(p, 35) << 16));
      n1 = n0;
    } else {
      // The row ends here: the last pair itself.
      n0 = i8x16.shuffle(c1, c1, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15);
      n1 = n0;
    }
    const l0 = i8x16.shuffle(prev, c0, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
    const l1 = i8x16.shuffle(c0, c1, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
    const r0 = i8x16.shuffle(c0, c1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    const r1 = i8x16.shuffle(c1, n0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    const c03 = i16x8.add(i16x8.add(c0, c0), c0), c13 = i16x8.add(i16x8.add(c1, c1), c1);
    // Even pixel of each pair: (3c + left + 1) >> 2; odd: (3c + right + 2) >> 2; both centred (- 128, by the
    // biases), so they are Pc, and P for G with PAIRS_KG row 1.
    const e0 = i16x8.shr_s(i16x8.add(i16x8.add(c03, l0), one), 2);
    const o0 = i16x8.shr_s(i16x8.add(i16x8.add(c03, r0), two), 2);
    const e1 = i16x8.shr_s(i16x8.add(i16x8.add(c13, l1), one), 2);
    const o1 = i16x8.shr_s(i16x8.add(i16x8.add(c13, r1), two), 2);
    const a = v128.load(p), b = v128.load(p, 16);
    rgb16FromPairs(dp + j * 6, e0, o0, e1, o1,
      gather(a, mYe), gather(a, mYo), gather(b, mYe), gather(b, mYo),
      kBR, kG, kY, kGc, kGc, true, PERMUTED_GATHERS);
    prev = c1;
    c0 = n0;
    c1 = n1;
  }
  return j;
}
