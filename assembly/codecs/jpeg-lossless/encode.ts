// JPEG lossless encoder kernel (ITU-T T.81 process 14: Annex H encoder, Annex K.2 optimal tables).
//
// Two passes over one frame:
//   1. prediction (H.1.2.1, the same first-line / first-column / restart rules as the decoder) writes each
//      difference as an i16 to a scratch buffer and counts the SSSS categories per component;
//   2. Huffman tables are built (optimised per component, or the fixed table), headers are written and the
//      differences are entropy coded with 0xFF00 stuffing (F.1.2.3) and optional RSTn markers.
// Output: SOI, SOF3, DHT, [DRI], SOS (one interleaved scan), entropy-coded data, EOI.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, JPEG_VALUE_OUT_OF_RANGE } from "../../common/status";
import { EHUF } from "./huffman";
import { DHT_BITS, DHT_COUNT, DHT_VALS, clearFreq, makeTable } from "./encode-tables";
import { BAD_SAMPLE, checkRange, predictFrame, resetBadSample, setSampleTransform } from "./encode-predict";
import { noFF } from "./bit-reader";

// Output writer state.
let OUT: usize = 0;
let OUT_END: usize = 0;
let ACC: u64 = 0;
let NBITS: i32 = 0;

@inline function byte(b: i32): void {
  store<u8>(OUT, <u8>b);
  OUT++;
}
@inline function word(w: i32): void {
  store<u8>(OUT, <u8>(w >> 8));
  store<u8>(OUT + 1, <u8>w);
  OUT += 2;
}

/** Writes a 32-bit big-endian word of entropy-coded data with 0xFF00 stuffing (F.1.2.3). */
@inline function put32(out: usize, w: u32): usize {
  if (noFF(w)) {
    store<u32>(out, bswap<u32>(w));
    return out + 4;
  }
  for (let i: i32 = 24; i >= 0; i -= 8) {
    const b = (w >> <u32>i) & 0xff;
    store<u8>(out, <u8>b);
    out++;
    if (b == 0xff) {
      store<u8>(out, 0);
      out++;
    }
  }
  return out;
}

/** Pads the last byte with 1-bits (F.1.2.3) and writes the remaining whole bytes. */
function flushBits(): void {
  let acc = ACC;
  let n = NBITS;
  const pad = (8 - (n & 7)) & 7;
  acc = (acc << <u64>pad) | <u64>((1 << pad) - 1);
  n += pad;
  while (n > 0) {
    n -= 8;
    const b = <i32>(acc >> <u64>n) & 0xff;
    byte(b);
    if (b == 0xff) byte(0);
  }
  ACC = 0;
  NBITS = 0;
}

/**
 * Per component and SSSS: the code already shifted left by its extra-bit count (ECODE) and
 * (extra-bit mask << 8) | total bit count (EINFO), so that coding a difference is branch-free.
 */
const ECODE: usize = memory.data(4 * 17 * 4, 4);
const EINFO: usize = memory.data(4 * 17 * 4, 4);

function prepareCodes(ncomp: i32): void {
  for (let c: i32 = 0; c < ncomp; c++) {
    for (let s: i32 = 0; s <= 16; s++) {
      const e = load<i32>(EHUF + (<usize>(c * 17 + s) << 2));
      const len = e >> 16;
      const xs = s == 16 ? 0 : s; // F.1.2.1 / Table H.2: SSSS 16 has no extra bits
      const at = <usize>(c * 17 + s) << 2;
      store<i32>(ECODE + at, (e & 0xffff) << xs);
      store<i32>(EINFO + at, (((1 << xs) - 1) << 8) | (len + xs));
    }
  }
}

/** Codes one difference into (acc, nbits); returns the new bit count (the caller flushes at >= 32). */
@inline function codeOf(d: i32, tab: usize): u64 {
  const a = d < 0 ? -d : d;
  const s = 32 - clz<i32>(a); // SSSS: 0 for 0, 16 for 32768
  const at = <usize>s << 2;
  const info = load<i32>(EINFO + tab + at);
  // F.1.2.1: the extra bits are the low SSSS bits of d, or of d - 1 when d is negative.
  const v = load<i32>(ECODE + tab + at) | ((d + (d >> 31)) & (info >> 8));
  return (<u64>(info & 63) << 32) | <u64><u32>v;
}

/** Pass 2: entropy codes the differences. @returns 0 or -DESTINATION_TOO_SMALL */
function encodeData(scr: usize, rows: i32, cols: i32, ncomp: i32, ri: i32): i32 {
  prepareCodes(ncomp);
  let out = OUT;
  let acc: u64 = 0;
  let nbits: i32 = 0;
  let mcusLeft = ri;
  let rst: i32 = 0;
  // Worst case per MCU: ncomp x 32 bits, doubled by stuffing, plus a flush and RST marker.
  const perRow = <usize>cols * <usize>(ncomp * 8 + (ri > 0 ? 8 : 0)) + 16;
  for (let y: i32 = 0; y < rows; y++) {
    if (OUT_END - out < perRow) return -DESTINATION_TOO_SMALL;
    let x: i32 = 0;
    while (x < cols) {
      if (ri > 0 && mcusLeft == 0) {
        OUT = out;
        ACC = acc;
        NBITS = nbits;
        flushBits();
        byte(0xff);
        byte(0xd0 + (rst & 7));
        rst++;
        out = OUT;
        acc = 0;
        nbits = 0;
        mcusLeft = ri;
      }
      let xe = cols;
      if (ri > 0 && mcusLeft < cols - x) xe = x + mcusLeft;
      if (ri > 0) mcusLeft -= xe - x;
      const count = (xe - x) * ncomp;
      if (ncomp == 1) {
        // One table: no per-sample component bookkeeping.
        for (let i: i32 = 0; i < count; i++) {
          const k = codeOf(<i32>load<i16>(scr), 0);
          scr += 2;
          const n = <i32>(k >> 32);
          acc = (acc << <u64>n) | (k & 0xffffffff);
          nbits += n;
          if (nbits >= 32) {
            nbits -= 32;
            out = put32(out, <u32>(acc >> <u64>nbits));
          }
        }
      } else {
        let c: i32 = 0;
        for (let i: i32 = 0; i < count; i++) {
          const k = codeOf(<i32>load<i16>(scr), <usize>(c * 17) << 2);
          scr += 2;
          if (++c == ncomp) c = 0;
          const n = <i32>(k >> 32);
          acc = (acc << <u64>n) | (k & 0xffffffff);
          nbits += n;
          if (nbits >= 32) {
            nbits -= 32;
            out = put32(out, <u32>(acc >> <u64>nbits));
          }
        }
      }
      x = xe;
    }
  }
  OUT = out;
  ACC = acc;
  NBITS = nbits;
  flushBits();
  return 0;
}

