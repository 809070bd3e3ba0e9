// Inverse DCT (ITU-T T.81 A.3.3) with the integer arithmetic of the IJG "islow" method, so that our output is
// bit-identical to libjpeg / libjpeg-turbo / DCMTK / GDCM: a separable 8x8 transform after the
// Loeffler-Ligtenberg-Moschytz factorisation, constants scaled by 2^13 (CONST_BITS), intermediate results
// kept PASS1_BITS bits wider (2 for 8-bit samples, 1 for 12-bit), each pass rounded by adding half and
// shifting right, and the output range-limited with libjpeg's wrap-around rule for wild overshoot.
import {
  CONST_BITS,
  F0_298631336,
  F0_390180644,
  F0_541196100,
  F0_765366865,
  F0_899976223,
  F1_175875602,
  F1_501321110,
  F1_847759065,
  F1_961570560,
  F2_053119869,
  F2_562915447,
  F3_072711026,
} from "./dct-constants";
import { WS } from "./state";

/**
 * libjpeg's range limit after the IDCT: x is the output before the level shift (T.81 A.3.1). Values within
 * [-1.5 * 2^P, 1.5 * 2^P) clamp to [0, 2^P - 1] after adding 2^(P-1); values further out wrap modulo 4 * 2^P
 * (the "RANGE_MASK" table lookup), which only corrupt data reaches.
 */
@inline function rangeLimit(x: i32, maxv: i32): i32 {
  const range = (maxv + 1) << 2;
  const off = (range >> 1) + ((maxv + 1) >> 1); // 2.5 * 2^P
  let v = ((x + off) & (range - 1)) - off + ((maxv + 1) >> 1);
  v = v < 0 ? 0 : v;
  return v > maxv ? maxv : v;
}

@inline function descale(x: i32, n: i32): i32 {
  return (x + (1 << (n - 1))) >> n;
}

/**
 * Dequantises (F.2.1.4) and inverse-transforms one block: `coef` 64 x i16 natural order, `q` 64 x u16, output
 * 8 rows of 8 u16 samples at `out` with `stride` bytes per row. `p1` is PASS1_BITS, `maxv` 2^P - 1.
 */
