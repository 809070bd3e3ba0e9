// v128 paths of the 8-bit RGB -> YCbCr conversions, bit-exact with libjpeg jccolor (common.ts rgbY32 / rgbCb32 /
// rgbCr32: the full-range equations of PS3.3 C.7.6.3.1.2 in 16-bit fixed point) and, for native 4:2:2, its h2v1
// down-sampling; checked exhaustively (all 2^24 triples) by test/kernels/color-simd.test.ts.
//
// Arithmetic. Each output is floor((three products + constant) / 65536). i32x4.dot_i16x8_s (one vpmaddwd) sums
// two i16 products per i32 lane, so two dots per 4 outputs give the three products AND the constant when the
// four i16 lanes per pixel are
//   v1 = (R - 16384, G + 16384)   and   v2 = (B, G - 32768):
// the offsets are high bytes (0xC0, 0x40, 0x80) that the pair layout below puts in for free, each lane is exact
// as an i16, and the coefficients are chosen so that the offsets times the coefficients are exactly libjpeg's
// constant (G is split over two lanes; its two coefficients add up to libjpeg's):
//   Y       = (19595 v1.R + 32179 v1.G + 7471 v2.B + 6291 v2.G) >> 16
//             constant 16384 (-19595 + 32179) - 32768 * 6291 = 32768 = ONE_HALF;
//   255 - Cb = (11059 v1.R + 18329 v1.G - 32768 v2.B + 3380 v2.G) >> 16
//   255 - Cr = (-32768 v1.R + 7540 v1.G + 5329 v2.B + 19899 v2.G) >> 16,  constants 0x7F8000.
// The chroma are computed as complements: libjpeg's Cb = floor((32768 B - 11059 R - 21709 G + 0x807FFF) / 65536)
// needs an odd constant that no offset lane can supply, but its numerator and 11059 R + 21709 G - 32768 B +
// 0x7F8000 add up to 2^24 - 1, so the floors add up to 255 (the same for Cr). Every sum is then the exact
// integer of the scalar code, in [0, 2^24) (the dots may wrap on the way, the i32 sum cannot), so the bytes
// are identical; no separate constant add, no base add.
// 4:2:2 (libjpeg h2v1): chroma per pixel as above (floored per pixel), then (Cb0 + Cb1 + bias) >> 1 with bias
// 0, 1, 0, 1... by pair from the row start; from complements c0, c1 that is (511 - (1 - bias) - c0 - c1) >> 1.
//
// Layout. Per 4 pixels (12 bytes) one gather makes R0 G0 R1 G1 R2 G2 R3 G3 | B0 G0 B1 G1 B2 G2 B3 G3 and two
// byte interleaves (punpcklbw, punpckhbw) with C0 40 ... | 00 80 ... make v1 and v2: 3 shuffles per 4 pixels
// instead of a full de-interleave, extends and zips. Constants, masks and coefficients are loaded from static
// memory into locals before each loop: V8 rebuilds a v128 constant on every use inside a loop, a load it cannot.
// The four 12-byte windows of a 48-byte step are loaded at 0, 12, 24, 36 (the last reads 4 bytes past the
// step, so the loops stop one step early and the last step loads at 32 with the mask shifted by 4).
// Measured (V8, Node 20, x64; kernel alone on data in cache, best of 15): 4:2:2 rows 1.6 -> 2.55 Gpixel/s,
// interleaved 1.4 -> 2.35, planar 2.3 -> 3.05 (the previous de-interleave + extend + zip kernels).

import { gather } from "../common/simd";

const MASKS = memory.data<u8>([
  // 0: pair gather of the 4 pixels in bytes 0..11; 1: of the 4 pixels in bytes 4..15.
  0, 1, 3, 4, 6, 7, 9, 10, 2, 1, 5, 4, 8, 7, 11, 10,
  4, 5, 7, 8, 10, 11, 13, 14, 6, 5, 9, 8, 12, 11, 15, 14,
  // 2: high bytes of v1 (low half: R - 16384, G + 16384) and v2 (high half: B, G - 32768).
  0xc0, 0x40, 0xc0, 0x40, 0xc0, 0x40, 0xc0, 0x40, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80,
  // 3: the two halves swapped (planar: v1 from the high half of R G pairs, v2 from the low half of B G pairs).
  0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0xc0, 0x40, 0xc0, 0x40, 0xc0, 0x40, 0xc0, 0x40,
  // 4: 4 pixels as i32 lanes Y Cb Cr 0 -> 12 bytes.
  0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 128, 128, 128, 128,
], 16);