/**
 * Encodes one frame of interleaved cells (1 byte for P <= 8 or 2 bytes little endian) as a JPEG lossless
 * stream. Each sample is taken as its low P bits (so sign-extended signed data is encoded as its bit
 * pattern), shifted right by Pt.
 * @param scratchPtr rows x cols x ncomp x 2 bytes for the differences
 * @param flags bit 0: fixed (standard) Huffman table instead of optimised tables; bit 1: the cells are
 *   signed (sign-extended); bit 2: skip the check that every value fits in `precision` bits
 * @returns bytes written, or a negated status
 */
export function jpll_encode(
  srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, scratchPtr: usize, scratchLen: i32,
  rows: i32, cols: i32, ncomp: i32, precision: i32, cellBytes: i32, predictor: i32, pt: i32, ri: i32, flags: i32,
): i32 {
  if (rows < 1 || rows > 65535 || cols < 1 || cols > 65535 || ncomp < 1 || ncomp > 4) return -INVALID_ARGUMENT;
  if (precision < 2 || precision > 16 || predictor < 1 || predictor > 7 || pt < 0 || pt >= precision) return -INVALID_ARGUMENT;
  if ((cellBytes != 1 && cellBytes != 2) || (cellBytes == 1 && precision > 8) || ri < 0 || ri > 65535) return -INVALID_ARGUMENT;
  const samples = <i64>rows * <i64>cols * <i64>ncomp;
  if (srcLen < 0 || <i64>srcLen < samples * <i64>cellBytes || scratchLen < 0 || <i64>scratchLen < samples * 2) return -INVALID_ARGUMENT;
  const headerBytes = 2 + (10 + 3 * ncomp) + ncomp * (2 + 2 + 17 + 17) + 6 + (8 + 2 * ncomp) + 2;
  if (dstLen < headerBytes + 16) return -DESTINATION_TOO_SMALL;
  resetBadSample();
  // flags bit 1: signed input; bit 2: skip the range check.
  if ((flags & 4) == 0 && !checkRange(srcPtr, <i32>samples, cellBytes, precision, (flags & 2) != 0)) return -JPEG_VALUE_OUT_OF_RANGE;
  setSampleTransform(precision, pt);
  clearFreq();
  predictFrame(srcPtr, scratchPtr, rows, cols, ncomp, cellBytes, predictor, 1 << (precision - pt - 1), ri);
  const standard = (flags & 1) != 0;
  for (let c: i32 = 0; c < ncomp; c++) {
    const s = makeTable(c, standard);
    if (s < 0) return s;
  }
  OUT = dstPtr;
  OUT_END = dstPtr + <usize>dstLen;
  // B.2.1 SOI; B.2.2 SOF3: P, Y, X, Nf, (Ci, Hi|Vi, Tqi).
  word(0xffd8);
  word(0xffc3);
  word(8 + 3 * ncomp);
  byte(precision);
  word(rows);
  word(cols);
  byte(ncomp);
  for (let c: i32 = 0; c < ncomp; c++) {
    byte(c + 1);
    byte(0x11);
    byte(0);
  }
  // B.2.4.2 DHT: one DC table per component (Tc 0, Th c).
  for (let c: i32 = 0; c < ncomp; c++) {
    const count = load<i32>(DHT_COUNT + (<usize>c << 2));
    word(0xffc4);
    word(2 + 1 + 16 + count);
    byte(c);
    for (let i: i32 = 0; i < 16; i++) byte(<i32>load<u8>(DHT_BITS + (<usize>c << 4) + <usize>i));
    for (let i: i32 = 0; i < count; i++) byte(<i32>load<u8>(DHT_VALS + <usize>c * 20 + <usize>i));
  }
  // B.2.4.4 DRI.
  if (ri > 0) {
    word(0xffdd);
    word(4);
    word(ri);
  }
  // B.2.3 SOS: Ns, (Cs, Td|Ta), Ss = predictor, Se = 0, Ah|Al = 0|Pt.
  word(0xffda);
  word(6 + 2 * ncomp);
  byte(ncomp);
  for (let c: i32 = 0; c < ncomp; c++) {
    byte(c + 1);
    byte(c << 4);
  }
  byte(predictor);
  byte(0);
  byte(pt);
  ACC = 0;
  NBITS = 0;
  const s = encodeData(scratchPtr, rows, cols, ncomp, ri);
  if (s < 0) return s;
  if (OUT_END - OUT < 2) return -DESTINATION_TOO_SMALL;
  word(0xffd9);
  return <i32>(OUT - dstPtr);
}

/** Index of the first sample the last jpll_encode found out of range (-1 if none). */
export function jpll_bad_sample(): i32 {
  return BAD_SAMPLE;
}
