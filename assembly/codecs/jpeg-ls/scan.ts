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
//
// Speed notes (measured against the previous decoder in one process on the same streams, best of several
// runs; output, statuses and error offsets byte-identical over ~1600 decodes of valid and damaged streams):
// the regular-mode sample is a chain of dependent steps (Ra -> Q -> context -> k -> code -> Rx -> next Q),
// so what pays is taking steps off that chain. The Golomb k of each context is kept up to date by the
// context update (params.ts CTX_K) instead of computed from A and N after loading them: +11-13 % lossless
// ILV 0/1. The reconstruction skips the modulo and clamp after one unsigned compare when the sum is in
// 0..MAXVAL: +6-12 % near-lossless. The common Golomb code is read in one step (readGolombFast, and inline
// in the line decoder); ILV 2 with three components has its own loop with the line pointers in locals
// (+4-10 %). Tried and dropped: a branch-free context update (10 % slower: its branches let the CPU
// speculate C and B across samples), a branch-free k in the update (+8-10 % NEAR > 0 on some images,
// -4 % on others and for NEAR 0), run mode with the bit cache in locals and SIMD run fill (no change),
// one 32-byte record per context (no change), the refill inline everywhere (within noise, +6 KB: it is
// inline only in the line decoder).
import { brBits, brCache, brSet, fillInline, readBit, readBits, readGolomb, readGolombFast } from "./bit-reader";
import {
  CTX_A, CTX_B, CTX_C, CTX_K, CTX_N, CTX_NN, J, LIMIT, MAXVAL, NEAR, QBPP, RANGE, RESET, RUN_CONTEXT, STEP,
  interruptionK, predict, quantize, reconstruct, updateInterruption, updateRegular,
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
  let px = predict(ra, rb, rc) + ((c ^ s) - s);
  // correctPrediction, one compare in the common case (+3 % here; 1-4 % slower in decodeLineImpl)
  if (<u32>px > <u32>MAXVAL) px = px < 0 ? 0 : MAXVAL;
  const a = load<i32>(CTX_A + o);
  const b = load<i32>(CTX_B + o);
  const n = load<i32>(CTX_N + o);
  const k = load<i32>(CTX_K + o); // = golombK(n, a)
  const m = readGolombFast(k, LIMIT, QBPP);
  if (m < 0) return -JPEGLS_INVALID_CODE;
  // A.5.2 inverted: MErrval = 2 Errval (Errval >= 0) or -2 Errval - 1, and the k = 0 special mapping
  let err = (m >> 1) ^ -(m & 1);
  err ^= -(<i32>(NEAR == 0 && k == 0 && 2 * b <= -n));
  updateRegular(o, err, a, b, c, n, STEP, RESET);
  const e = (err ^ s) - s;
  // A sum already in 0..MAXVAL: reconstruct() would return it unchanged (one unsigned compare)
  const rx = px + e * STEP;
  if (<u32>rx <= <u32>MAXVAL) return rx;
  return reconstruct(px, e);
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
  return NEAR == 0 ? decodeLineLossless(prev, curr, width) : decodeLineNear(prev, curr, width);
}

function decodeLineLossless(prev: usize, curr: usize, width: i32): i32 {
  return decodeLineImpl(prev, curr, width, true);
}

function decodeLineNear(prev: usize, curr: usize, width: i32): i32 {
  return decodeLineImpl(prev, curr, width, false);
}

/**
 * The line decoder, instantiated for NEAR 0 (`lossless` constant true: STEP 1, no error quantisation, the
 * k = 0 special mapping of A.5.2 possible) and NEAR > 0. Speed: the bit cache and the scan parameters are
 * locals for the whole line and the regular-mode sample (A.3.4 - A.6) is written out here, with a fast
 * path for a Golomb code whose prefix and suffix are both in the cache; everything rarer (refill, escape
 * code, run mode) goes through the bit-reader globals, handing the cache over, so the bits consumed and the
 * refills are exactly those of readGolomb.
 */
