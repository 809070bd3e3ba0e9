// Layout helpers of the 8-bit colour SIMD kernels (simd-inverse.ts, simd-forward.ts): de-interleaving 16
// three-sample pixels into three u8x16 vectors, re-interleaving them on store, native 4:2:2 pair gathers and
// the lane interleaves, all with shuffles the engine maps to single instructions where it can.
//
// Measured in V8 (Node 20, x64), an identity de-interleave + re-interleave of 16 pixels: the window/unpack
// forms below take ~11 cycles; the textbook alternative, three byte gathers or-ed together per vector (9 per
// direction), takes ~21, because every i8x16.swizzle costs an index fix-up and a mask load besides the gather.

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

@inline export function mask(row: i32): v128 {
  return v128.load(MASKS + <usize>(row << 4));
}

// De-interleaving 16 three-sample pixels (48 bytes in a, b, c) with shuffles the engine maps to single
// instructions (byte-window concatenation, 32- and 64-bit lane interleaves) plus one gather per 4 pixels:
//   w0..w3 = the 12 bytes of pixels 4k..4k+3 (windows at bytes 0, 12, 24, 36), each gathered to
//            S0(4) S1(4) S2(4) x(4);
//   t0 = S0 S0 S1 S1 of w0, w1; t1 = the same of w2, w3; t2 = S2 S2 x x of w0, w1; t3 = of w2, w3;
//   sample 0 = low halves of t0, t1; sample 1 = high halves; sample 2 = low halves of t2, t3.
@inline function winWith(a: v128, b: v128, c: v128, k: i32, m4: v128): v128 {
  if (k == 0) return i8x16.swizzle(a, m4);
  if (k == 1) return i8x16.swizzle(i8x16.shuffle(a, b, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27), m4);
  if (k == 2) return i8x16.swizzle(i8x16.shuffle(b, c, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), m4);
  return i8x16.swizzle(i8x16.shuffle(c, c, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), m4);
}

@inline export function zip32(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
}

@inline export function zip64(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
}

/** Sample k (0: Y or R, 1: Cb or G, 2: Cr or B) of 16 interleaved 3-sample pixels held in a, b, c. */
@inline function sample(a: v128, b: v128, c: v128, k: i32): v128 {
  return sampleWith(a, b, c, k, mask(4));
}

/**
 * The same with the gather mask (mask(4)) passed in: a loop that loads its masks into locals before it starts
 * keeps them in registers (V8 does not hoist a load, nor a constant, out of a loop by itself).
 */
@inline export function sampleWith(a: v128, b: v128, c: v128, k: i32, m4: v128): v128 {
  const w0 = winWith(a, b, c, 0, m4), w1 = winWith(a, b, c, 1, m4), w2 = winWith(a, b, c, 2, m4), w3 = winWith(a, b, c, 3, m4);
  if (k == 2) return zip64(zip32(w0, w1, true), zip32(w2, w3, true), false);
  return zip64(zip32(w0, w1, false), zip32(w2, w3, false), k == 1);
}

@inline export function sample0(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 0);
}

@inline export function sample1(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 1);
}

@inline export function sample2(a: v128, b: v128, c: v128): v128 {
  return sample(a, b, c, 2);
}

/**
 * Stores three 16-lane u8 channel vectors as 16 interleaved pixels (48 bytes) at q: the reverse of the
 * above; the four 12-byte groups p0..p3 (zeros in bytes 12..15) are joined by byte shifts (concatenation
 * with a zero vector) and ors: out0 = p0 | p1 << 12, out1 = p1 >> 4 | p2 << 8, out2 = p2 >> 8 | p3 << 4.
 */
@inline export function store3(q: usize, r: v128, g: v128, b: v128): void {
  store3With(q, r, g, b, mask(5), i8x16.splat(0));
}

/** The same with the gather mask (mask(5)) and a zero vector passed in (see sampleWith). */
@inline export function store3With(q: usize, r: v128, g: v128, b: v128, m: v128, z: v128): void {
  const rgLo = zip32(r, g, false), rgHi = zip32(r, g, true);
  const bbLo = zip32(b, b, false), bbHi = zip32(b, b, true);
  const p0 = i8x16.swizzle(zip64(rgLo, bbLo, false), m);
  const p1 = i8x16.swizzle(zip64(rgLo, bbLo, true), m);
  const p2 = i8x16.swizzle(zip64(rgHi, bbHi, false), m);
  const p3 = i8x16.swizzle(zip64(rgHi, bbHi, true), m);
  v128.store(q, v128.or(p0, i8x16.shuffle(z, p1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)));
  v128.store(q, v128.or(i8x16.shuffle(p1, z, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), i8x16.shuffle(z, p2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)), 16);
  v128.store(q, v128.or(i8x16.shuffle(p2, z, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.shuffle(z, p3, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)), 32);
}

/** Interleaves the low (hi = false) or high four i16 lanes of x and y: x0 y0 x1 y1 ... */
@inline export function zip16(x: v128, y: v128, hi: bool): v128 {
  return hi
    ? i8x16.shuffle(x, y, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31)
    : i8x16.shuffle(x, y, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}

/** The 16 Y of 8 native 4:2:2 pairs held in a, b (m0, m1: mask(0), mask(1), loaded by the caller). */
@inline export function pairsY(a: v128, b: v128, m0: v128 = mask(0), m1: v128 = mask(1)): v128 {
  return v128.or(i8x16.swizzle(a, m0), i8x16.swizzle(b, m1));
}

/** Cb of the 8 pairs in bytes 0..7, Cr in bytes 8..15 (u8) (m2, m3: mask(2), mask(3)). */
@inline export function pairsC(a: v128, b: v128, m2: v128 = mask(2), m3: v128 = mask(3)): v128 {
  return v128.or(i8x16.swizzle(a, m2), i8x16.swizzle(b, m3));
}

