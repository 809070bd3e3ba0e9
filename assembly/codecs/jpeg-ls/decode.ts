// JPEG-LS decoder exports (ITU-T T.87): jpegls_read_header, jpegls_scratch_size, jpegls_decode, jpegls_error_offset, jpegls_warnings.
// Orchestration only: markers.ts parses the headers, scan.ts decodes lines, bit-reader.ts reads bits.
import {
  DESTINATION_TOO_SMALL, INVALID_ARGUMENT, JPEGLS_INVALID_HEADER, JPEGLS_INVALID_MARKER, TRUNCATED,
} from "../../common/status";
import { brFindMarker, brInit, brOverran, brPosition } from "./bit-reader";
import {
  ERROR_OFFSET, NF, NS, P, PRESET_MAXVAL, PRESET_RESET, PRESET_T1, PRESET_T2, PRESET_T3, RI,
  SAW_EOI, SCAN_COMP, SCAN_ILV, SCAN_NEAR, SCAN_PT, X, Y, readMarkers, resetHeader,
} from "./markers";
import { MAXVAL, RESET, T1, T2, T3, resetContexts, setupScan } from "./params";
import { CURR_LINES, PREV_LINES, decodeLine, decodeLinePixels, getRunIndex, setRunIndex } from "./scan";

let errorOffset: i32 = -1;
let warnings: i32 = 0;
/** Warning bit: the stream has no EOI after the last scan. */
export const JPEGLS_WARN_NO_EOI: i32 = 1;
/** Warning bit (lenient mode): the coded data ended early; the rest was decoded from zero bits. */
export const JPEGLS_WARN_TRUNCATED: i32 = 2;
/** Flag of jpegls_decode: decode truncated coded data with zero bits instead of failing. */
const FLAG_LENIENT: i32 = 1;
let lenient: bool = false;

const RUN_INDEXES: usize = memory.data(16, 4);

/** Offset in the source of the last error (-1 when unknown). */
export function jpegls_error_offset(): i32 {
  return errorOffset;
}

/** Warning bits of the last decode (JPEGLS_WARN_*). */
export function jpegls_warnings(): i32 {
  return warnings;
}

/**
 * Parses the stream up to its first scan header and writes 16 i32 fields to info:
 * [P, Y, X, Nf, NEAR, ILV, Pt, Ri, MAXVAL, T1, T2, T3, RESET, Ns, coded-data offset, 0] (the coding
 * parameters as the first scan will use them, defaults applied, T.87 C.2.4.1.1).
 * Returns 0 or a negated status.
 */
export function jpegls_read_header(srcPtr: usize, srcLen: i32, infoPtr: usize, infoLen: i32): i32 {
  errorOffset = -1;
  if (srcLen < 0 || infoLen < 64) return -INVALID_ARGUMENT;
  resetHeader();
  const r = readMarkers(srcPtr, srcLen, 0);
  if (r <= 0) {
    errorOffset = ERROR_OFFSET;
    if (r == 0) {
      errorOffset = srcLen;
      return -JPEGLS_INVALID_HEADER; // EOI before any scan
    }
    return r;
  }
  if (!setupScan(P, SCAN_NEAR, PRESET_MAXVAL, PRESET_T1, PRESET_T2, PRESET_T3, PRESET_RESET)) {
    errorOffset = r;
    return -JPEGLS_INVALID_HEADER;
  }
  store<i32>(infoPtr, P);
  store<i32>(infoPtr + 4, Y);
  store<i32>(infoPtr + 8, X);
  store<i32>(infoPtr + 12, NF);
  store<i32>(infoPtr + 16, SCAN_NEAR);
  store<i32>(infoPtr + 20, SCAN_ILV);
  store<i32>(infoPtr + 24, SCAN_PT);
  store<i32>(infoPtr + 28, RI);
  store<i32>(infoPtr + 32, MAXVAL);
  store<i32>(infoPtr + 36, T1);
  store<i32>(infoPtr + 40, T2);
  store<i32>(infoPtr + 44, T3);
  store<i32>(infoPtr + 48, RESET);
  store<i32>(infoPtr + 52, NS);
  store<i32>(infoPtr + 56, r);
  store<i32>(infoPtr + 60, 0);
  return 0;
}

