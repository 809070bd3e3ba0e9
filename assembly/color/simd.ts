// v128 paths of the 8-bit colour conversions. Bit-exact with the scalar arithmetic of common.ts (checked
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
// 16 interleaved pixels (48 bytes) per step. De-interleaving and re-interleaving use constant two-input
// shuffles (i8x16.shuffle, indices 16..31 pick from the second operand), two per channel:
//   a = bytes  0..15: Y0 Cb0 Cr0 Y1 Cb1 Cr1 ... Y5
//   b = bytes 16..31: Cb5 Cr5 Y6 ... Cr10
//   c = bytes 32..47: Y11 Cb11 ... Cr15
import { K_B_CR, K_B_Y, K_G_CB, K_G_CR, K_G_Y, K_R_CB, K_R_Y, ONE_HALF } from "./common";

// Byte-gather masks for i8x16.swizzle (an index >= 16 yields 0), 16 bytes each, kept in static memory and
// loaded where used: V8 rebuilds a constant v128 operand on every use inside a loop, a load from a fixed
// address is one instruction. Rows 0..8: sample k (0, 1, 2) of 16 pixels from input vector v (a, b, c) at
// row 3k + v; rows 9..17: output vector o (bytes 16o..16o+15) from channel k at row 9 + 3o + k.
const MASKS = memory.data<u8>([
  0, 3, 6, 9, 12, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 2, 5, 8, 11, 14, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 1, 4, 7, 10, 13,
  1, 4, 7, 10, 13, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 0, 3, 6, 9, 12, 15, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 2, 5, 8, 11, 14,
  2, 5, 8, 11, 14, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 1, 4, 7, 10, 13, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 0, 3, 6, 9, 12, 15,
  0, 128, 128, 1, 128, 128, 2, 128, 128, 3, 128, 128, 4, 128, 128, 5,
  128, 0, 128, 128, 1, 128, 128, 2, 128, 128, 3, 128, 128, 4, 128, 128,
  128, 128, 0, 128, 128, 1, 128, 128, 2, 128, 128, 3, 128, 128, 4, 128,
  128, 128, 6, 128, 128, 7, 128, 128, 8, 128, 128, 9, 128, 128, 10, 128,
  5, 128, 128, 6, 128, 128, 7, 128, 128, 8, 128, 128, 9, 128, 128, 10,
  128, 5, 128, 128, 6, 128, 128, 7, 128, 128, 8, 128, 128, 9, 128, 128,
  128, 11, 128, 128, 12, 128, 128, 13, 128, 128, 14, 128, 128, 15, 128, 128,
  128, 128, 11, 128, 128, 12, 128, 128, 13, 128, 128, 14, 128, 128, 15, 128,
  10, 128, 128, 11, 128, 128, 12, 128, 128, 13, 128, 128, 14, 128, 128, 15,
], 16);

@inline function mask(row: i32): v128 {
  return v128.load(MASKS + <usize>(row << 4));
}

/** Sample k (0: Y or R, 1: Cb or G, 2: Cr or B) of 16 interleaved 3-sample pixels held in a, b, c. */
@inline function sample(a: v128, b: v128, c: v128, k: i32): v128 {
  const r = k * 3;
  return v128.or(v128.or(i8x16.swizzle(a, mask(r)), i8x16.swizzle(b, mask(r + 1))), i8x16.swizzle(c, mask(r + 2)));
}
@inline function sample0(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 0);
}
@inline function sample1(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 1);
}
@inline function sample2(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 2);
}

/** Stores three 16-lane u8 channel vectors as 16 interleaved pixels (48 bytes) at q. */
@inline function store3(q: usize, r: v128, g: v128, b: v128): void {
  for (let o = 0; o < 3; o++) {
    const row = 9 + o * 3;
    v128.store(q + <usize>(o << 4), v128.or(v128.or(i8x16.swizzle(r, mask(row)), i8x16.swizzle(g, mask(row + 1))), i8x16.swizzle(b, mask(row + 2))));
  }
}

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
 * Native YBR_FULL_422 (Y0 Y1 Cb Cr per pair) -> RGB with replicated chroma, 16 pixels (32 bytes in, 48 out)
 * per step. Returns the number of pixels converted (a multiple of 16). Not in place (output is larger).
 */
