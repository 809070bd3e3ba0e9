// SIMD form of the islow inverse DCT of idct.ts (same arithmetic, bit-identical results): four columns (pass 1)
// or four rows (pass 2) per i32x4 lane group, with 4x4 transposes between the passes.
//
//   coefficients (rows r, 8 x i16)  --pass 1, lanes = columns-->  W[r] (2 x i32x4)
//   transpose 4x4 blocks            -->  V[k] = column k, lanes = rows
//   pass 2, lanes = rows            -->  O[c] = output column c (lanes = rows), range-limited
//   transpose back, narrow to u16   -->  8 output rows of 8 samples
import { transpose4 } from "../../common/simd";
const CONST_BITS: i32 = 13;

// A scratch area for the 8x8 i32 intermediate: 16 vectors.
const TW: usize = memory.data(16 * 16, 16);
const TV: usize = memory.data(16 * 16, 16);

@inline function mulc(a: v128, c: i32): v128 {
  return i32x4.mul(a, i32x4.splat(c));
}

@inline function descaleV(x: v128, n: i32): v128 {
  return i32x4.shr_s(i32x4.add(x, i32x4.splat(1 << (n - 1))), n);
}

/**
 * One 1-D islow IDCT on 8 input vectors x0..x7 at `src` (stride 32 bytes: two halves per row, `half` picks
 * which), written to `dst` (same layout) descaled by `n` bits. With `final`, range-limits (libjpeg wrap rule).
 */
@inline function idct1d(src: usize, dst: usize, half: usize, n: i32, final: bool, maxv: i32): void {
  const s = src + (half << 4);
  const x0 = v128.load(s), x1 = v128.load(s, 32), x2 = v128.load(s, 64), x3 = v128.load(s, 96);
  const x4 = v128.load(s, 128), x5 = v128.load(s, 160), x6 = v128.load(s, 192), x7 = v128.load(s, 224);
  // Even part
  let z1 = mulc(i32x4.add(x2, x6), 4433);
  const tmp2e = i32x4.sub(z1, mulc(x6, 15137));
  const tmp3e = i32x4.add(z1, mulc(x2, 6270));
  const tmp0e = i32x4.shl(i32x4.add(x0, x4), CONST_BITS);
  const tmp1e = i32x4.shl(i32x4.sub(x0, x4), CONST_BITS);
  const tmp10 = i32x4.add(tmp0e, tmp3e);
  const tmp13 = i32x4.sub(tmp0e, tmp3e);
  const tmp11 = i32x4.add(tmp1e, tmp2e);
  const tmp12 = i32x4.sub(tmp1e, tmp2e);
  // Odd part
  z1 = i32x4.add(x7, x1);
  let z2 = i32x4.add(x5, x3);
  let z3 = i32x4.add(x7, x3);
  let z4 = i32x4.add(x5, x1);
  const z5 = mulc(i32x4.add(z3, z4), 9633);
  let tmp0 = mulc(x7, 2446);
  let tmp1 = mulc(x5, 16819);
  let tmp2 = mulc(x3, 25172);
  let tmp3 = mulc(x1, 12299);
  z1 = mulc(z1, -7373);
  z2 = mulc(z2, -20995);
  z3 = i32x4.add(mulc(z3, -16069), z5);
  z4 = i32x4.add(mulc(z4, -3196), z5);
  tmp0 = i32x4.add(tmp0, i32x4.add(z1, z3));
  tmp1 = i32x4.add(tmp1, i32x4.add(z2, z4));
  tmp2 = i32x4.add(tmp2, i32x4.add(z2, z3));
  tmp3 = i32x4.add(tmp3, i32x4.add(z1, z4));
  const d = dst + (half << 4);
  if (!final) {
    v128.store(d, descaleV(i32x4.add(tmp10, tmp3), n));
    v128.store(d, descaleV(i32x4.sub(tmp10, tmp3), n), 224);
    v128.store(d, descaleV(i32x4.add(tmp11, tmp2), n), 32);
    v128.store(d, descaleV(i32x4.sub(tmp11, tmp2), n), 192);
    v128.store(d, descaleV(i32x4.add(tmp12, tmp1), n), 64);
    v128.store(d, descaleV(i32x4.sub(tmp12, tmp1), n), 160);
    v128.store(d, descaleV(i32x4.add(tmp13, tmp0), n), 96);
    v128.store(d, descaleV(i32x4.sub(tmp13, tmp0), n), 128);
    return;
  }
  v128.store(d, rangeV(descaleV(i32x4.add(tmp10, tmp3), n), maxv));
  v128.store(d, rangeV(descaleV(i32x4.sub(tmp10, tmp3), n), maxv), 224);
  v128.store(d, rangeV(descaleV(i32x4.add(tmp11, tmp2), n), maxv), 32);
  v128.store(d, rangeV(descaleV(i32x4.sub(tmp11, tmp2), n), maxv), 192);
  v128.store(d, rangeV(descaleV(i32x4.add(tmp12, tmp1), n), maxv), 64);
  v128.store(d, rangeV(descaleV(i32x4.sub(tmp12, tmp1), n), maxv), 160);
  v128.store(d, rangeV(descaleV(i32x4.add(tmp13, tmp0), n), maxv), 96);
  v128.store(d, rangeV(descaleV(i32x4.sub(tmp13, tmp0), n), maxv), 128);
}

