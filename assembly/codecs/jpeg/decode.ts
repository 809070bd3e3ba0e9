// Frame-level driver of the DCT decoder: walks the marker segments (ITU-T T.81 Annex B, E.2.1 / G.1.1
// control procedures), decodes each scan, runs the IDCT for progressive frames after the last scan, and hands
// the planes to the output stage.
import {
  C_BH, C_BW, C_COEF, C_PLANE, C_TA, C_TD, C_TQ, C_H, C_V, cget, cset, fget, fset, FR_ERROR_OFFSET, FR_HAVE_SOF,
  FR_HEIGHT, FR_MCUSX, FR_HMAX, FR_NCOMP, FR_PRECISION, FR_PROGRESSIVE, FR_ROWBUF, FR_ROWBUF_STRIDE, FR_SCANS,
  FR_WIDTH, QUANT, QUANT_DEFINED, resetState, workNeeded, FR_FIRST_RESTART, FR_RESTART,
} from "./state";
import { be16, checkSos, componentIndex, nextMarker, parseApp, parseDht, parseDqt, parseDri, parseSof } from "./markers";
import { decodeScan, entropyWarnings, scanEnd, setLenient, setScan, startScan } from "./entropy";
import { huffDefined } from "./huffman";
import { idctBlockSimd as idctBlock } from "./idct-simd";
import { writeOutput } from "./output";
import {
  DESTINATION_TOO_SMALL, JPEG_BAD_SCAN, JPEG_INVALID_HEADER, JPEG_INVALID_MARKER, JPEG_INVALID_QUANT_TABLE,
  JPEG_MISSING_TABLE, JPEG_NO_FRAME, TRUNCATED,
} from "../../common/status";

export const FLAG_RGB: i32 = 1;
export const FLAG_LENIENT: i32 = 2;
/** Warning bit (with entropy.ts WARN_*): the stream had no EOI. */
export const WARN_NO_EOI: i32 = 2;
let decodeWarnings: i32 = 0;

/** WARN_* bits of the last decode (lenient mode only). */
export function lastWarnings(): i32 {
  return decodeWarnings;
}

let srcBase: usize = 0;

@inline function fail(status: i32, at: usize): i32 {
  fset(FR_ERROR_OFFSET, <i32>(at - srcBase));
  return -status;
}

/** Places planes, coefficient buffers and row buffers in the caller's work area. */
function layout(work: usize): void {
  let p = (work + 15) & ~(<usize>15);
  const nc = fget(FR_NCOMP);
  for (let c: i32 = 0; c < nc; c++) {
    const bytes = <usize>cget(c, C_BW) * <usize>cget(c, C_BH) * 128;
    cset(c, C_PLANE, <i32>p);
    memory.fill(p, 0, bytes);
    p += bytes;
    if (fget(FR_PROGRESSIVE) != 0) {
      cset(c, C_COEF, <i32>p);
      memory.fill(p, 0, bytes);
      p += bytes;
    }
  }
  fset(FR_ROWBUF, <i32>p);
  fset(FR_ROWBUF_STRIDE, fget(FR_MCUSX) * fget(FR_HMAX) * 16);
}

/** SOS (B.2.3): reads the scan header, validates it against the frame and the tables, decodes the scan.
 *  Returns the address where the entropy-coded data ended, or 0 with the status in `scanStatus`. */
let scanStatus: i32 = 0;
function doScan(p: usize, len: i32, end: usize, decode: bool): usize {
  scanStatus = 0;
  const ns = checkSos(p, len);
  if (ns < 0) {
    scanStatus = fail(-ns, p);
    return 0;
  }
  const progressive = fget(FR_PROGRESSIVE) != 0;
  const q = p + 3 + <usize>(2 * ns);
  const ss = <i32>load<u8>(q);
  const se = <i32>load<u8>(q + 1);
  const ah = <i32>load<u8>(q + 2) >> 4;
  const al = <i32>load<u8>(q + 2) & 15;
  let c0: i32 = 0, c1: i32 = 0, c2: i32 = 0, c3: i32 = 0;
  let blocksPerMcu: i32 = 0;
  for (let i: i32 = 0; i < ns; i++) {
    const cs = <i32>load<u8>(p + 3 + <usize>(2 * i));
    const t = <i32>load<u8>(p + 4 + <usize>(2 * i));
    const c = componentIndex(cs);
    if (c < 0 || (t >> 4) > 3 || (t & 15) > 3) {
      scanStatus = fail(JPEG_BAD_SCAN, p);
      return 0;
    }
    if ((i > 0 && c == c0) || (i > 1 && c == c1) || (i > 2 && c == c2)) {
      scanStatus = fail(JPEG_BAD_SCAN, p);
      return 0;
    }
    cset(c, C_TD, t >> 4);
    cset(c, C_TA, t & 15);
    if (i == 0) c0 = c;
    else if (i == 1) c1 = c;
    else if (i == 2) c2 = c;
    else c3 = c;
    blocksPerMcu += cget(c, C_H) * cget(c, C_V);
    // Tables the scan will use must exist (T.81 B.2.4: tables precede the scan that uses them).
    const needDc = !progressive || (ss == 0 && ah == 0);
    const needAc = !progressive || ss > 0;
    if ((needDc && !huffDefined(0, t >> 4)) || (needAc && !huffDefined(1, t & 15))) {
      scanStatus = fail(JPEG_MISSING_TABLE, p);
      return 0;
    }
    if (!progressive && load<i32>(QUANT_DEFINED + (<usize>cget(c, C_TQ) << 2)) == 0) {
      scanStatus = fail(JPEG_INVALID_QUANT_TABLE, p);
      return 0;
    }
  }
  if (ns > 1 && blocksPerMcu > 10) {
    scanStatus = fail(JPEG_BAD_SCAN, p); // B.2.3: at most 10 blocks in an MCU
    return 0;
  }
  if (progressive) {
    // G.1.1.1.1: DC scans have Ss = Se = 0; AC scans cover one component and Ss <= Se <= 63;
    // a refinement scan lowers Al by exactly one.
    const ok = (ss == 0 ? se == 0 : se >= ss && se <= 63 && ns == 1) && al <= 13 && (ah == 0 || al == ah - 1);
    if (!ok) {
      scanStatus = fail(JPEG_BAD_SCAN, p);
      return 0;
    }
  }
  if (fget(FR_SCANS) == 0) fset(FR_FIRST_RESTART, fget(FR_RESTART));
  if (!decode) return p + <usize>len;
  setScan(ns, c0, c1, c2, c3, ss, se, ah, al);
  startScan(p + <usize>len, end);
  const st = decodeScan(progressive);
  if (st < 0) {
    scanStatus = fail(-st, scanEnd());
    return 0;
  }
  fset(FR_SCANS, fget(FR_SCANS) + 1);
  return scanEnd();
}

