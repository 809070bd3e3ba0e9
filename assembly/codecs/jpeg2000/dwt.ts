// Inverse discrete wavelet transform of ITU-T T.800 Annex F: 2D_SR (F.3.2: HOR_SR then VER_SR per level),
// 1D_SR with the periodic symmetric extension of F.3.7 and the lifting filters of F.3.8: the reversible 5-3
// (Table F.3, integers with floor) and the irreversible 9-7 (Table F.4, f32).
// The tile-component buffer holds each resolution level in its top-left corner (LL | HL over LH | HH),
// the "interleaved-free" layout the code-block decoder writes, so that every level is transformed in place.
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL, J2K_INVALID_HEADER } from "../../common/status";

const PAD: i32 = 4;

// Table F.4 lifting parameters.
const ALPHA: f32 = -1.586134342059924;
const BETA: f32 = -0.052980118572961;
const GAMMA: f32 = 0.882911075530934;
const DELTA: f32 = 0.443506852043971;
const KAPPA: f32 = 1.230174104914001;
// High-pass samples are scaled by ~2/K instead of 1/K: the band gains of E.1.1.1 (HL, LH x2, HH x4) are left out
// of the step sizes (src/codecs/jpeg2000/packets.ts) and restored here, one factor 2 per high-pass direction.
// The value is OpenJPEG's historic 1.625732422 (2/K is 1.6257862): every reference decode of the corpus comes
// from OpenJPEG, and with this constant our f32 9-7 reproduces it (a 3e-5 relative gain difference otherwise
// flips the rounding of a few samples).
const TWO_INV_KAPPA: f32 = 1.625732422;

/** F.3.7 PSE_O: mirror index j (local, may be outside [0, n)) back into [0, n); n >= 2. */
@inline function reflect(j: i32, n: i32): i32 {
  const period = 2 * (n - 1);
  let m = j % period;
  if (m < 0) m += period;
  return m >= n ? period - m : m;
}

/** Interleaves `n` cells read at src with step `step` (lows first, then highs) into scratch, parity p0. */
@inline function gather<T>(s: usize, src: usize, step: usize, n: i32, p0: i32): void {
  const nl = p0 == 0 ? (n + 1) >> 1 : n >> 1;
  let lo = src;
  let hi = src + <usize>nl * step;
  for (let j = 0; j < n; j++) {
    const d = s + (<usize>(j + PAD) << 2);
    if (((j + p0) & 1) == 0) {
      store<T>(d, load<T>(lo));
      lo += step;
    } else {
      store<T>(d, load<T>(hi));
      hi += step;
    }
  }
  for (let t = 1; t <= PAD; t++) {
    store<T>(s + (<usize>(PAD - t) << 2), load<T>(s + (<usize>(reflect(-t, n) + PAD) << 2)));
    store<T>(s + (<usize>(PAD + n - 1 + t) << 2), load<T>(s + (<usize>(reflect(n - 1 + t, n) + PAD) << 2)));
  }
}

@inline function scatter<T>(s: usize, dst: usize, step: usize, n: i32): void {
  let d = dst;
  for (let j = 0; j < n; j++) {
    store<T>(d, load<T>(s + (<usize>(j + PAD) << 2)));
    d += step;
  }
}

@inline function at(s: usize, j: i32): usize {
  return s + (<usize>(j + PAD) << 2);
}

/** F.3.8.1 (Table F.3), on the extended signal in scratch. */
function lift53(s: usize, n: i32, p0: i32): void {
  // Step 1: even (low) samples, over [-1, n].
  let j = ((p0 & 1) == 0) ? -2 : -1;
  if (j < -1) j += 2;
  for (; j <= n; j += 2) {
    store<i32>(at(s, j), load<i32>(at(s, j)) - ((load<i32>(at(s, j - 1)) + load<i32>(at(s, j + 1)) + 2) >> 2));
  }
  // Step 2: odd (high) samples, over [0, n).
  for (j = p0 == 0 ? 1 : 0; j < n; j += 2) {
    store<i32>(at(s, j), load<i32>(at(s, j)) + ((load<i32>(at(s, j - 1)) + load<i32>(at(s, j + 1))) >> 1));
  }
}

