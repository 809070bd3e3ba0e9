// SIMD form of the islow forward DCT and quantiser of fdct.ts (same arithmetic, identical coefficients):
// rows are transformed four at a time (lanes = rows) after transposing the block, then columns (lanes =
// columns) after transposing back, which leaves the coefficients in natural order. The division by the
// quantiser uses an f32 reciprocal followed by an exact integer correction (wasm SIMD has no integer divide).
import { transpose4 } from "../../common/simd";

const CONST_BITS: i32 = 13;
const A: usize = memory.data(16 * 16, 16);
const B: usize = memory.data(16 * 16, 16);
/** Per quantisation table (2): 64 x i32 divisors (8 q) then 64 x f32 reciprocals. */
export const QDIV: usize = memory.data(2 * 512, 16);

@inline function mulc(a: v128, c: i32): v128 {
  return i32x4.mul(a, i32x4.splat(c));
}
@inline function descaleV(x: v128, n: i32): v128 {
  return i32x4.shr_s(i32x4.add(x, i32x4.splat(1 << (n - 1))), n);
}

/** 1-D islow FDCT on x0..x7 at src (stride 32, `half` selects lanes 0-3 or 4-7 of each row) into dst. */
@inline function fdct1d(src: usize, dst: usize, half: usize, first: bool, PASS1_BITS: i32): void {
  const s = src + (half << 4);
  const d0 = v128.load(s), d1 = v128.load(s, 32), d2 = v128.load(s, 64), d3 = v128.load(s, 96);
  const d4 = v128.load(s, 128), d5 = v128.load(s, 160), d6 = v128.load(s, 192), d7 = v128.load(s, 224);
  const tmp0 = i32x4.add(d0, d7), tmp7 = i32x4.sub(d0, d7);
  const tmp1 = i32x4.add(d1, d6), tmp6 = i32x4.sub(d1, d6);
  const tmp2 = i32x4.add(d2, d5), tmp5 = i32x4.sub(d2, d5);
  const tmp3 = i32x4.add(d3, d4), tmp4 = i32x4.sub(d3, d4);
  const tmp10 = i32x4.add(tmp0, tmp3), tmp13 = i32x4.sub(tmp0, tmp3);
  const tmp11 = i32x4.add(tmp1, tmp2), tmp12 = i32x4.sub(tmp1, tmp2);
  const o = dst + (half << 4);
  const n = first ? CONST_BITS - PASS1_BITS : CONST_BITS + PASS1_BITS;
  if (first) {
    v128.store(o, i32x4.shl(i32x4.add(tmp10, tmp11), PASS1_BITS));
    v128.store(o, i32x4.shl(i32x4.sub(tmp10, tmp11), PASS1_BITS), 128);
  } else {
    v128.store(o, descaleV(i32x4.add(tmp10, tmp11), PASS1_BITS));
    v128.store(o, descaleV(i32x4.sub(tmp10, tmp11), PASS1_BITS), 128);
  }
  let z1 = mulc(i32x4.add(tmp12, tmp13), 4433);
  v128.store(o, descaleV(i32x4.add(z1, mulc(tmp13, 6270)), n), 64);
  v128.store(o, descaleV(i32x4.sub(z1, mulc(tmp12, 15137)), n), 192);
  z1 = i32x4.add(tmp4, tmp7);
  let z2 = i32x4.add(tmp5, tmp6);
  let z3 = i32x4.add(tmp4, tmp6);
  let z4 = i32x4.add(tmp5, tmp7);
  const z5 = mulc(i32x4.add(z3, z4), 9633);
  const t4 = mulc(tmp4, 2446), t5 = mulc(tmp5, 16819), t6 = mulc(tmp6, 25172), t7 = mulc(tmp7, 12299);
  z1 = mulc(z1, -7373);
  z2 = mulc(z2, -20995);
  z3 = i32x4.add(mulc(z3, -16069), z5);
  z4 = i32x4.add(mulc(z4, -3196), z5);
  v128.store(o, descaleV(i32x4.add(t4, i32x4.add(z1, z3)), n), 224);
  v128.store(o, descaleV(i32x4.add(t5, i32x4.add(z2, z4)), n), 160);
  v128.store(o, descaleV(i32x4.add(t6, i32x4.add(z2, z3)), n), 96);
  v128.store(o, descaleV(i32x4.add(t7, i32x4.add(z1, z4)), n), 32);
}

