// Output stage of the JPEG 2000 decoder (ITU-T T.800 Annex G): inverse RCT (G.2.2) or ICT (G.3.2), DC level
// shift (G.1.2), rounding of irreversible samples, clamping to the component range, and the store into
// little-endian cells, with v128 paths for one component per cell run and for 8-bit RGB.
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL } from "../../common/status";

// ICT coefficients of G.3.2 (Equation G-7), in the f32 operation order of the scalar path.
const ICT_RV: f32 = 1.402;
const ICT_GU: f32 = 0.34413;
const ICT_GV: f32 = 0.71414;
const ICT_BU: f32 = 1.772;

/** Rounds (irreversible), DC-shifts and clamps 4 samples. */
@inline function finish(v: v128, isFloat: bool, vshift: v128, vlo: v128, vhi: v128): v128 {
  const i = isFloat ? i32x4.trunc_sat_f32x4_s(f32x4.nearest(v)) : v;
  return i32x4.min_s(i32x4.max_s(i32x4.add(i, vshift), vlo), vhi);
}

/** One component into consecutive cells, 8 samples per step; returns how many samples were stored. */
function storePlane(s: usize, d: usize, w: i32, cellBytes: i32, signed: bool, isFloat: bool, shift: i32, lo: i32, hi: i32): i32 {
  const vshift = i32x4.splat(shift);
  const vlo = i32x4.splat(lo);
  const vhi = i32x4.splat(hi);
  let x = 0;
  for (; x + 8 <= w; x += 8) {
    const o = <usize>x << 2;
    const a = finish(v128.load(s + o), isFloat, vshift, vlo, vhi);
    const b = finish(v128.load(s + o + 16), isFloat, vshift, vlo, vhi);
    // The values are clamped to the cell's range, so the saturating narrowings are exact.
    if (cellBytes == 2) {
      v128.store(d + (<usize>x << 1), signed ? i16x8.narrow_i32x4_s(a, b) : i16x8.narrow_i32x4_u(a, b));
    } else {
      const p = i16x8.narrow_i32x4_s(a, b);
      const q = signed ? i8x16.narrow_i16x8_s(p, p) : i8x16.narrow_i16x8_u(p, p);
      store<u64>(d + <usize>x, i64x2.extract_lane(q, 0));
    }
  }
  return x;
}

/** Inverse RCT / ICT of 4 pixels at a time into 8-bit RGB cells; returns how many pixels were stored. */
function storeRgb8(s0: usize, s1: usize, s2: usize, d: usize, w: i32, signed: bool, isFloat: bool, shift: i32, lo: i32, hi: i32): i32 {
  const vshift = i32x4.splat(shift);
  const vlo = i32x4.splat(lo);
  const vhi = i32x4.splat(hi);
  let x = 0;
  for (; x + 4 <= w; x += 4) {
    const o = <usize>x << 2;
    const y0 = v128.load(s0 + o);
    const y1 = v128.load(s1 + o);
    const y2 = v128.load(s2 + o);
    let r: v128, g: v128, b: v128;
    if (isFloat) {
      r = f32x4.add(y0, f32x4.mul(f32x4.splat(ICT_RV), y2));
      g = f32x4.sub(f32x4.sub(y0, f32x4.mul(f32x4.splat(ICT_GU), y1)), f32x4.mul(f32x4.splat(ICT_GV), y2));
      b = f32x4.add(y0, f32x4.mul(f32x4.splat(ICT_BU), y1));
    } else {
      g = i32x4.sub(y0, i32x4.shr_s(i32x4.add(y2, y1), 2));
      r = i32x4.add(y2, g);
      b = i32x4.add(y1, g);
    }
    r = finish(r, isFloat, vshift, vlo, vhi);
    g = finish(g, isFloat, vshift, vlo, vhi);
    b = finish(b, isFloat, vshift, vlo, vhi);
    // r0-3 g0-3 b0-3 as bytes, then interleaved to r0 g0 b0 r1 g1 b1 ...
    const rg = i16x8.narrow_i32x4_s(r, g);
    const bb = i16x8.narrow_i32x4_s(b, b);
    const p = signed ? i8x16.narrow_i16x8_s(rg, bb) : i8x16.narrow_i16x8_u(rg, bb);
    const q = i8x16.swizzle(p, i8x16(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 0, 0, 0, 0));
    const dp = d + <usize>(x * 3);
    store<u64>(dp, i64x2.extract_lane(q, 0));
    store<u32>(dp + 8, i32x4.extract_lane(q, 2));
  }
  return x;
}