@inline function decodeLineImpl(prev: usize, curr: usize, width: i32, lossless: bool): i32 {
  store<i32>(curr - 4, load<i32>(prev));
  store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  const near = lossless ? 0 : NEAR;
  const step = lossless ? 1 : STEP;
  const maxval = MAXVAL;
  const range = RANGE;
  const limit = LIMIT;
  const qbpp = QBPP;
  const reset = RESET;
  const escape = limit - qbpp - 1;
  let cache = brCache();
  let bits = brBits();
  let x: i32 = 0;
  let ra = load<i32>(curr - 4);
  let rb = load<i32>(prev);
  let rc = load<i32>(prev - 4);
  while (x < width) {
    const rd = load<i32>(at(prev, x + 1));
    const qc = 81 * quantize(rd - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
    if (qc == 0) {
      // A.3.1: all gradients within NEAR: run mode
      brSet(cache, bits);
      const r = decodeRunLength(width - x);
      if (r < 0) return -JPEGLS_INVALID_CODE;
      const len = r & (INTERRUPTED - 1);
      for (let i: i32 = 0; i < len; i++) store<i32>(at(curr, x + i), ra);
      x += len;
      if ((r & INTERRUPTED) != 0) {
        const rbi = load<i32>(at(prev, x));
        const d = ra - rbi;
        const rx = decodeInterruption(ra, rbi, (d < 0 ? -d : d) <= near ? 1 : 0);
        if (rx < 0) return rx;
        store<i32>(at(curr, x), rx);
        x++;
        if (RUN_INDEX > 0) RUN_INDEX--;
      }
      cache = brCache();
      bits = brBits();
      if (x < width) {
        ra = load<i32>(at(curr, x - 1));
        rb = load<i32>(at(prev, x));
        rc = load<i32>(at(prev, x - 1));
      }
      continue;
    }
    // A.3.4: SIGN is the sign of Q (s = 0 or -1), the context |Q|
    const s = qc >> 31;
    const o = <usize>((qc ^ s) - s) << 2;
    // A.4.1 / A.4.2: prediction, corrected by C[Q] and clamped to 0..MAXVAL
    const c = load<i32>(CTX_C + o);
    const mx = max(ra, rb);
    const mn = min(ra, rb);
    const p0 = select<i32>(mn, select<i32>(mx, ra + rb - rc, rc <= mn), rc >= mx);
    const px = min(max(p0 + ((c ^ s) - s), 0), maxval);
    const a = load<i32>(CTX_A + o);
    const b = load<i32>(CTX_B + o);
    const n = load<i32>(CTX_N + o);
    const k = load<i32>(CTX_K + o); // = golombK(n, a), kept by the context update
    const sp = lossless ? -(<i32>(k == 0) & <i32>(2 * b <= -n)) : 0;
    // A.5.3: LG(k, LIMIT); the common case (prefix below the escape, code within the cache) inline
    if (bits < 32) {
      brSet(cache, bits);
      fillInline();
      cache = brCache();
      bits = brBits();
    }
    const lz = <i32>clz(cache);
    let m: i32;
    if (lz + 1 + k <= bits && lz < escape) {
      // c1's top bit is the prefix's terminating 1, so c1 >> (63 - k) is 2^k + the k-bit suffix and
      // m = (lz << k) + suffix; k <= 31 here (A, N are i32), so the shifts stay below 64.
      const c1 = cache << <u64>lz;
      m = ((lz - 1) << k) + <i32>(c1 >> <u64>(63 - k));
      cache = c1 << <u64>(k + 1);
      bits -= lz + 1 + k;
    } else {
      brSet(cache, bits);
      m = readGolomb(k, limit, qbpp);
      cache = brCache();
      bits = brBits();
      if (m < 0) {
        brSet(cache, bits);
        return -JPEGLS_INVALID_CODE;
      }
    }
    // A.5.2 inverted: MErrval = 2 Errval (Errval >= 0) or -2 Errval - 1, and the k = 0 special mapping
    const err = (m >> 1) ^ -(m & 1) ^ sp;
    // A.4.4 / A.6: undo the sign and the modulo reduction, clamp to 0..MAXVAL (a sum already in 0..MAXVAL
    // needs neither: one unsigned compare). This is params.ts reconstruct() on the locals; calling it (the scan
    // parameters then come from globals) measured 5-9 % slower on lossless lines.
    const e = (err ^ s) - s;
    let rx = lossless ? px + e : px + e * step;
    if (<u32>rx > <u32>maxval) {
      if (rx < -near) rx += range * step;
      else if (rx > maxval + near) rx -= range * step;
      rx = min(max(rx, 0), maxval);
    }
    // A.6.1 / A.6.2: context update (branches: a branch-free form measured 10-20 % slower here)
    updateRegular(o, err, a, b, c, n, step, reset);
    store<i32>(at(curr, x), rx);
    ra = rx;
    rc = rb;
    rb = rd;
    x++;
  }
  brSet(cache, bits);
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
  if (nc == 3) return decodePixels3(width);
  let x: i32 = 0;
  while (x < width) {
    let any: i32 = 0;
    for (let c: i32 = 0; c < nc; c++) {
      const prev = load<usize>(PREV_LINES + (<usize>c << 2));
      const curr = load<usize>(CURR_LINES + (<usize>c << 2));
      const qc = pixelContext(prev, curr, x);
      store<i32>(QS + (<usize>c << 2), qc);
      any |= qc;
    }
    if (any == 0) {
      x = runPixels(nc, width, x);
      if (x < 0) return x;
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

/** Q = 81 Q1 + 9 Q2 + Q3 of the sample at x (T.87 A.3). */
@inline function pixelContext(prev: usize, curr: usize, x: i32): i32 {
  const ra = load<i32>(at(curr, x - 1));
  const rb = load<i32>(at(prev, x));
  const rc = load<i32>(at(prev, x - 1));
  const rd = load<i32>(at(prev, x + 1));
  return 81 * quantize(rd - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
}

/**
 * decodeLinePixels for the common three components (RGB, YBR) with the line pointers in locals instead of
 * the PREV_LINES / CURR_LINES tables: same order of samples, contexts and bits.
 */
function decodePixels3(width: i32): i32 {
  const p0 = load<usize>(PREV_LINES);
  const p1 = load<usize>(PREV_LINES + 4);
  const p2 = load<usize>(PREV_LINES + 8);
  const c0 = load<usize>(CURR_LINES);
  const c1 = load<usize>(CURR_LINES + 4);
  const c2 = load<usize>(CURR_LINES + 8);
  let x: i32 = 0;
  while (x < width) {
    const q0 = pixelContext(p0, c0, x);
    const q1 = pixelContext(p1, c1, x);
    const q2 = pixelContext(p2, c2, x);
    if ((q0 | q1 | q2) == 0) {
      x = runPixels(3, width, x);
      if (x < 0) return x;
      continue;
    }
    let rx = decodeRegular(q0, load<i32>(at(c0, x - 1)), load<i32>(at(p0, x)), load<i32>(at(p0, x - 1)));
    if (rx < 0) return rx;
    store<i32>(at(c0, x), rx);
    rx = decodeRegular(q1, load<i32>(at(c1, x - 1)), load<i32>(at(p1, x)), load<i32>(at(p1, x - 1)));
    if (rx < 0) return rx;
    store<i32>(at(c1, x), rx);
    rx = decodeRegular(q2, load<i32>(at(c2, x - 1)), load<i32>(at(p2, x)), load<i32>(at(p2, x - 1)));
    if (rx < 0) return rx;
    store<i32>(at(c2, x), rx);
    x++;
  }
  return 0;
}

/**
 * Run mode of a sample-interleaved line from x (T.87 A.7): the run, then the interruption sample of every
 * component unless the run reached the end of the line. Returns the next x or the negated status.
 */
function runPixels(nc: i32, width: i32, x: i32): i32 {
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
  return x;
}
