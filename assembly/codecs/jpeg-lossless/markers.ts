// Marker segment parser for JPEG lossless (ITU-T T.81 Annex B). Reusable: it only fills the static state of
// state.ts / huffman.ts and never allocates.
//
// Stream layout (B.2.1):  SOI  [tables/misc]*  SOF  [tables/misc]*  SOS ecs  [DNL]  ([tables/misc]* SOS ecs)*  EOI
// Every marker is 0xFF followed by a code; any number of 0xFF fill bytes may precede a marker (B.1.1.2).
// Marker segments carry a big-endian 16-bit length that counts itself but not the marker (B.1.1.4).
import { loadU16be } from "../../common/bytes";
import {
  JPEG_INVALID_HEADER,
  JPEG_INVALID_MARKER,
  JPEG_MISSING_TABLE,
  JPEG_NO_FRAME,
  JPEG_UNSUPPORTED_FEATURE,
  JPEG_UNSUPPORTED_PROCESS,
  TRUNCATED,
} from "../../common/status";
import { buildDecodeTable } from "./huffman";
import {
  COMP_HV,
  COMP_ID,
  MAX_COMPONENTS,
  NF,
  P,
  SCAN_COMP,
  SCAN_TBL,
  SOF_MARKER,
  TABLES_DEFINED,
  markTableDefined,
  setFrame,
  setRestartInterval,
  setScan,
  setY,
} from "./state";

export const M_SOI: i32 = 0xd8;
export const M_EOI: i32 = 0xd9;
export const M_SOS: i32 = 0xda;
export const M_DHT: i32 = 0xc4;
export const M_DRI: i32 = 0xdd;
export const M_DNL: i32 = 0xdc;
export const M_SOF3: i32 = 0xc3;
export const M_RST0: i32 = 0xd0;

/** The marker code found by the last nextMarker / parseSegments call. */
export let LAST_MARKER: i32 = 0;
/** The byte offset where the last error was found (for messages). */
export let ERROR_OFFSET: i32 = 0;

export function setErrorOffset(off: i32): void {
  ERROR_OFFSET = off;
}

@inline function fail(status: i32, at: usize, base: usize): i32 {
  ERROR_OFFSET = <i32>(at - base);
  return -status;
}

/**
 * Finds the next marker at or after `pos`, skipping fill bytes (B.1.1.2). When `strict`, anything other than
 * 0xFF before the marker is an error; otherwise it is skipped (resynchronisation after entropy-coded data).
 * @returns the position just after the marker code (LAST_MARKER holds the code), or a negated status
 */
export function nextMarker(base: usize, pos: usize, end: usize, strict: bool): i64 {
  while (pos < end) {
    const b = <i32>load<u8>(pos);
    if (b != 0xff) {
      if (strict) return fail(JPEG_INVALID_MARKER, pos, base);
      pos++;
      continue;
    }
    // Skip fill bytes.
    while (pos + 1 < end && load<u8>(pos + 1) == 0xff) pos++;
    if (pos + 1 >= end) break;
    const code = <i32>load<u8>(pos + 1);
    if (code == 0) {
      // Stuffed 0xFF00 inside entropy-coded data: not a marker.
      if (strict) return fail(JPEG_INVALID_MARKER, pos, base);
      pos += 2;
      continue;
    }
    LAST_MARKER = code;
    return <i64>(pos + 2);
  }
  return fail(TRUNCATED, end, base);
}

/** Process named by a SOF marker for messages: the TS side maps SOF_MARKER to a name. */
@inline function isSof(code: i32): bool {
  return code >= 0xc0 && code <= 0xcf && code != M_DHT && code != 0xc8 && code != 0xcc;
}

/**
 * Parses marker segments from `pos` up to and including the next SOS header (frame, tables, restart interval).
 * Stops after the SOS header (LAST_MARKER = SOS) or at EOI (LAST_MARKER = EOI).
 * @returns the position after the last segment parsed, or a negated status
 */
