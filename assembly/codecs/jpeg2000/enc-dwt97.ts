// Front end of the JPEG 2000 LOSSY encoder (ITU-T T.800, irreversible path): the level-shifted i32 planes of
// j2k_enc_load turned into f32 with the forward irreversible component transform (ICT, G.3.1, Equation G-7),
// the forward irreversible 9-7 wavelet (Annex F.4: 2D_SD = VER_SD then HOR_SD per level, 1D_SD with the
// periodic symmetric extension of F.3.7 and the lifting of F.4.8.2 with the Table F.4 constants), and the
// scalar quantisation of each subband to integers (E.1) that j2k_enc_blocks codes.
//
// Floating point: every operation is one f32 operation in a fixed order (no fused multiply-add), the order
// OpenJPEG's encoder uses, so the quantised integers are OpenJPEG's: lifting step Y += (left + right) * c, then
// lows * (1/K) and highs * K (F.4.8.2 steps 5-6). The buffer layout is enc-dwt.ts's: each level's LL | HL over
// LH | HH in the top-left corner of the previous LL; the tile starts at (0, 0), so lows are the even samples.
import { INVALID_ARGUMENT } from "../../common/status";
import { transpose4 } from "../../common/simd";
import { fdwtArgsStatus } from "./enc-args";

// Table F.4 lifting parameters and K, as f32 (the decimal values OpenJPEG uses; each rounds to the same f32
// as the standard's longer decimals would, but for K, whose f32 is the one OpenJPEG's inverse pairs with).
const ALPHA: f32 = -1.586134342;
const BETA: f32 = -0.052980118;
const GAMMA: f32 = 0.882911075;
const DELTA: f32 = 0.443506852;
const K: f32 = 1.230174105;
const INV_K: f32 = <f32>(1.0 / 1.230174105);

// G.3.1 Equation G-7 (ICT) coefficients.
const YR: f32 = 0.299;
const YG: f32 = 0.587;
const YB: f32 = 0.114;
const UR: f32 = -0.16875;
const UG: f32 = -0.33126;
const UB: f32 = 0.5;
const VR: f32 = 0.5;
const VG: f32 = -0.41869;
const VB: f32 = -0.08131;

/**
 * In place: `nc` planes of `count` level-shifted i32 samples (j2k_enc_load with mct 0) become f32; with ict
 * (nc >= 3) components 0-2 then go through the forward ICT (G.3.1, Equation G-7):
 * Y = 0.299 R + 0.587 G + 0.114 B, Cb = -0.16875 R - 0.33126 G + 0.5 B, Cr = 0.5 R - 0.41869 G - 0.08131 B.
 * Returns 0, or a negated status.
 */
export function j2k_enc_to_real(bufPtr: usize, bufLen: i32, count: i32, nc: i32, ict: i32): i32 {
  if (count <= 0 || nc <= 0 || nc > 4 || (ict != 0 && nc < 3)) return -INVALID_ARGUMENT;
  const total = <i64>count * <i64>nc;
  if (total * 4 > <i64>bufLen) return -INVALID_ARGUMENT;
  const n = <i32>total;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = bufPtr + (<usize>i << 2);
    v128.store(p, f32x4.convert_i32x4_s(v128.load(p)));
  }
  for (; i < n; i++) {
    const p = bufPtr + (<usize>i << 2);
    store<f32>(p, <f32>load<i32>(p));
  }
  if (ict == 0) return 0;
  const p0 = bufPtr;
  const p1 = bufPtr + (<usize>count << 2);
  const p2 = bufPtr + (<usize>count << 3);
  const yr = f32x4.splat(YR), yg = f32x4.splat(YG), yb = f32x4.splat(YB);
  const ur = f32x4.splat(UR), ug = f32x4.splat(UG), ub = f32x4.splat(UB);
  const vr = f32x4.splat(VR), vg = f32x4.splat(VG), vb = f32x4.splat(VB);
  i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const r = v128.load(p0 + o);
    const g = v128.load(p1 + o);
    const b = v128.load(p2 + o);
    v128.store(p0 + o, f32x4.add(f32x4.add(f32x4.mul(r, yr), f32x4.mul(g, yg)), f32x4.mul(b, yb)));
    v128.store(p1 + o, f32x4.add(f32x4.add(f32x4.mul(r, ur), f32x4.mul(g, ug)), f32x4.mul(b, ub)));
    v128.store(p2 + o, f32x4.add(f32x4.add(f32x4.mul(r, vr), f32x4.mul(g, vg)), f32x4.mul(b, vb)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const r = load<f32>(p0 + o);
    const g = load<f32>(p1 + o);
    const b = load<f32>(p2 + o);
    store<f32>(p0 + o, r * YR + g * YG + b * YB);
    store<f32>(p1 + o, r * UR + g * UG + b * UB);
    store<f32>(p2 + o, r * VR + g * VG + b * VB);
  }
  return 0;
}

