// JPEG lossless decoder kernels (ITU-T T.81 process 14, Annex H): header reader and frame decoder.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, JPEG_INVALID_HEADER, JPEG_INVALID_MARKER, JPEG_NO_FRAME, TRUNCATED } from "../../common/status";
import { AT_MARKER, BITS, POS, ZERO_BITS, readerOverran, readerStart } from "./bit-reader";
import { SCAN_LOOK, SCAN_OFF, SCAN_TD, decodeLine, decodeSpecial, setWorkaroundSsss16 } from "./decode-scan";
import { lookTable } from "./huffman";
import { normalizeCells } from "./normalize";
import { ERROR_OFFSET, LAST_MARKER, M_EOI, M_SOS, findDnlHeight, nextMarker, parseSegments, setErrorOffset } from "./markers";
import { NF, NS, P, PT, RI, SCAN_COMP, SCAN_TBL, SOF_MARKER, SS, TABLES_DEFINED, X, Y, resetState, setY } from "./state";

/** Warning bits reported by jpll_warnings() after jpll_decode (the TS side turns them into errors unless lenient). */
export const WARN_OVERRUN: i32 = 1; // a scan or restart interval needed more bits than its data held
export const WARN_RESTART: i32 = 2; // a restart marker was missing, out of sequence, or preceded by extra data
export const WARN_NO_EOI: i32 = 4; // the stream ended without EOI after all components were decoded
let WARNINGS: i32 = 0;

/** Size of the header record jpll_read_header writes: 12 x i32. */
export const INFO_BYTES: i32 = 48;

let SOF_LINES: i32 = 0;

function startStream(base: usize, len: i32): i64 {
  resetState();
  WARNINGS = 0;
  setErrorOffset(0);
  if (len < 2) {
    setErrorOffset(0);
    return -TRUNCATED;
  }
  // B.2.1: a stream starts with SOI.
  if (load<u8>(base) != 0xff || load<u8>(base + 1) != 0xd8) return -JPEG_INVALID_MARKER;
  const r = parseSegments(base, base + 2, base + <usize>len);
  if (r < 0) return r;
  if (LAST_MARKER != M_SOS) return -JPEG_NO_FRAME;
  SOF_LINES = Y;
  if (Y == 0) {
    // B.2.5: the number of lines comes in a DNL marker after the first scan.
    const nl = findDnlHeight(<usize>r, base + <usize>len);
    if (nl == 0) {
      setErrorOffset(<i32>(<usize>r - base));
      return -JPEG_INVALID_HEADER;
    }
    setY(nl);
  }
  return r;
}

/**
 * Reads the stream up to its first scan header and writes 12 i32 to infoPtr:
 * [P, Y (DNL resolved), X, Nf, Ss, Pt, Ri, SOF marker, offset after SOS, Y in SOF, Ns, tables mask].
 * @returns INFO_BYTES, or a negated status (jpll_error_offset / jpll_sof_marker tell where and which process)
 */
export function jpll_read_header(srcPtr: usize, srcLen: i32, infoPtr: usize, infoLen: i32): i32 {
  if (srcLen < 0 || infoLen < INFO_BYTES) return -INVALID_ARGUMENT;
  const r = startStream(srcPtr, srcLen);
  if (r < 0) return <i32>r;
  store<i32>(infoPtr, P);
  store<i32>(infoPtr + 4, Y);
  store<i32>(infoPtr + 8, X);
  store<i32>(infoPtr + 12, NF);
  store<i32>(infoPtr + 16, SS);
  store<i32>(infoPtr + 20, PT);
  store<i32>(infoPtr + 24, RI);
  store<i32>(infoPtr + 28, SOF_MARKER);
  store<i32>(infoPtr + 32, <i32>(<usize>r - srcPtr));
  store<i32>(infoPtr + 36, SOF_LINES);
  store<i32>(infoPtr + 40, NS);
  store<i32>(infoPtr + 44, TABLES_DEFINED);
  return INFO_BYTES;
}