/** Writes one decoded line of component `c` into the interleaved output cells. */
function writeLine(line: usize, dst: usize, y: i32, c: i32, cellBytes: i32): void {
  const step = <usize>(NF * cellBytes);
  let p = dst + (<usize>y * <usize>X * <usize>NF + <usize>c) * <usize>cellBytes;
  if (cellBytes == 1) {
    for (let x: i32 = 0; x < X; x++) {
      store<u8>(p, <u8>load<i32>(line + (<usize>x << 2)));
      p += step;
    }
  } else {
    for (let x: i32 = 0; x < X; x++) {
      store<u16>(p, <u16>load<i32>(line + (<usize>x << 2)));
      p += step;
    }
  }
}

/**
 * Writes row y of every component of the scan into the output cells. The common layouts have their own
 * loops (measured in the decode of a 1280x960 RGB frame, where the three strided passes of writeLine took
 * about 8 % of the time): one component (samples are in 0..MAXVAL, so the saturating narrows are exact,
 * eight cells per v128) and three 8-bit components in one scan (16 pixels per step by shuffles, then one
 * u32 store per pixel; the last pixel of the row by bytes, so nothing is written past the row).
 */
function writeRow(scratch: usize, dst: usize, y: i32, cw: i32, cellBytes: i32): void {
  if (NF == 1) {
    const line = linePtr(scratch, 0, cw);
    const p = dst + <usize>y * <usize>X * <usize>cellBytes;
    let x: i32 = 0;
    if (cellBytes == 2) {
      for (; x + 8 <= X; x += 8) {
        const l = line + (<usize>x << 2);
        v128.store(p + (<usize>x << 1), i16x8.narrow_i32x4_u(v128.load(l), v128.load(l, 16)));
      }
      for (; x < X; x++) store<u16>(p + (<usize>x << 1), <u16>load<i32>(line + (<usize>x << 2)));
    } else {
      for (; x + 8 <= X; x += 8) {
        const l = line + (<usize>x << 2);
        const w = i16x8.narrow_i32x4_u(v128.load(l), v128.load(l, 16));
        v128.store_lane<i64>(p + <usize>x, i8x16.narrow_i16x8_u(w, w), 0);
      }
      for (; x < X; x++) store<u8>(p + <usize>x, <u8>load<i32>(line + (<usize>x << 2)));
    }
    return;
  }
  if (NF == 3 && NS == 3 && cellBytes == 1 && X > 0) {
    const r = linePtr(scratch, 0, cw);
    const g = linePtr(scratch, 1, cw);
    const b = linePtr(scratch, 2, cw);
    let p = dst + <usize>y * <usize>X * 3;
    const last = X - 1;
    let x: i32 = 0;
    // 16 pixels per step: each component narrowed to 16 bytes, then interleaved into 48 by shuffles
    for (; x + 16 <= X; x += 16) {
      const o = <usize>x << 2;
      const R = narrow16(r + o);
      const G = narrow16(g + o);
      const B = narrow16(b + o);
      const t0 = i8x16.shuffle(R, G, 0, 16, 0, 1, 17, 0, 2, 18, 0, 3, 19, 0, 4, 20, 0, 5);
      v128.store(p, i8x16.shuffle(t0, B, 0, 1, 16, 3, 4, 17, 6, 7, 18, 9, 10, 19, 12, 13, 20, 15));
      const t1 = i8x16.shuffle(R, G, 21, 0, 6, 22, 0, 7, 23, 0, 8, 24, 0, 9, 25, 0, 10, 26);
      v128.store(p, i8x16.shuffle(t1, B, 0, 21, 2, 3, 22, 5, 6, 23, 8, 9, 24, 11, 12, 25, 14, 15), 16);
      const t2 = i8x16.shuffle(R, G, 0, 11, 27, 0, 12, 28, 0, 13, 29, 0, 14, 30, 0, 15, 31, 0);
      v128.store(p, i8x16.shuffle(t2, B, 26, 1, 2, 27, 4, 5, 28, 7, 8, 29, 10, 11, 30, 13, 14, 31), 32);
      p += 48;
    }
    for (; x < last; x++) {
      const o = <usize>x << 2;
      store<u32>(p, <u32>(load<i32>(r + o) | (load<i32>(g + o) << 8) | (load<i32>(b + o) << 16)));
      p += 3;
    }
    if (x == last) {
      // not when the v128 steps ended the row (X a multiple of 16): p is then past the row
      const o = <usize>last << 2;
      store<u8>(p, <u8>load<i32>(r + o));
      store<u8>(p + 1, <u8>load<i32>(g + o));
      store<u8>(p + 2, <u8>load<i32>(b + o));
    }
    return;
  }
  for (let s: i32 = 0; s < NS; s++) {
    const c = load<i32>(SCAN_COMP + (<usize>s << 2));
    writeLine(linePtr(scratch, c, cw), dst, y, c, cellBytes);
  }
}

