// JPEG-LS line decoding (T.87 Annex A): context determination, regular mode and run mode, for one
// component's line (ILV 0 and 1) or for a line of sample-interleaved pixels (ILV 2).
//
// Line buffers are i32 arrays of X + 2 entries supplied by the caller (scratch), addressed at x = 0:
//
//     index  -1    0    1   ...  X-1    X
//           [ Ra of x=0 | samples of the line | Rd of x=X-1 ]
//
// Before each line, curr[-1] = prev[0] (Ra of the first sample is the sample above) and prev[X] = prev[X-1]
// (Rd of the last sample is Rb), as T.87 A.2.1 / Figure A.2 requires at the line edges; prev[-1] still holds
// the previous line's curr[-1], which is Rc of the first sample.
import { readBit, readBits, readGolomb } from "./bit-reader";
import {
  CTX_A, CTX_B, CTX_C, CTX_N, CTX_NN, J, LIMIT, NEAR, QBPP, RUN_CONTEXT,
  correctPrediction, golombK, interruptionK, predict, quantize, reconstruct, updateInterruption, updateRegular,
} from "./params";
import { JPEGLS_INVALID_CODE } from "../../common/status";

/** RUNindex of the component being decoded (T.87 A.7.1); saved per component by the caller in ILV 1. */
let RUN_INDEX: i32 = 0;
export function setRunIndex(v: i32): void {
  RUN_INDEX = v;
}
export function getRunIndex(): i32 {
  return RUN_INDEX;
}

/** Line pointers (at x = 0) of up to 4 components for ILV 2, and their quantised contexts. */
export const PREV_LINES: usize = memory.data(4 * 4, 4);
export const CURR_LINES: usize = memory.data(4 * 4, 4);
const QS: usize = memory.data(4 * 3 * 4, 4);

@inline function at(line: usize, x: i32): usize {
  return line + (<usize>x << 2);
}

/**
 * Decodes one sample in regular mode (T.87 A.3.4 - A.6) from its quantised gradients. Returns the
 * reconstructed sample, or the negated status for an invalid code.
 */
@inline function decodeRegular(qc: i32, ra: i32, rb: i32, rc: i32): i32 {
  // A.3.4: SIGN is the sign of Q (s = 0 or -1), the context |Q|
  const s = qc >> 31;
  const o = <usize>((qc ^ s) - s) << 2;
  // A.4.2: prediction correction by C[Q], clamped to 0..MAXVAL
  const c = load<i32>(CTX_C + o);
  const px = correctPrediction(predict(ra, rb, rc), c, s);
  const a = load<i32>(CTX_A + o);
  const b = load<i32>(CTX_B + o);
  const n = load<i32>(CTX_N + o);
  const k = golombK(n, a);
  const m = readGolomb(k, LIMIT, QBPP);
  if (m < 0) return -JPEGLS_INVALID_CODE;
  // A.5.2 inverted: MErrval = 2 Errval (Errval >= 0) or -2 Errval - 1, and the k = 0 special mapping
  let err = (m >> 1) ^ -(m & 1);
  err ^= -(<i32>(NEAR == 0 && k == 0 && 2 * b <= -n));
  updateRegular(o, err, a, b, c, n);
  return reconstruct(px, (err ^ s) - s);
}

/**
 * Decodes a run interruption sample (T.87 A.7.2). `riType` 1 when |Ra - Rb| <= NEAR (prediction Ra),
 * 0 otherwise (prediction Rb, sign from Rb - Ra). Returns the sample or the negated status.
 */
function decodeInterruption(ra: i32, rb: i32, riType: i32): i32 {
  const o = <usize>(RUN_CONTEXT + riType) << 2;
  const n = load<i32>(CTX_N + o);
  const nn = load<i32>(CTX_NN + (<usize>riType << 2));
  const k = interruptionK(riType);
  // A.7.2.2: glimit = LIMIT - J[RUNindex] - 1
  const em = readGolomb(k, LIMIT - J(RUN_INDEX) - 1, QBPP);
  if (em < 0) return -JPEGLS_INVALID_CODE;
  // Inverse of EMErrval = 2 |Errval| - RItype - map (A.7.2.3): the parity gives map, and the sign
  // follows from the conditions under which map is 1.
  const t = em + riType;
  const map = t & 1;
  const mag = (t + 1) >> 1;
  const cond: i32 = k != 0 || 2 * nn >= n ? 1 : 0;
  const err = cond == map ? -mag : mag;
  updateInterruption(riType, err, em);
  if (riType != 0) return reconstruct(ra, err);
  return reconstruct(rb, ra > rb ? -err : err);
}

/**
 * Run mode (T.87 A.7.1.2, decoder side): the run length is coded as a sequence of 1 bits each standing
 * for 2^J[RUNindex] samples, then either the end of the line or a 0 bit followed by J[RUNindex] bits of
 * remainder. Returns the number of samples in the run and whether it ended the line (bit 31 clear) or
 * was interrupted (negative count means invalid data).
 */