/** SOF marker code of the last stream parsed (0 if none), for naming an unsupported process. */
export function jpll_sof_marker(): i32 {
  return SOF_MARKER;
}

/** Byte offset of the last error found. */
export function jpll_error_offset(): i32 {
  return ERROR_OFFSET;
}

/** WARN_* bits of the last jpll_decode. */
export function jpll_warnings(): i32 {
  return WARNINGS;
}

/**
 * Resynchronises at the end of a restart interval (T.81 F.2.1.3, H.2): skips to the next marker; consumes it
 * when it is RSTm (any m: a wrong number means lost intervals, which we report and decode through).
 */
function restart(base: usize, expected: i32): void {
  if (readerOverran()) WARNINGS |= WARN_OVERRUN;
  else if (!AT_MARKER && BITS - ZERO_BITS >= 16) {
    // More than a byte of real data left unread before the marker: corrupt interval.
    WARNINGS |= WARN_RESTART;
  }
  const r = nextMarker(base, POS, END_OF_STREAM, false);
  if (r >= 0 && LAST_MARKER >= 0xd0 && LAST_MARKER <= 0xd7) {
    if (LAST_MARKER - 0xd0 != (expected & 7)) WARNINGS |= WARN_RESTART;
    readerStart(<usize>r, END_OF_STREAM);
  } else {
    WARNINGS |= WARN_RESTART;
    readerStart(r >= 0 ? <usize>r - 2 : END_OF_STREAM, END_OF_STREAM);
  }
}

let END_OF_STREAM: usize = 0;
/** DCMTK +w6: decode selection value 6 as the signed 16-bit variant some encoders wrote (decode-scan.ts). */
let WORKAROUND_PRED6: bool = false;

/** Decodes the current scan (headers already parsed) into dst. @returns 0 or a negated status */
function decodeScan(base: usize, dst: usize, cb: i32): i32 {
  const stride = <usize>(NF * cb);
  const rowBytes = <usize>X * stride;
  const ns = NS;
  for (let k: i32 = 0; k < ns; k++) {
    const td = load<i32>(SCAN_TBL + (<usize>k << 2));
    store<i32>(SCAN_OFF + (<usize>k << 2), load<i32>(SCAN_COMP + (<usize>k << 2)) * cb);
    store<usize>(SCAN_LOOK + (<usize>k << 2), lookTable(td));
    store<i32>(SCAN_TD + (<usize>k << 2), td);
  }
  const init = 1 << (P - PT - 1);
  const ri = RI;
  const sv = SS == 6 && WORKAROUND_PRED6 ? 8 : SS;
  let mcusLeft = ri;
  let rst: i32 = 0;
  let needInit = true;
  for (let y: i32 = 0; y < Y; y++) {
    const row = dst + <usize>y * rowBytes;
    let firstLine = y == 0;
    let x: i32 = 0;
    while (x < X) {
      if (ri > 0 && mcusLeft == 0) {
        restart(base, rst);
        rst++;
        mcusLeft = ri;
        firstLine = true;
        needInit = true;
      }
      let xe = X;
      if (ri > 0 && mcusLeft < X - x) xe = x + mcusLeft;
      const n = xe - x;
      let s: i32 = 0;
      let xs = x;
      if (firstLine) {
        if (needInit) {
          s = decodeSpecial(cb, row + <usize>xs * stride, rowBytes, ns, 0, init);
          xs++;
          needInit = false;
        }
        if (s == 0) s = decodeLine(cb, 1, row + <usize>xs * stride, xe - xs, stride, rowBytes, ns);
      } else {
        if (xs == 0) {
          s = decodeSpecial(cb, row, rowBytes, ns, 1, 0);
          xs++;
        }
        if (s == 0) s = decodeLine(cb, sv, row + <usize>xs * stride, xe - xs, stride, rowBytes, ns);
      }
      if (s < 0) {
        setErrorOffset(<i32>(POS - base));
        return s;
      }
      if (ri > 0) mcusLeft -= n;
      x = xe;
    }
  }
  if (readerOverran()) WARNINGS |= WARN_OVERRUN;
  // H.1.2.1 / A.4: with a point transform the decoder outputs the reconstructed value shifted left by Pt.
  if (PT > 0) {
    const total = <usize>X * <usize>Y;
    for (let k: i32 = 0; k < ns; k++) {
      let p = dst + <usize>load<i32>(SCAN_OFF + (<usize>k << 2));
      if (cb == 1) {
        for (let i: usize = 0; i < total; i++, p += stride) store<u8>(p, <u8>(<i32>load<u8>(p) << PT));
      } else {
        for (let i: usize = 0; i < total; i++, p += stride) store<u16>(p, <u16>(<i32>load<u16>(p) << PT));
      }
    }
  }
  return 0;
}

