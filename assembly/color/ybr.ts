// YCbCr <-> RGB on full-resolution frames (every pixel has its own Y, Cb, Cr), PS3.3 C.7.6.3.1.2.
//
// Layouts (PS3.3 C.7.6.3.1.3 Planar Configuration), the same on input and output:
//   planar = 0 (colour-by-pixel):  Y0 Cb0 Cr0 Y1 Cb1 Cr1 ...   ->  R0 G0 B0 R1 G1 B1 ...
//   planar = 1 (colour-by-plane):  Y0 Y1 ... | Cb0 Cb1 ... | Cr0 ...  ->  R0 R1 ... | G0 ... | B0 ...
// Cells are u8 (Bits Allocated 8) or little-endian u16 (Bits Allocated 16, `bits` = Bits Stored of the
// canonical, masked cells). Every sample is loaded before the pixel is stored, so src == dst (in place) works.
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, pixels, planar[, bits]) -> bytes written or -status.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import {
  clampI32, clampI64, inMem, rgbCb, rgbCb32, rgbCr, rgbCr32, rgbY, rgbY32,
  ybrB, ybrB64, ybrG, ybrG64, ybrR, ybrR64,
} from "./common";
import { rgbToYbrFullPlanarU8Simd, rgbToYbrFullU8Simd } from "./simd-forward";
import { ybrFullToRgbPlanarU8Simd, ybrFullToRgbU8Simd } from "./simd-inverse";

/** Validates a full-resolution 3-sample conversion; returns the byte count or a negated status. */
@inline export function check3(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, cell: i32, planar: i32): i32 {
  if (pixels < 0 || (planar != 0 && planar != 1)) return -INVALID_ARGUMENT;
  if (!inMem(src, srcLen) || !inMem(dst, dstLen)) return -INVALID_ARGUMENT;
  const need = <i64>pixels * 3 * cell;
  if (need > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < need) return -TRUNCATED;
  if (<i64>dstLen < need) return -DESTINATION_TOO_SMALL;
  return <i32>need;
}

// ---------------------------------------------------------------------------------------------------------
// YBR_FULL -> RGB (libjpeg's integer arithmetic, see common.ts)

