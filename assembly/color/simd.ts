// v128 paths of the 8-bit colour conversions. Bit-exact with the scalar arithmetic of common.ts: the same
// i32 products, adds and arithmetic shifts, four lanes at a time; the final clamp to 0..255 is the
// saturation of the two narrowing steps (i32 -> i16 signed, i16 -> u8 unsigned).
//
// 16 interleaved pixels (48 bytes) per step. Lane shuffles (i8x16.swizzle; an index >= 16 yields 0):
//
//   a = bytes  0..15: Y0 Cb0 Cr0 Y1 Cb1 Cr1 ... Y5
//   b = bytes 16..31: Cb5 Cr5 Y6 ... Cr10
//   c = bytes 32..47: Y11 Cb11 ... Cr15
//   Y  = swz(a, IN_Y_A) | swz(b, IN_Y_B) | swz(c, IN_Y_C)   (likewise Cb, Cr)
//   and the inverse for the output with OUTt_R/G/B.
import { K_B_CR, K_B_Y, K_CB_B, K_CB_G, K_CR_G, K_CR_R, K_G_CB, K_G_CR, K_G_Y, K_R_CB, K_R_Y, ONE_HALF } from "./common";

const IN_Y_A = i8x16(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
const IN_Y_B = i8x16(-1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14, -1, -1, -1, -1, -1);
const IN_Y_C = i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 4, 7, 10, 13);
const IN_CB_A = i8x16(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
const IN_CB_B = i8x16(-1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1);
const IN_CB_C = i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14);
const IN_CR_A = i8x16(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
const IN_CR_B = i8x16(-1, -1, -1, -1, -1, 1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1);
const IN_CR_C = i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15);
const OUT0_R = i8x16(0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1, 5);
const OUT0_G = i8x16(-1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1);
const OUT0_B = i8x16(-1, -1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1);
const OUT1_R = i8x16(-1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10, -1);
const OUT1_G = i8x16(5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10);
const OUT1_B = i8x16(-1, 5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1);
const OUT2_R = i8x16(-1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1, -1);
const OUT2_G = i8x16(-1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1);
const OUT2_B = i8x16(10, -1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15);

@inline function gather(a: v128, b: v128, c: v128, ma: v128, mb: v128, mc: v128): v128 {
  return v128.or(v128.or(i8x16.swizzle(a, ma), i8x16.swizzle(b, mb)), i8x16.swizzle(c, mc));
}

/** Stores three 16-lane u8 channel vectors as 16 interleaved pixels at q. */
@inline function store3(q: usize, r: v128, g: v128, b: v128): void {
  v128.store(q, gather(r, g, b, OUT0_R, OUT0_G, OUT0_B));
  v128.store(q, gather(r, g, b, OUT1_R, OUT1_G, OUT1_B), 16);
  v128.store(q, gather(r, g, b, OUT2_R, OUT2_G, OUT2_B), 32);
}

// One quarter (4 lanes, i32) of the YCbCr -> RGB arithmetic of common.ts.
@inline function qR(y: v128, crx: v128): v128 {
  return i32x4.add(y, i32x4.shr_s(i32x4.add(i32x4.mul(crx, i32x4.splat(K_CR_R)), i32x4.splat(ONE_HALF)), 16));
}
@inline function qG(y: v128, cbx: v128, crx: v128): v128 {
  const t = i32x4.sub(i32x4.sub(i32x4.splat(ONE_HALF), i32x4.mul(cbx, i32x4.splat(K_CB_G))), i32x4.mul(crx, i32x4.splat(K_CR_G)));
  return i32x4.add(y, i32x4.shr_s(t, 16));
}
@inline function qB(y: v128, cbx: v128): v128 {
  return i32x4.add(y, i32x4.shr_s(i32x4.add(i32x4.mul(cbx, i32x4.splat(K_CB_B)), i32x4.splat(ONE_HALF)), 16));
}

/** i16x8 (values 0..255 or centred -128..127) -> low / high i32x4. */
@inline function lo32(v: v128): v128 {
  return i32x4.extend_low_i16x8_s(v);
}
@inline function hi32(v: v128): v128 {
  return i32x4.extend_high_i16x8_s(v);
}

/**
 * Converts 8 pixels (one i16x8 half of each channel) and returns R, G, B as i16x8 (saturated to i16; the
 * later u8 narrowing clamps to 0..255). Writes results to the three out-parameters through memory-free
 * globals is not possible in AS, so the caller calls it once per channel.
 */
@inline function half(y: v128, cbx: v128, crx: v128, ch: i32): v128 {
  const y0 = lo32(y), y1 = hi32(y);
  if (ch == 0) return i16x8.narrow_i32x4_s(qR(y0, lo32(crx)), qR(y1, hi32(crx)));
  if (ch == 1) return i16x8.narrow_i32x4_s(qG(y0, lo32(cbx), lo32(crx)), qG(y1, hi32(cbx), hi32(crx)));
  return i16x8.narrow_i32x4_s(qB(y0, lo32(cbx)), qB(y1, hi32(cbx)));
}

/** Converts 16 pixels given as u8x16 Y, Cb, Cr vectors and stores them interleaved (48 bytes) at q. */
@inline function ycc16ToRgb(q: usize, y: v128, cb: v128, cr: v128): void {
  const k128 = i16x8.splat(128);
  const yl = i16x8.extend_low_i8x16_u(y), yh = i16x8.extend_high_i8x16_u(y);
  const cbl = i16x8.sub(i16x8.extend_low_i8x16_u(cb), k128), cbh = i16x8.sub(i16x8.extend_high_i8x16_u(cb), k128);
  const crl = i16x8.sub(i16x8.extend_low_i8x16_u(cr), k128), crh = i16x8.sub(i16x8.extend_high_i8x16_u(cr), k128);
  const r = i8x16.narrow_i16x8_u(half(yl, cbl, crl, 0), half(yh, cbh, crh, 0));
  const g = i8x16.narrow_i16x8_u(half(yl, cbl, crl, 1), half(yh, cbh, crh, 1));
  const b = i8x16.narrow_i16x8_u(half(yl, cbl, crl, 2), half(yh, cbh, crh, 2));
  store3(q, r, g, b);
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
    const y = gather(a, b, c, IN_Y_A, IN_Y_B, IN_Y_C);
    const cb = gather(a, b, c, IN_CB_A, IN_CB_B, IN_CB_C);
    const cr = gather(a, b, c, IN_CR_A, IN_CR_B, IN_CR_C);
    ycc16ToRgb(dst + i * 3, y, cb, cr);
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
  const r = gather(a, b, c, IN_Y_A, IN_Y_B, IN_Y_C);
  const g = gather(a, b, c, IN_CB_A, IN_CB_B, IN_CB_C);
  const bb = gather(a, b, c, IN_CR_A, IN_CR_B, IN_CR_C);
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
    v128.store(dst + i, i8x16.narrow_i16x8_u(half(yl, cbl, crl, 0), half(yh, cbh, crh, 0)));
    v128.store(dst + n + i, i8x16.narrow_i16x8_u(half(yl, cbl, crl, 1), half(yh, cbh, crh, 1)));
    v128.store(dst + 2 * n + i, i8x16.narrow_i16x8_u(half(yl, cbl, crl, 2), half(yh, cbh, crh, 2)));
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
