// JPEG-LS sample coding (T.87 Annex A, encoder side), shared by the line coders of encode-line.ts (ILV 0
// and 1) and encode-pixels.ts (ILV 2): regular mode, run length and run interruption coding, and the
// gradient contexts of a whole line.
//
// Speed notes: the callers exist twice, for NEAR 0 and NEAR > 0 (@inline bodies with a constant
// `lossless`); with NEAR 0 the reconstruction is the input, so nothing is stored back. The regular mode is
// branch-free where the data decide (error reduction, Golomb k, error mapping, bias update): on noisy
// images those branches are unpredictable.
import { putBitsClean, putGolomb } from "./bit-writer";
import {
  CTX_A, CTX_B, CTX_C, CTX_N, CTX_NN, J, LIMIT, NEAR, QBPP, RANGE, RESET, RUN_CONTEXT, STEP, T1, T2, T3,
  correctPrediction, predict, quantize, reconstruct,
} from "./params";

/** RUNindex of the component being coded (T.87 A.7.1); saved per component by the caller in ILV 0 and 1. */
let RUN_INDEX: i32 = 0;
export function setEncodeRunIndex(v: i32): void {
  RUN_INDEX = v;
}
export function getEncodeRunIndex(): i32 {
  return RUN_INDEX;
}

/** After a run interruption sample: RUNindex = max(0, RUNindex - 1) (T.87 A.7.2, code segment A.22). */
@inline export function endInterruption(): void {
  if (RUN_INDEX > 0) RUN_INDEX--;
}

@inline export function at(line: usize, x: i32): usize {
  return line + (<usize>x << 2);
}

/** ceil(2^32 / (2 NEAR + 1)): (x * STEP_INVERSE) >> 32 is x / (2 NEAR + 1) for 0 <= x < 2^23. */
let STEP_INVERSE: u64 = 0;

/** 32 - log2(RANGE) when NEAR is 0 (RANGE = MAXVAL + 1 = 2^P: the encoder always uses the default MAXVAL). */
let REDUCE_SHIFT: i32 = 0;

/** Sets STEP_INVERSE and REDUCE_SHIFT for the current scan parameters (after setupScan). */
export function setupEncodeScan(): void {
  STEP_INVERSE = ((<u64>1 << 32) + <u64>STEP - 1) / <u64>STEP;
  REDUCE_SHIFT = <i32>clz(RANGE - 1);
}

/**
 * Errval quantisation for near-lossless coding (T.87 A.4.4): SIGN(e) floor((|e| + NEAR) / (2 NEAR + 1)),
 * by a multiplication (|e| + NEAR < 2^17; the exactness bound x r < 2^32, with r < 2 NEAR + 1 < 2^9 the
 * rounding excess of STEP_INVERSE, holds) and without a branch on the sign.
 */
@inline export function quantizeError(e: i32): i32 {
  const s = e >> 31;
  const q = <i32>((<u64>(((e ^ s) - s) + NEAR) * STEP_INVERSE) >> 32);
  return (q ^ s) - s;
}

/**
 * reduce for NEAR 0, where RANGE is 2^P: the low P bits of e, sign-extended, are e modulo RANGE in
 * -RANGE/2 .. RANGE/2 - 1.
 */
@inline export function reduceLossless(e: i32): i32 {
  return (e << REDUCE_SHIFT) >> REDUCE_SHIFT;
}

/** Modulo reduction of the error into -RANGE/2 .. RANGE/2 (T.87 A.4.5), branch-free. */
@inline export function reduce(e: i32): i32 {
  e += RANGE & (e >> 31);
  return select<i32>(e - RANGE, e, e >= (RANGE + 1) >> 1);
}

/**
 * Golomb parameter k (T.87 A.5.1): the least k >= 0 with N << k >= A, branch-free (golombK of params.ts
 * computes the same): N << k with k = clz(N) - clz(A) has A's bit length, so k or k + 1 is the answer.
 */
@inline export function golombKFast(n: i32, a: i32): i32 {
  const k = max(<i32>clz(n) - <i32>clz(a), 0);
  return k + <i32>(n << k < a);
}

/**
 * Context update after a regular-mode sample (T.87 A.6.1, A.6.2), as updateRegular of params.ts but with
 * the bias correction branch-free. `o` is the byte offset of the context; a, b, c, n its values before.
 */
@inline export function updateRegularFast(o: usize, err: i32, a: i32, b: i32, c: i32, n: i32, lossless: bool): void {
  b += lossless ? err : err * STEP;
  a += err < 0 ? -err : err;
  if (n == RESET) {
    a >>= 1;
    b >>= 1;
    n >>= 1;
  }
  n += 1;
  const dn = <i32>(b <= -n);
  const up = <i32>(b > 0);
  b += select<i32>(n, 0, dn) - select<i32>(n, 0, up);
  c += (up & <i32>(c < 127)) - (dn & <i32>(c > -128));
  b = select<i32>(max(b, 1 - n), b, dn);
  b = select<i32>(min(b, 0), b, up);
  store<i32>(CTX_A + o, a);
  store<i32>(CTX_B + o, b);
  store<i32>(CTX_C + o, c);
  store<i32>(CTX_N + o, n);
}

