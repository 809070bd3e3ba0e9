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
import { DHT_BITS, DHT_COUNT, DHT_VALS, FREQ, clearFreq, makeTable } from "./encode-tables";
import { noFF } from "./bit-reader";

let MASK: i32 = 0;
let SHIFT: i32 = 0;

/** A sample as the encoder sees it: its low P bits (the stored bit pattern), point-transformed (H.1.2.1). */
@inline function val<T>(p: usize): i32 {
  return (<i32>load<T>(p) & MASK) >> SHIFT;
}
/** Index of the first out-of-range sample found by checkRange. */
export let BAD_SAMPLE: i32 = -1;

/**
 * Checks that every cell holds a value of `precision` bits: 0..2^P-1 when unsigned, or the sign-extended
 * -2^(P-1)..2^(P-1)-1 when signed (the canonical form), so that encoding the low P bits loses nothing.
 * Branch-free: (cell + bias) modulo the cell size must be below 2^P, with bias 2^(P-1) for signed data; the
 * OR of all those values is tested once per 64 cells (SIMD), and the first bad index is searched only on failure.
 */
function checkRange(src: usize, count: i32, cb: i32, precision: i32, signed: bool): bool {
  if (precision == cb * 8) return true; // every bit pattern is a valid value
  const bias = signed ? 1 << (precision - 1) : 0;
  const limit = 1 << precision;
  const bytes = <usize>count * <usize>cb;
  let i: usize = 0;
  let acc = i32x4.splat(0);
  if (cb == 2) {
    const vb = i16x8.splat(<i16>bias);
    for (; i + 16 <= bytes; i += 16) acc = v128.or(acc, i16x8.add(v128.load(src + i), vb));
    const m = v128.or(acc, i32x4.shr_u(acc, 16)); // fold the high halves onto the low ones
    let or = (i32x4.extract_lane(m, 0) | i32x4.extract_lane(m, 1) | i32x4.extract_lane(m, 2) | i32x4.extract_lane(m, 3)) & 0xffff;
    for (; i < bytes; i += 2) or |= (<i32>load<u16>(src + i) + bias) & 0xffff;
    if (or < limit) return true;
  } else {
    const vb = i8x16.splat(<i8>bias);
    for (; i + 16 <= bytes; i += 16) acc = v128.or(acc, i8x16.add(v128.load(src + i), vb));
    let m = v128.or(acc, i32x4.shr_u(acc, 16));
    m = v128.or(m, i32x4.shr_u(m, 8));
    let or = (i32x4.extract_lane(m, 0) | i32x4.extract_lane(m, 1) | i32x4.extract_lane(m, 2) | i32x4.extract_lane(m, 3)) & 0xff;
    for (; i < bytes; i++) or |= (<i32>load<u8>(src + i) + bias) & 0xff;
    if (or < limit) return true;
  }
  // Find the first offending sample for the message.
  const cellMask = cb == 1 ? 0xff : 0xffff;
  for (let k: i32 = 0; k < count; k++) {
    const v = cb == 1 ? <i32>load<u8>(src + <usize>k) : <i32>load<u16>(src + (<usize>k << 1));
    if (((v + bias) & cellMask) >= limit) {
      BAD_SAMPLE = k;
      return false;
    }
  }
  return true;
}

/**
 * Records difference `d` (modulo 2^16, as i16) of component c at scratch position q and counts its SSSS.
 * `half` (0/1) picks one of two histograms, so that neighbouring samples with the same category do not
 * wait on each other's counter update (encode-tables.ts adds the halves).
 */
@inline function emitDiff(q: usize, d: i32, c: i32, half: i32): void {
  const di = (d << 16) >> 16;
  store<i16>(q, <i16>di);
  const a = di < 0 ? -di : di;
  const s = a == 0 ? 0 : 32 - clz<i32>(a);
  const f = FREQ + (<usize>(half * 72 + c * 18 + s) << 2);
  store<i32>(f, load<i32>(f) + 1);
}

@inline function predictLine<T>(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, cb: i32, rowBytes: usize): void {
  const stride = <usize>(ncomp * cb);
  const sstride = <usize>(ncomp * 2);
  for (let i: i32 = 0; i < n; i++) {
    for (let c: i32 = 0; c < ncomp; c++) {
      const p = src + <usize>(c * cb);
      let px: i32;
      if (sv == 1) px = val<T>(p - stride);
      else if (sv == 2) px = val<T>(p - rowBytes);
      else if (sv == 3) px = val<T>(p - rowBytes - stride);
      else if (sv == 4) px = val<T>(p - stride) + val<T>(p - rowBytes) - val<T>(p - rowBytes - stride);
      else if (sv == 5) px = val<T>(p - stride) + ((val<T>(p - rowBytes) - val<T>(p - rowBytes - stride)) >> 1);
      else if (sv == 6) px = val<T>(p - rowBytes) + ((val<T>(p - stride) - val<T>(p - rowBytes - stride)) >> 1);
      else px = (val<T>(p - stride) + val<T>(p - rowBytes)) >> 1;
      emitDiff(scr + <usize>(c << 1), val<T>(p) - px, c, i & 1);
    }
    src += stride;
    scr += sstride;
  }
}

function predict8(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, rowBytes: usize): void {
  switch (sv) {
    case 1: predictLine<u8>(1, src, scr, n, ncomp, 1, rowBytes); break;
    case 2: predictLine<u8>(2, src, scr, n, ncomp, 1, rowBytes); break;
    case 3: predictLine<u8>(3, src, scr, n, ncomp, 1, rowBytes); break;
    case 4: predictLine<u8>(4, src, scr, n, ncomp, 1, rowBytes); break;
    case 5: predictLine<u8>(5, src, scr, n, ncomp, 1, rowBytes); break;
    case 6: predictLine<u8>(6, src, scr, n, ncomp, 1, rowBytes); break;
    default: predictLine<u8>(7, src, scr, n, ncomp, 1, rowBytes);
  }
}

