// Output stage of the DCT decoder: chroma upsampling to full resolution, optional YCbCr -> RGB conversion,
// clamping to Bits Stored and interleaving into colour-by-pixel cells (8 or 16 bit little endian).
//
// Upsampling reproduces libjpeg's defaults bit-exactly: "fancy" triangular filters for 2:1 horizontal (h2v1)
// and 2:1 in both directions (h2v2) when the component is wider than 2 samples, plain replication otherwise.
// Edges repeat the outermost real sample / row (libjpeg's context rows at the image top and bottom).
//
//   h2v1:  out[2i]   = (3 * in[i] + in[i-1] + 1) >> 2     out[2i+1] = (3 * in[i] + in[i+1] + 2) >> 2
//   h2v2:  col[i]    = 3 * row[r][i] + row[r -+ 1][i]     (nearer row weighted 3, farther 1)
//          out[2i]   = (3 * col[i] + col[i-1] + 8) >> 4   out[2i+1] = (3 * col[i] + col[i+1] + 7) >> 4
import {
  C_BW, C_CH, C_CW, C_H, C_PLANE, C_V, cget, fget, FR_HEIGHT, FR_HMAX, FR_NCOMP, FR_PRECISION, FR_ROWBUF,
  FR_ROWBUF_STRIDE, FR_VMAX, FR_WIDTH,
} from "./state";
import { ybrRowsU16ToRgbU8Simd } from "../../color/simd-inverse";
import { storeInterleaved3 } from "../../common/simd";

/**
 * SIMD middle of the fancy filters: for input samples i = 1, 9, 17, ... while s[i+8] exists, writes outputs 2i..
 * from s[i-1], s[i], s[i+1]: (3 s[i] + s[i-1] + b0) >> sh and (3 s[i] + s[i+1] + b1) >> sh. The sums stay below
 * 2^16 (4 x 4095 x 4 + 8 at most), so u16 lanes with a logical shift hold them. Returns the first i not done.
 */
@inline function fancyMiddle(s: usize, out: usize, n: i32, b0: i32, b1: i32, sh: i32): i32 {
  let i: i32 = 1;
  const vb0 = i16x8.splat(<i16>b0);
  const vb1 = i16x8.splat(<i16>b1);
  for (; i + 8 < n; i += 8) {
    const p = s + (<usize>i << 1);
    const cur = v128.load(p);
    const t = i16x8.add(i16x8.add(cur, cur), cur);
    const even = i16x8.shr_u(i16x8.add(i16x8.add(t, v128.load(p - 2)), vb0), sh);
    const odd = i16x8.shr_u(i16x8.add(i16x8.add(t, v128.load(p + 2)), vb1), sh);
    const o = out + (<usize>(2 * i) << 1);
    v128.store(o, v128.shuffle<i16>(even, odd, 0, 8, 1, 9, 2, 10, 3, 11));
    v128.store(o, v128.shuffle<i16>(even, odd, 4, 12, 5, 13, 6, 14, 7, 15), 16);
  }
  return i;
}

@inline function ld16(p: usize, i: i32): i32 {
  return <i32>load<u16>(p + (<usize>i << 1));
}
@inline function st16(p: usize, i: i32, v: i32): void {
  store<u16>(p + (<usize>i << 1), <u16>v);
}

function h2v1Fancy(inp: usize, out: usize, n: i32): void {
  st16(out, 0, ld16(inp, 0));
  st16(out, 1, (ld16(inp, 0) * 3 + ld16(inp, 1) + 2) >> 2);
  let i = fancyMiddle(inp, out, n, 1, 2, 2);
  for (; i < n - 1; i++) {
    const cur = ld16(inp, i) * 3;
    st16(out, 2 * i, (cur + ld16(inp, i - 1) + 1) >> 2);
    st16(out, 2 * i + 1, (cur + ld16(inp, i + 1) + 2) >> 2);
  }
  st16(out, 2 * n - 2, (ld16(inp, n - 1) * 3 + ld16(inp, n - 2) + 1) >> 2);
  st16(out, 2 * n - 1, ld16(inp, n - 1));
}

/** Column sums 3 * near + far of the h2v2 filter (u16; components are at most 32768 samples wide here). */
const COLSUM: usize = memory.data(32768 * 2 + 64, 16);