/** Progressive frames: inverse transform every block once all scans are in (G.1.2 then A.3.3). */
function idctAll(): i32 {
  const nc = fget(FR_NCOMP);
  const p1: i32 = fget(FR_PRECISION) > 8 ? 1 : 2;
  const maxv: i32 = (1 << fget(FR_PRECISION)) - 1;
  for (let c: i32 = 0; c < nc; c++) {
    const tq = cget(c, C_TQ);
    if (load<i32>(QUANT_DEFINED + (<usize>tq << 2)) == 0) return -JPEG_INVALID_QUANT_TABLE;
    const bw = <usize>cget(c, C_BW);
    const bh = <usize>cget(c, C_BH);
    const stride = bw << 4;
    const coef = <usize>cget(c, C_COEF);
    const plane = <usize>cget(c, C_PLANE);
    for (let by: usize = 0; by < bh; by++) {
      for (let bx: usize = 0; bx < bw; bx++) {
        idctBlock(coef + ((by * bw + bx) << 7), QUANT + (<usize>tq << 7), plane + (by << 3) * stride + (bx << 4), stride, p1, maxv);
      }
    }
  }
  return 0;
}

/**
 * Walks the stream. With `decode` false, stops after the first scan header (header reading); otherwise decodes
 * every scan into the work area and writes the frame to dst. Returns bytes written (decode), 0 (header) or a
 * negated status.
 */
export function run(src: usize, srcLen: i32, dst: usize, dstLen: i32, work: usize, workLen: i32, flags: i32, maxValue: i32, decode: bool): i32 {
  resetState();
  setLenient((flags & FLAG_LENIENT) != 0);
  decodeWarnings = 0;
  srcBase = src;
  const end = src + <usize>srcLen;
  if (srcLen < 2) return fail(TRUNCATED, src);
  if (load<u8>(src) != 0xff || load<u8>(src + 1) != 0xd8) return fail(JPEG_INVALID_MARKER, src); // B.2.1: SOI first
  let pos = src + 2;
  let eoi = false;
  while (true) {
    const m = nextMarker(pos, end);
    if (m >= end) break;
    const marker = <i32>load<u8>(m + 1);
    if (marker == 0xd9) {
      eoi = true;
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
      pos = m + 2; // standalone markers (B.1.1.3); a stray RST between scans is harmless
      continue;
    }
    if (marker == 0xd8) return fail(JPEG_INVALID_MARKER, m);
    if (m + 4 > end) return fail(TRUNCATED, m);
    const p = m + 2;
    const len = be16(p);
    if (len < 2) return fail(JPEG_INVALID_HEADER, m);
    if (p + <usize>len > end) return fail(TRUNCATED, m);
    let st: i32 = 0;
    if (marker == 0xdb) st = parseDqt(p, len);
    else if (marker == 0xc4) st = parseDht(p, len);
    else if (marker == 0xdd) st = parseDri(p, len);
    else if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc8 && marker != 0xcc) {
      st = parseSof(marker, p, len, end);
      if (st == 0 && decode) {
        const needOut = <f64>fget(FR_WIDTH) * <f64>fget(FR_HEIGHT) * <f64>fget(FR_NCOMP) * (fget(FR_PRECISION) > 8 ? 2.0 : 1.0);
        if (needOut > <f64>dstLen || workNeeded() > <f64>workLen) return fail(DESTINATION_TOO_SMALL, m);
        layout(work);
      }
    } else if (marker == 0xda) {
      const next = doScan(p, len, end, decode);
      if (next == 0) return scanStatus;
      if (!decode) return 0;
      pos = next;
      continue;
    } else if (marker >= 0xe0 && marker <= 0xef) parseApp(marker, p, len);
    if (st < 0) return fail(-st, m);
    pos = p + <usize>len;
  }
  if (fget(FR_HAVE_SOF) == 0 || fget(FR_SCANS) == 0) {
    return fail(eoi ? JPEG_NO_FRAME : TRUNCATED, end);
  }
  if (!eoi && (flags & FLAG_LENIENT) == 0) return fail(TRUNCATED, end);
  decodeWarnings = entropyWarnings() | (eoi ? 0 : WARN_NO_EOI);
  if (fget(FR_PROGRESSIVE) != 0) {
    const st = idctAll();
    if (st < 0) return fail(-st, end);
  }
  writeOutput(dst, (flags & FLAG_RGB) != 0, maxValue);
  return fget(FR_WIDTH) * fget(FR_HEIGHT) * fget(FR_NCOMP) * (fget(FR_PRECISION) > 8 ? 2 : 1);
}