export function parseSegments(base: usize, pos: usize, end: usize): i64 {
  while (true) {
    const r = nextMarker(base, pos, end, false);
    if (r < 0) return r;
    pos = <usize>r;
    const m = LAST_MARKER;
    const segStart = pos - 2;
    if (m == M_EOI) return <i64>pos;
    if (m == M_SOI) return fail(JPEG_INVALID_MARKER, segStart, base);
    // Standalone markers without a length (B.1.1.3): RSTn outside a scan, TEM.
    if ((m >= M_RST0 && m <= 0xd7) || m == 0x01) continue;
    if (pos + 2 > end) return fail(TRUNCATED, pos, base);
    const len = <i32>loadU16be(pos);
    if (len < 2) return fail(JPEG_INVALID_HEADER, pos, base);
    const segEnd = pos + <usize>len;
    if (segEnd > end) return fail(TRUNCATED, pos, base);
    const p = pos + 2;
    if (isSof(m) || m == 0xcc) {
      if (SOF_MARKER != 0) return fail(JPEG_INVALID_MARKER, segStart, base);
      if (m != M_SOF3) {
        setFrame(0, 0, 0, 0, m);
        return fail(JPEG_UNSUPPORTED_PROCESS, segStart, base);
      }
      // B.2.2 frame header: P, Y, X, Nf, Nf x (Ci, Hi|Vi, Tqi).
      if (len < 8) return fail(JPEG_INVALID_HEADER, pos, base);
      const prec = <i32>load<u8>(p);
      const y = <i32>loadU16be(p + 1);
      const x = <i32>loadU16be(p + 3);
      const nf = <i32>load<u8>(p + 5);
      // H.1.2 / Table B.2: lossless precision 2..16; X >= 1; Y may be 0 (defined by DNL).
      if (prec < 2 || prec > 16 || x == 0 || nf == 0) return fail(JPEG_INVALID_HEADER, p, base);
      if (nf > MAX_COMPONENTS) return fail(JPEG_UNSUPPORTED_FEATURE, p + 5, base);
      if (len != 8 + 3 * nf) return fail(JPEG_INVALID_HEADER, pos, base);
      for (let i: i32 = 0; i < nf; i++) {
        const c = p + 6 + <usize>(i * 3);
        const hv = <i32>load<u8>(c + 1);
        const h = hv >> 4;
        const v = hv & 15;
        if (h < 1 || h > 4 || v < 1 || v > 4) return fail(JPEG_INVALID_HEADER, c + 1, base);
        // Subsampled lossless colour is outside DICOM practice; with one component sampling is irrelevant.
        if (nf > 1 && hv != 0x11) return fail(JPEG_UNSUPPORTED_FEATURE, c + 1, base);
        for (let j: i32 = 0; j < i; j++) {
          if (load<i32>(COMP_ID + (<usize>j << 2)) == <i32>load<u8>(c)) return fail(JPEG_INVALID_HEADER, c, base);
        }
        store<i32>(COMP_ID + (<usize>i << 2), <i32>load<u8>(c));
        store<i32>(COMP_HV + (<usize>i << 2), hv);
      }
      setFrame(prec, y, x, nf, m);
    } else if (m == M_DHT) {
      // B.2.4.2: repeated (Tc|Th, L1..L16, V...).
      let q = p;
      while (q < segEnd) {
        if (q + 17 > segEnd) return fail(JPEG_INVALID_HEADER, q, base);
        const tcth = <i32>load<u8>(q);
        const tc = tcth >> 4;
        const th = tcth & 15;
        let total: i32 = 0;
        for (let i: i32 = 0; i < 16; i++) total += <i32>load<u8>(q + 1 + <usize>i);
        if (q + 17 + <usize>total > segEnd || tc > 1 || th > 3) return fail(JPEG_INVALID_HEADER, q, base);
        if (tc == 0) {
          const s = buildDecodeTable(th, q + 1, q + 17);
          if (s < 0) return fail(-s, q, base);
          markTableDefined(th);
        }
        q += 17 + <usize>total;
      }
    } else if (m == M_DRI) {
      if (len != 4) return fail(JPEG_INVALID_HEADER, pos, base);
      setRestartInterval(<i32>loadU16be(p));
    } else if (m == M_DNL) {
      if (len != 4) return fail(JPEG_INVALID_HEADER, pos, base);
      setY(<i32>loadU16be(p));
    } else if (m == M_SOS) {
      if (SOF_MARKER == 0) return fail(JPEG_NO_FRAME, segStart, base);
      // B.2.3 scan header: Ns, Ns x (Cs, Td|Ta), Ss, Se, Ah|Al.
      if (len < 6) return fail(JPEG_INVALID_HEADER, pos, base);
      const ns = <i32>load<u8>(p);
      if (ns < 1 || ns > NF || len != 6 + 2 * ns) return fail(JPEG_INVALID_HEADER, p, base);
      for (let i: i32 = 0; i < ns; i++) {
        const c = p + 1 + <usize>(i * 2);
        const cs = <i32>load<u8>(c);
        let idx: i32 = -1;
        for (let j: i32 = 0; j < NF; j++) if (load<i32>(COMP_ID + (<usize>j << 2)) == cs) idx = j;
        if (idx < 0) return fail(JPEG_INVALID_HEADER, c, base);
        for (let j: i32 = 0; j < i; j++) if (load<i32>(SCAN_COMP + (<usize>j << 2)) == idx) return fail(JPEG_INVALID_HEADER, c, base);
        const td = <i32>load<u8>(c + 1) >> 4;
        if (td > 3) return fail(JPEG_INVALID_HEADER, c + 1, base);
        if ((TABLES_DEFINED & (1 << td)) == 0) return fail(JPEG_MISSING_TABLE, c + 1, base);
        store<i32>(SCAN_COMP + (<usize>i << 2), idx);
        store<i32>(SCAN_TBL + (<usize>i << 2), td);
      }
      const q = p + 1 + <usize>(ns * 2);
      const ss = <i32>load<u8>(q);
      const al = <i32>load<u8>(q + 2) & 15;
      const ah = <i32>load<u8>(q + 2) >> 4;
      // H.1.2.1 Table H.1: selection values 1..7 (0 is for differential frames only); Pt < P (H.1.2.1).
      if (ss < 1 || ss > 7 || ah != 0 || al >= P) return fail(JPEG_INVALID_HEADER, q, base);
      setScan(ns, ss, al);
      return <i64>segEnd;
    }
    // APPn, COM, DQT, DHP, EXP and unknown segments are skipped.
    pos = segEnd;
  }
  return 0;
}

/**
 * Height defined by a DNL marker (B.2.5): the first 0xFF 0xDC after `pos` (entropy-coded data never contains
 * that pair: 0xFF there is followed by 0x00 or a marker code).
 * @returns NL, or 0 when there is none
 */
export function findDnlHeight(pos: usize, end: usize): i32 {
  while (pos + 5 < end) {
    if (load<u8>(pos) == 0xff && load<u8>(pos + 1) == <u8>M_DNL) {
      if (loadU16be(pos + 2) != 4) return 0;
      return <i32>loadU16be(pos + 4);
    }
    pos++;
  }
  return 0;
}