/**
 * Decodes a whole JPEG lossless stream into interleaved cells of `cellBytes` (1 for P <= 8, else 2;
 * 2 is also allowed for P <= 8) little endian, values as reconstructed (not masked or sign-extended).
 * @param flags bit 0: DCMTK +wc workaround (16 extra bits after SSSS = 16); bit 2: DCMTK +w6 workaround
 *   (predictor 6 in signed 16-bit arithmetic); bit 1: normalise the cells to
 *   the canonical form (see normalize.ts) with Bits Stored = (flags >> 8) & 31, High Bit = (flags >> 16) & 31,
 *   signed = bit 24
 * @returns bytes written (Y * X * Nf * cellBytes), or a negated status
 */
export function jpll_decode(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, cellBytes: i32, flags: i32): i32 {
  if (srcLen < 0 || dstLen < 0 || (cellBytes != 1 && cellBytes != 2)) return -INVALID_ARGUMENT;
  setWorkaroundSsss16((flags & 1) != 0);
  WORKAROUND_PRED6 = (flags & 4) != 0;
  const bs = (flags >> 8) & 31;
  const hb = (flags >> 16) & 31;
  if ((flags & 2) != 0 && (bs < 1 || bs > cellBytes * 8 || hb < bs - 1 || hb >= cellBytes * 8)) return -INVALID_ARGUMENT;
  let r = startStream(srcPtr, srcLen);
  if (r < 0) return <i32>r;
  if (cellBytes == 1 && P > 8) return -INVALID_ARGUMENT;
  const total = <i64>X * <i64>Y * <i64>NF * <i64>cellBytes;
  if (total > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const end = srcPtr + <usize>srcLen;
  END_OF_STREAM = end;
  let covered: i32 = 0;
  let scans: i32 = 0;
  while (true) {
    readerStart(<usize>r, end);
    const s = decodeScan(srcPtr, dstPtr, cellBytes);
    if (s < 0) return s;
    scans++;
    for (let k: i32 = 0; k < NS; k++) covered |= 1 << load<i32>(SCAN_COMP + (<usize>k << 2));
    // After the scan: optional DNL, more tables, further scans, EOI (B.2.1). Garbage before the next
    // marker (e.g. unread padding) is skipped; anything after EOI is ignored.
    const yBefore = Y;
    r = parseSegments(srcPtr, POS, end);
    if (Y != yBefore) setY(yBefore); // a DNL only confirms the height found by jpll_read_header
    if (r < 0) {
      if (<i32>r == -TRUNCATED && covered == (1 << NF) - 1) {
        WARNINGS |= WARN_NO_EOI;
        break;
      }
      return <i32>r;
    }
    if (LAST_MARKER == M_EOI) break;
    if (LAST_MARKER != M_SOS) return -JPEG_INVALID_MARKER;
  }
  if (covered != (1 << NF) - 1) {
    setErrorOffset(srcLen);
    return -TRUNCATED;
  }
  if (flags & 2) normalizeCells(dstPtr, <usize>X * <usize>Y * <usize>NF, cellBytes, bs, hb, (flags & (1 << 24)) != 0);
  return <i32>total;
}
