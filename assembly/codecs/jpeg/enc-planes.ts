// Encoder input stage: fills the padded sample planes from the caller's colour-by-pixel frame. RGB becomes
// YCbCr with the JFIF equations (T.871) in IJG's 16-bit fixed point (jccolor.c), chroma is averaged 2:1
// horizontally for 4:2:2 with IJG's alternating rounding bias (jcsample.c h2v1), and the right and bottom edges
// are replicated to whole MCUs (T.81 A.2.4 leaves the padding to the encoder). SIMD: 16 pixels per step.

import { rgbRowToPlanesU8Simd } from "../../color/simd-forward";

/** Channel c (0..2) of 16 interleaved 3-byte pixels held in v0..v2. */
@inline function channel16(v0: v128, v1: v128, v2: v128, c: i32): v128 {
  // Indices past 15 select zero in i8x16.swizzle, so each source contributes only its own bytes.
  if (c == 0) {
    return v128.or(v128.or(i8x16.swizzle(v0, i8x16(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
      i8x16.swizzle(v1, i8x16(-1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14, -1, -1, -1, -1, -1))),
      i8x16.swizzle(v2, i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 4, 7, 10, 13)));
  }
  if (c == 1) {
    return v128.or(v128.or(i8x16.swizzle(v0, i8x16(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
      i8x16.swizzle(v1, i8x16(-1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1))),
      i8x16.swizzle(v2, i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14)));
  }
  return v128.or(v128.or(i8x16.swizzle(v0, i8x16(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
    i8x16.swizzle(v1, i8x16(-1, -1, -1, -1, -1, 1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1))),
    i8x16.swizzle(v2, i8x16(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15)));
}

/** 2:1 horizontal average of 16 samples (two i16x8) with IJG's alternating bias 0,1; 8 u8 results at out. */
@inline function down2(lo: v128, hi: v128, out: usize): void {
  const bias = i32x4(0, 1, 0, 1);
  const a = i32x4.shr_s(i32x4.add(i32x4.extadd_pairwise_i16x8_s(lo), bias), 1);
  const b = i32x4.shr_s(i32x4.add(i32x4.extadd_pairwise_i16x8_s(hi), bias), 1);
  const w = i16x8.narrow_i32x4_s(a, b);
  v128.store64_lane(out, i8x16.narrow_i16x8_u(w, w), 0);
}

/**
 * SIMD part of a colour row: 16 pixels per step while they lie inside the image. Returns pixels done. RGB goes
 * through the colour module's forward kernel (libjpeg jccolor + h2v1, exhaustively tested there); YCbCr input
 * is only split into planes (and its chroma averaged for 4:2:2).
 */
function convertRow16(srow: usize, oy: usize, ocb: usize, ocr: usize, rgbInput: bool, cols: i32, h0: i32): i32 {
  if (rgbInput) return <i32>rgbRowToPlanesU8Simd(srow, oy, ocb, ocr, <usize>cols, h0 == 2);
  const n = cols & ~15;
  for (let x: i32 = 0; x < n; x += 16) {
    const p = srow + <usize>(x * 3);
    const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32);
    const a = channel16(v0, v1, v2, 0), b = channel16(v0, v1, v2, 1), c = channel16(v0, v1, v2, 2);
    v128.store(oy + <usize>x, a);
    if (h0 == 2) {
      down2(i16x8.extend_low_i8x16_u(b), i16x8.extend_high_i8x16_u(b), ocb + <usize>(x >> 1));
      down2(i16x8.extend_low_i8x16_u(c), i16x8.extend_high_i8x16_u(c), ocr + <usize>(x >> 1));
    } else {
      v128.store(ocb + <usize>x, b);
      v128.store(ocr + <usize>x, c);
    }
  }
  return n;
}

/**
 * Fills the sample planes: colour conversion, chroma subsampling, edge replication to whole MCUs.
 * Planes: luma w0 x planeH samples, then (colour) two chroma planes wc x planeH; 12-bit (`wide`) planes are u16.
 */
export function fillPlanes(src: usize, planes: usize, rgbInput: bool, gRows: i32, gCols: i32, gComps: i32, gH0: i32, w0: i32, wc: i32, planeH: i32, gWide: bool): void {
  const p0 = planes;
  const p1 = planes + <usize>w0 * <usize>planeH;
  const p2 = p1 + <usize>wc * <usize>planeH;
  for (let y: i32 = 0; y < planeH; y++) {
    const sy = y < gRows ? y : gRows - 1;
    const srow = src + <usize>sy * <usize>gCols * <usize>gComps;
    if (gComps == 1 && gWide) {
      // 12-bit: u16 cells, masked to 12 bits (canonical cells hold Bits Stored <= 12 bits).
      const o = p0 + (<usize>y * <usize>w0 << 1);
      const s16 = src + (<usize>sy * <usize>gCols << 1);
      for (let x: i32 = 0; x < gCols; x++) store<u16>(o + (<usize>x << 1), load<u16>(s16 + (<usize>x << 1)) & 0xfff);
      const last = load<u16>(o + (<usize>(gCols - 1) << 1));
      for (let x = gCols; x < w0; x++) store<u16>(o + (<usize>x << 1), last);
      continue;
    }
    if (gComps == 1) {
      const o = p0 + <usize>y * <usize>w0;
      memory.copy(o, srow, <usize>gCols);
      const last = load<u8>(srow + <usize>(gCols - 1));
      for (let x = gCols; x < w0; x++) store<u8>(o + <usize>x, last);
      continue;
    }
    const oy = p0 + <usize>y * <usize>w0;
    const ocb = p1 + <usize>y * <usize>wc;
    const ocr = p2 + <usize>y * <usize>wc;
    if (y >= gRows) {
      // Rows below the image repeat the last one (edge replication to whole MCUs).
      memory.copy(oy, oy - <usize>w0, <usize>w0);
      memory.copy(ocb, ocb - <usize>wc, <usize>wc);
      memory.copy(ocr, ocr - <usize>wc, <usize>wc);
      continue;
    }
    let cbPrev: i32 = 0;
    let crPrev: i32 = 0;
    const fast = convertRow16(srow, oy, ocb, ocr, rgbInput, gCols, gH0);
    for (let x: i32 = fast; x < w0; x++) {
      const sx = x < gCols ? x : gCols - 1;
      const s = srow + <usize>sx * 3;
      const a = <i32>load<u8>(s), b = <i32>load<u8>(s, 1), c = <i32>load<u8>(s, 2);
      let Y = a, Cb = b, Cr = c;
      if (rgbInput) {
        // T.871 / IJG jccolor: 16-bit fixed point, rounding; Cb/Cr offset 128 (the -1 keeps 255 reachable).
        Y = (19595 * a + 38470 * b + 7471 * c + 32768) >> 16;
        Cb = (-11059 * a - 21709 * b + 32768 * c + (128 << 16) + 32767) >> 16;
        Cr = (32768 * a - 27439 * b - 5329 * c + (128 << 16) + 32767) >> 16;
      }
      store<u8>(oy + <usize>x, <u8>Y);
      if (gH0 == 1) {
        store<u8>(ocb + <usize>x, <u8>Cb);
        store<u8>(ocr + <usize>x, <u8>Cr);
      } else if ((x & 1) == 0) {
        cbPrev = Cb;
        crPrev = Cr;
      } else {
        // 2:1 horizontal averaging with alternating rounding bias (IJG h2v1_downsample).
        const bias = (x >> 1) & 1;
        store<u8>(ocb + <usize>(x >> 1), <u8>((cbPrev + Cb + bias) >> 1));
        store<u8>(ocr + <usize>(x >> 1), <u8>((crPrev + Cr + bias) >> 1));
      }
    }
  }
}