const COEF = memory.data<i16>([
  // 0, 1: Y on v1 and v2.
  19595, 32179, 19595, 32179, 19595, 32179, 19595, 32179,
  7471, 6291, 7471, 6291, 7471, 6291, 7471, 6291,
  // 2, 3: 255 - Cb.
  11059, 18329, 11059, 18329, 11059, 18329, 11059, 18329,
  -32768, 3380, -32768, 3380, -32768, 3380, -32768, 3380,
  // 4, 5: 255 - Cr.
  -32768, 7540, -32768, 7540, -32768, 7540, -32768, 7540,
  5329, 19899, 5329, 19899, 5329, 19899, 5329, 19899,
  // 6: 511 - (1 - h2v1 bias) per pair.
  510, 511, 510, 511, 510, 511, 510, 511,
], 16);

// Byte 1 and byte 2 of each i32 lane (placing Cb and Cr of the interleaved output).
const BYTES = memory.data<i32>([0xff00, 0xff00, 0xff00, 0xff00, 0xff0000, 0xff0000, 0xff0000, 0xff0000], 16);

@inline function kv(base: usize, row: i32): v128 {
  return v128.load(base + (<usize>row << 4));
}

/** Low 8 bytes of x interleaved with the low 8 of c (punpcklbw): i16 lanes x + 256 c. */
@inline function zipLo(x: v128, c: v128): v128 {
  return i8x16.shuffle(x, c, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

/** High 8 bytes of x interleaved with the high 8 of c (punpckhbw). */
@inline function zipHi(x: v128, c: v128): v128 {
  return i8x16.shuffle(x, c, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

/** floor(sum / 65536) of 4 pixels: two dots on v1 = (R - 16384, G + 16384) and v2 = (B, G - 32768) pairs. */
@inline function quarter(v1: v128, v2: v128, k1: v128, k2: v128): v128 {
  return i32x4.shr_s(i32x4.add(i32x4.dot_i16x8_s(v1, k1), i32x4.dot_i16x8_s(v2, k2)), 16);
}

/** One channel (Y, 255 - Cb or 255 - Cr) of 16 pixels given as 4 windows of pairs a..d, narrowed to u8. */
@inline function channel(
  a1: v128, a2: v128, b1: v128, b2: v128, c1: v128, c2: v128, d1: v128, d2: v128, k1: v128, k2: v128,
): v128 {
  return i8x16.narrow_i16x8_u(
    i16x8.narrow_i32x4_s(quarter(a1, a2, k1, k2), quarter(b1, b2, k1, k2)),
    i16x8.narrow_i32x4_s(quarter(c1, c2, k1, k2), quarter(d1, d2, k1, k2)),
  );
}

/** The same from 4 gathered windows xa..xd (the pairs are made here; the engine shares them between channels). */
@inline function channelX(xa: v128, xb: v128, xc: v128, xd: v128, hc: v128, k1: v128, k2: v128): v128 {
  return channel(
    zipLo(xa, hc), zipHi(xa, hc), zipLo(xb, hc), zipHi(xb, hc),
    zipLo(xc, hc), zipHi(xc, hc), zipLo(xd, hc), zipHi(xd, hc), k1, k2,
  );
}

/** Window k (0..3) of the 48-byte step at p, gathered; the last one at p + 32 with mask m1 when at32. */
@inline function win(p: usize, k: i32, m0: v128, m1: v128, at32: bool): v128 {
  if (k == 0) return gather(v128.load(p), m0);
  if (k == 1) return gather(v128.load(p, 12), m0);
  if (k == 2) return gather(v128.load(p, 24), m0);
  return at32 ? gather(v128.load(p, 32), m1) : gather(v128.load(p, 36), m0);
}

/** 16 interleaved pixels at p -> 8 native 4:2:2 pairs (32 bytes) at q. All loads precede the stores. */
@inline function step422(
  p: usize, q: usize, m0: v128, m1: v128, at32: bool, hc: v128,
  ky1: v128, ky2: v128, kb1: v128, kb2: v128, kr1: v128, kr2: v128, kk: v128,
): void {
  const xa = win(p, 0, m0, m1, at32), xb = win(p, 1, m0, m1, at32), xc = win(p, 2, m0, m1, at32), xd = win(p, 3, m0, m1, at32);
  const y = channelX(xa, xb, xc, xd, hc, ky1, ky2);
  // Pair sums of the complements (one pmaddubsw each), then (511 - (1 - bias) - sum) >> 1 = the h2v1 mean.
  const cb = i16x8.shr_u(i16x8.sub(kk, i16x8.extadd_pairwise_i8x16_u(channelX(xa, xb, xc, xd, hc, kb1, kb2))), 1);
  const cr = i16x8.shr_u(i16x8.sub(kk, i16x8.extadd_pairwise_i8x16_u(channelX(xa, xb, xc, xd, hc, kr1, kr2))), 1);
  // Cb in the low byte and Cr in the high byte of each u16 lane, then Y0 Y1 Cb Cr per pair.
  const cbcr = v128.or(cb, i16x8.shl(cr, 8));
  v128.store(q, i8x16.shuffle(y, cbcr, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23));
  v128.store(q, i8x16.shuffle(y, cbcr, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), 16);
}

/**
 * One row of interleaved RGB -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pair), 16 pixels (8 pairs) per step;
 * pair parity counted from the row start, so steps of 8 pairs keep the h2v1 bias aligned. Returns pixels done.
 */
export function rgbTo422RowU8Simd(src: usize, dst: usize, n: usize): usize {
  const m0 = kv(MASKS, 0), hc = kv(MASKS, 2);
  const ky1 = kv(COEF, 0), ky2 = kv(COEF, 1), kb1 = kv(COEF, 2), kb2 = kv(COEF, 3), kr1 = kv(COEF, 4), kr2 = kv(COEF, 5);
  const kk = kv(COEF, 6);
  let i: usize = 0;
  // 18: the window at byte 36 reads 4 bytes into the next step. (The shifted mask is loaded after the loop,
  // so that it does not hold a register through it.)
  for (; i + 18 <= n; i += 16) {
    step422(src + i * 3, dst + i * 2, m0, m0, false, hc, ky1, ky2, kb1, kb2, kr1, kr2, kk);
  }
  if (i + 16 <= n) {
    step422(src + i * 3, dst + i * 2, m0, kv(MASKS, 1), true, hc, ky1, ky2, kb1, kb2, kr1, kr2, kk);
    i += 16;
  }
  return i;
}

/**
 * 16 interleaved pixels at p -> Y (16 bytes at oy) and Cb, Cr at ocb, ocr: 16 bytes each, or with h2 their
 * h2v1 means (8 bytes each; the pair bias as in step422). All loads precede the stores.
 */
@inline function stepPlanes(
  p: usize, oy: usize, ocb: usize, ocr: usize, m0: v128, m1: v128, at32: bool, hc: v128,
  ky1: v128, ky2: v128, kb1: v128, kb2: v128, kr1: v128, kr2: v128, kk: v128, h2: bool,
): void {
  const xa = win(p, 0, m0, m1, at32), xb = win(p, 1, m0, m1, at32), xc = win(p, 2, m0, m1, at32), xd = win(p, 3, m0, m1, at32);
  const y = channelX(xa, xb, xc, xd, hc, ky1, ky2);
  const cbc = channelX(xa, xb, xc, xd, hc, kb1, kb2), crc = channelX(xa, xb, xc, xd, hc, kr1, kr2);
  v128.store(oy, y);
  if (h2) {
    const cb = i16x8.shr_u(i16x8.sub(kk, i16x8.extadd_pairwise_i8x16_u(cbc)), 1);
    const cr = i16x8.shr_u(i16x8.sub(kk, i16x8.extadd_pairwise_i8x16_u(crc)), 1);
    const both = i8x16.narrow_i16x8_u(cb, cr);
    v128.store64_lane(ocb, both, 0);
    v128.store64_lane(ocr, both, 1);
  } else {
    v128.store(ocb, v128.not(cbc));
    v128.store(ocr, v128.not(crc));
  }
}

/**
 * One row of interleaved RGB -> planes Y, Cb, Cr (the JPEG encoder's input stage), 16 pixels per step; with h2
 * the chroma planes get libjpeg's h2v1 means (bias by pair from the row start), one sample per 2 pixels.
 * Returns pixels done (a multiple of 16); the caller finishes the row.
 */
export function rgbRowToPlanesU8Simd(src: usize, oy: usize, ocb: usize, ocr: usize, n: usize, h2: bool): usize {
  const m0 = kv(MASKS, 0), hc = kv(MASKS, 2);
  const ky1 = kv(COEF, 0), ky2 = kv(COEF, 1), kb1 = kv(COEF, 2), kb2 = kv(COEF, 3), kr1 = kv(COEF, 4), kr2 = kv(COEF, 5);
  const kk = kv(COEF, 6);
  const cs: usize = h2 ? 1 : 0; // chroma index = pixel index >> cs
  let i: usize = 0;
  for (; i + 18 <= n; i += 16) {
    stepPlanes(src + i * 3, oy + i, ocb + (i >> cs), ocr + (i >> cs), m0, m0, false, hc, ky1, ky2, kb1, kb2, kr1, kr2, kk, h2);
  }
  if (i + 16 <= n) {
    stepPlanes(src + i * 3, oy + i, ocb + (i >> cs), ocr + (i >> cs), m0, kv(MASKS, 1), true, hc, ky1, ky2, kb1, kb2, kr1, kr2, kk, h2);
    i += 16;
  }
  return i;
}

/**
 * One window of 4 interleaved pixels (gathered, x) -> i32 lanes Y Cb Cr 0 compacted to 12 bytes (+ 4 to be
 * overwritten). Each sum holds its result in bits 16..23 with nothing above (exact, in [0, 2^24)), so the
 * bytes are placed with shifts and masks instead of narrowing and re-interleaving: Y = sum >>> 16, and the
 * chroma, computed as complements, come back by an and-not: Cb << 8 = 0xFF00 & ~(sum >>> 8), Cr << 16 =
 * 0xFF0000 & ~sum.
 */
@inline function windowYcc(
  x: v128, hc: v128, ky1: v128, ky2: v128, kb1: v128, kb2: v128, kr1: v128, kr2: v128, m8: v128, m16: v128, pack: v128,
): v128 {
  const v1 = zipLo(x, hc), v2 = zipHi(x, hc);
  const sy = i32x4.add(i32x4.dot_i16x8_s(v1, ky1), i32x4.dot_i16x8_s(v2, ky2));
  const sb = i32x4.add(i32x4.dot_i16x8_s(v1, kb1), i32x4.dot_i16x8_s(v2, kb2));
  const sr = i32x4.add(i32x4.dot_i16x8_s(v1, kr1), i32x4.dot_i16x8_s(v2, kr2));
  const t = v128.or(v128.or(i32x4.shr_u(sy, 16), v128.andnot(m8, i32x4.shr_u(sb, 8))), v128.andnot(m16, sr));
  return gather(t, pack);
}

/**
 * 16 interleaved pixels at p -> 16 interleaved Y Cb Cr at q (48 bytes). All loads precede the stores, which
 * stay inside the step (each 16-byte store's last 4 bytes are overwritten by the next, the last 12 bytes go
 * as 8 + 4), so in place is safe.
 */
@inline function stepFull(
  p: usize, q: usize, m0: v128, m1: v128, at32: bool, hc: v128, pack: v128, m8: v128, m16: v128,
  ky1: v128, ky2: v128, kb1: v128, kb2: v128, kr1: v128, kr2: v128,
): void {
  const xa = win(p, 0, m0, m1, at32), xb = win(p, 1, m0, m1, at32), xc = win(p, 2, m0, m1, at32), xd = win(p, 3, m0, m1, at32);
  const w0 = windowYcc(xa, hc, ky1, ky2, kb1, kb2, kr1, kr2, m8, m16, pack);
  const w1 = windowYcc(xb, hc, ky1, ky2, kb1, kb2, kr1, kr2, m8, m16, pack);
  const w2 = windowYcc(xc, hc, ky1, ky2, kb1, kb2, kr1, kr2, m8, m16, pack);
  const w3 = windowYcc(xd, hc, ky1, ky2, kb1, kb2, kr1, kr2, m8, m16, pack);
  v128.store(q, w0);
  v128.store(q, w1, 12);
  v128.store(q, w2, 24);
  v128.store64_lane(q, w3, 0, 36);
  v128.store32_lane(q, w3, 2, 44);
}

/** RGB -> YBR_FULL, 8-bit interleaved, 16 pixels per step; returns pixels done. Safe in place. */
export function rgbToYbrFullU8Simd(src: usize, dst: usize, n: usize): usize {
  const m0 = kv(MASKS, 0), hc = kv(MASKS, 2), pack = kv(MASKS, 4), m8 = kv(BYTES, 0), m16 = kv(BYTES, 1);
  const ky1 = kv(COEF, 0), ky2 = kv(COEF, 1), kb1 = kv(COEF, 2), kb2 = kv(COEF, 3), kr1 = kv(COEF, 4), kr2 = kv(COEF, 5);
  let i: usize = 0;
  for (; i + 18 <= n; i += 16) {
    stepFull(src + i * 3, dst + i * 3, m0, m0, false, hc, pack, m8, m16, ky1, ky2, kb1, kb2, kr1, kr2);
  }
  if (i + 16 <= n) {
    stepFull(src + i * 3, dst + i * 3, m0, kv(MASKS, 1), true, hc, pack, m8, m16, ky1, ky2, kb1, kb2, kr1, kr2);
    i += 16;
  }
  return i;
}

/**
 * RGB -> YBR_FULL, 8-bit colour-by-plane (Planar Configuration 1), 16 pixels per step: n pixels per plane.
 * Returns pixels done. Safe in place (the three loads precede the three stores).
 */
export function rgbToYbrFullPlanarU8Simd(src: usize, dst: usize, n: usize): usize {
  const lc = kv(MASKS, 2), hc = kv(MASKS, 3);
  const ky1 = kv(COEF, 0), ky2 = kv(COEF, 1), kb1 = kv(COEF, 2), kb2 = kv(COEF, 3), kr1 = kv(COEF, 4), kr2 = kv(COEF, 5);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const r = v128.load(src + i);
    const g = v128.load(src + n + i);
    const b = v128.load(src + 2 * n + i);
    // R G and B G byte pairs, then interleaved with the offset bytes: v1 = (R - 16384, G + 16384) from R G
    // (C0 40: the low half of lc, the high half of hc) and v2 = (B, G - 32768) from B G (00 80: the others).
    const rgLo = zipLo(r, g), rgHi = zipHi(r, g), bgLo = zipLo(b, g), bgHi = zipHi(b, g);
    const a1 = zipLo(rgLo, lc), b1 = zipHi(rgLo, hc), c1 = zipLo(rgHi, lc), d1 = zipHi(rgHi, hc);
    const a2 = zipLo(bgLo, hc), b2 = zipHi(bgLo, lc), c2 = zipLo(bgHi, hc), d2 = zipHi(bgHi, lc);
    const y = channel(a1, a2, b1, b2, c1, c2, d1, d2, ky1, ky2);
    const cb = v128.not(channel(a1, a2, b1, b2, c1, c2, d1, d2, kb1, kb2));
    const cr = v128.not(channel(a1, a2, b1, b2, c1, c2, d1, d2, kr1, kr2));
    v128.store(dst + i, y);
    v128.store(dst + n + i, cb);
    v128.store(dst + 2 * n + i, cr);
  }
  return i;
}