@inline function decodeRunLength(remaining: i32): i32 {
  let n: i32 = 0;
  while (true) {
    if (readBit() == 1) {
      const rg = 1 << J(RUN_INDEX);
      if (rg <= remaining - n) {
        n += rg;
        if (RUN_INDEX < 31) RUN_INDEX++;
        if (n == remaining) return n;
      } else {
        return remaining; // the last, partial chunk of a run that reaches the end of the line
      }
    } else {
      const cnt = readBits(J(RUN_INDEX));
      n += cnt;
      if (n >= remaining) return -1; // the interruption sample would lie past the end of the line
      return n | 0x40000000; // interrupted after n samples
    }
  }
}

const INTERRUPTED: i32 = 0x40000000;

/**
 * Decodes one line of one component (ILV 0 and 1). Returns 0 or the negated status.
 */
export function decodeLine(prev: usize, curr: usize, width: i32): i32 {
  store<i32>(curr - 4, load<i32>(prev));
  store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  let x: i32 = 0;
  let ra = load<i32>(curr - 4);
  let rb = load<i32>(prev);
  let rc = load<i32>(prev - 4);
  while (x < width) {
    const rd = load<i32>(at(prev, x + 1));
    const d1 = rd - rb;
    const d2 = rb - rc;
    const d3 = rc - ra;
    const qc = 81 * quantize(d1) + 9 * quantize(d2) + quantize(d3);
    if (qc == 0) {
      // A.3.1: all gradients within NEAR: run mode
      const r = decodeRunLength(width - x);
      if (r < 0) return -JPEGLS_INVALID_CODE;
      const len = r & (INTERRUPTED - 1);
      for (let i: i32 = 0; i < len; i++) store<i32>(at(curr, x + i), ra);
      x += len;
      if ((r & INTERRUPTED) != 0) {
        const rbi = load<i32>(at(prev, x));
        const d = ra - rbi;
        const rx = decodeInterruption(ra, rbi, (d < 0 ? -d : d) <= NEAR ? 1 : 0);
        if (rx < 0) return rx;
        store<i32>(at(curr, x), rx);
        x++;
        if (RUN_INDEX > 0) RUN_INDEX--;
      }
      if (x < width) {
        ra = load<i32>(at(curr, x - 1));
        rb = load<i32>(at(prev, x));
        rc = load<i32>(at(prev, x - 1));
      }
      continue;
    }
    const rx = decodeRegular(qc, ra, rb, rc);
    if (rx < 0) return rx;
    store<i32>(at(curr, x), rx);
    ra = rx;
    rc = rb;
    rb = rd;
    x++;
  }
  return 0;
}

/**
 * Decodes one line of `nc` sample-interleaved components (ILV 2): a pixel is in run mode when the
 * gradients of every component are within NEAR; otherwise each component is coded in regular mode with
 * its own context. Run interruption samples use RItype 0 for every component (as the reference
 * implementations of T.87 do in sample-interleaved mode). Returns 0 or the negated status.
 */
export function decodeLinePixels(nc: i32, width: i32): i32 {
  for (let c: i32 = 0; c < nc; c++) {
    const prev = load<usize>(PREV_LINES + (<usize>c << 2));
    const curr = load<usize>(CURR_LINES + (<usize>c << 2));
    store<i32>(curr - 4, load<i32>(prev));
    store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  }
  let x: i32 = 0;
  while (x < width) {
    let any: i32 = 0;
    for (let c: i32 = 0; c < nc; c++) {
      const prev = load<usize>(PREV_LINES + (<usize>c << 2));
      const curr = load<usize>(CURR_LINES + (<usize>c << 2));
      const ra = load<i32>(at(curr, x - 1));
      const rb = load<i32>(at(prev, x));
      const rc = load<i32>(at(prev, x - 1));
      const rd = load<i32>(at(prev, x + 1));
      const qc = 81 * quantize(rd - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
      store<i32>(QS + (<usize>c << 2), qc);
      any |= qc;
    }
    if (any == 0) {
      const r = decodeRunLength(width - x);
      if (r < 0) return -JPEGLS_INVALID_CODE;
      const len = r & (INTERRUPTED - 1);
      for (let c: i32 = 0; c < nc; c++) {
        const curr = load<usize>(CURR_LINES + (<usize>c << 2));
        const ra = load<i32>(at(curr, x - 1));
        for (let i: i32 = 0; i < len; i++) store<i32>(at(curr, x + i), ra);
      }
      x += len;
      if ((r & INTERRUPTED) != 0) {
        for (let c: i32 = 0; c < nc; c++) {
          const prev = load<usize>(PREV_LINES + (<usize>c << 2));
          const curr = load<usize>(CURR_LINES + (<usize>c << 2));
          const rx = decodeInterruption(load<i32>(at(curr, x - 1)), load<i32>(at(prev, x)), 0);
          if (rx < 0) return rx;
          store<i32>(at(curr, x), rx);
        }
        x++;
        if (RUN_INDEX > 0) RUN_INDEX--;
      }
      continue;
    }
    for (let c: i32 = 0; c < nc; c++) {
      const prev = load<usize>(PREV_LINES + (<usize>c << 2));
      const curr = load<usize>(CURR_LINES + (<usize>c << 2));
      const rx = decodeRegular(
        load<i32>(QS + (<usize>c << 2)), load<i32>(at(curr, x - 1)), load<i32>(at(prev, x)), load<i32>(at(prev, x - 1)),
      );
      if (rx < 0) return rx;
      store<i32>(at(curr, x), rx);
    }
    x++;
  }
  return 0;
}