@inline function transpose8(src: usize, dst: usize): void {
  transpose4(src, 32, dst, 32);
  transpose4(src + 16, 32, dst + 128, 32);
  transpose4(src + 128, 32, dst + 16, 32);
  transpose4(src + 144, 32, dst + 144, 32);
}

/** Sets the divisors of quantisation table t (0 or 1) from 64 u16 quantiser values (natural order). */
export function setDivisors(t: i32, q: usize): void {
  const base = QDIV + <usize>(t * 512);
  for (let i: usize = 0; i < 64; i++) {
    const d = <i32>load<u16>(q + (i << 1)) << 3;
    store<i32>(base + (i << 2), d);
    store<f32>(base + 256 + (i << 2), <f32>1.0 / <f32>d);
  }
}

/**
 * Same contract as fdctQuantBlock (fdct.ts), with the divisors of table `t`. `wide`: 12-bit samples in u16
 * cells (level shift 2048, PASS1_BITS 1 as IJG's 12-bit build) instead of u8.
 */
export function fdctQuantBlockSimd(src: usize, stride: usize, t: i32, out: usize, wide: bool = false): void {
  const p1: i32 = wide ? 1 : 2;
  for (let r: usize = 0; r < 8; r++) {
    // A.3.1 level shift by 2^(P-1)
    const row = wide
      ? i16x8.sub(v128.load(src + r * stride), i16x8.splat(2048))
      : i16x8.sub(i16x8.extend_low_i8x16_u(v128.load64_zero(src + r * stride)), i16x8.splat(128));
    v128.store(A + (r << 5), i32x4.extend_low_i16x8_s(row));
    v128.store(A + (r << 5), i32x4.extend_high_i16x8_s(row), 16);
  }
  transpose8(A, B); // B: row k = column k of the block, lanes = rows
  fdct1d(B, A, 0, true, p1); // A: row u = horizontal frequency u, lanes = rows
  fdct1d(B, A, 1, true, p1);
  transpose8(A, B); // B: row r = block row r, lanes = horizontal frequencies
  fdct1d(B, A, 0, false, p1); // A: row v = vertical frequency v, lanes = u: natural order
  fdct1d(B, A, 1, false, p1);
  const base = QDIV + <usize>(t * 512);
  for (let i: usize = 0; i < 8; i++) {
    let res0: v128 = i32x4.splat(0);
    for (let h: usize = 0; h < 2; h++) {
      const off = (i << 5) + (h << 4);
      const v = v128.load(A + off);
      const d = v128.load(base + off);
      const inv = v128.load(base + 256 + off);
      // |v| + d/2, divided by d rounding toward zero (A.3.4 rounding to nearest, halves away from zero)
      const neg = i32x4.lt_s(v, i32x4.splat(0));
      const a = i32x4.add(i32x4.abs(v), i32x4.shr_s(d, 1));
      let q = i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.convert_i32x4_s(a), inv));
      const rem = i32x4.sub(a, i32x4.mul(q, d));
      q = i32x4.sub(q, i32x4.ge_s(rem, d)); // comparisons give -1 for true
      q = i32x4.add(q, i32x4.lt_s(rem, i32x4.splat(0)));
      q = v128.bitselect(i32x4.neg(q), q, neg);
      if (h == 0) res0 = q;
      else v128.store(out + (i << 4), i16x8.narrow_i32x4_s(res0, q));
    }
  }
}
