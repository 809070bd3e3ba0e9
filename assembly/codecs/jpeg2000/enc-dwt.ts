// Front end of the JPEG 2000 lossless encoder (ITU-T T.800): cells -> i32 tile-component buffers with the
// forward DC level shift (G.1.2) and the forward reversible component transform (RCT, G.2.1), then the
// forward reversible 5-3 wavelet (Annex F.4: 2D_SD = VER_SD then HOR_SD per level, 1D_SD with the periodic
// symmetric extension of F.3.7 and the lifting of F.4.8.2, Equation F-9).
//
// The buffer keeps each level's LL | HL over LH | HH in the top-left corner of the previous LL, the layout the
// decoder's j2k_idwt inverts in place. The tile starts at (0, 0) in the reference grid, so every line starts
// at an even index (i0 = 0): lows are the even samples, ceil(n / 2) of them, highs the odd ones.
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL } from "../../common/status";
import { transpose4 } from "../../common/simd";
import { fdwtArgsStatus } from "./enc-args";

/**
 * Cells (little endian, 1 or 2 bytes, colour-by-pixel or planar) into `nc` planes of w x h i32 at dst.
 * Unsigned samples are DC level shifted by 2^(prec-1) (G.1.2); with mct (3 components) the RCT of G.2.1
 * (Equation G-5) follows. Samples are read as Bits Stored = prec: unsigned cells masked to prec bits, signed
 * cells sign-extended from bit prec-1.
 * Returns 0, or a negated status.
 */