export function idctBlock(coef: usize, q: usize, out: usize, stride: usize, p1: i32, maxv: i32): void {
  // Pass 1: columns, into the workspace, scaled up by 2^p1.
  for (let c: usize = 0; c < 8; c++) {
    const cp = coef + (c << 1);
    const qp = q + (c << 1);
    const wp = WS + (c << 2);
    const a1 = <i32>load<i16>(cp, 16), a2 = <i32>load<i16>(cp, 32), a3 = <i32>load<i16>(cp, 48);
    const a4 = <i32>load<i16>(cp, 64), a5 = <i32>load<i16>(cp, 80), a6 = <i32>load<i16>(cp, 96);
    const a7 = <i32>load<i16>(cp, 112);
    if ((a1 | a2 | a3 | a4 | a5 | a6 | a7) == 0) {
      // Only the DC term: the column is flat (same result as the full computation).
      const dc = (<i32>load<i16>(cp) * <i32>load<u16>(qp)) << p1;
      for (let r: usize = 0; r < 8; r++) store<i32>(wp + (r << 5), dc);
      continue;
    }
    // Even part
    let z2 = a2 * <i32>load<u16>(qp, 32);
    let z3 = a6 * <i32>load<u16>(qp, 96);
    let z1 = (z2 + z3) * F0_541196100;
    let tmp2 = z1 - z3 * F1_847759065;
    let tmp3 = z1 + z2 * F0_765366865;
    z2 = <i32>load<i16>(cp) * <i32>load<u16>(qp);
    z3 = a4 * <i32>load<u16>(qp, 64);
    let tmp0 = (z2 + z3) << CONST_BITS;
    let tmp1 = (z2 - z3) << CONST_BITS;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;
    // Odd part
    tmp0 = a7 * <i32>load<u16>(qp, 112);
    tmp1 = a5 * <i32>load<u16>(qp, 80);
    tmp2 = a3 * <i32>load<u16>(qp, 48);
    tmp3 = a1 * <i32>load<u16>(qp, 16);
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F1_175875602;
    tmp0 *= F0_298631336;
    tmp1 *= F2_053119869;
    tmp2 *= F3_072711026;
    tmp3 *= F1_501321110;
    z1 *= -F0_899976223;
    z2 *= -F2_562915447;
    z3 = z3 * -F1_961570560 + z5;
    z4 = z4 * -F0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    const n = CONST_BITS - p1;
    store<i32>(wp, descale(tmp10 + tmp3, n));
    store<i32>(wp, descale(tmp10 - tmp3, n), 224);
    store<i32>(wp, descale(tmp11 + tmp2, n), 32);
    store<i32>(wp, descale(tmp11 - tmp2, n), 192);
    store<i32>(wp, descale(tmp12 + tmp1, n), 64);
    store<i32>(wp, descale(tmp12 - tmp1, n), 160);
    store<i32>(wp, descale(tmp13 + tmp0, n), 96);
    store<i32>(wp, descale(tmp13 - tmp0, n), 128);
  }
  // Pass 2: rows, from the workspace to samples; removes the 2^p1 and the factor 8 of the 2-D transform.
  const n2 = CONST_BITS + p1 + 3;
  for (let r: usize = 0; r < 8; r++) {
    const wp = WS + (r << 5);
    const op = out + r * stride;
    const w0 = load<i32>(wp), w1 = load<i32>(wp, 4), w2 = load<i32>(wp, 8), w3 = load<i32>(wp, 12);
    const w4 = load<i32>(wp, 16), w5 = load<i32>(wp, 20), w6 = load<i32>(wp, 24), w7 = load<i32>(wp, 28);
    if ((w1 | w2 | w3 | w4 | w5 | w6 | w7) == 0) {
      const v = <u16>rangeLimit(descale(w0, p1 + 3), maxv);
      for (let i: usize = 0; i < 8; i++) store<u16>(op + (i << 1), v);
      continue;
    }
    let z1 = (w2 + w6) * F0_541196100;
    let tmp2 = z1 - w6 * F1_847759065;
    let tmp3 = z1 + w2 * F0_765366865;
    let tmp0 = (w0 + w4) << CONST_BITS;
    let tmp1 = (w0 - w4) << CONST_BITS;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;
    tmp0 = w7;
    tmp1 = w5;
    tmp2 = w3;
    tmp3 = w1;
    z1 = tmp0 + tmp3;
    let z2 = tmp1 + tmp2;
    let z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F1_175875602;
    tmp0 *= F0_298631336;
    tmp1 *= F2_053119869;
    tmp2 *= F3_072711026;
    tmp3 *= F1_501321110;
    z1 *= -F0_899976223;
    z2 *= -F2_562915447;
    z3 = z3 * -F1_961570560 + z5;
    z4 = z4 * -F0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    store<u16>(op, <u16>rangeLimit(descale(tmp10 + tmp3, n2), maxv));
    store<u16>(op, <u16>rangeLimit(descale(tmp10 - tmp3, n2), maxv), 14);
    store<u16>(op, <u16>rangeLimit(descale(tmp11 + tmp2, n2), maxv), 2);
    store<u16>(op, <u16>rangeLimit(descale(tmp11 - tmp2, n2), maxv), 12);
    store<u16>(op, <u16>rangeLimit(descale(tmp12 + tmp1, n2), maxv), 4);
    store<u16>(op, <u16>rangeLimit(descale(tmp12 - tmp1, n2), maxv), 10);
    store<u16>(op, <u16>rangeLimit(descale(tmp13 + tmp0, n2), maxv), 6);
    store<u16>(op, <u16>rangeLimit(descale(tmp13 - tmp0, n2), maxv), 8);
  }
}
