// Marker segment parsing for the DCT decoder (ITU-T T.81 Annex B): SOI/EOI, DQT, DHT, DRI, SOFn, SOS, DNL,
// APP0 JFIF, APP14 Adobe. Every length is checked against the end of the data before anything is read.
import {
  C_BH, C_BW, C_CH, C_CW, C_H, C_ID, C_NBH, C_NBW, C_TQ, C_V, cget, cset, fget, fset, FR_ADOBE,
  FR_ADOBE_TRANSFORM, FR_DNL, FR_HAVE_SOF, FR_HEIGHT, FR_HMAX, FR_JFIF, FR_MCUSX, FR_MCUSY, FR_NCOMP,
  FR_PRECISION, FR_PROGRESSIVE, FR_RESTART, FR_SOF, FR_VMAX, FR_WIDTH, huffTable, QUANT, QUANT_DEFINED,
  setWorkNeeded, zz,
} from "./state";
import { buildHuffTable } from "./huffman";
import {
  JPEG_INVALID_HEADER, JPEG_INVALID_QUANT_TABLE, JPEG_UNSUPPORTED_PROCESS, TRUNCATED,
  JPEG_ARITHMETIC, JPEG_BAD_HUFFMAN_TABLE, JPEG_UNSUPPORTED_SAMPLING,
} from "../../common/status";

/** Reads a big-endian u16 (T.81 B.1.1.4). */
@inline export function be16(p: usize): i32 {
  return (<i32>load<u8>(p) << 8) | <i32>load<u8>(p + 1);
}

/**
 * Finds the next marker at or after p: skips bytes until 0xFF followed by a byte that is neither 0x00
 * (stuffing) nor 0xFF (fill, B.1.1.2). Returns the address of the 0xFF, or `end` when there is none.
 */
export function nextMarker(p: usize, end: usize): usize {
  while (p + 1 < end) {
    if (load<u8>(p) == 0xff) {
      const m = load<u8>(p + 1);
      if (m != 0 && m != 0xff) return p;
    }
    p++;
  }
  return end;
}

/** B.2.4.1 DQT. `p` at the length field. */
export function parseDqt(p: usize, len: i32): i32 {
  let q = p + 2;
  const end = p + <usize>len;
  while (q < end) {
    const pq = <i32>load<u8>(q) >> 4;
    const tq = <i32>load<u8>(q) & 15;
    if (tq > 3 || pq > 1) return -JPEG_INVALID_QUANT_TABLE;
    const n: usize = pq == 0 ? 64 : 128;
    if (q + 1 + n > end) return -JPEG_INVALID_HEADER;
    const t = QUANT + (<usize>tq << 7);
    for (let k: i32 = 0; k < 64; k++) {
      // Values are sent in zig-zag order (B.2.4.1, Figure A.6).
      const v = pq == 0 ? <i32>load<u8>(q + 1 + <usize>k) : be16(q + 1 + (<usize>k << 1));
      store<u16>(t + (<usize>zz(k) << 1), <u16>v);
    }
    store<i32>(QUANT_DEFINED + (<usize>tq << 2), 1);
    q += 1 + n;
  }
  return q == end ? 0 : -JPEG_INVALID_HEADER;
}

/** B.2.4.2 DHT. `p` at the length field. */
export function parseDht(p: usize, len: i32): i32 {
  let q = p + 2;
  const end = p + <usize>len;
  while (q < end) {
    if (q + 17 > end) return -JPEG_INVALID_HEADER;
    const tc = <i32>load<u8>(q) >> 4;
    const th = <i32>load<u8>(q) & 15;
    if (tc > 1 || th > 3) return -JPEG_BAD_HUFFMAN_TABLE;
    let total: i32 = 0;
    for (let i: usize = 1; i <= 16; i++) total += <i32>load<u8>(q + i);
    if (total > 256 || q + 17 + <usize>total > end) return -JPEG_BAD_HUFFMAN_TABLE;
    if (!buildHuffTable(huffTable(tc, th), q + 1, q + 17, tc == 1)) return -JPEG_BAD_HUFFMAN_TABLE;
    q += 17 + <usize>total;
  }
  return 0;
}

/** APP0 (JFIF) and APP14 (Adobe) colour signals. */
export function parseApp(marker: i32, p: usize, len: i32): void {
  if (marker == 0xe0 && len >= 7 && load<u8>(p + 2) == 0x4a && load<u8>(p + 3) == 0x46 && load<u8>(p + 4) == 0x49 &&
    load<u8>(p + 5) == 0x46 && load<u8>(p + 6) == 0) {
    fset(FR_JFIF, 1);
  }
  if (marker == 0xee && len >= 14 && load<u8>(p + 2) == 0x41 && load<u8>(p + 3) == 0x64 && load<u8>(p + 4) == 0x6f &&
    load<u8>(p + 5) == 0x62 && load<u8>(p + 6) == 0x65) {
    fset(FR_ADOBE, 1);
    fset(FR_ADOBE_TRANSFORM, <i32>load<u8>(p + 13));
  }
}

/** Searches for a DNL segment (B.2.5) after the first scan; returns its line count or 0. */
function findDnl(p: usize, end: usize): i32 {
  while (p + 5 < end) {
    if (load<u8>(p) == 0xff && load<u8>(p + 1) == 0xdc && be16(p + 2) == 4) return be16(p + 4);
    p++;
  }
  return 0;
}

/**
 * B.2.2 frame header. `p` at the length field; `end` is the end of the data (for DNL). Validates the
 * process, precision, components and sampling factors, and lays out the per-component geometry.
 */
