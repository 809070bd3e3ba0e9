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
// Regular contexts are indexed q = Q1 * 81 + (Q2 + 4) * 9 + (Q3 + 4) after the sign normalisation of A.3.4
// (Q1 >= 0), so 0..404; any one-to-one mapping serves (A.3.4 only requires that). The two run interruption
// contexts of A.7.2 (RItype 0 and 1) follow at 405 and 406.
export const CONTEXTS: i32 = 407;
export const RUN_CONTEXT: i32 = 405;
export const CTX_A: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_B: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_C: usize = memory.data(CONTEXTS * 4, 16);
export const CTX_N: usize = memory.data(CONTEXTS * 4, 16);
/** Nn of the two run interruption contexts (T.87 A.7.2). */
export const CTX_NN: usize = memory.data(8, 4);

/** Order of run-length codes J[0..31] (T.87 A.2.1, Table A.? "J"). */
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
  return true;
}

/** Initialises the context statistics (T.87 A.2.2): A = max(2, floor((RANGE + 32) / 64)), B = C = 0, N = 1. */
export function resetContexts(): void {
  const a0 = max(2, (RANGE + 32) >> 6);
  for (let i: i32 = 0; i < CONTEXTS; i++) {
    const o = <usize>i << 2;
    store<i32>(CTX_A + o, a0);
    store<i32>(CTX_B + o, 0);
    store<i32>(CTX_C + o, 0);
    store<i32>(CTX_N + o, 1);
  }
  store<i32>(CTX_NN, 0);
  store<i32>(CTX_NN + 4, 0);
}

/**
 * Quantises one local gradient into -4..4 (T.87 A.3.3, code segment A.4).
 */
@inline export function quantize(d: i32): i32 {
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

/** Golomb parameter k: the least k with N << k >= A (T.87 A.5.1); bounded for hostile statistics. */
@inline export function golombK(n: i32, a: i32): i32 {
  let k: i32 = 0;
  while (<i64>n << k < <i64>a && k < 30) k++;
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