// One lifting step of F.4.8.2 on whole rows (VER_SD): rows y = first, first + 2, ... < ch get
// row += (row above + row below) * c, with the F.3.7 mirror at both ends (a missing neighbour is the other one).
function liftRows(buf: usize, fs: usize, cw: i32, ch: i32, first: i32, c: f32): void {
  const cv = f32x4.splat(c);
  for (let y = first; y < ch; y += 2) {
    const r = buf + <usize>y * fs;
    const up = y > 0 ? r - fs : r + fs;
    const dn = y + 1 < ch ? r + fs : r - fs;
    let x = 0;
    for (; x + 4 <= cw; x += 4) {
      const o = <usize>x << 2;
      v128.store(r + o, f32x4.add(v128.load(r + o), f32x4.mul(f32x4.add(v128.load(up + o), v128.load(dn + o)), cv)));
    }
    for (; x < cw; x++) {
      const o = <usize>x << 2;
      store<f32>(r + o, load<f32>(r + o) + (load<f32>(up + o) + load<f32>(dn + o)) * c);
    }
  }
}

function scaleRows(buf: usize, fs: usize, cw: i32, ch: i32, first: i32, c: f32): void {
  const cv = f32x4.splat(c);
  for (let y = first; y < ch; y += 2) {
    const r = buf + <usize>y * fs;
    let x = 0;
    for (; x + 4 <= cw; x += 4) v128.store(r + (<usize>x << 2), f32x4.mul(v128.load(r + (<usize>x << 2)), cv));
    for (; x < cw; x++) store<f32>(r + (<usize>x << 2), load<f32>(r + (<usize>x << 2)) * c);
  }
}

// VER_SD (F.4.4) with the 9-7 filter on a cw x ch region (ch >= 2): the four lifting steps of F.4.8.2 on whole
// rows, the scaling, then rows reordered into lows (even rows) over highs (odd rows) through scratch.
function verSd97(buf: usize, fs: usize, cw: i32, ch: i32, scratch: usize): void {
  liftRows(buf, fs, cw, ch, 1, ALPHA); // step 1: odd samples
  liftRows(buf, fs, cw, ch, 0, BETA); // step 2: even samples
  liftRows(buf, fs, cw, ch, 1, GAMMA); // step 3: odd
  liftRows(buf, fs, cw, ch, 0, DELTA); // step 4: even
  scaleRows(buf, fs, cw, ch, 0, INV_K); // step 6: Y(2n) = Y(2n) / K
  scaleRows(buf, fs, cw, ch, 1, K); // step 5: Y(2n+1) = K Y(2n+1)
  const rowBytes = <usize>cw << 2;
  const nl = (ch + 1) >> 1;
  for (let k = 0; 2 * k + 1 < ch; k++) memory.copy(scratch + <usize>k * rowBytes, buf + <usize>(2 * k + 1) * fs, rowBytes);
  for (let k = 1; k < nl; k++) memory.copy(buf + <usize>k * fs, buf + <usize>(2 * k) * fs, rowBytes);
  for (let k = 0; nl + k < ch; k++) memory.copy(buf + <usize>(nl + k) * fs, scratch + <usize>k * rowBytes, rowBytes);
}

// HOR_SD (F.4.5) with the 9-7 filter on 4 rows at once (n >= 2): each scratch cell is a v128 holding one
// column of the 4 rows (cell j at s + (j + 1) * 16, cells -1 and n the F.3.7 extensions), rows in and out
// through 4 x 4 transposes; the lanes see exactly the scalar operations of horSd97.
@inline function cell(s: usize, j: i32): usize {
  return s + (<usize>(j + 1) << 4);
}

