// JPEG-LS encoder (ITU-T T.87): one frame of interleaved little-endian cells into SOI, SOF55, one SOS per
// component (ILV 0) or one SOS for all (ILV 1 line / 2 sample interleaved), EOI. Default coding
// parameters (no LSE segment, T.87 C.2.4.1.1); NEAR >= 0. Mirrors scan.ts, the decoder side.
import {
  DESTINATION_TOO_SMALL, INVALID_ARGUMENT, JPEG_VALUE_OUT_OF_RANGE,
} from "../../common/status";
import { bwFlush, bwInit, bwPosition, full, putBits, putByte, putGolomb } from "./bit-writer";
import {
  CTX_A, CTX_B, CTX_C, CTX_N, CTX_NN, J, LIMIT, MAXVAL, NEAR, QBPP, RANGE, STEP,
  RUN_CONTEXT, correctPrediction, golombK, interruptionK, predict, quantize, reconstruct, resetContexts, setupScan, updateInterruption, updateRegular,
} from "./params";

let RUN_INDEX: i32 = 0;
const RUN_INDEXES: usize = memory.data(16, 4);
const QS: usize = memory.data(48, 4);
let badSample: i32 = -1;

/** Index of the first sample outside the precision's range after a JPEG_VALUE_OUT_OF_RANGE failure. */
export function jpegls_bad_sample(): i32 {
  return badSample;
}

@inline function at(line: usize, x: i32): usize {
  return line + (<usize>x << 2);
}

/** Errval quantisation for near-lossless coding (T.87 A.4.4). */
@inline function quantizeError(e: i32): i32 {
  if (NEAR == 0) return e;
  return e > 0 ? (e + NEAR) / STEP : -((NEAR - e) / STEP);
}

/** Modulo reduction of the error into -RANGE/2 .. RANGE/2 (T.87 A.4.5). */
@inline function reduce(e: i32): i32 {
  if (e < 0) e += RANGE;
  if (e >= (RANGE + 1) >> 1) e -= RANGE;
  return e;
}

/** Regular mode (T.87 A.3 - A.6) for sample `ix`; returns the reconstructed value. */
@inline function encodeRegular(qc: i32, ra: i32, rb: i32, rc: i32, ix: i32): i32 {
  // A.3.4: SIGN is the sign of Q (s = 0 or -1), the context |Q|
  const s = qc >> 31;
  const o = <usize>((qc ^ s) - s) << 2;
  const c = load<i32>(CTX_C + o);
  const px = correctPrediction(predict(ra, rb, rc), c, s);
  const err = reduce(quantizeError(((ix - px) ^ s) - s));
  const a = load<i32>(CTX_A + o);
  const b = load<i32>(CTX_B + o);
  const n = load<i32>(CTX_N + o);
  const k = golombK(n, a);
  // A.5.2 error mapping, with the k = 0 special case of lossless coding
  let m = err >= 0 ? 2 * err : -2 * err - 1;
  if (NEAR == 0 && k == 0 && 2 * b <= -n) m = err >= 0 ? 2 * err + 1 : -2 * (err + 1);
  putGolomb(m, k, LIMIT, QBPP);
  updateRegular(o, err, a, b, c, n);
  return reconstruct(px, (err ^ s) - s);
}

/** Run interruption sample (T.87 A.7.2); returns the reconstructed value. */
function encodeInterruption(ra: i32, rb: i32, ix: i32, riType: i32): i32 {
  let sign: i32 = 1;
  let px = rb;
  if (riType != 0) px = ra;
  else if (ra > rb) sign = -1;
  const err = reduce(quantizeError(sign * (ix - px)));
  const k = interruptionK(riType);
  const n = load<i32>(CTX_N + (<usize>(RUN_CONTEXT + riType) << 2));
  const nn = load<i32>(CTX_NN + (<usize>riType << 2));
  let map: i32 = 0;
  if (k == 0 && err > 0 && 2 * nn < n) map = 1;
  else if (err < 0 && 2 * nn >= n) map = 1;
  else if (err < 0 && k != 0) map = 1;
  const em = 2 * (err < 0 ? -err : err) - riType - map;
  putGolomb(em, k, LIMIT - J(RUN_INDEX) - 1, QBPP);
  updateInterruption(riType, err, em);
  return reconstruct(px, sign * err);
}