/**
 * Regular mode (T.87 A.3 - A.6) for sample `ix` with gradient context `qc`; returns the reconstructed value
 * (`ix` itself when `lossless`).
 */
@inline export function encodeRegular(qc: i32, ra: i32, rb: i32, rc: i32, ix: i32, lossless: bool): i32 {
  // A.3.4: SIGN is the sign of Q (s = 0 or -1), the context |Q|
  const s = qc >> 31;
  const o = <usize>((qc ^ s) - s) << 2;
  const c = load<i32>(CTX_C + o);
  const px = correctPrediction(predict(ra, rb, rc), c, s);
  let err = ((ix - px) ^ s) - s;
  if (!lossless) err = quantizeError(err);
  err = lossless ? reduceLossless(err) : reduce(err);
  const a = load<i32>(CTX_A + o);
  const b = load<i32>(CTX_B + o);
  const n = load<i32>(CTX_N + o);
  const k = golombKFast(n, a);
  // A.5.2 error mapping: MErrval = 2 Errval (Errval >= 0) or -2 Errval - 1; in lossless coding with k = 0
  // and 2 B <= -N it is the mapping of -Errval - 1 (= ~Errval)
  let e = err;
  if (lossless) e ^= -(<i32>(k == 0) & <i32>(2 * b <= -n));
  putGolomb((e << 1) ^ (e >> 31), k, LIMIT, QBPP);
  updateRegularFast(o, err, a, b, c, n, lossless);
  return lossless ? ix : reconstruct(px, (err ^ s) - s);
}

/**
 * Run interruption sample (T.87 A.7.2) of type `riType`; returns the reconstructed value (`ix` when
 * `lossless`). RItype 1 (|Ra - Rb| <= NEAR) predicts Ra; RItype 0 predicts Rb, with SIGN that of Rb - Ra.
 */
@inline export function encodeInterruptionImpl(ra: i32, rb: i32, ix: i32, riType: i32, lossless: bool): i32 {
  const px = select<i32>(ra, rb, riType != 0);
  const neg = -(<i32>(riType == 0) & <i32>(ra > rb));
  let err = ((ix - px) ^ neg) - neg;
  if (!lossless) err = quantizeError(err);
  err = lossless ? reduceLossless(err) : reduce(err);
  const o = <usize>(RUN_CONTEXT + riType) << 2;
  const nno = CTX_NN + (<usize>riType << 2);
  let a = load<i32>(CTX_A + o);
  let n = load<i32>(CTX_N + o);
  let nn = load<i32>(nno);
  // A.7.2.1: TEMP = A (+ N / 2 for RItype 1), k the least with N << k >= TEMP
  const k = golombKFast(n, a + ((n >> 1) & -riType));
  // A.7.2.2: map is 1 for (k = 0, Errval > 0, 2 Nn < N) and for (Errval < 0, 2 Nn >= N or k != 0)
  const map = (<i32>(err > 0) & <i32>(k == 0) & <i32>(2 * nn < n)) | (<i32>(err < 0) & (<i32>(2 * nn >= n) | <i32>(k != 0)));
  const em = 2 * (err < 0 ? -err : err) - riType - map;
  putGolomb(em, k, LIMIT - J(RUN_INDEX) - 1, QBPP);
  // A.7.2.4 (updateInterruption of params.ts)
  nn += <i32>(err < 0);
  a += (em + 1 - riType) >> 1;
  if (n == RESET) {
    a >>= 1;
    n >>= 1;
    nn >>= 1;
  }
  store<i32>(CTX_A + o, a);
  store<i32>(CTX_N + o, n + 1);
  store<i32>(nno, nn);
  return lossless ? ix : reconstruct(px, (err ^ neg) - neg);
}

function encodeInterruptionLossless(ra: i32, rb: i32, ix: i32, riType: i32): i32 {
  return encodeInterruptionImpl(ra, rb, ix, riType, true);
}

function encodeInterruptionNear(ra: i32, rb: i32, ix: i32, riType: i32): i32 {
  return encodeInterruptionImpl(ra, rb, ix, riType, false);
}

@inline export function encodeInterruption(ra: i32, rb: i32, ix: i32, riType: i32, lossless: bool): i32 {
  return lossless ? encodeInterruptionLossless(ra, rb, ix, riType) : encodeInterruptionNear(ra, rb, ix, riType);
}

/**
 * Codes a run of `count` samples (T.87 A.7.1.2); `eol` when the run reaches the end of the line: a 1 for
 * each full segment of 2^J[RUNindex] samples (RUNindex growing after each), then at the end of the line a
 * 1 for a partial segment, else a 0 and the remainder in J[RUNindex] bits. The bits go out in one or two
 * writes.
 */