function predict16(sv: i32, src: usize, scr: usize, n: i32, ncomp: i32, rowBytes: usize): void {
  switch (sv) {
    case 1: predictLine<u16>(1, src, scr, n, ncomp, 2, rowBytes); break;
    case 2: predictLine<u16>(2, src, scr, n, ncomp, 2, rowBytes); break;
    case 3: predictLine<u16>(3, src, scr, n, ncomp, 2, rowBytes); break;
    case 4: predictLine<u16>(4, src, scr, n, ncomp, 2, rowBytes); break;
    case 5: predictLine<u16>(5, src, scr, n, ncomp, 2, rowBytes); break;
    case 6: predictLine<u16>(6, src, scr, n, ncomp, 2, rowBytes); break;
    default: predictLine<u16>(7, src, scr, n, ncomp, 2, rowBytes);
  }
}

/** One MCU with an explicit predictor: mode 0 = `init`, mode 1 = Rb. */
function predictSpecial(src: usize, scr: usize, ncomp: i32, cb: i32, rowBytes: usize, mode: i32, init: i32): void {
  for (let c: i32 = 0; c < ncomp; c++) {
    const p = src + <usize>(c * cb);
    let px = init;
    if (mode == 1) px = cb == 1 ? val<u8>(p - rowBytes) : val<u16>(p - rowBytes);
    const v = cb == 1 ? val<u8>(p) : val<u16>(p);
    emitDiff(scr + <usize>(c << 1), v - px, c, 0);
  }
}

/** Pass 1 over the frame (H.1.2.1 rules as in decode.ts). */
function predictFrame(src: usize, scr: usize, rows: i32, cols: i32, ncomp: i32, cb: i32, sv: i32, init: i32, ri: i32): void {
  const stride = <usize>(ncomp * cb);
  const rowBytes = <usize>cols * stride;
  const sstride = <usize>(ncomp * 2);
  const srowBytes = <usize>cols * sstride;
  let mcusLeft = ri;
  let needInit = true;
  for (let y: i32 = 0; y < rows; y++) {
    const row = src + <usize>y * rowBytes;
    const srow = scr + <usize>y * srowBytes;
    let firstLine = y == 0;
    let x: i32 = 0;
    while (x < cols) {
      if (ri > 0 && mcusLeft == 0) {
        mcusLeft = ri;
        firstLine = true;
        needInit = true;
      }
      let xe = cols;
      if (ri > 0 && mcusLeft < cols - x) xe = x + mcusLeft;
      let xs = x;
      let lineSv = sv;
      if (firstLine) {
        lineSv = 1;
        if (needInit) {
          predictSpecial(row + <usize>xs * stride, srow + <usize>xs * sstride, ncomp, cb, rowBytes, 0, init);
          xs++;
          needInit = false;
        }
      } else if (xs == 0) {
        predictSpecial(row, srow, ncomp, cb, rowBytes, 1, 0);
        xs++;
      }
      if (xe > xs) {
        if (cb == 1) predict8(lineSv, row + <usize>xs * stride, srow + <usize>xs * sstride, xe - xs, ncomp, rowBytes);
        else predict16(lineSv, row + <usize>xs * stride, srow + <usize>xs * sstride, xe - xs, ncomp, rowBytes);
      }
      if (ri > 0) mcusLeft -= xe - x;
      x = xe;
    }
  }
}

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

/** Pass 2: entropy codes `count` MCUs of differences. @returns 0 or -DESTINATION_TOO_SMALL */
function encodeData(scr: usize, rows: i32, cols: i32, ncomp: i32, ri: i32): i32 {
  let out = OUT;
  let acc: u64 = 0;
  let nbits: i32 = 0;
  let mcusLeft = ri;
  let rst: i32 = 0;
  // Worst case per MCU: ncomp x 32 bits, doubled by stuffing, plus a flush and RST marker.
  const perRow = <usize>cols * <usize>(ncomp * 8 + (ri > 0 ? 8 : 0)) + 16;
  for (let y: i32 = 0; y < rows; y++) {
    if (OUT_END - out < perRow) return -DESTINATION_TOO_SMALL;
    for (let x: i32 = 0; x < cols; x++) {
      if (ri > 0) {
        if (mcusLeft == 0) {
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
        mcusLeft--;
      }
      for (let c: i32 = 0; c < ncomp; c++) {
        const d = <i32>load<i16>(scr);
        scr += 2;
        const a = d < 0 ? -d : d;
        const s = a == 0 ? 0 : 32 - clz<i32>(a);
        const e = load<i32>(EHUF + (<usize>(c * 17 + s) << 2));
        const len = e >> 16;
        let code = <u64>(e & 0xffff);
        let n = len;
        // F.1.2.1: SSSS extra bits = the low bits of d (d - 1 when negative); none for SSSS 16.
        if (s > 0 && s < 16) {
          code = (code << <u64>s) | <u64>((d < 0 ? d - 1 : d) & ((1 << s) - 1));
          n += s;
        }
        acc = (acc << <u64>n) | code;
        nbits += n;
        if (nbits >= 32) {
          nbits -= 32;
          out = put32(out, <u32>(acc >> <u64>nbits));
        }
      }
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
  BAD_SAMPLE = -1;
  // flags bit 1: signed input; bit 2: skip the range check.
  if ((flags & 4) == 0 && !checkRange(srcPtr, <i32>samples, cellBytes, precision, (flags & 2) != 0)) return -JPEG_VALUE_OUT_OF_RANGE;
  MASK = (1 << precision) - 1;
  SHIFT = pt;
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