function h2v2Fancy(near: usize, far: usize, out: usize, n: i32): void {
  let i: i32 = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 1;
    const a = v128.load(near + o);
    v128.store(COLSUM + o, i16x8.add(i16x8.add(i16x8.add(a, a), a), v128.load(far + o)));
  }
  for (; i < n; i++) st16(COLSUM, i, ld16(near, i) * 3 + ld16(far, i));
  const cs = COLSUM;
  st16(out, 0, (ld16(cs, 0) * 4 + 8) >> 4);
  st16(out, 1, (ld16(cs, 0) * 3 + ld16(cs, 1) + 7) >> 4);
  i = fancyMiddle(cs, out, n, 8, 7, 4);
  for (; i < n - 1; i++) {
    const cur = ld16(cs, i) * 3;
    st16(out, 2 * i, (cur + ld16(cs, i - 1) + 8) >> 4);
    st16(out, 2 * i + 1, (cur + ld16(cs, i + 1) + 7) >> 4);
  }
  st16(out, 2 * n - 2, (ld16(cs, n - 1) * 3 + ld16(cs, n - 2) + 8) >> 4);
  st16(out, 2 * n - 1, (ld16(cs, n - 1) * 4 + 7) >> 4);
}

function replicate(inp: usize, out: usize, outW: i32, hf: i32): void {
  if (hf == 1) {
    memory.copy(out, inp, <usize>outW << 1);
    return;
  }
  for (let x: i32 = 0; x < outW; x++) store<u16>(out + (<usize>x << 1), load<u16>(inp + (<usize>(x / hf) << 1)));
}

/** Address of component c's samples for output row y (a plane row, or the upsampled row buffer). */
function componentRow(c: i32, y: i32, width: i32): usize {
  const hf = fget(FR_HMAX) / cget(c, C_H);
  const vf = fget(FR_VMAX) / cget(c, C_V);
  const stride = <usize>cget(c, C_BW) << 4;
  const plane = <usize>cget(c, C_PLANE);
  if (hf == 1 && vf == 1) return plane + <usize>y * stride;
  const buf = <usize>fget(FR_ROWBUF) + <usize>c * <usize>fget(FR_ROWBUF_STRIDE);
  const cw = cget(c, C_CW);
  const r = y / vf;
  if (hf == 2 && vf == 1 && cw > 2) {
    h2v1Fancy(plane + <usize>r * stride, buf, cw);
  } else if (hf == 2 && vf == 2 && cw > 2) {
    const ch = cget(c, C_CH);
    let other = (y & 1) == 0 ? r - 1 : r + 1;
    if (other < 0) other = 0;
    if (other > ch - 1) other = ch - 1;
    h2v2Fancy(plane + <usize>r * stride, plane + <usize>other * stride, buf, cw);
  } else {
    replicate(plane + <usize>r * stride, buf, width, hf);
  }
  return buf;
}

@inline function clampTo(v: i32, maxv: i32): i32 {
  return v < 0 ? 0 : v > maxv ? maxv : v;
}

/** Interleaves 8-bit output rows (YCbCr or RGB kept as is; u16 samples 0..255) with SIMD, 16 pixels per step;
 *  returns the number of pixels done (a multiple of 16). */
function interleave3(r0: usize, r1: usize, r2: usize, out: usize, width: i32): i32 {
  const n = width & ~15;
  for (let x: i32 = 0; x < n; x += 16) {
    const o = <usize>x << 1;
    storeInterleaved3(out + <usize>(x * 3),
      i8x16.narrow_i16x8_u(v128.load(r0 + o), v128.load(r0 + o, 16)),
      i8x16.narrow_i16x8_u(v128.load(r1 + o), v128.load(r1 + o, 16)),
      i8x16.narrow_i16x8_u(v128.load(r2 + o), v128.load(r2 + o, 16)));
  }
  return n;
}

/**
 * Writes the decoded frame: rows x columns x components cells at dst (1 byte per cell for 8-bit precision,
 * 2 bytes little endian otherwise). `rgb` converts YCbCr to RGB with libjpeg's integer arithmetic (jdcolor.c
 * constants: 1.40200, 0.34414, 0.71414, 1.77200 scaled by 2^16, rounding half up). Samples above `maxValue`
 * (Bits Stored narrower than the JPEG precision) are clamped, not masked.
 */
