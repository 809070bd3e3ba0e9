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
// 16 interleaved pixels (48 bytes, three vectors a, b, c) per step; see sample() and store3() for how they
// are de-interleaved and re-interleaved.
import { ONE_HALF } from "./common";

// Byte-gather masks for i8x16.swizzle (an index >= 16 yields 0), 16 bytes each, kept in static memory and
// loaded where used: V8 rebuilds a constant v128 operand on every use inside a loop (measured: 5x slower),
// a load from a fixed address is one instruction.
const MASKS = memory.data<u8>([
  // 0, 1: native 4:2:2 (Y0 Y1 Cb Cr per pair), 8 pairs in a (pairs 0..3) and b (4..7): the 16 Y from a, from b;
  // 2, 3: Cb of the 8 pairs in bytes 0..7 and Cr in bytes 8..15, from a, from b.
  0, 1, 4, 5, 8, 9, 12, 13, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 0, 1, 4, 5, 8, 9, 12, 13,
  2, 6, 10, 14, 128, 128, 128, 128, 3, 7, 11, 15, 128, 128, 128, 128,
  128, 128, 128, 128, 2, 6, 10, 14, 128, 128, 128, 128, 3, 7, 11, 15,
  // 4, 5: 4 pixels S0 S1 S2 S0 S1 S2 ... (12 bytes) -> S0 x4, S1 x4, S2 x4, and back.
  0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11, 128, 128, 128, 128,
  0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 128, 128, 128, 128,
], 16);

@inline function mask(row: i32): v128 {
  return v128.load(MASKS + <usize>(row << 4));
}

// De-interleaving 16 three-sample pixels (48 bytes in a, b, c) with shuffles the engine maps to single
// instructions (byte-window concatenation, 32- and 64-bit lane interleaves) plus one gather per 4 pixels:
//   w0..w3 = the 12 bytes of pixels 4k..4k+3 (windows at bytes 0, 12, 24, 36), each gathered to
//            S0(4) S1(4) S2(4) x(4);
//   t0 = S0 S0 S1 S1 of w0, w1; t1 = the same of w2, w3; t2 = S2 S2 x x of w0, w1; t3 = of w2, w3;
//   sample 0 = low halves of t0, t1; sample 1 = high halves; sample 2 = low halves of t2, t3.
@inline function win(a: v128, b: v128, c: v128, k: i32): v128 {
  if (k == 0) return i8x16.swizzle(a, mask(4));
  if (k == 1) return i8x16.swizzle(i8x16.shuffle(a, b, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27), mask(4));
  if (k == 2) return i8x16.swizzle(i8x16.shuffle(b, c, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), mask(4));
  return i8x16.swizzle(i8x16.shuffle(c, c, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), mask(4));
}
@inline function zip32(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
}
@inline function zip64(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
}

/** Sample k (0: Y or R, 1: Cb or G, 2: Cr or B) of 16 interleaved 3-sample pixels held in a, b, c. */
@inline function sample(a: v128, b: v128, c: v128, k: i32): v128 {
  const w0 = win(a, b, c, 0), w1 = win(a, b, c, 1), w2 = win(a, b, c, 2), w3 = win(a, b, c, 3);
  if (k == 2) return zip64(zip32(w0, w1, true), zip32(w2, w3, true), false);
  return zip64(zip32(w0, w1, false), zip32(w2, w3, false), k == 1);
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

/**
 * Stores three 16-lane u8 channel vectors as 16 interleaved pixels (48 bytes) at q: the reverse of the
 * above; the four 12-byte groups p0..p3 (zeros in bytes 12..15) are joined by byte shifts (concatenation
 * with a zero vector) and ors: out0 = p0 | p1 << 12, out1 = p1 >> 4 | p2 << 8, out2 = p2 >> 8 | p3 << 4.
 */
@inline function store3(q: usize, r: v128, g: v128, b: v128): void {
  const z = i8x16.splat(0);
  const rgLo = zip32(r, g, false), rgHi = zip32(r, g, true);
  const bbLo = zip32(b, b, false), bbHi = zip32(b, b, true);
  const m = mask(5);
  const p0 = i8x16.swizzle(zip64(rgLo, bbLo, false), m);
  const p1 = i8x16.swizzle(zip64(rgLo, bbLo, true), m);
  const p2 = i8x16.swizzle(zip64(rgHi, bbHi, false), m);
  const p3 = i8x16.swizzle(zip64(rgHi, bbHi, true), m);
  v128.store(q, v128.or(p0, i8x16.shuffle(z, p1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)));
  v128.store(q, v128.or(i8x16.shuffle(p1, z, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), i8x16.shuffle(z, p2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)), 16);
  v128.store(q, v128.or(i8x16.shuffle(p2, z, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.shuffle(z, p3, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)), 32);
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

/** The 16 Y of 8 native 4:2:2 pairs held in a, b. */
@inline function pairsY(a: v128, b: v128): v128 {
  return v128.or(i8x16.swizzle(a, mask(0)), i8x16.swizzle(b, mask(1)));
}
/** Cb of the 8 pairs in bytes 0..7, Cr in bytes 8..15 (u8). */
@inline function pairsC(a: v128, b: v128): v128 {
  return v128.or(i8x16.swizzle(a, mask(2)), i8x16.swizzle(b, mask(3)));
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

// --- RGB -> YCbCr (libjpeg jccolor arithmetic) -----------------------------------------------------------
// Each output is a sum of three products plus a constant, >> 16 (common.ts rgbY32 / rgbCb32 / rgbCr32). Here
// the products are summed pairwise by i32x4.dot_i16x8_s on (R, G) and (B, 2) lane pairs, with the one
// coefficient that does not fit in i16 moved out as a whole multiple of 65536 (added after the shift):
//   Y  = G + ((19595 R - 27066 G + 7471 B + 16384 * 2) >> 16)              (38470 = 65536 - 27066)
//   Cb = B + ((-11059 R - 21709 G - 32768 B + 128 * 65536 + 32767) >> 16)  (32768 = 65536 - 32768)
//   Cr = R + ((-32768 R - 27439 G - 5329 B + 128 * 65536 + 32767) >> 16)
// Same integers as the scalar code, no overflow (|sum| < 2^24), so bit-exact.

/** Interleaves the low (hi = false) or high four i16 lanes of x and y: x0 y0 x1 y1 ... */
@inline function zip16(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}

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
