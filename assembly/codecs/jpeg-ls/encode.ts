// JPEG-LS encoder (ITU-T T.87): one frame of interleaved little-endian cells into SOI, SOF55, one SOS per
// component (ILV 0) or one SOS for all (ILV 1 line / 2 sample interleaved), EOI. Default coding
// parameters (no LSE segment, T.87 C.2.4.1.1); NEAR >= 0. The line coders are in encode-line.ts (ILV 0, 1)
// and encode-pixels.ts (ILV 2), the input conversion in encode-input.ts.
import {
  DESTINATION_TOO_SMALL, INVALID_ARGUMENT, JPEG_VALUE_OUT_OF_RANGE,
} from "../../common/status";
import { bwFlush, bwInit, bwPosition, full, putByte } from "./bit-writer";
import { encodeLineLossless, encodeLineNear } from "./encode-line";
import { encodeLinePixelsLossless, encodeLinePixelsNear } from "./encode-pixels";
import { getEncodeRunIndex, setEncodeRunIndex, setupEncodeScan } from "./encode-sample";
import { firstOutOfRange, loadRow } from "./encode-input";
import { NEAR, resetContexts, setupScan } from "./params";

const RUN_INDEXES: usize = memory.data(16, 4);
let badSample: i32 = -1;

/** Index of the first sample outside the precision's range after a JPEG_VALUE_OUT_OF_RANGE failure. */
export function jpegls_bad_sample(): i32 {
  return badSample;
}

function put16(v: i32): void {
  putByte(v >> 8);
  putByte(v & 255);
}

// Scratch: four lines of cols + 2 i32 per component, pointers at x = 0: two for prediction (previous and
// current line, alternating), the input (near-lossless; lossless input goes straight into the current line)
// and the line's gradient contexts (lossless ILV 0 and 1, see lineContexts).
const LINE_INPUT: i32 = 2;
const LINE_CONTEXTS: i32 = 3;

@inline function lineBytes(cols: i32): usize {
  return (<usize>cols + 2) << 2;
}

/** Distance between the same line of consecutive components. */
@inline function componentStride(cols: i32): usize {
  return lineBytes(cols) << 2;
}

@inline function linePtr(scratch: usize, cols: i32, c: i32, k: i32): usize {
  return scratch + <usize>(c * 4 + k) * lineBytes(cols) + 4;
}

/** Fresh statistics, run indexes and line buffers: at the start of a scan and after each RSTm (T.87 C.2.5). */
function restartState(scratch: usize, cols: i32, first: i32, ns: i32): void {
  resetContexts();
  for (let s: i32 = 0; s < ns; s++) {
    const c = first + s;
    memory.fill(linePtr(scratch, cols, c, 0) - 4, 0, lineBytes(cols) * 2);
    store<i32>(RUN_INDEXES + (<usize>c << 2), 0);
  }
}

function encodeScan(
  src: usize, scratch: usize, rows: i32, cols: i32, nc: i32, first: i32, ns: i32, ilv: i32, cellBytes: i32, signed: bool, ri: i32,
): void {
  restartState(scratch, cols, first, ns);
  const lossless = NEAR == 0;
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
    // NEAR 0: the reconstruction is the input, which is loaded straight into the current line
    const inpLine = lossless ? cw : LINE_INPUT;
    const cs = componentStride(cols);
    loadRow(src, linePtr(scratch, cols, first, inpLine), cs, y, first, ns, cols, nc, cellBytes, signed);
    if (ilv == 2 && ns > 1) {
      // One scan of all components (first = 0); component c's lines follow component 0's at c cs
      setEncodeRunIndex(load<i32>(RUN_INDEXES));
      const prev = linePtr(scratch, cols, 0, cw ^ 1);
      const curr = linePtr(scratch, cols, 0, cw);
      if (lossless) encodeLinePixelsLossless(prev, curr, cs, ns, cols);
      else encodeLinePixelsNear(prev, curr, linePtr(scratch, cols, 0, LINE_INPUT), cs, ns, cols);
      store<i32>(RUN_INDEXES, getEncodeRunIndex());
    } else {
      for (let s: i32 = 0; s < ns; s++) {
        const c = first + s;
        setEncodeRunIndex(load<i32>(RUN_INDEXES + (<usize>c << 2)));
        const prev = linePtr(scratch, cols, c, cw ^ 1);
        const curr = linePtr(scratch, cols, c, cw);
        if (lossless) encodeLineLossless(prev, curr, linePtr(scratch, cols, c, LINE_CONTEXTS), cols);
        else encodeLineNear(prev, curr, linePtr(scratch, cols, c, LINE_INPUT), cols);
        store<i32>(RUN_INDEXES + (<usize>c << 2), getEncodeRunIndex());
      }
    }
    if (full) return;
  }
  bwFlush();
}

/** Scratch bytes jpegls_encode needs: four lines of cols + 2 i32 per component. */
export function jpegls_encode_scratch_size(cols: i32, nc: i32): i32 {
  const n = (<i64>cols + 2) * 16 * <i64>nc;
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
  setupEncodeScan();
  // Every sample must fit the precision (unsigned 0..2^P-1, or signed -2^(P-1)..2^(P-1)-1)
  const lo: i32 = signed != 0 ? -(1 << (precision - 1)) : 0;
  const hi: i32 = signed != 0 ? (1 << (precision - 1)) - 1 : (1 << precision) - 1;
  const bad = firstOutOfRange(srcPtr, <i32>count, cellBytes, signed != 0, lo, hi);
  if (bad >= 0) {
    badSample = bad;
    return -JPEG_VALUE_OUT_OF_RANGE;
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