/**
 * Inverse component transform (G.2.2 RCT for mode bit 0 = 0, G.3.2 ICT for mode bit 0 = 1, when mode bit 1 is
 * set), DC level shift (G.1.2), rounding (irreversible), clamping to the component range, and store as little
 * endian cells of `cellBytes` into dst at byte `dstOff`, `pixStride` bytes between pixels, `rowStride` between rows.
 * Without MCT only c0 is used. Returns 0 or a negated status.
 */
export function j2k_store(
  c0: usize,
  c1: usize,
  c2: usize,
  srcLen: i32,
  stride: i32,
  w: i32,
  h: i32,
  dstPtr: usize,
  dstLen: i32,
  dstOff: i32,
  pixStride: i32,
  rowStride: i32,
  cellBytes: i32,
  prec: i32,
  signed: i32,
  mode: i32,
): i32 {
  if (w < 0 || h < 0 || stride < w || prec < 1 || prec > 16 || (cellBytes != 1 && cellBytes != 2) || dstOff < 0) return -INVALID_ARGUMENT;
  if (w == 0 || h == 0) return 0;
  if (<i64>(h - 1) * <i64>stride * 4 + <i64>w * 4 > <i64>srcLen) return -INVALID_ARGUMENT;
  const mct = (mode & 2) != 0;
  const comps = mct ? 3 : 1;
  const last = <i64>dstOff + <i64>(h - 1) * <i64>rowStride + <i64>(w - 1) * <i64>pixStride + <i64>(comps * cellBytes);
  if (last > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const isFloat = (mode & 1) != 0;
  const shift: i32 = signed ? 0 : 1 << (prec - 1);
  const lo: i32 = signed ? -(1 << (prec - 1)) : 0;
  const hi: i32 = signed ? (1 << (prec - 1)) - 1 : (1 << prec) - 1;
  const plane = !mct && pixStride == cellBytes;
  const rgb8 = mct && cellBytes == 1 && pixStride == 3;
  for (let y = 0; y < h; y++) {
    const so = <usize>(y * stride) << 2;
    const d0 = dstPtr + <usize>(dstOff + y * rowStride);
    // v128 over most of the row, the scalar loop below for the rest (and for the other layouts).
    let x0 = 0;
    if (plane) x0 = storePlane(c0 + so, d0, w, cellBytes, signed != 0, isFloat, shift, lo, hi);
    else if (rgb8) x0 = storeRgb8(c0 + so, c1 + so, c2 + so, d0, w, signed != 0, isFloat, shift, lo, hi);
    let d = d0 + <usize>x0 * <usize>pixStride;
    for (let x = x0; x < w; x++) {
      const o = so + (<usize>x << 2);
      let v0: i32, v1: i32 = 0, v2: i32 = 0;
      if (isFloat) {
        let f0 = load<f32>(c0 + o);
        if (mct) {
          const cb = load<f32>(c1 + o);
          const cr = load<f32>(c2 + o);
          const r = f0 + <f32>1.402 * cr;
          const g = f0 - <f32>0.34413 * cb - <f32>0.71414 * cr;
          const b = f0 + <f32>1.772 * cb;
          v1 = <i32>nearest<f32>(g);
          v2 = <i32>nearest<f32>(b);
          f0 = r;
        }
        v0 = <i32>nearest<f32>(f0);
      } else {
        v0 = load<i32>(c0 + o);
        if (mct) {
          const y1 = load<i32>(c1 + o);
          const y2 = load<i32>(c2 + o);
          const g = v0 - ((y2 + y1) >> 2);
          v0 = y2 + g;
          v1 = g;
          v2 = y1 + g;
        }
      }
      v0 = min(max(v0 + shift, lo), hi);
      if (cellBytes == 1) store<u8>(d, <u8>v0);
      else store<u16>(d, <u16>v0);
      if (mct) {
        v1 = min(max(v1 + shift, lo), hi);
        v2 = min(max(v2 + shift, lo), hi);
        if (cellBytes == 1) {
          store<u8>(d + 1, <u8>v1);
          store<u8>(d + 2, <u8>v2);
        } else {
          store<u16>(d + 2, <u16>v1);
          store<u16>(d + 4, <u16>v2);
        }
      }
      d += <usize>pixStride;
    }
  }
  return 0;
}