export function writeOutput(dst: usize, rgb: bool, maxValue: i32): void {
  const width = fget(FR_WIDTH);
  const height = fget(FR_HEIGHT);
  const nc = fget(FR_NCOMP);
  const wide = fget(FR_PRECISION) > 8;
  const maxv = (1 << fget(FR_PRECISION)) - 1;
  const clampMax = maxValue < maxv ? maxValue : maxv;
  const center = (maxv + 1) >> 1;
  const cell: usize = wide ? 2 : 1;
  let out = dst;
  for (let y: i32 = 0; y < height; y++) {
    const r0 = componentRow(0, y, width);
    if (nc == 1) {
      if (wide && clampMax == maxv) {
        memory.copy(out, r0, <usize>width << 1); // the IDCT already limited the range
      } else if (!wide && clampMax == maxv) {
        let x: i32 = 0;
        for (; x + 16 <= width; x += 16) {
          const p = r0 + (<usize>x << 1);
          v128.store(out + <usize>x, i8x16.narrow_i16x8_u(v128.load(p), v128.load(p, 16)));
        }
        for (; x < width; x++) store<u8>(out + <usize>x, <u8>load<u16>(r0 + (<usize>x << 1)));
      } else if (!wide) {
        for (let x: i32 = 0; x < width; x++) store<u8>(out + <usize>x, <u8>clampTo(<i32>load<u16>(r0 + (<usize>x << 1)), clampMax));
      } else {
        for (let x: i32 = 0; x < width; x++) store<u16>(out + (<usize>x << 1), <u16>clampTo(<i32>load<u16>(r0 + (<usize>x << 1)), clampMax));
      }
      out += <usize>width * cell;
      continue;
    }
    const r1 = componentRow(1, y, width);
    const r2 = nc > 2 ? componentRow(2, y, width) : 0;
    const r3 = nc > 3 ? componentRow(3, y, width) : 0;
    if (nc == 3 && !wide && !rgb && clampMax == maxv) {
      // The common case (8-bit YCbCr or RGB kept as is): samples are already in range; interleave only.
      // Each pixel is written as one u32 (the 4th byte is overwritten by the next pixel), the last one bytewise.
      const done = interleave3(r0, r1, r2, out, width);
      out += <usize>(done * 3);
      for (let x: i32 = done; x < width - 1; x++) {
        const o = <usize>x << 1;
        store<u32>(out, <u32>load<u16>(r0 + o) | (<u32>load<u16>(r1 + o) << 8) | (<u32>load<u16>(r2 + o) << 16));
        out += 3;
      }
      if (done < width) {
        const o = <usize>(width - 1) << 1;
        store<u8>(out, <u8>load<u16>(r0 + o));
        store<u8>(out, <u8>load<u16>(r1 + o), 1);
        store<u8>(out, <u8>load<u16>(r2 + o), 2);
        out += 3;
      }
      continue;
    }
    if (rgb && nc == 3 && !wide && clampMax == maxv) {
      // libjpeg's YCbCr -> RGB (jdcolor.c), 8-bit: values clamp to 0..255. The colour module's kernel (the
      // same integers, exhaustively tested there) does 16 pixels per step; the rest below.
      const done = <i32>ybrRowsU16ToRgbU8Simd(r0, r1, r2, out, <usize>width);
      out += <usize>(done * 3);
      for (let x: i32 = done; x < width; x++) {
        const o = <usize>x << 1;
        const yy = <i32>load<u16>(r0 + o);
        const cb = <i32>load<u16>(r1 + o) - 128;
        const cr = <i32>load<u16>(r2 + o) - 128;
        const R = clampTo(yy + ((91881 * cr + 32768) >> 16), 255);
        const G = clampTo(yy + ((-22554 * cb - 46802 * cr + 32768) >> 16), 255);
        const B = clampTo(yy + ((116130 * cb + 32768) >> 16), 255);
        store<u8>(out, <u8>R);
        store<u8>(out, <u8>G, 1);
        store<u8>(out, <u8>B, 2);
        out += 3;
      }
      continue;
    }
    if (rgb && nc == 3) {
      for (let x: i32 = 0; x < width; x++) {
        const o = <usize>x << 1;
        const yy = <i32>load<u16>(r0 + o);
        const cb = <i32>load<u16>(r1 + o) - center;
        const cr = <i32>load<u16>(r2 + o) - center;
        const R = clampTo(clampTo(yy + ((91881 * cr + 32768) >> 16), maxv), clampMax);
        const G = clampTo(clampTo(yy + ((-22554 * cb - 46802 * cr + 32768) >> 16), maxv), clampMax);
        const B = clampTo(clampTo(yy + ((116130 * cb + 32768) >> 16), maxv), clampMax);
        if (wide) {
          store<u16>(out, <u16>R);
          store<u16>(out, <u16>G, 2);
          store<u16>(out, <u16>B, 4);
        } else {
          store<u8>(out, <u8>R);
          store<u8>(out, <u8>G, 1);
          store<u8>(out, <u8>B, 2);
        }
        out += 3 * cell;
      }
      continue;
    }
    for (let x: i32 = 0; x < width; x++) {
      const o = <usize>x << 1;
      for (let c: i32 = 0; c < nc; c++) {
        const row = c == 0 ? r0 : c == 1 ? r1 : c == 2 ? r2 : r3;
        const v = clampTo(<i32>load<u16>(row + o), clampMax);
        if (wide) store<u16>(out, <u16>v);
        else store<u8>(out, <u8>v);
        out += cell;
      }
    }
  }
}