@inline export function encodeRunLength(count: i32, eol: bool): void {
  let ones: i32 = 0;
  let j = J(RUN_INDEX);
  while (count >= 1 << j) {
    count -= 1 << j;
    if (RUN_INDEX < 31) RUN_INDEX++;
    j = J(RUN_INDEX);
    if (++ones == 30) {
      putBitsClean((1 << 30) - 1, 30);
      ones = 0;
    }
  }
  if (eol) {
    ones += <i32>(count > 0);
    putBitsClean((<u32>1 << <u32>ones) - 1, ones);
  } else if (ones + 1 + j <= 32) {
    putBitsClean(((<u32>1 << <u32>ones) - 1) << <u32>(j + 1) | <u32>count, ones + 1 + j);
  } else {
    putBitsClean((<u32>1 << <u32>ones) - 1, ones);
    putBitsClean(<u32>count, j + 1);
  }
}

/** Lanes of v (i32x4) that continue a run at Ra = vra: equal (NEAR 0) or within NEAR (T.87 A.7.1.1). */
@inline export function runLanes(v: v128, vra: v128, vnear: v128, lossless: bool): v128 {
  return lossless ? i32x4.eq(v, vra) : i32x4.le_s(i32x4.abs(i32x4.sub(v, vra)), vnear);
}

/** Number of samples of `inp` from x on (at most width - x) that continue a run at `ra`, 4 at a time. */
@inline export function scanRun(inp: usize, x: i32, width: i32, ra: i32, lossless: bool): i32 {
  const vra = i32x4.splat(ra);
  const vnear = i32x4.splat(NEAR);
  let e = x;
  for (; e + 4 <= width; e += 4) {
    const bits = i32x4.bitmask(runLanes(v128.load(at(inp, e)), vra, vnear, lossless));
    if (bits != 15) return e + <i32>ctz(~bits) - x;
  }
  for (; e < width; e++) {
    const d = load<i32>(at(inp, e)) - ra;
    if (lossless ? d != 0 : (d < 0 ? -d : d) > NEAR) break;
  }
  return e - x;
}

/** Stores `v` at line[x .. x + count) (the reconstruction of a near-lossless run). */
@inline export function fillRun(line: usize, x: i32, count: i32, v: i32): void {
  for (let i: i32 = 0; i < count; i++) store<i32>(at(line, x + i), v);
}

/** Gradient quantisation (T.87 A.3.3) of 4 lanes: SIGN(d) times the count of |d| > NEAR, >= T1, >= T2, >= T3. */
@inline export function quantizeV(d: v128, vnear: v128, vt1: v128, vt2: v128, vt3: v128): v128 {
  const a = i32x4.abs(d);
  // each true compare is -1: the sum is minus the count
  const m = i32x4.add(i32x4.add(i32x4.gt_s(a, vnear), i32x4.ge_s(a, vt1)), i32x4.add(i32x4.ge_s(a, vt2), i32x4.ge_s(a, vt3)));
  const s = i32x4.shr_s(d, 31);
  // -m for d >= 0, m for d < 0
  return i32x4.sub(v128.xor(m, v128.not(s)), v128.not(s));
}

/**
 * Gradient contexts of a line, before it is coded (T.87 A.3): q[x] = 81 Q1 + 9 Q2 for x = 0 .. width - 1,
 * which only need the line above, plus Q3 when `lossless` (Ra is then the input, known in advance). The
 * line edges (curr[-1], prev[width]) must be set.
 */
@inline export function lineContexts(prev: usize, curr: usize, q: usize, width: i32, lossless: bool): void {
  const vnear = i32x4.splat(NEAR);
  const vt1 = i32x4.splat(T1);
  const vt2 = i32x4.splat(T2);
  const vt3 = i32x4.splat(T3);
  const v81 = i32x4.splat(81);
  const v9 = i32x4.splat(9);
  let x: i32 = 0;
  for (; x + 4 <= width; x += 4) {
    const p = at(prev, x);
    const rb = v128.load(p);
    const rc = v128.load(p - 4);
    let v = i32x4.add(
      i32x4.mul(quantizeV(i32x4.sub(v128.load(p + 4), rb), vnear, vt1, vt2, vt3), v81),
      i32x4.mul(quantizeV(i32x4.sub(rb, rc), vnear, vt1, vt2, vt3), v9),
    );
    if (lossless) v = i32x4.add(v, quantizeV(i32x4.sub(rc, v128.load(at(curr, x - 1))), vnear, vt1, vt2, vt3));
    v128.store(at(q, x), v);
  }
  for (; x < width; x++) {
    const p = at(prev, x);
    const rb = load<i32>(p);
    const rc = load<i32>(p - 4);
    let v = 81 * quantize(load<i32>(p + 4) - rb) + 9 * quantize(rb - rc);
    if (lossless) v += quantize(rc - load<i32>(at(curr, x - 1)));
    store<i32>(at(q, x), v);
  }
}
