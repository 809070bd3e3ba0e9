// JPEG-LS (ITU-T T.87 | ISO/IEC 14495-1) coding parameters and context statistics of the current scan.
// Runtime "stub": everything lives in module globals and static memory; nothing is allocated.

// --- coding parameters (T.87 A.2.1 and C.2.4.1.1), set by setupScan for each scan ---
export let MAXVAL: i32 = 255;
export let NEAR: i32 = 0;
/** RANGE = floor((MAXVAL + 2 NEAR) / (2 NEAR + 1)) + 1 (T.87 A.2.1). */
export let RANGE: i32 = 256;
/** 2 NEAR + 1: the quantisation step of near-lossless coding. */
export let STEP: i32 = 1;
/** qbpp = ceil(log2 RANGE) (T.87 A.2.1). */
export let QBPP: i32 = 8;
/** LIMIT = 2 (bpp + max(8, bpp)) with bpp = max(2, ceil(log2(MAXVAL + 1))) (T.87 A.2.1). */
export let LIMIT: i32 = 32;
export let T1: i32 = 3;
export let T2: i32 = 7;
export let T3: i32 = 21;
export let RESET: i32 = 64;

// --- context statistics (T.87 A.2.2 and A.7.1): A, B, C, N per context ---
// Regular contexts are indexed by |Q| with Q = 81 Q1 + 9 Q2 + Q3 (-364..364): the sign of Q is the sign of
// the first non-zero Qi, so |Q| is the context after the sign normalisation of A.3.4 and Q's sign is SIGN
// (A.3.4 only asks for a one-to-one mapping onto 0..364). The two run interruption contexts of A.7.2
// (RItype 0 and 1) follow at 365 and 366, as in T.87.
export const CONTEXTS: i32 = 367;
export const RUN_CONTEXT: i32 = 365;
export const CTX_A: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_B: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_C: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_N: usize = memory.data(CONTEXTS * 4, 16);
/**
 * Golomb parameter k of each regular context (T.87 A.5.1) for its current A and N, kept by the decoder so
 * that k is one load next to A, B, C, N instead of a computation on the sample-to-sample critical path.
 * Only the decoder reads it (resetContexts initialises it; the decoder's context update refreshes it).
 */
export const CTX_K: usize = memory.data(CONTEXTS * 4, 16);
/** Nn of the two run interruption contexts (T.87 A.7.2). */
export const CTX_NN: usize = memory.data(8, 4);