@inline function liftCells(s: usize, n: i32, first: i32, c: f32): void {
  // Re-mirror (F.3.7) before each step: cell -1 = cell 1, cell n = cell n - 2.
  v128.store(cell(s, -1), v128.load(cell(s, 1)));
  v128.store(cell(s, n), v128.load(cell(s, n - 2)));
  const cv = f32x4.splat(c);
  for (let j = first; j < n; j += 2) {
    const t = f32x4.mul(f32x4.add(v128.load(cell(s, j - 1)), v128.load(cell(s, j + 1))), cv);
    v128.store(cell(s, j), f32x4.add(v128.load(cell(s, j)), t));
  }
}

function horSd97x4(base: usize, rs: usize, n: i32, s: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) transpose4(base + (<usize>j << 2), rs, cell(s, j), 16);
  for (; j < n; j++) {
    const p = base + (<usize>j << 2);
    let v = f32x4.splat(load<f32>(p));
    v = f32x4.replace_lane(v, 1, load<f32>(p + rs));
    v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * rs));
    v = f32x4.replace_lane(v, 3, load<f32>(p + 3 * rs));
    v128.store(cell(s, j), v);
  }
  liftCells(s, n, 1, ALPHA);
  liftCells(s, n, 0, BETA);
  liftCells(s, n, 1, GAMMA);
  liftCells(s, n, 0, DELTA);
  const ik = f32x4.splat(INV_K);
  const kk = f32x4.splat(K);
  for (j = 0; j < n; j += 2) v128.store(cell(s, j), f32x4.mul(v128.load(cell(s, j)), ik));
  for (j = 1; j < n; j += 2) v128.store(cell(s, j), f32x4.mul(v128.load(cell(s, j)), kk));
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
    store<f32>(p, f32x4.extract_lane(v, 0));
    store<f32>(p + rs, f32x4.extract_lane(v, 1));
    store<f32>(p + 2 * rs, f32x4.extract_lane(v, 2));
    store<f32>(p + 3 * rs, f32x4.extract_lane(v, 3));
  }
}

// HOR_SD (F.4.5) with the 9-7 filter on one row of n >= 2 samples, lifted in scratch (one mirrored sample
// each side), written back as ceil(n / 2) lows then floor(n / 2) highs.
function horSd97(row: usize, n: i32, s: usize): void {
  const t = s + 4;
  memory.copy(t, row, <usize>n << 2);
  for (let step = 0; step < 4; step++) {
    const c: f32 = step == 0 ? ALPHA : step == 1 ? BETA : step == 2 ? GAMMA : DELTA;
    store<f32>(t - 4, load<f32>(t + 4));
    store<f32>(t + (<usize>n << 2), load<f32>(t + (<usize>(n - 2) << 2)));
    for (let j = (step & 1) != 0 ? 0 : 1; j < n; j += 2) {
      const p = t + (<usize>j << 2);
      store<f32>(p, load<f32>(p) + (load<f32>(p - 4) + load<f32>(p + 4)) * c);
    }
  }
  const nl = (n + 1) >> 1;
  for (let k = 0; k < nl; k++) store<f32>(row + (<usize>k << 2), load<f32>(t + (<usize>(2 * k) << 2)) * INV_K);
  for (let k = 0; nl + k < n; k++) store<f32>(row + (<usize>(nl + k) << 2), load<f32>(t + (<usize>(2 * k + 1) << 2)) * K);
}

/**
 * Forward 9-7 DWT (F.4.2 2D_SD, `levels` times) of the w x h f32 tile-component at buf (`stride` cells per
 * row), in place. A level whose LL is a single row (or column) only splits the other direction (F.4.8.1: a
 * lone sample at an even index passes unchanged). Scratch: j2k_enc_fdwt_scratch_size(w, h) bytes.
 * Returns 0, or a negated status.
 */