/** 16 samples (i32, 0..255) from `line` as 16 bytes (the saturating narrows are exact for them). */
@inline function narrow16(line: usize): v128 {
  const lo = i16x8.narrow_i32x4_u(v128.load(line), v128.load(line, 16));
  const hi = i16x8.narrow_i32x4_u(v128.load(line, 32), v128.load(line, 48));
  return i8x16.narrow_i16x8_u(lo, hi);
}

/** Writes line y of component `c` as zero cells (lenient decoding of truncated data). */
function writeZeros(dst: usize, y: i32, c: i32, cellBytes: i32): void {
  const step = <usize>(NF * cellBytes);
  let p = dst + (<usize>y * <usize>X * <usize>NF + <usize>c) * <usize>cellBytes;
  for (let x: i32 = 0; x < X; x++) {
    if (cellBytes == 1) store<u8>(p, 0);
    else store<u16>(p, 0);
    p += step;
  }
}

@inline function linePtr(scratch: usize, c: i32, which: i32): usize {
  // Two lines of X + 2 i32 per component; the returned pointer addresses x = 0.
  return scratch + <usize>(c * 2 + which) * ((<usize>X + 2) << 2) + 4;
}

function clearLines(scratch: usize): void {
  for (let s: i32 = 0; s < NS; s++) {
    const c = load<i32>(SCAN_COMP + (<usize>s << 2));
    memory.fill(linePtr(scratch, c, 0) - 4, 0, ((<usize>X + 2) << 2) * 2);
    store<i32>(RUN_INDEXES + (<usize>c << 2), 0);
  }
}

/**
 * Decodes the coded data of one scan starting at `off` (T.87 Annex A, restart intervals per C.2.5 / D.2:
 * after each RSTm the statistics, run indexes and line buffers start afresh). Returns the offset of the
 * marker after the scan, srcLen when none follows, or a negated status.
 */
function decodeScan(src: usize, len: i32, off: i32, dst: usize, cellBytes: i32, scratch: usize): i32 {
  if (!setupScan(P, SCAN_NEAR, PRESET_MAXVAL, PRESET_T1, PRESET_T2, PRESET_T3, PRESET_RESET)) {
    errorOffset = off;
    return -JPEGLS_INVALID_HEADER;
  }
  resetContexts();
  clearLines(scratch);
  brInit(src + <usize>off, src + <usize>len);
  const pixelMode = SCAN_ILV == 2 && NS > 1;
  let interval: i32 = 0;
  for (let y: i32 = 0; y < Y; y++) {
    if (RI > 0 && y > 0 && y % RI == 0) {
      const m = brFindMarker(src);
      const expect = 0xd0 + (interval & 7);
      if (m < 0 || <i32>load<u8>(src + <usize>m + 1) != expect) {
        errorOffset = m < 0 ? len : m;
        return m < 0 ? -TRUNCATED : -JPEGLS_INVALID_MARKER;
      }
      interval++;
      brInit(src + <usize>m + 2, src + <usize>len);
      resetContexts();
      clearLines(scratch);
    }
    const cw = y & 1;
    const pw = cw ^ 1;
    let r: i32 = 0;
    if (pixelMode) {
      for (let s: i32 = 0; s < NS; s++) {
        const c = load<i32>(SCAN_COMP + (<usize>s << 2));
        store<usize>(PREV_LINES + (<usize>s << 2), linePtr(scratch, c, pw));
        store<usize>(CURR_LINES + (<usize>s << 2), linePtr(scratch, c, cw));
      }
      setRunIndex(load<i32>(RUN_INDEXES));
      r = decodeLinePixels(NS, X);
      store<i32>(RUN_INDEXES, getRunIndex());
    } else {
      // ILV 0 (one component) or 1 (one line of each component in turn, each with its own RUNindex)
      for (let s: i32 = 0; s < NS && r >= 0; s++) {
        const c = load<i32>(SCAN_COMP + (<usize>s << 2));
        setRunIndex(load<i32>(RUN_INDEXES + (<usize>c << 2)));
        r = decodeLine(linePtr(scratch, c, pw), linePtr(scratch, c, cw), X);
        store<i32>(RUN_INDEXES + (<usize>c << 2), getRunIndex());
      }
    }
    if (brOverran()) {
      // The coded data ended inside this line (whatever error the zero bits then caused)
      errorOffset = len;
      if (!lenient) return -TRUNCATED;
      warnings |= JPEGLS_WARN_TRUNCATED;
      if (r < 0) {
        // Lenient: the samples from this line on are unknown; they are written as 0
        for (let s: i32 = 0; s < NS; s++) {
          const c = load<i32>(SCAN_COMP + (<usize>s << 2));
          for (let yy = y; yy < Y; yy++) writeZeros(dst, yy, c, cellBytes);
        }
        return len;
      }
    }
    if (r < 0) {
      errorOffset = brPosition(src);
      return r;
    }
    writeRow(scratch, dst, y, cw, cellBytes);
  }
  const m = brFindMarker(src);
  return m < 0 ? len : m;
}