/** Order of run-length codes J[0..31] (T.87 A.7.1.2): a run segment codes 2^J[RUNindex] samples. */
export const J_TABLE: usize = memory.data<u8>([
  0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

@inline export function J(runIndex: i32): i32 {
  return <i32>load<u8>(J_TABLE + <usize>runIndex);
}

/** ceil(log2(v)) for v >= 1. */
@inline function ceilLog2(v: i32): i32 {
  return v <= 1 ? 0 : 32 - <i32>clz(v - 1);
}

/** CLAMP(i, j, MAXVAL) of T.87 C.2.4.1.1.1: j when i is above MAXVAL or below j, else i. */
@inline function clampT(i: i32, j: i32, maxval: i32): i32 {
  return i > maxval || i < j ? j : i;
}

/**
 * Sets the parameters for a scan (T.87 C.2.4.1.1): MAXVAL (0 = default 2^P - 1), thresholds (0 = the
 * defaults of C.2.4.1.1.1 for this MAXVAL and NEAR), RESET (0 = 64). Returns false when a preset value is
 * outside the range C.2.4.1.1 allows.
 */
export function setupScan(precision: i32, near: i32, maxval: i32, t1: i32, t2: i32, t3: i32, reset: i32): bool {
  const mv = maxval != 0 ? maxval : (1 << precision) - 1;
  if (mv < 1 || mv >= 1 << precision) return false;
  // NEAR: 0..min(255, MAXVAL / 2) (T.87 C.2.3)
  if (near < 0 || near > 255 || near > (mv >> 1)) return false;
  MAXVAL = mv;
  NEAR = near;
  STEP = 2 * near + 1;
  RANGE = (mv + 2 * near) / STEP + 1;
  QBPP = ceilLog2(RANGE);
  const bpp = max(2, ceilLog2(mv + 1));
  LIMIT = 2 * (bpp + max(8, bpp));
  // Default thresholds (T.87 C.2.4.1.1.1), BASIC_T1..3 = 3, 7, 21
  let d1: i32, d2: i32, d3: i32;
  if (mv >= 128) {
    const factor = (min(mv, 4095) + 128) >> 8;
    d1 = clampT(factor * (3 - 2) + 2 + 3 * near, near + 1, mv);
    d2 = clampT(factor * (7 - 3) + 3 + 5 * near, d1, mv);
    d3 = clampT(factor * (21 - 4) + 4 + 7 * near, d2, mv);
  } else {
    const factor = 256 / (mv + 1);
    d1 = clampT(max(2, 3 / factor + 3 * near), near + 1, mv);
    d2 = clampT(max(3, 7 / factor + 5 * near), d1, mv);
    d3 = clampT(max(4, 21 / factor + 7 * near), d2, mv);
  }
  T1 = t1 != 0 ? t1 : d1;
  T2 = t2 != 0 ? t2 : d2;
  T3 = t3 != 0 ? t3 : d3;
  RESET = reset != 0 ? reset : 64;
  // Preset ranges (T.87 C.2.4.1.1): NEAR+1 <= T1 <= T2 <= T3 <= MAXVAL, 3 <= RESET <= max(255, MAXVAL)
  if (T1 < near + 1 || T1 > mv || T2 < T1 || T2 > mv || T3 < T2 || T3 > mv) return false;
  if (RESET < 3 || RESET > max(255, mv)) return false;
  buildQuantizer();
  return true;
}

/** Initialises the context statistics (T.87 A.2.2): A = max(2, floor((RANGE + 32) / 64)), B = C = 0, N = 1. */
export function resetContexts(): void {
  const a0 = max(2, (RANGE + 32) >> 6);
  const k0 = golombK(1, a0);
  for (let i: i32 = 0; i < CONTEXTS; i++) {
    const o = <usize>i << 2;
    store<i32>(CTX_K + o, k0);
    store<i32>(CTX_A + o, a0);
    store<i32>(CTX_B + o, 0);
    store<i32>(CTX_C + o, 0);
    store<i32>(CTX_N + o, 1);
  }
  store<i32>(CTX_NN, 0);
  store<i32>(CTX_NN + 4, 0);
}

/** Gradient quantisation table over -MAXVAL..MAXVAL (i8 -4..4), rebuilt when the parameters change. */
const QLUT: usize = memory.data(2 * 65536);
const QLUT_ZERO: usize = QLUT + 65535;
let lutKey: i64 = -1;

/** Quantises one local gradient into -4..4 (T.87 A.3.3, code segment A.4). */
function quantizeSlow(d: i32): i32 {
  if (d <= -T3) return -4;
  if (d <= -T2) return -3;
  if (d <= -T1) return -2;
  if (d < -NEAR) return -1;
  if (d <= NEAR) return 0;
  if (d < T1) return 1;
  if (d < T2) return 2;
  if (d < T3) return 3;
  return 4;
}

function buildQuantizer(): void {
  const key = (<i64>MAXVAL << 48) | (<i64>NEAR << 40) | (<i64>T1 << 32) | (<i64>T2 << 16) | <i64>T3;
  // T1..T3 <= MAXVAL <= 65535: the key is unique for T1 < 256; otherwise rebuild to be safe
  if (key == lutKey && T1 < 256) return;
  lutKey = key;
  for (let d: i32 = -MAXVAL; d <= MAXVAL; d++) store<i8>(QLUT_ZERO + <usize>d, <i8>quantizeSlow(d));
}

/**
 * Quantised gradient (T.87 A.3.3) by table: the line buffers only ever hold values in 0..MAXVAL, so every
 * gradient is within -MAXVAL..MAXVAL.
 */
@inline export function quantize(d: i32): i32 {
  return <i32>load<i8>(QLUT_ZERO + <usize>d);
}

/**
 * Golomb parameter k: the least k with N << k >= A (T.87 A.5.1, code segment A.10), without a loop: N << k
 * with k = clz(N) - clz(A) has A's bit length, so k or k + 1 is the answer. N >= 1 always (RESET >= 3).
 */
@inline export function golombK(n: i32, a: i32): i32 {
  if (a <= n) return 0;
  let k = <i32>clz(n) - <i32>clz(a);
  if (n << k < a) k++;
  return k;
}

/**
 * Reconstructed value from a prediction and a signed, de-quantised error (T.87 A.4.4 / A.6: modulo
 * reduction undone, then clamped to 0..MAXVAL).
 */
@inline export function reconstruct(px: i32, err: i32): i32 {
  let rx = px + err * STEP;
  if (rx < -NEAR) rx += RANGE * STEP;
  else if (rx > MAXVAL + NEAR) rx -= RANGE * STEP;
  if (rx < 0) rx = 0;
  else if (rx > MAXVAL) rx = MAXVAL;
  return rx;
}

/**
 * Context update after a regular-mode sample (T.87 A.6.1 and A.6.2): A, B, N (halved at RESET; B floored,
 * which the arithmetic shift does), then the bias correction C[Q] (kept in -128..127). `o` is the byte
 * offset of the context; a, b, c, n its values before the sample; err the (quantised, reduced) Errval;
 * step and reset the scan's STEP and RESET (a line decoder passes its locals, and a constant 1 for lossless).
 */
@inline export function updateRegular(o: usize, err: i32, a: i32, b: i32, c: i32, n: i32, step: i32, reset: i32): void {
  b += err * step;
  a += err < 0 ? -err : err;
  if (n == reset) {
    a >>= 1;
    b >>= 1;
    n >>= 1;
  }
  n += 1;
  if (b <= -n) {
    b += n;
    if (c > -128) c--;
    if (b <= -n) b = -n + 1;
  } else if (b > 0) {
    b -= n;
    if (c < 127) c++;
    if (b > 0) b = 0;
  }
  store<i32>(CTX_A + o, a);
  store<i32>(CTX_B + o, b);
  store<i32>(CTX_C + o, c);
  store<i32>(CTX_N + o, n);
  store<i32>(CTX_K + o, golombK(n, a));
}

/**
 * Run interruption context update (T.87 A.7.2.4) for context `riType` (0 or 1) after EMErrval `em` of an
 * error `err`.
 */
@inline export function updateInterruption(riType: i32, err: i32, em: i32): void {
  const o = <usize>(RUN_CONTEXT + riType) << 2;
  const nno = CTX_NN + (<usize>riType << 2);
  let a = load<i32>(CTX_A + o);
  let n = load<i32>(CTX_N + o);
  let nn = load<i32>(nno);
  if (err < 0) nn++;
  a += (em + 1 - riType) >> 1;
  if (n == RESET) {
    a >>= 1;
    n >>= 1;
    nn >>= 1;
  }
  n += 1;
  store<i32>(CTX_A + o, a);
  store<i32>(CTX_N + o, n);
  store<i32>(nno, nn);
}

/** Golomb parameter of a run interruption context (T.87 A.7.2.1): TEMP = A (+ N / 2 when RItype 1). */
@inline export function interruptionK(riType: i32): i32 {
  const o = <usize>(RUN_CONTEXT + riType) << 2;
  const a = load<i32>(CTX_A + o);
  const n = load<i32>(CTX_N + o);
  return golombK(n, riType != 0 ? a + (n >> 1) : a);
}

/** Median edge detector (T.87 A.4.1, code segment A.5), branch-free (selects). */
@inline export function predict(ra: i32, rb: i32, rc: i32): i32 {
  const mx = max(ra, rb);
  const mn = min(ra, rb);
  return select<i32>(mn, select<i32>(mx, ra + rb - rc, rc <= mn), rc >= mx);
}

/**
 * Corrected prediction (T.87 A.4.2): Px + SIGN * C[Q] clamped to 0..MAXVAL; `s` is 0 for SIGN +1 and -1
 * for SIGN -1.
 */
@inline export function correctPrediction(px: i32, c: i32, s: i32): i32 {
  return min(max(px + ((c ^ s) - s), 0), MAXVAL);
}