/** libjpeg's post-IDCT range limit (see idct.ts rangeLimit), four lanes at a time. */
@inline function rangeV(x: v128, maxv: i32): v128 {
  const range = (maxv + 1) << 2;
  const off = (range >> 1) + ((maxv + 1) >> 1);
  let v = i32x4.sub(v128.and(i32x4.add(x, i32x4.splat(off)), i32x4.splat(range - 1)), i32x4.splat(off - ((maxv + 1) >> 1)));
  v = i32x4.max_s(v, i32x4.splat(0));
  return i32x4.min_s(v, i32x4.splat(maxv));
}

/** Same contract as idctBlock in idct.ts. */
export function idctBlockSimd(coef: usize, q: usize, out: usize, stride: usize, p1: i32, maxv: i32): void {
  // Dequantise into TW (row r: two i32x4 halves) (F.2.1.4).
  let ac = i16x8.splat(0);
  for (let r: usize = 0; r < 8; r++) {
    const c = v128.load(coef + (r << 4));
    const qq = v128.load(q + (r << 4));
    if (r > 0) ac = v128.or(ac, c);
    v128.store(TW + (r << 5), i32x4.mul(i32x4.extend_low_i16x8_s(c), i32x4.extend_low_i16x8_u(qq)));
    v128.store(TW + (r << 5), i32x4.mul(i32x4.extend_high_i16x8_s(c), i32x4.extend_high_i16x8_u(qq)), 16);
  }
  ac = v128.or(ac, v128.and(v128.load(coef), i16x8(0, -1, -1, -1, -1, -1, -1, -1)));
  if (!v128.any_true(ac)) {
    // DC only: every sample is the same (identical to the full computation, see idct.ts).
    const dc = load<i32>(TW) << p1;
    let x = (dc + (1 << (p1 + 2))) >> (p1 + 3);
    const range = (maxv + 1) << 2;
    const off = (range >> 1) + ((maxv + 1) >> 1);
    x = ((x + off) & (range - 1)) - off + ((maxv + 1) >> 1);
    x = x < 0 ? 0 : x > maxv ? maxv : x;
    const v = i16x8.splat(<i16>x);
    for (let r: usize = 0; r < 8; r++) v128.store(out + r * stride, v);
    return;
  }
  // Pass 1: columns (lanes = columns), TW -> TV as rows of the workspace.
  idct1d(TW, TV, 0, CONST_BITS - p1, false, maxv);
  idct1d(TW, TV, 1, CONST_BITS - p1, false, maxv);
  // Transpose TV (8x8) into TW so that rows become lanes.
  transpose4(TV, 32, TW, 32);
  transpose4(TV + 16, 32, TW + 128, 32);
  transpose4(TV + 128, 32, TW + 16, 32);
  transpose4(TV + 144, 32, TW + 144, 32);
  // Pass 2: rows (lanes = rows), TW -> TV, range-limited.
  idct1d(TW, TV, 0, CONST_BITS + p1 + 3, true, maxv);
  idct1d(TW, TV, 1, CONST_BITS + p1 + 3, true, maxv);
  // Back to rows, narrow to u16 and store.
  transpose4(TV, 32, TW, 32);
  transpose4(TV + 16, 32, TW + 128, 32);
  transpose4(TV + 128, 32, TW + 16, 32);
  transpose4(TV + 144, 32, TW + 144, 32);
  for (let r: usize = 0; r < 8; r++) {
    const lo = v128.load(TW + (r << 5));
    const hi = v128.load(TW + (r << 5), 16);
    v128.store(out + r * stride, i16x8.narrow_i32x4_u(lo, hi));
  }
}