export function parseSof(marker: i32, p: usize, len: i32, end: usize): i32 {
  // C0 baseline, C1 extended sequential, C2 progressive (Huffman). C3 lossless and C5-C7 hierarchical belong
  // to other processes; C9-CF are arithmetic-coded (T.81 Table B.1).
  fset(FR_SOF, marker); // reported even when refused, so that errors can name the process
  if (marker >= 0xc9) return -JPEG_ARITHMETIC;
  if (marker != 0xc0 && marker != 0xc1 && marker != 0xc2) return -JPEG_UNSUPPORTED_PROCESS;
  if (fget(FR_HAVE_SOF) != 0) return -JPEG_INVALID_HEADER;
  if (len < 8) return -JPEG_INVALID_HEADER;
  const precision = <i32>load<u8>(p + 2);
  let height = be16(p + 3);
  const width = be16(p + 5);
  const nf = <i32>load<u8>(p + 7);
  if ((precision != 8 && precision != 12) || (marker == 0xc0 && precision != 8)) return -JPEG_UNSUPPORTED_PROCESS;
  if (width == 0 || nf < 1 || nf > 4 || len != 8 + 3 * nf) return -JPEG_INVALID_HEADER;
  fset(FR_SOF, marker);
  fset(FR_PRECISION, precision);
  fset(FR_NCOMP, nf);
  fset(FR_PROGRESSIVE, marker == 0xc2 ? 1 : 0);
  let hmax: i32 = 1;
  let vmax: i32 = 1;
  for (let c: i32 = 0; c < nf; c++) {
    const q = p + 8 + <usize>(3 * c);
    const id = <i32>load<u8>(q);
    const h = <i32>load<u8>(q + 1) >> 4;
    const v = <i32>load<u8>(q + 1) & 15;
    const tq = <i32>load<u8>(q + 2);
    if (h < 1 || h > 4 || v < 1 || v > 4) return -JPEG_INVALID_HEADER;
    if (tq > 3) return -JPEG_INVALID_QUANT_TABLE;
    for (let o: i32 = 0; o < c; o++) if (cget(o, C_ID) == id) return -JPEG_INVALID_HEADER;
    cset(c, C_ID, id);
    cset(c, C_H, h);
    cset(c, C_V, v);
    cset(c, C_TQ, tq);
    if (h > hmax) hmax = h;
    if (v > vmax) vmax = v;
  }
  if (height == 0) {
    // B.2.5: the number of lines is defined by a DNL marker after the first scan.
    height = findDnl(p + <usize>len, end);
    if (height == 0) return -TRUNCATED;
    fset(FR_DNL, 1);
  }
  fset(FR_WIDTH, width);
  fset(FR_HEIGHT, height);
  // A.2.4: in a single-component frame the MCU is one block whatever the sampling factors say.
  if (nf == 1) {
    hmax = cget(0, C_H);
    vmax = cget(0, C_V);
  }
  fset(FR_HMAX, hmax);
  fset(FR_VMAX, vmax);
  const mcusx = (width + 8 * hmax - 1) / (8 * hmax);
  const mcusy = (height + 8 * vmax - 1) / (8 * vmax);
  fset(FR_MCUSX, mcusx);
  fset(FR_MCUSY, mcusy);
  let work: f64 = 0;
  for (let c: i32 = 0; c < nf; c++) {
    const h = cget(c, C_H);
    const v = cget(c, C_V);
    // Upsampling by a whole factor only (libjpeg refuses fractional ratios too).
    if (hmax % h != 0 || vmax % v != 0) return -JPEG_UNSUPPORTED_SAMPLING;
    // A.1.1: component dimensions are ceil(X * Hi / Hmax), ceil(Y * Vi / Vmax).
    const cw = (width * h + hmax - 1) / hmax;
    const ch = (height * v + vmax - 1) / vmax;
    cset(c, C_CW, cw);
    cset(c, C_CH, ch);
    cset(c, C_NBW, (cw + 7) >> 3);
    cset(c, C_NBH, (ch + 7) >> 3);
    cset(c, C_BW, mcusx * h);
    cset(c, C_BH, mcusy * v);
    const blocks = <f64>(mcusx * h) * <f64>(mcusy * v);
    work += blocks * 128; // u16 plane, 64 samples per block
    if (marker == 0xc2) work += blocks * 128; // i16 coefficients
  }
  work += <f64>nf * <f64>(mcusx * hmax * 16) + 64; // one upsampled row per component, alignment slack
  setWorkNeeded(work);
  fset(FR_HAVE_SOF, 1);
  return 0;
}

/** B.2.3 scan header checks shared by decode and header reading; `p` at the length field.
 *  Returns the number of components in the scan, or a negated status. */
export function checkSos(p: usize, len: i32): i32 {
  if (fget(FR_HAVE_SOF) == 0) return -JPEG_INVALID_HEADER;
  if (len < 6) return -JPEG_INVALID_HEADER;
  const ns = <i32>load<u8>(p + 2);
  if (ns < 1 || ns > 4 || ns > fget(FR_NCOMP) || len != 6 + 2 * ns) return -JPEG_INVALID_HEADER;
  return ns;
}

/** Index of the frame component with identifier `id`, or -1. */
export function componentIndex(id: i32): i32 {
  const nf = fget(FR_NCOMP);
  for (let c: i32 = 0; c < nf; c++) if (cget(c, C_ID) == id) return c;
  return -1;
}

/** B.2.4.4 DRI. */
export function parseDri(p: usize, len: i32): i32 {
  if (len != 4) return -JPEG_INVALID_HEADER;
  fset(FR_RESTART, be16(p + 2));
  return 0;
}