export function j2k_enc_load(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstLen: i32,
  w: i32,
  h: i32,
  nc: i32,
  cellBytes: i32,
  signed: i32,
  prec: i32,
  planar: i32,
  mct: i32,
): i32 {
  if (w <= 0 || h <= 0 || nc <= 0 || nc > 4 || (cellBytes != 1 && cellBytes != 2) || prec < 1 || prec > cellBytes * 8) return -INVALID_ARGUMENT;
  if (mct != 0 && nc != 3) return -INVALID_ARGUMENT;
  const n = <i64>w * <i64>h;
  if (n * <i64>nc * <i64>cellBytes > <i64>srcLen) return -INVALID_ARGUMENT;
  if (n * <i64>nc * 4 > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const count = <i32>n;
  const mask: u32 = prec == 32 ? 0xffffffff : (<u32>1 << <u32>prec) - 1;
  const up = 32 - prec;
  const shift: i32 = signed != 0 ? 0 : 1 << (prec - 1);
  // Sample i of component c: planar -> c * count + i, else i * nc + c.
  const cStep: usize = planar != 0 ? <usize>count * <usize>cellBytes : <usize>cellBytes;
  const iStep: usize = planar != 0 ? <usize>cellBytes : <usize>(nc * cellBytes);
  for (let c = 0; c < nc; c++) {
    let s = srcPtr + <usize>c * cStep;
    let d = dstPtr + (<usize>c * <usize>count << 2);
    if (cellBytes == 1) {
      for (let i = 0; i < count; i++, s += iStep, d += 4) {
        const raw = <u32>load<u8>(s);
        store<i32>(d, signed != 0 ? (<i32>(raw << <u32>up)) >> up : <i32>(raw & mask) - shift);
      }
    } else {
      for (let i = 0; i < count; i++, s += iStep, d += 4) {
        const raw = <u32>load<u16>(s);
        store<i32>(d, signed != 0 ? (<i32>(raw << <u32>up)) >> up : <i32>(raw & mask) - shift);
      }
    }
  }
  if (mct != 0) {
    // G.2.1, Equation G-5: Y0 = floor((I0 + 2 I1 + I2) / 4), Y1 = I2 - I1, Y2 = I0 - I1.
    const p0 = dstPtr;
    const p1 = dstPtr + (<usize>count << 2);
    const p2 = dstPtr + (<usize>count << 3);
    let i = 0;
    for (; i + 4 <= count; i += 4) {
      const o = <usize>i << 2;
      const r = v128.load(p0 + o);
      const g = v128.load(p1 + o);
      const b = v128.load(p2 + o);
      v128.store(p0 + o, i32x4.shr_s(i32x4.add(i32x4.add(r, b), i32x4.shl(g, 1)), 2));
      v128.store(p1 + o, i32x4.sub(b, g));
      v128.store(p2 + o, i32x4.sub(r, g));
    }
    for (; i < count; i++) {
      const o = <usize>i << 2;
      const r = load<i32>(p0 + o);
      const g = load<i32>(p1 + o);
      const b = load<i32>(p2 + o);
      store<i32>(p0 + o, (r + 2 * g + b) >> 2);
      store<i32>(p1 + o, b - g);
      store<i32>(p2 + o, r - g);
    }
  }
  return 0;
}

/** Scratch bytes j2k_enc_fdwt needs for a w x h tile-component. */
export function j2k_enc_fdwt_scratch_size(w: i32, h: i32): i32 {
  if (w <= 0 || h <= 0 || <i64>w * <i64>h > 0x10000000) return -INVALID_ARGUMENT;
  const rows = (<i64>(h >> 1) + 1) * <i64>w;
  return <i32>max<i64>(rows, (<i64>w + 2) * 4) * 4 + 64;
}

// VER_SD (F.4.4) on a cw x ch region with row stride `fs` bytes, ch >= 2: lifting on whole rows, 4 columns per
// vector, then the rows reordered into lows (even rows) over highs (odd rows) through scratch.
function verSd(buf: usize, fs: usize, cw: i32, ch: i32, scratch: usize): void {
  // Equation F-9, step 1 (odd rows): Y(2n+1) = X(2n+1) - floor((X(2n) + X(2n+2)) / 2); X(ch) = X(ch-2) (F.3.7).
  for (let y = 1; y < ch; y += 2) {
    const r = buf + <usize>y * fs;
    const up = r - fs;
    const dn = y + 1 < ch ? r + fs : up;
    let x = 0;
    for (; x + 4 <= cw; x += 4) {
      const o = <usize>x << 2;
      v128.store(r + o, i32x4.sub(v128.load(r + o), i32x4.shr_s(i32x4.add(v128.load(up + o), v128.load(dn + o)), 1)));
    }
    for (; x < cw; x++) {
      const o = <usize>x << 2;
      store<i32>(r + o, load<i32>(r + o) - ((load<i32>(up + o) + load<i32>(dn + o)) >> 1));
    }
  }
  // Step 2 (even rows): Y(2n) = X(2n) + floor((Y(2n-1) + Y(2n+1) + 2) / 4); Y(-1) = Y(1), Y(ch) = Y(ch-2).
  const two = i32x4.splat(2);
  for (let y = 0; y < ch; y += 2) {
    const r = buf + <usize>y * fs;
    const up = y > 0 ? r - fs : r + fs;
    const dn = y + 1 < ch ? r + fs : r - fs;
    let x = 0;
    for (; x + 4 <= cw; x += 4) {
      const o = <usize>x << 2;
      const s = i32x4.add(i32x4.add(v128.load(up + o), v128.load(dn + o)), two);
      v128.store(r + o, i32x4.add(v128.load(r + o), i32x4.shr_s(s, 2)));
    }
    for (; x < cw; x++) {
      const o = <usize>x << 2;
      store<i32>(r + o, load<i32>(r + o) + ((load<i32>(up + o) + load<i32>(dn + o) + 2) >> 2));
    }
  }
  // Reorder: highs to scratch, lows up (row 2k -> k, k increasing never overwrites a row still to be read).
  const rowBytes = <usize>cw << 2;
  const nl = (ch + 1) >> 1;
  for (let k = 0; 2 * k + 1 < ch; k++) memory.copy(scratch + <usize>k * rowBytes, buf + <usize>(2 * k + 1) * fs, rowBytes);
  for (let k = 1; k < nl; k++) memory.copy(buf + <usize>k * fs, buf + <usize>(2 * k) * fs, rowBytes);
  for (let k = 0; nl + k < ch; k++) memory.copy(buf + <usize>(nl + k) * fs, scratch + <usize>k * rowBytes, rowBytes);
}

// HOR_SD (F.4.5) on one row of n >= 2 samples: lifted in scratch (with one mirrored sample each side), then
// written back as ceil(n / 2) lows followed by floor(n / 2) highs.
function horSd(row: usize, n: i32, s: usize): void {
  const t = s + 4; // t[-1] and t[n] are the F.3.7 extensions
  memory.copy(t, row, <usize>n << 2);
  store<i32>(t - 4, load<i32>(t + 4));
  store<i32>(t + (<usize>n << 2), load<i32>(t + (<usize>(n - 2) << 2)));
  for (let j = 1; j < n; j += 2) {
    const p = t + (<usize>j << 2);
    store<i32>(p, load<i32>(p) - ((load<i32>(p - 4) + load<i32>(p + 4)) >> 1));
  }
  // Y(-1) = Y(1) and, for odd n, Y(n) = Y(n-2): re-mirror the lifted highs.
  store<i32>(t - 4, load<i32>(t + 4));
  if ((n & 1) != 0) store<i32>(t + (<usize>n << 2), load<i32>(t + (<usize>(n - 2) << 2)));
  for (let j = 0; j < n; j += 2) {
    const p = t + (<usize>j << 2);
    store<i32>(p, load<i32>(p) + ((load<i32>(p - 4) + load<i32>(p + 4) + 2) >> 2));
  }
  const nl = (n + 1) >> 1;
  for (let k = 0; k < nl; k++) store<i32>(row + (<usize>k << 2), load<i32>(t + (<usize>(2 * k) << 2)));
  for (let k = 0; nl + k < n; k++) store<i32>(row + (<usize>(nl + k) << 2), load<i32>(t + (<usize>(2 * k + 1) << 2)));
}

// HOR_SD on 4 rows at once (n >= 2): each scratch cell is a v128 holding one column of the 4 rows (cell j at
// s + (j + 1) * 16, cells -1 and n the F.3.7 extensions), so the lifting is that of horSd with 4 lanes (same
// operations, same order, same results). Rows go in and out through 4 x 4 transposes.
@inline function cell(s: usize, j: i32): usize {
  return s + (<usize>(j + 1) << 4);
}

function horSd4(base: usize, rs: usize, n: i32, s: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) transpose4(base + (<usize>j << 2), rs, cell(s, j), 16);
  for (; j < n; j++) {
    const p = base + (<usize>j << 2);
    let v = i32x4.splat(load<i32>(p));
    v = i32x4.replace_lane(v, 1, load<i32>(p + rs));
    v = i32x4.replace_lane(v, 2, load<i32>(p + 2 * rs));
    v = i32x4.replace_lane(v, 3, load<i32>(p + 3 * rs));
    v128.store(cell(s, j), v);
  }
  v128.store(cell(s, -1), v128.load(cell(s, 1)));
  v128.store(cell(s, n), v128.load(cell(s, n - 2)));
  for (j = 1; j < n; j += 2) {
    const t = i32x4.shr_s(i32x4.add(v128.load(cell(s, j - 1)), v128.load(cell(s, j + 1))), 1);
    v128.store(cell(s, j), i32x4.sub(v128.load(cell(s, j)), t));
  }
  v128.store(cell(s, -1), v128.load(cell(s, 1)));
  if ((n & 1) != 0) v128.store(cell(s, n), v128.load(cell(s, n - 2)));
  const two = i32x4.splat(2);
  for (j = 0; j < n; j += 2) {
    const t = i32x4.shr_s(i32x4.add(i32x4.add(v128.load(cell(s, j - 1)), v128.load(cell(s, j + 1))), two), 2);
    v128.store(cell(s, j), i32x4.add(v128.load(cell(s, j)), t));
  }
  // Lows (even cells) to columns 0 .. nl - 1, highs (odd cells) after them: every other cell, transposed back.
  const nl = (n + 1) >> 1;
  scatter4(s, 0, nl, base, rs);
  scatter4(s, 1, n - nl, base + (<usize>nl << 2), rs);
}