export function j2k_enc_fdwt97(bufPtr: usize, bufLen: i32, stride: i32, w: i32, h: i32, levels: i32, scratchPtr: usize, scratchLen: i32): i32 {
  const bad = fdwtArgsStatus(bufLen, stride, w, h, levels, scratchLen);
  if (bad != 0) return bad;
  const fs = <usize>stride << 2;
  let cw = w;
  let ch = h;
  for (let l = 0; l < levels; l++) {
    if (ch >= 2) verSd97(bufPtr, fs, cw, ch, scratchPtr);
    if (cw >= 2) {
      let y = 0;
      for (; y + 4 <= ch; y += 4) horSd97x4(bufPtr + <usize>y * fs, fs, cw, scratchPtr);
      for (; y < ch; y++) horSd97(bufPtr + <usize>y * fs, cw, scratchPtr);
    }
    cw = (cw + 1) >> 1;
    ch = (ch + 1) >> 1;
  }
  return 0;
}

/** The largest quantised magnitude (j2k_enc_blocks codes magnitudes below 2^30); 2^30 - 64 is an f32. */
const MAX_Q: f32 = 1073741760;

@inline function quantMagnitude(c: f32, step: f32): i32 {
  const m = Mathf.floor(Mathf.abs(nearest<f32>((c / step) * 64)) * 0.015625);
  return m >= 0 && m <= MAX_Q ? <i32>m : -1;
}

/**
 * Scalar quantisation (E.1) of one subband, in place: the w x h f32 coefficients at cell (x, y) of buf
 * (`stride` cells per row) become i32 q = sign(c) floor(|c| / step). The quotient is first rounded to 1/64
 * (c / step * 64 rounded to the nearest integer, ties to even) and then floored, which is how OpenJPEG's
 * encoder forms q; E.1 leaves the encoder's quantiser free, only the decoder's reconstruction is normative.
 * Returns 0, or a negated status: INVALID_ARGUMENT also when a magnitude exceeds 2^30 - 64 (the step is too
 * fine for the coefficients; the band is then only partly written).
 */
export function j2k_enc_quantize(bufPtr: usize, bufLen: i32, stride: i32, x: i32, y: i32, w: i32, h: i32, step: f32): i32 {
  if (stride <= 0 || x < 0 || y < 0 || w < 0 || h < 0 || <i64>x + <i64>w > <i64>stride) return -INVALID_ARGUMENT;
  if (!(step > 0) || step == Infinity) return -INVALID_ARGUMENT;
  if (w == 0 || h == 0) return 0;
  if ((<i64>(y + h - 1) * <i64>stride + <i64>x + <i64>w) * 4 > <i64>bufLen) return -INVALID_ARGUMENT;
  const fs = <usize>stride << 2;
  const sv = f32x4.splat(step);
  const s64 = f32x4.splat(64);
  const inv64 = f32x4.splat(0.015625);
  const cap = f32x4.splat(MAX_Q);
  const zero = f32x4.splat(0);
  let over = f32x4.splat(0);
  for (let r = 0; r < h; r++) {
    const row = bufPtr + <usize>(y + r) * fs + (<usize>x << 2);
    let i = 0;
    for (; i + 4 <= w; i += 4) {
      const p = row + (<usize>i << 2);
      const c = v128.load(p);
      // floor(|nearest(c / step * 64)| / 64), capped, then the sign of c.
      const a = f32x4.abs(f32x4.nearest(f32x4.mul(f32x4.div(c, sv), s64)));
      const f = f32x4.floor(f32x4.mul(a, inv64));
      over = f32x4.max(over, f);
      const m = i32x4.trunc_sat_f32x4_s(f32x4.min(f, cap));
      v128.store(p, v128.bitselect(i32x4.neg(m), m, f32x4.lt(c, zero)));
    }
    for (; i < w; i++) {
      const p = row + (<usize>i << 2);
      const c = load<f32>(p);
      const m = quantMagnitude(c, step);
      if (m < 0) return -INVALID_ARGUMENT;
      store<i32>(p, c < 0 ? -m : m);
    }
  }
  // A quotient beyond what the code-block coder holds: the step is too fine for these coefficients.
  const top = max(max(f32x4.extract_lane(over, 0), f32x4.extract_lane(over, 1)), max(f32x4.extract_lane(over, 2), f32x4.extract_lane(over, 3)));
  if (!(top <= MAX_Q)) return -INVALID_ARGUMENT;
  return 0;
}