export function ybr422ToRgbU8Simd(src: usize, dst: usize, n: usize): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = src + i * 2;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const y = i8x16.shuffle(a, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
    const cb = i8x16.shuffle(a, b, 2, 2, 6, 6, 10, 10, 14, 14, 18, 18, 22, 22, 26, 26, 30, 30);
    const cr = i8x16.shuffle(a, b, 3, 3, 7, 7, 11, 11, 15, 15, 19, 19, 23, 23, 27, 27, 31, 31);
    ycc16ToRgb(dst + i * 3, y, cb, cr);
  }
  return i;
}

// --- RGB -> YCbCr (libjpeg jccolor arithmetic, i32 lanes) ---------------------------------------------------

@inline function fwd(r: v128, g: v128, b: v128, kr: i32, kg: i32, kb: i32, add: i32): v128 {
  const t = i32x4.add(i32x4.add(i32x4.mul(r, i32x4.splat(kr)), i32x4.mul(g, i32x4.splat(kg))), i32x4.add(i32x4.mul(b, i32x4.splat(kb)), i32x4.splat(add)));
  return i32x4.shr_s(t, 16);
}

/** One channel (0 Y, 1 Cb, 2 Cr) of 8 pixels given as i16x8 R, G, B (0..255); result i16x8. */
@inline function fwdHalf(r: v128, g: v128, b: v128, ch: i32): v128 {
  const rl = i32x4.extend_low_i16x8_s(r), rh = i32x4.extend_high_i16x8_s(r);
  const gl = i32x4.extend_low_i16x8_s(g), gh = i32x4.extend_high_i16x8_s(g);
  const bl = i32x4.extend_low_i16x8_s(b), bh = i32x4.extend_high_i16x8_s(b);
  if (ch == 0) return i16x8.narrow_i32x4_s(fwd(rl, gl, bl, K_R_Y, K_G_Y, K_B_Y, ONE_HALF), fwd(rh, gh, bh, K_R_Y, K_G_Y, K_B_Y, ONE_HALF));
  const off = (128 << 16) + ONE_HALF - 1;
  if (ch == 1) return i16x8.narrow_i32x4_s(fwd(rl, gl, bl, -K_R_CB, -K_G_CB, 32768, off), fwd(rh, gh, bh, -K_R_CB, -K_G_CB, 32768, off));
  return i16x8.narrow_i32x4_s(fwd(rl, gl, bl, 32768, -K_G_CR, -K_B_CR, off), fwd(rh, gh, bh, 32768, -K_G_CR, -K_B_CR, off));
}

/** 16 interleaved RGB pixels at p -> u8x16 Y, Cb, Cr through the out-pointer scratch `o` (3 x 16 bytes). */
@inline function rgb16ToYcc(p: usize, o: usize): void {
  const a = v128.load(p);
  const b = v128.load(p, 16);
  const c = v128.load(p, 32);
  // The input masks pick sample 0/1/2 of each pixel: the same tables as for Y/Cb/Cr.
  const r = sample0(a, b, c);
  const g = sample1(a, b, c);
  const bb = sample2(a, b, c);
  const rl = i16x8.extend_low_i8x16_u(r), rh = i16x8.extend_high_i8x16_u(r);
  const gl = i16x8.extend_low_i8x16_u(g), gh = i16x8.extend_high_i8x16_u(g);
  const bl = i16x8.extend_low_i8x16_u(bb), bh = i16x8.extend_high_i8x16_u(bb);
  v128.store(o, i8x16.narrow_i16x8_u(fwdHalf(rl, gl, bl, 0), fwdHalf(rh, gh, bh, 0)));
  v128.store(o, i8x16.narrow_i16x8_u(fwdHalf(rl, gl, bl, 1), fwdHalf(rh, gh, bh, 1)), 16);
  v128.store(o, i8x16.narrow_i16x8_u(fwdHalf(rl, gl, bl, 2), fwdHalf(rh, gh, bh, 2)), 32);
}

const SCRATCH = memory.data(48, 16);