/** Codes a run of `count` samples (T.87 A.7.1.2); `eol` when the run reaches the end of the line. */
@inline function encodeRunLength(count: i32, eol: bool): void {
  while (count >= 1 << J(RUN_INDEX)) {
    putBits(1, 1);
    count -= 1 << J(RUN_INDEX);
    if (RUN_INDEX < 31) RUN_INDEX++;
  }
  if (eol) {
    if (count > 0) putBits(1, 1);
  } else {
    putBits(0, 1);
    putBits(<u32>count, J(RUN_INDEX));
  }
}

/** One line of one component: `inp` holds the samples, `curr` receives the reconstruction. */
function encodeLine(prev: usize, curr: usize, inp: usize, width: i32): void {
  store<i32>(curr - 4, load<i32>(prev));
  store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  let x: i32 = 0;
  while (x < width) {
    const ra = load<i32>(at(curr, x - 1));
    const rb = load<i32>(at(prev, x));
    const rc = load<i32>(at(prev, x - 1));
    const rd = load<i32>(at(prev, x + 1));
    const qc = 81 * quantize(rd - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
    if (qc == 0) {
      let cnt: i32 = 0;
      while (x + cnt < width) {
        const d = load<i32>(at(inp, x + cnt)) - ra;
        if ((d < 0 ? -d : d) > NEAR) break;
        store<i32>(at(curr, x + cnt), ra);
        cnt++;
      }
      x += cnt;
      encodeRunLength(cnt, x == width);
      if (x < width) {
        const rbi = load<i32>(at(prev, x));
        const d = ra - rbi;
        store<i32>(at(curr, x), encodeInterruption(ra, rbi, load<i32>(at(inp, x)), (d < 0 ? -d : d) <= NEAR ? 1 : 0));
        x++;
        if (RUN_INDEX > 0) RUN_INDEX--;
      }
      continue;
    }
    store<i32>(at(curr, x), encodeRegular(qc, ra, rb, rc, load<i32>(at(inp, x))));
    x++;
  }
}

/** One line of `nc` sample-interleaved components (ILV 2); line pointers at lines + 12 c (prev, curr, inp). */
function encodeLinePixels(lines: usize, nc: i32, width: i32): void {
  for (let c: i32 = 0; c < nc; c++) {
    const prev = load<usize>(lines + <usize>(c * 12));
    const curr = load<usize>(lines + <usize>(c * 12 + 4));
    store<i32>(curr - 4, load<i32>(prev));
    store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  }
  let x: i32 = 0;
  while (x < width) {
    let any: i32 = 0;
    for (let c: i32 = 0; c < nc; c++) {
      const prev = load<usize>(lines + <usize>(c * 12));
      const curr = load<usize>(lines + <usize>(c * 12 + 4));
      const ra = load<i32>(at(curr, x - 1));
      const rb = load<i32>(at(prev, x));
      const rc = load<i32>(at(prev, x - 1));
      const qc = 81 * quantize(load<i32>(at(prev, x + 1)) - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
      store<i32>(QS + (<usize>c << 2), qc);
      any |= qc;
    }
    if (any == 0) {
      let cnt: i32 = 0;
      while (x + cnt < width) {
        let same = true;
        for (let c: i32 = 0; c < nc; c++) {
          const curr = load<usize>(lines + <usize>(c * 12 + 4));
          const inp = load<usize>(lines + <usize>(c * 12 + 8));
          const d = load<i32>(at(inp, x + cnt)) - load<i32>(at(curr, x - 1));
          if ((d < 0 ? -d : d) > NEAR) same = false;
        }
        if (!same) break;
        for (let c: i32 = 0; c < nc; c++) {
          const curr = load<usize>(lines + <usize>(c * 12 + 4));
          store<i32>(at(curr, x + cnt), load<i32>(at(curr, x - 1)));
        }
        cnt++;
      }
      x += cnt;
      encodeRunLength(cnt, x == width);
      if (x < width) {
        for (let c: i32 = 0; c < nc; c++) {
          const prev = load<usize>(lines + <usize>(c * 12));
          const curr = load<usize>(lines + <usize>(c * 12 + 4));
          const inp = load<usize>(lines + <usize>(c * 12 + 8));
          // RItype 0 for every component in sample-interleaved mode, as the decoder (scan.ts) expects
          store<i32>(at(curr, x), encodeInterruption(load<i32>(at(curr, x - 1)), load<i32>(at(prev, x)), load<i32>(at(inp, x)), 0));
        }
        x++;
        if (RUN_INDEX > 0) RUN_INDEX--;
      }
      continue;
    }
    for (let c: i32 = 0; c < nc; c++) {
      const prev = load<usize>(lines + <usize>(c * 12));
      const curr = load<usize>(lines + <usize>(c * 12 + 4));
      const inp = load<usize>(lines + <usize>(c * 12 + 8));
      const rx = encodeRegular(
        load<i32>(QS + (<usize>c << 2)), load<i32>(at(curr, x - 1)), load<i32>(at(prev, x)), load<i32>(at(prev, x - 1)), load<i32>(at(inp, x)),
      );
      store<i32>(at(curr, x), rx);
    }
    x++;
  }
}

function put16(v: i32): void {
  putByte(v >> 8);
  putByte(v & 255);
}

const LINES: usize = memory.data(48, 4);

@inline function linePtr(scratch: usize, cols: i32, c: i32, k: i32): usize {
  // Three lines of cols + 2 i32 per component (two for prediction, one for the input); pointers at x = 0.
  return scratch + <usize>(c * 3 + k) * ((<usize>cols + 2) << 2) + 4;
}

/** Loads line y of component c as P-bit values (two's complement masked for signed input). */
function loadInput(src: usize, dst: usize, y: i32, c: i32, cols: i32, nc: i32, cellBytes: i32, signed: bool): void {
  let p = src + (<usize>y * <usize>cols * <usize>nc + <usize>c) * <usize>cellBytes;
  const step = <usize>(nc * cellBytes);
  for (let x: i32 = 0; x < cols; x++) {
    let v: i32;
    if (cellBytes == 1) v = signed ? <i32>load<i8>(p) : <i32>load<u8>(p);
    else v = signed ? <i32>load<i16>(p) : <i32>load<u16>(p);
    store<i32>(dst + (<usize>x << 2), v & MAXVAL);
    p += step;
  }
}

/** Fresh statistics, run indexes and line buffers: at the start of a scan and after each RSTm (T.87 C.2.5). */
function restartState(scratch: usize, cols: i32, first: i32, ns: i32): void {
  resetContexts();
  for (let s: i32 = 0; s < ns; s++) {
    const c = first + s;
    memory.fill(linePtr(scratch, cols, c, 0) - 4, 0, ((<usize>cols + 2) << 2) * 2);
    store<i32>(RUN_INDEXES + (<usize>c << 2), 0);
  }
}

function encodeScan(
  src: usize, scratch: usize, rows: i32, cols: i32, nc: i32, first: i32, ns: i32, ilv: i32, cellBytes: i32, signed: bool, ri: i32,
): void {
  restartState(scratch, cols, first, ns);
  let interval: i32 = 0;
  for (let y: i32 = 0; y < rows; y++) {
    if (ri > 0 && y > 0 && y % ri == 0) {
      // End of a restart interval (one MCU = one line): pad, RSTm, start afresh
      bwFlush();
      putByte(0xff);
      putByte(0xd0 + (interval & 7));
      interval++;
      restartState(scratch, cols, first, ns);
    }
    const cw = y & 1;
    for (let s: i32 = 0; s < ns; s++) {
      const c = first + s;
      loadInput(src, linePtr(scratch, cols, c, 2), y, c, cols, nc, cellBytes, signed);
    }
    if (ilv == 2 && ns > 1) {
      for (let s: i32 = 0; s < ns; s++) {
        const c = first + s;
        store<usize>(LINES + <usize>(s * 12), linePtr(scratch, cols, c, cw ^ 1));
        store<usize>(LINES + <usize>(s * 12 + 4), linePtr(scratch, cols, c, cw));
        store<usize>(LINES + <usize>(s * 12 + 8), linePtr(scratch, cols, c, 2));
      }
      RUN_INDEX = load<i32>(RUN_INDEXES);
      encodeLinePixels(LINES, ns, cols);
      store<i32>(RUN_INDEXES, RUN_INDEX);
    } else {
      for (let s: i32 = 0; s < ns; s++) {
        const c = first + s;
        RUN_INDEX = load<i32>(RUN_INDEXES + (<usize>c << 2));
        encodeLine(linePtr(scratch, cols, c, cw ^ 1), linePtr(scratch, cols, c, cw), linePtr(scratch, cols, c, 2), cols);
        store<i32>(RUN_INDEXES + (<usize>c << 2), RUN_INDEX);
      }
    }
    if (full) return;
  }
  bwFlush();
}

/** Scratch bytes jpegls_encode needs: three lines of cols + 2 i32 per component. */
export function jpegls_encode_scratch_size(cols: i32, nc: i32): i32 {
  const n = (<i64>cols + 2) * 12 * <i64>nc;
  return n > 0x7fffffff || n < 0 ? -INVALID_ARGUMENT : <i32>n;
}

/**
 * Encodes one frame of interleaved little-endian cells (`cellBytes` 1 or 2; two's complement when
 * `signed`) as a JPEG-LS stream with precision `precision` (2..16), NEAR `near`, interleave mode `ilv`
 * (0 none: one scan per component, 1 line, 2 sample), default coding parameters, and a restart marker
 * every `restartInterval` lines (0 = none). Returns the stream
 * length, or a negated status: JPEG_VALUE_OUT_OF_RANGE (jpegls_bad_sample says which sample),
 * DESTINATION_TOO_SMALL, INVALID_ARGUMENT.
 */
export function jpegls_encode(
  srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, scratchPtr: usize, scratchLen: i32,
  rows: i32, cols: i32, nc: i32, precision: i32, cellBytes: i32, ilv: i32, near: i32, signed: i32, restartInterval: i32,
): i32 {
  badSample = -1;
  if (restartInterval < 0 || restartInterval > 65535) return -INVALID_ARGUMENT;
  if (rows < 1 || rows > 65535 || cols < 1 || cols > 65535 || nc < 1 || nc > 4) return -INVALID_ARGUMENT;
  if (precision < 2 || precision > 16 || (cellBytes != 1 && cellBytes != 2) || precision > cellBytes * 8) return -INVALID_ARGUMENT;
  if (ilv < 0 || ilv > 2 || dstLen < 0 || scratchLen < 0) return -INVALID_ARGUMENT;
  if (nc == 1) ilv = 0;
  const count = <i64>rows * <i64>cols * <i64>nc;
  if (count * <i64>cellBytes > <i64>srcLen) return -INVALID_ARGUMENT;
  const need = jpegls_encode_scratch_size(cols, nc);
  if (need < 0 || need > scratchLen) return -INVALID_ARGUMENT;
  if (!setupScan(precision, near, 0, 0, 0, 0, 0)) return -INVALID_ARGUMENT;
  // Every sample must fit the precision (unsigned 0..2^P-1, or signed -2^(P-1)..2^(P-1)-1)
  const lo: i32 = signed != 0 ? -(1 << (precision - 1)) : 0;
  const hi: i32 = signed != 0 ? (1 << (precision - 1)) - 1 : (1 << precision) - 1;
  const total = <i32>count;
  for (let i: i32 = 0; i < total; i++) {
    let v: i32;
    const p = srcPtr + <usize>i * <usize>cellBytes;
    if (cellBytes == 1) v = signed != 0 ? <i32>load<i8>(p) : <i32>load<u8>(p);
    else v = signed != 0 ? <i32>load<i16>(p) : <i32>load<u16>(p);
    if (v < lo || v > hi) {
      badSample = i;
      return -JPEG_VALUE_OUT_OF_RANGE;
    }
  }
  bwInit(dstPtr, dstPtr + <usize>dstLen);
  // SOI, SOF55 (T.87 C.2.2): Lf, P, Y, X, Nf, then (Ci, 1x1 sampling, Tq 0) per component
  putByte(0xff);
  putByte(0xd8);
  putByte(0xff);
  putByte(0xf7);
  put16(8 + 3 * nc);
  putByte(precision);
  put16(rows);
  put16(cols);
  putByte(nc);
  for (let c: i32 = 0; c < nc; c++) {
    putByte(c + 1);
    putByte(0x11);
    putByte(0);
  }
  if (restartInterval > 0) {
    // DRI (T.87 C.2.5): Lr 4, Ri in lines
    putByte(0xff);
    putByte(0xdd);
    put16(4);
    put16(restartInterval);
  }
  const scans = ilv == 0 ? nc : 1;
  const ns = ilv == 0 ? 1 : nc;
  for (let s: i32 = 0; s < scans; s++) {
    // SOS (T.87 C.2.3): Ls, Ns, (Cs, Tm 0) per component, NEAR, ILV, point transform 0
    putByte(0xff);
    putByte(0xda);
    put16(6 + 2 * ns);
    putByte(ns);
    for (let j: i32 = 0; j < ns; j++) {
      putByte(s + j + 1);
      putByte(0);
    }
    putByte(near);
    putByte(ilv);
    putByte(0);
    encodeScan(srcPtr, scratchPtr, rows, cols, nc, s, ns, ilv, cellBytes, signed != 0, restartInterval);
    if (full) return -DESTINATION_TOO_SMALL;
  }
  putByte(0xff);
  putByte(0xd9);
  if (full) return -DESTINATION_TOO_SMALL;
  return <i32>(bwPosition() - dstPtr);
}
