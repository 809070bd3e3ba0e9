// Inverse discrete wavelet transform of ITU-T T.800 Annex F: 2D_SR (F.3.2: HOR_SR then VER_SR per level),
// 1D_SR with the periodic symmetric extension of F.3.7 and the lifting filters of F.3.8: the reversible 5-3
// (Table F.3, integers with floor) and the irreversible 9-7 (Table F.4, f32).
// The tile-component buffer holds each resolution level in its top-left corner (LL | HL over LH | HH),
// the "interleaved-free" layout the code-block decoder writes, so that every level is transformed in place.
import { transpose4 } from "../../common/simd";
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

// --- horizontal pass (HOR_SR, F.3.4) on 4 rows at once: each scratch cell is a v128 holding one column of
// the 4 rows, so the lifting steps below are those of lift53 / lift97 with 4 lanes (same operations, same
// order, hence the same results). ---

@inline function at4(s: usize, j: i32): usize {
  return s + (<usize>(j + PAD) << 4);
}

/** 1D_SR of rows base, base + rs, base + 2rs, base + 3rs (n >= 2 cells each, parity p0). */
function lines4(s: usize, base: usize, rs: usize, n: i32, p0: i32, isFloat: bool): void {
  // Interleave (lows first, then highs) while transposing (4 x 4 blocks, then one cell at a time), then
  // extend (F.3.7). Low k goes to cell 2k + p0, high k to cell 2k + 1 - p0.
  const nl = p0 == 0 ? (n + 1) >> 1 : n >> 1;
  gather4(s, base, rs, 0, nl, p0);
  gather4(s, base, rs, nl, n - nl, 1 - p0);
  for (let t = 1; t <= PAD; t++) {
    v128.store(at4(s, -t), v128.load(at4(s, reflect(-t, n))));
    v128.store(at4(s, n - 1 + t), v128.load(at4(s, reflect(n - 1 + t, n))));
  }
  if (!isFloat) {
    // Table F.3: even (low) cells over [-1, n], then odd (high) cells over [0, n).
    const two = i32x4.splat(2);
    for (let j = (p0 & 1) == 0 ? 0 : -1; j <= n; j += 2) {
      const t = i32x4.shr_s(i32x4.add(i32x4.add(v128.load(at4(s, j - 1)), v128.load(at4(s, j + 1))), two), 2);
      v128.store(at4(s, j), i32x4.sub(v128.load(at4(s, j)), t));
    }
    for (let j = p0 == 0 ? 1 : 0; j < n; j += 2) {
      const t = i32x4.shr_s(i32x4.add(v128.load(at4(s, j - 1)), v128.load(at4(s, j + 1))), 1);
      v128.store(at4(s, j), i32x4.add(v128.load(at4(s, j)), t));
    }
  } else {
    // Table F.4, as lift97.
    const k = f32x4.splat(KAPPA);
    const k2 = f32x4.splat(TWO_INV_KAPPA);
    for (let j = first(-PAD, p0, true); j < n + PAD; j += 2) v128.store(at4(s, j), f32x4.mul(v128.load(at4(s, j)), k));
    for (let j = first(-PAD, p0, false); j < n + PAD; j += 2) v128.store(at4(s, j), f32x4.mul(v128.load(at4(s, j)), k2));
    liftStep4(s, first(-3, p0, true), n + 3, DELTA);
    liftStep4(s, first(-2, p0, false), n + 2, GAMMA);
    liftStep4(s, first(-1, p0, true), n + 1, BETA);
    liftStep4(s, first(0, p0, false), n, ALPHA);
  }
  // Transpose back into the 4 rows, in natural order.
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    // The 4 cells j..j+3 (16 bytes apart) hold 4 columns of the 4 rows: transposed into the rows.
    transpose4(at4(s, j), 16, base + (<usize>j << 2), rs);
  }
  for (; j < n; j++) {
    const v = v128.load(at4(s, j));
    const p = base + (<usize>j << 2);
    store<i32>(p, i32x4.extract_lane(v, 0));
    store<i32>(p + rs, i32x4.extract_lane(v, 1));
    store<i32>(p + 2 * rs, i32x4.extract_lane(v, 2));
    store<i32>(p + 3 * rs, i32x4.extract_lane(v, 3));
  }
}

/** Cells 2k + q (k < count) from columns first + k of the 4 rows at base (row stride rs), transposed. */
function gather4(s: usize, base: usize, rs: usize, first: i32, count: i32, q: i32): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    // Columns first + k .. + 3 of the 4 rows, transposed into every other cell (32 bytes apart).
    transpose4(base + (<usize>(first + k) << 2), rs, at4(s, 2 * k + q), 32);
  }
  for (; k < count; k++) {
    const p = base + (<usize>(first + k) << 2);
    let v = i32x4.splat(load<i32>(p));
    v = i32x4.replace_lane(v, 1, load<i32>(p + rs));
    v = i32x4.replace_lane(v, 2, load<i32>(p + 2 * rs));
    v = i32x4.replace_lane(v, 3, load<i32>(p + 3 * rs));
    v128.store(at4(s, 2 * k + q), v);
  }
}

@inline function liftStep4(s: usize, first: i32, last: i32, c: f32): void {
  const vc = f32x4.splat(c);
  for (let j = first; j < last; j += 2) {
    v128.store(at4(s, j), f32x4.sub(v128.load(at4(s, j)), f32x4.mul(vc, f32x4.add(v128.load(at4(s, j - 1)), v128.load(at4(s, j + 1))))));
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
    let y = 0;
    if (w >= 2 && (w + 2 * PAD) * 16 <= scratchLen) {
      for (; y + 4 <= h; y += 4) lines4(scratchPtr, bufPtr + (<usize>(y * stride) << 2), <usize>stride << 2, w, px, isFloat);
    }
    for (; y < h; y++) line(scratchPtr, bufPtr + (<usize>(y * stride) << 2), 4, w, px, isFloat);
    vertical(bufPtr, stride, w, h, py, isFloat, scratchPtr);
  }
  return 0;
}