/** RGB -> YBR_FULL, 8-bit interleaved, 16 pixels per step; returns pixels done. Safe in place. */
export function rgbToYbrFullU8Simd(src: usize, dst: usize, n: usize): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    rgb16ToYcc(src + i * 3, SCRATCH);
    store3(dst + i * 3, v128.load(SCRATCH), v128.load(SCRATCH, 16), v128.load(SCRATCH, 32));
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
    rgb16ToYcc(src + i * 3, SCRATCH);
    const y = v128.load(SCRATCH);
    const cb = i16x8.shr_u(i16x8.add(i16x8.extadd_pairwise_i8x16_u(v128.load(SCRATCH, 16)), bias), 1);
    const cr = i16x8.shr_u(i16x8.add(i16x8.extadd_pairwise_i8x16_u(v128.load(SCRATCH, 32)), bias), 1);
    // cb, cr: 8 u16 lanes; interleave to Cb0 Cr0 Cb1 Cr1 ... as bytes.
    const cbcr = i8x16.shuffle(cb, cr, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    const q = dst + i * 2;
    v128.store(q, i8x16.shuffle(y, cbcr, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23));
    v128.store(q, i8x16.shuffle(y, cbcr, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), 16);
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
 * pixels) per step; m = pairs in the row (> 2). With the outermost neighbours replaced by the edge sample
 * itself, the edge rule "copy the sample" is the same formula: (3c + c + 1) >> 2 = (3c + c + 2) >> 2 = c.
 * Returns the pairs done (a multiple of 8); the caller finishes the row.
 */
export function ybr422FancyRowU8Simd(sp: usize, dp: usize, m: usize): usize {
  const one = i16x8.splat(1), two = i16x8.splat(2);
  let j: usize = 0;
  for (; j + 8 <= m; j += 8) {
    const p = sp + j * 4;
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const y = i8x16.shuffle(a, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
    // Cb / Cr of the 8 pairs as u16 lanes (high bytes from a zero vector).
    const z = i8x16.splat(0);
    const cbq = i8x16.shuffle(a, b, 2, 6, 10, 14, 18, 22, 26, 30, 2, 6, 10, 14, 18, 22, 26, 30);
    const crq = i8x16.shuffle(a, b, 3, 7, 11, 15, 19, 23, 27, 31, 3, 7, 11, 15, 19, 23, 27, 31);
    const cb = i8x16.shuffle(cbq, z, 0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16);
    const cr = i8x16.shuffle(crq, z, 0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16);
    const cbPrev = j == 0 ? <i32>load<u8>(p, 2) : <i32>load<u8>(p - 4, 2);
    const crPrev = j == 0 ? <i32>load<u8>(p, 3) : <i32>load<u8>(p - 4, 3);
    const cbNext = j + 8 >= m ? <i32>load<u8>(p, 30) : <i32>load<u8>(p, 34);
    const crNext = j + 8 >= m ? <i32>load<u8>(p, 31) : <i32>load<u8>(p, 35);
    const cbL = i16x8.replace_lane(i8x16.shuffle(cb, cb, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), 0, <i16>cbPrev);
    const crL = i16x8.replace_lane(i8x16.shuffle(cr, cr, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), 0, <i16>crPrev);
    const cbR = i16x8.replace_lane(i8x16.shuffle(cb, cb, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 15), 7, <i16>cbNext);
    const crR = i16x8.replace_lane(i8x16.shuffle(cr, cr, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 15), 7, <i16>crNext);
    const cb3 = i16x8.add(i16x8.add(cb, cb), cb);
    const cr3 = i16x8.add(i16x8.add(cr, cr), cr);
    const cbE = i16x8.shr_u(i16x8.add(i16x8.add(cb3, cbL), one), 2);
    const cbO = i16x8.shr_u(i16x8.add(i16x8.add(cb3, cbR), two), 2);
    const crE = i16x8.shr_u(i16x8.add(i16x8.add(cr3, crL), one), 2);
    const crO = i16x8.shr_u(i16x8.add(i16x8.add(cr3, crR), two), 2);
    // Even/odd outputs alternate per pixel: low bytes of E0 O0 E1 O1 ...
    const cbF = i8x16.shuffle(cbE, cbO, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    const crF = i8x16.shuffle(crE, crO, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    ycc16ToRgb(dp + j * 6, y, cbF, crF);
  }
  return j;
}