/** 8-bit YBR_FULL -> RGB. Both layouts run 16 pixels per step in v128 (simd-inverse.ts), bit-exact, scalar tail. */
export function color_ybr_full_to_rgb_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32): i32 {
  const need = check3(src, srcLen, dst, dstLen, pixels, 1, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  if (planar == 0) {
    const done = ybrFullToRgbU8Simd(src, dst, n);
    for (let i = done; i < n; i++) {
      const p = src + i * 3;
      const y = <i32>load<u8>(p);
      const cbx = <i32>load<u8>(p, 1) - 128;
      const crx = <i32>load<u8>(p, 2) - 128;
      const q = dst + i * 3;
      store<u8>(q, <u8>clampI32(ybrR(y, crx), 255));
      store<u8>(q, <u8>clampI32(ybrG(y, cbx, crx), 255), 1);
      store<u8>(q, <u8>clampI32(ybrB(y, cbx), 255), 2);
    }
  } else {
    const done = ybrFullToRgbPlanarU8Simd(src, dst, n);
    for (let i: usize = done; i < n; i++) {
      const y = <i32>load<u8>(src + i);
      const cbx = <i32>load<u8>(src + n + i) - 128;
      const crx = <i32>load<u8>(src + 2 * n + i) - 128;
      store<u8>(dst + i, <u8>clampI32(ybrR(y, crx), 255));
      store<u8>(dst + n + i, <u8>clampI32(ybrG(y, cbx, crx), 255));
      store<u8>(dst + 2 * n + i, <u8>clampI32(ybrB(y, cbx), 255));
    }
  }
  return need;
}

/** 16-bit cells, precision `bits` (1..16): centre 2^(bits-1), range 0..2^bits-1 (libjpeg's 12-bit rule, generalised). */
export function color_ybr_full_to_rgb_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  if (bits < 1 || bits > 16) return -INVALID_ARGUMENT;
  const need = check3(src, srcLen, dst, dstLen, pixels, 2, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const c = <i64>1 << (bits - 1);
  const max = (<i64>1 << bits) - 1;
  // Sample k of pixel i is at byte (i * step + k * plane) * 2.
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = planar == 0 ? 1 : n;
  for (let i: usize = 0; i < n; i++) {
    const p = src + ((i * step) << 1);
    const y = <i64>load<u16>(p);
    const cbx = <i64>load<u16>(p + (plane << 1)) - c;
    const crx = <i64>load<u16>(p + (plane << 2)) - c;
    const q = dst + ((i * step) << 1);
    store<u16>(q, <u16>clampI64(ybrR64(y, crx), max));
    store<u16>(q + (plane << 1), <u16>clampI64(ybrG64(y, cbx, crx), max));
    store<u16>(q + (plane << 2), <u16>clampI64(ybrB64(y, cbx), max));
  }
  return need;
}

// ---------------------------------------------------------------------------------------------------------
// RGB -> YBR_FULL (libjpeg jccolor arithmetic, see common.ts)

export function color_rgb_to_ybr_full_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32): i32 {
  const need = check3(src, srcLen, dst, dstLen, pixels, 1, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = planar == 0 ? 1 : n;
  // v128 for both layouts (16 pixels per step, simd-forward.ts), scalar tail.
  const done = planar == 0 ? rgbToYbrFullU8Simd(src, dst, n) : rgbToYbrFullPlanarU8Simd(src, dst, n);
  for (let i: usize = done; i < n; i++) {
    const p = src + i * step;
    const r = <i32>load<u8>(p);
    const g = <i32>load<u8>(p + plane);
    const b = <i32>load<u8>(p + 2 * plane);
    const q = dst + i * step;
    store<u8>(q, <u8>rgbY32(r, g, b));
    store<u8>(q + plane, <u8>rgbCb32(r, g, b));
    store<u8>(q + 2 * plane, <u8>rgbCr32(r, g, b));
  }
  return need;
}

export function color_rgb_to_ybr_full_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  if (bits < 1 || bits > 16) return -INVALID_ARGUMENT;
  const need = check3(src, srcLen, dst, dstLen, pixels, 2, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const c = <i64>1 << (bits - 1);
  const max = (<i64>1 << bits) - 1;
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = planar == 0 ? 1 : n;
  for (let i: usize = 0; i < n; i++) {
    const p = src + ((i * step) << 1);
    const r = <i64>load<u16>(p);
    const g = <i64>load<u16>(p + (plane << 1));
    const b = <i64>load<u16>(p + (plane << 2));
    const q = dst + ((i * step) << 1);
    store<u16>(q, <u16>clampI64(rgbY(r, g, b), max));
    store<u16>(q + (plane << 1), <u16>clampI64(rgbCb(r, g, b, c), max));
    store<u16>(q + (plane << 2), <u16>clampI64(rgbCr(r, g, b, c), max));
  }
  return need;
}

// ---------------------------------------------------------------------------------------------------------
// YBR_PARTIAL -> RGB (PS3.3 C.7.6.3.1.2 YBR_PARTIAL_422: Y in 16..235, CbCr in 16..240 for 8 bits).
// The standard gives the forward matrix (Y = .2568R + .5041G + .0979B + 16, Cb = -.1482R - .2910G + .4392B
// + 128, Cr = .4392R - .3678G - .0714B + 128); its inverse, rounded to 16-bit fixed point, is
//   R = 1.16442 (Y-16) + 1.59600 (Cr-128);  G = 1.16442 (Y-16) - 0.39172 (Cb-128) - 0.81301 (Cr-128);
//   B = 1.16442 (Y-16) + 2.01729 (Cb-128)
// (the two residual terms below 1.4e-4 from the 4-digit coefficients are dropped). For more than 8 bits
// the offsets scale as 16 * 2^(bits-8) and 128 * 2^(bits-8) (ITU-R BT.1361 convention).
const P_Y: i64 = 76311;
const P_CR_R: i64 = 104596;
const P_CB_G: i64 = 25672;
const P_CR_G: i64 = 53282;
const P_CB_B: i64 = 132205;

@inline function partialPixel(y: i64, cb: i64, cr: i64, yOff: i64, c: i64, max: i64, q: usize, plane: usize, cell: i32): void {
  const yy = P_Y * (y - yOff) + 32768;
  const cbx = cb - c;
  const crx = cr - c;
  const r = clampI64((yy + P_CR_R * crx) >> 16, max);
  const g = clampI64((yy - P_CB_G * cbx - P_CR_G * crx) >> 16, max);
  const b = clampI64((yy + P_CB_B * cbx) >> 16, max);
  if (cell == 1) {
    store<u8>(q, <u8>r);
    store<u8>(q + plane, <u8>g);
    store<u8>(q + 2 * plane, <u8>b);
  } else {
    store<u16>(q, <u16>r);
    store<u16>(q + (plane << 1), <u16>g);
    store<u16>(q + (plane << 2), <u16>b);
  }
}

export function color_ybr_partial_to_rgb_u8(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32): i32 {
  const need = check3(src, srcLen, dst, dstLen, pixels, 1, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = planar == 0 ? 1 : n;
  for (let i: usize = 0; i < n; i++) {
    const p = src + i * step;
    partialPixel(<i64>load<u8>(p), <i64>load<u8>(p + plane), <i64>load<u8>(p + 2 * plane), 16, 128, 255, dst + i * step, plane, 1);
  }
  return need;
}

export function color_ybr_partial_to_rgb_u16(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, planar: i32, bits: i32): i32 {
  if (bits < 8 || bits > 16) return -INVALID_ARGUMENT;
  const need = check3(src, srcLen, dst, dstLen, pixels, 2, planar);
  if (need < 0) return need;
  const n = <usize>pixels;
  const s = bits - 8;
  const max = (<i64>1 << bits) - 1;
  const step: usize = planar == 0 ? 3 : 1;
  const plane: usize = planar == 0 ? 1 : n;
  for (let i: usize = 0; i < n; i++) {
    const p = src + ((i * step) << 1);
    const y = <i64>load<u16>(p);
    const cb = <i64>load<u16>(p + (plane << 1));
    const cr = <i64>load<u16>(p + (plane << 2));
    partialPixel(y, cb, cr, <i64>16 << s, <i64>128 << s, max, dst + ((i * step) << 1), plane, 2);
  }
  return need;
}
