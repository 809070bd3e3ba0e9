// Forward DCT (ITU-T T.81 A.3.3) with the IJG "islow" integer arithmetic (the same factorisation and 2^13
// constants as the inverse in idct.ts; output scaled by 8), followed by quantisation (A.3.4) with rounding to
// the nearest integer, halves away from zero.
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

const PASS1_BITS: i32 = 2;

const FWS: usize = memory.data(64 * 4, 16);

@inline function descale(x: i32, n: i32): i32 {
  return (x + (1 << (n - 1))) >> n;
}

/**
 * Transforms the 8x8 u8 samples at `src` (`stride` bytes per row), level-shifted by 128 (A.3.1), and writes
 * the quantised coefficients, natural order, as i16 at `out`. `q` holds 64 u16 quantiser values (natural).
 */
export function fdctQuantBlock(src: usize, stride: usize, q: usize, out: usize): void {
  // Pass 1: rows; results scaled up by 2^PASS1_BITS.
  for (let r: usize = 0; r < 8; r++) {
    const p = src + r * stride;
    const d0 = <i32>load<u8>(p) - 128, d1 = <i32>load<u8>(p, 1) - 128, d2 = <i32>load<u8>(p, 2) - 128;
    const d3 = <i32>load<u8>(p, 3) - 128, d4 = <i32>load<u8>(p, 4) - 128, d5 = <i32>load<u8>(p, 5) - 128;
    const d6 = <i32>load<u8>(p, 6) - 128, d7 = <i32>load<u8>(p, 7) - 128;
    const w = FWS + (r << 5);
    let tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6;
    let tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    store<i32>(w, (tmp10 + tmp11) << PASS1_BITS);
    store<i32>(w, (tmp10 - tmp11) << PASS1_BITS, 16);
    let z1 = (tmp12 + tmp13) * F0_541196100;
    store<i32>(w, descale(z1 + tmp13 * F0_765366865, CONST_BITS - PASS1_BITS), 8);
    store<i32>(w, descale(z1 - tmp12 * F1_847759065, CONST_BITS - PASS1_BITS), 24);
    z1 = tmp4 + tmp7;
    let z2 = tmp5 + tmp6, z3 = tmp4 + tmp6, z4 = tmp5 + tmp7;
    const z5 = (z3 + z4) * F1_175875602;
    tmp4 *= F0_298631336;
    tmp5 *= F2_053119869;
    tmp6 *= F3_072711026;
    tmp7 *= F1_501321110;
    z1 *= -F0_899976223;
    z2 *= -F2_562915447;
    z3 = z3 * -F1_961570560 + z5;
    z4 = z4 * -F0_390180644 + z5;
    store<i32>(w, descale(tmp4 + z1 + z3, CONST_BITS - PASS1_BITS), 28);
    store<i32>(w, descale(tmp5 + z2 + z4, CONST_BITS - PASS1_BITS), 20);
    store<i32>(w, descale(tmp6 + z2 + z3, CONST_BITS - PASS1_BITS), 12);
    store<i32>(w, descale(tmp7 + z1 + z4, CONST_BITS - PASS1_BITS), 4);
  }
  // Pass 2: columns; removes the 2^PASS1_BITS (the factor 8 stays and is folded into the quantiser).
  for (let c: usize = 0; c < 8; c++) {
    const w = FWS + (c << 2);
    const d0 = load<i32>(w), d1 = load<i32>(w, 32), d2 = load<i32>(w, 64), d3 = load<i32>(w, 96);
    const d4 = load<i32>(w, 128), d5 = load<i32>(w, 160), d6 = load<i32>(w, 192), d7 = load<i32>(w, 224);
    let tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6;
    let tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    const o0 = descale(tmp10 + tmp11, PASS1_BITS);
    const o4 = descale(tmp10 - tmp11, PASS1_BITS);
    let z1 = (tmp12 + tmp13) * F0_541196100;
    const o2 = descale(z1 + tmp13 * F0_765366865, CONST_BITS + PASS1_BITS);
    const o6 = descale(z1 - tmp12 * F1_847759065, CONST_BITS + PASS1_BITS);
    z1 = tmp4 + tmp7;
    let z2 = tmp5 + tmp6, z3 = tmp4 + tmp6, z4 = tmp5 + tmp7;
    const z5 = (z3 + z4) * F1_175875602;
    tmp4 *= F0_298631336;
    tmp5 *= F2_053119869;
    tmp6 *= F3_072711026;
    tmp7 *= F1_501321110;
    z1 *= -F0_899976223;
    z2 *= -F2_562915447;
    z3 = z3 * -F1_961570560 + z5;
    z4 = z4 * -F0_390180644 + z5;
    const o7 = descale(tmp4 + z1 + z3, CONST_BITS + PASS1_BITS);
    const o5 = descale(tmp5 + z2 + z4, CONST_BITS + PASS1_BITS);
    const o3 = descale(tmp6 + z2 + z3, CONST_BITS + PASS1_BITS);
    const o1 = descale(tmp7 + z1 + z4, CONST_BITS + PASS1_BITS);
    const oc = out + (c << 1);
    const qc = q + (c << 1);
    store<i16>(oc, quantize(o0, <i32>load<u16>(qc)));
    store<i16>(oc, quantize(o1, <i32>load<u16>(qc, 16)), 16);
    store<i16>(oc, quantize(o2, <i32>load<u16>(qc, 32)), 32);
    store<i16>(oc, quantize(o3, <i32>load<u16>(qc, 48)), 48);
    store<i16>(oc, quantize(o4, <i32>load<u16>(qc, 64)), 64);
    store<i16>(oc, quantize(o5, <i32>load<u16>(qc, 80)), 80);
    store<i16>(oc, quantize(o6, <i32>load<u16>(qc, 96)), 96);
    store<i16>(oc, quantize(o7, <i32>load<u16>(qc, 112)), 112);
  }
}

/** Divides by 8 * q, rounding halves away from zero (the 8 undoes the FDCT's scale). */
@inline function quantize(v: i32, q: i32): i16 {
  const d = q << 3;
  if (v < 0) return <i16>(-((-v + (d >> 1)) / d));
  return <i16>((v + (d >> 1)) / d);
}