@inline function liftStep(s: usize, first: i32, last: i32, c: f32): void {
  for (let j = first; j < last; j += 2) {
    store<f32>(at(s, j), load<f32>(at(s, j)) - c * (load<f32>(at(s, j - 1)) + load<f32>(at(s, j + 1))));
  }
}

/** First local index >= j whose parity class is low ("even": (j + p0) even) or high. */
@inline function first(j: i32, p0: i32, low: bool): i32 {
  return (((j + p0) & 1) == 0) == low ? j : j + 1;
}

/** F.3.8.2 (Table F.4), on the extended signal in scratch. */
function lift97(s: usize, n: i32, p0: i32): void {
  for (let j = first(-PAD, p0, true); j < n + PAD; j += 2) store<f32>(at(s, j), load<f32>(at(s, j)) * KAPPA);
  for (let j = first(-PAD, p0, false); j < n + PAD; j += 2) store<f32>(at(s, j), load<f32>(at(s, j)) * TWO_INV_KAPPA);
  liftStep(s, first(-3, p0, true), n + 3, DELTA);
  liftStep(s, first(-2, p0, false), n + 2, GAMMA);
  liftStep(s, first(-1, p0, true), n + 1, BETA);
  liftStep(s, first(0, p0, false), n, ALPHA);
}

function line(s: usize, base: usize, step: usize, n: i32, p0: i32, isFloat: bool): void {
  if (n <= 0) return;
  if (n == 1) {
    // F.3.7: a single sample at an odd index is halved.
    if (p0 == 1) {
      if (isFloat) store<f32>(base, load<f32>(base) * 0.5);
      else store<i32>(base, load<i32>(base) / 2);
    }
    return;
  }
  if (isFloat) {
    gather<f32>(s, base, step, n, p0);
    lift97(s, n, p0);
    scatter<f32>(s, base, step, n);
  } else {
    gather<i32>(s, base, step, n, p0);
    lift53(s, n, p0);
    scatter<i32>(s, base, step, n);
  }
}

// --- vertical pass (VER_SR, F.3.5) on whole rows: rows are interleaved into scratch, lifted with v128 lanes
// across the row (4 columns at a time), and copied back. Inside [0, h) with mirrored neighbour rows, which
// is the same arithmetic as lifting the extended signal of F.3.7: the lifting steps keep it symmetric. ---

@inline function mirror(j: i32, h: i32): i32 {
  return j < 0 ? -j : j >= h ? 2 * h - 2 - j : j;
}

/** row_j += (a_row + b_row [+ 2]) >> shift (5-3 steps); sign -1 subtracts. */
function rows53(dst: usize, ra: usize, rb: usize, w: i32, add: i32, shift: i32, sub: bool): void {
  let x = 0;
  const vadd = i32x4.splat(add);
  for (; x + 4 <= w; x += 4) {
    const o = <usize>x << 2;
    const t = i32x4.shr_s(i32x4.add(i32x4.add(v128.load(ra + o), v128.load(rb + o)), vadd), <u32>shift);
    const d = v128.load(dst + o);
    v128.store(dst + o, sub ? i32x4.sub(d, t) : i32x4.add(d, t));
  }
  for (; x < w; x++) {
    const o = <usize>x << 2;
    const t = (load<i32>(ra + o) + load<i32>(rb + o) + add) >> shift;
    store<i32>(dst + o, sub ? load<i32>(dst + o) - t : load<i32>(dst + o) + t);
  }
}

/** row_j -= c * (a_row + b_row) (9-7 steps). */
function rows97(dst: usize, ra: usize, rb: usize, w: i32, c: f32): void {
  let x = 0;
  const vc = f32x4.splat(c);
  for (; x + 4 <= w; x += 4) {
    const o = <usize>x << 2;
    v128.store(dst + o, f32x4.sub(v128.load(dst + o), f32x4.mul(vc, f32x4.add(v128.load(ra + o), v128.load(rb + o)))));
  }
  for (; x < w; x++) {
    const o = <usize>x << 2;
    store<f32>(dst + o, load<f32>(dst + o) - c * (load<f32>(ra + o) + load<f32>(rb + o)));
  }
}

function scaleRow(dst: usize, w: i32, c: f32): void {
  let x = 0;
  const vc = f32x4.splat(c);
  for (; x + 4 <= w; x += 4) v128.store(dst + (<usize>x << 2), f32x4.mul(v128.load(dst + (<usize>x << 2)), vc));
  for (; x < w; x++) store<f32>(dst + (<usize>x << 2), load<f32>(dst + (<usize>x << 2)) * c);
}