/** Scratch bytes jpegls_decode needs: two lines of X + 2 i32 per component. */
export function jpegls_scratch_size(columns: i32, components: i32): i32 {
  const n = (<i64>columns + 2) * 8 * <i64>components;
  return n > 0x7fffffff ? -INVALID_ARGUMENT : <i32>n;
}

/**
 * Decodes a whole JPEG-LS stream into dst as interleaved little-endian cells of `cellBytes` (1 or 2)
 * bytes holding the reconstructed samples (not masked or sign-extended). `scratch` holds the line buffers
 * (jpegls_scratch_size). `flags` bit 0: lenient (coded data that ends early is completed with zero bits and
 * reported by JPEGLS_WARN_TRUNCATED instead of failing). Returns the number of bytes written or a negated status.
 */
export function jpegls_decode(
  srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, scratchPtr: usize, scratchLen: i32, cellBytes: i32, flags: i32,
): i32 {
  errorOffset = -1;
  warnings = 0;
  lenient = (flags & FLAG_LENIENT) != 0;
  if (srcLen < 0 || dstLen < 0 || scratchLen < 0 || (cellBytes != 1 && cellBytes != 2)) return -INVALID_ARGUMENT;
  resetHeader();
  let off = readMarkers(srcPtr, srcLen, 0);
  if (off <= 0) {
    errorOffset = off == 0 ? srcLen : ERROR_OFFSET;
    return off == 0 ? -JPEGLS_INVALID_HEADER : off;
  }
  if (cellBytes == 1 && P > 8) return -INVALID_ARGUMENT;
  const size = <i64>X * <i64>Y * <i64>NF * <i64>cellBytes;
  if (size > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const need = jpegls_scratch_size(X, NF);
  if (need < 0 || need > scratchLen) return -DESTINATION_TOO_SMALL;
  const all = (1 << NF) - 1;
  let done: i32 = 0;
  while (true) {
    for (let s: i32 = 0; s < NS; s++) {
      const bit = 1 << load<i32>(SCAN_COMP + (<usize>s << 2));
      if ((done & bit) != 0) {
        errorOffset = off;
        return -JPEGLS_INVALID_HEADER; // a component coded twice
      }
      done |= bit;
    }
    const m = decodeScan(srcPtr, srcLen, off, dstPtr, cellBytes, scratchPtr);
    if (m < 0) return m;
    if (done == all) {
      // T.87 D.1: EOI should follow; tolerate its absence (or trailing data) with a warning
      if (m + 1 >= srcLen || load<u8>(srcPtr + <usize>m + 1) != 0xd9) warnings |= JPEGLS_WARN_NO_EOI;
      break;
    }
    if (m >= srcLen) {
      errorOffset = srcLen;
      return -TRUNCATED; // components without a scan
    }
    off = readMarkers(srcPtr, srcLen, m);
    if (off <= 0) {
      errorOffset = off == 0 ? m : ERROR_OFFSET;
      return off == 0 ? -TRUNCATED : off;
    }
  }
  return <i32>size;
}