/** Cells q, q + 2, ... (count of them) into `count` consecutive columns of the 4 rows at dst. */
function scatter4(s: usize, q: i32, count: i32, dst: usize, rs: usize): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) transpose4(cell(s, 2 * k + q), 32, dst + (<usize>k << 2), rs);
  for (; k < count; k++) {
    const v = v128.load(cell(s, 2 * k + q));
    const p = dst + (<usize>k << 2);
    store<i32>(p, i32x4.extract_lane(v, 0));
    store<i32>(p + rs, i32x4.extract_lane(v, 1));
    store<i32>(p + 2 * rs, i32x4.extract_lane(v, 2));
    store<i32>(p + 3 * rs, i32x4.extract_lane(v, 3));
  }
}

/**
 * Forward 5-3 DWT (F.4.2 2D_SD, `levels` times) of the w x h tile-component at buf (i32, `stride` cells per
 * row), in place. A level whose LL is a single row (or column) only splits the other direction (F.4.8.1: a
 * lone sample at an even index passes unchanged).
 * Returns 0, or a negated status.
 */
export function j2k_enc_fdwt(bufPtr: usize, bufLen: i32, stride: i32, w: i32, h: i32, levels: i32, scratchPtr: usize, scratchLen: i32): i32 {
  const bad = fdwtArgsStatus(bufLen, stride, w, h, levels, scratchLen);
  if (bad != 0) return bad;
  const fs = <usize>stride << 2;
  let cw = w;
  let ch = h;
  for (let l = 0; l < levels; l++) {
    if (ch >= 2) verSd(bufPtr, fs, cw, ch, scratchPtr);
    if (cw >= 2) {
      let y = 0;
      for (; y + 4 <= ch; y += 4) horSd4(bufPtr + <usize>y * fs, fs, cw, scratchPtr);
      for (; y < ch; y++) horSd(bufPtr + <usize>y * fs, cw, scratchPtr);
    }
    cw = (cw + 1) >> 1;
    ch = (ch + 1) >> 1;
  }
  return 0;
}