function vertical(buf: usize, stride: i32, w: i32, h: i32, p0: i32, isFloat: bool, scratch: usize): void {
  const rowBytes = <usize>w << 2;
  const bs = <usize>stride << 2;
  if (h == 1) {
    if (p0 == 1) {
      for (let x = 0; x < w; x++) {
        const o = buf + (<usize>x << 2);
        if (isFloat) store<f32>(o, load<f32>(o) * 0.5);
        else store<i32>(o, load<i32>(o) / 2);
      }
    }
    return;
  }
  const nl = p0 == 0 ? (h + 1) >> 1 : h >> 1;
  let lo = 0;
  let hi = nl;
  for (let j = 0; j < h; j++) {
    const src = ((j + p0) & 1) == 0 ? lo++ : hi++;
    memory.copy(scratch + <usize>j * rowBytes, buf + <usize>src * bs, rowBytes);
  }
  const e0 = p0 & 1; // first low (even) local row
  const o0 = 1 - e0; // first high (odd) local row
  if (!isFloat) {
    for (let j = e0; j < h; j += 2)
      rows53(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, 2, 2, true);
    for (let j = o0; j < h; j += 2)
      rows53(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, 0, 1, false);
  } else {
    for (let j = e0; j < h; j += 2) scaleRow(scratch + <usize>j * rowBytes, w, KAPPA);
    for (let j = o0; j < h; j += 2) scaleRow(scratch + <usize>j * rowBytes, w, TWO_INV_KAPPA);
    for (let j = e0; j < h; j += 2) rows97(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, DELTA);
    for (let j = o0; j < h; j += 2) rows97(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, GAMMA);
    for (let j = e0; j < h; j += 2) rows97(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, BETA);
    for (let j = o0; j < h; j += 2) rows97(scratch + <usize>j * rowBytes, scratch + <usize>mirror(j - 1, h) * rowBytes, scratch + <usize>mirror(j + 1, h) * rowBytes, w, ALPHA);
  }
  for (let j = 0; j < h; j++) memory.copy(buf + <usize>j * bs, scratch + <usize>j * rowBytes, rowBytes);
}

/**
 * Inverse DWT of one tile-component in place. buf: i32 (mode 0, 5-3) or f32 (mode 1, 9-7) cells, `stride`
 * cells per row; rects: (levels + 1) x 4 i32, the resolution rectangles (x0, y0, x1, y1) of resolution 0..levels
 * in tile-component coordinates (B.5). scratch: at least max((max dimension + 8) * 4, width * height * 4) bytes.
 */
export function j2k_idwt(
  bufPtr: usize,
  bufLen: i32,
  stride: i32,
  rectsPtr: usize,
  levels: i32,
  scratchPtr: usize,
  scratchLen: i32,
  mode: i32,
): i32 {
  if (levels < 0 || levels > 32 || stride <= 0 || bufLen < 0) return -INVALID_ARGUMENT;
  const isFloat = mode == 1;
  for (let r = 1; r <= levels; r++) {
    const rp = rectsPtr + (<usize>r << 4);
    const x0 = load<i32>(rp);
    const y0 = load<i32>(rp + 4);
    const w = load<i32>(rp + 8) - x0;
    const h = load<i32>(rp + 12) - y0;
    if (w < 0 || h < 0 || w > stride) return -J2K_INVALID_HEADER;
    if (<i64>h * <i64>stride * 4 > <i64>bufLen) return -DESTINATION_TOO_SMALL;
    if ((max(w, h) + 2 * PAD) * 4 > scratchLen || <i64>w * <i64>h * 4 > <i64>scratchLen) return -DESTINATION_TOO_SMALL;
    if (w == 0 || h == 0) continue;
    const px = x0 & 1;
    const py = y0 & 1;
    for (let y = 0; y < h; y++) line(scratchPtr, bufPtr + (<usize>(y * stride) << 2), 4, w, px, isFloat);
    vertical(bufPtr, stride, w, h, py, isFloat, scratchPtr);
  }
  return 0;
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
  for (let y = 0; y < h; y++) {
    const so = <usize>(y * stride) << 2;
    let d = dstPtr + <usize>(dstOff + y * rowStride);
    for (let x = 0; x < w; x++) {
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
