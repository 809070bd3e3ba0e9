// Huffman entropy decoding of DCT scans (ITU-T T.81 F.2.2 sequential, G.2 progressive), restart markers
// (B.2.1, E.2.4) and the bit reader with byte-stuffing removal (F.1.2.3).
//
// The bit buffer holds up to 64 bits, next bit at bit 63. At a marker or at the end of the data the reader
// supplies zero bits and counts them (padBits); a scan that consumed any of them is truncated or corrupt,
// which is checked at each restart and at the end of the scan (never a trap, never an unbounded loop: the
// MCU count bounds the work).
import {
  BLOCK, C_BW, C_COEF, C_H, C_NBH, C_NBW, C_PLANE, C_PRED, C_TA, C_TD, C_TQ, C_V, cget, cset, fget,
  FR_MCUSX, FR_MCUSY, FR_PRECISION, FR_RESTART, HT_FASTAC, HT_LOOKUP, HT_MAXCODE, HT_VALOFF, HT_VALUES, huffTable, QUANT,
  zz,
} from "./state";
import { idctBlockSimd as idctBlock } from "./idct-simd";
import { TRUNCATED, JPEG_HUFFMAN_CODE, JPEG_INVALID_MARKER } from "../../common/status";

let bitBuf: u64 = 0;
let bitCnt: i32 = 0;
let padBits: i32 = 0;
let markerHit: bool = false;
let brPos: usize = 0;
let brEnd: usize = 0;
let eobrun: i32 = 0;
let failure: i32 = 0; // negated status of the first failure in a scan
let lenient: bool = false; // libjpeg-like tolerance: missing data reads as zero bits, with a warning
let warnings: i32 = 0; // WARN_* bits collected since the last resetWarnings()

/** Entropy-coded data ended early (or ran into a marker); the rest was decoded from zero bits. */
export const WARN_TRUNCATED_DATA: i32 = 1;
/** A restart marker was missing; decoding went on from zero bits. */
export const WARN_RESTART: i32 = 4;

/** Selects strict (default) or lenient handling of truncated entropy-coded data and clears the warnings. */
export function setLenient(on: bool): void {
  lenient = on;
  warnings = 0;
}

/** WARN_* bits of the decode (lenient mode). */
export function entropyWarnings(): i32 {
  return warnings;
}

// Scan parameters (T.81 B.2.3)
let nsComps: i32 = 0;
let scanComp0: i32 = 0;
let scanComp1: i32 = 0;
let scanComp2: i32 = 0;
let scanComp3: i32 = 0;
let ss: i32 = 0;
let se: i32 = 63;
let ah: i32 = 0;
let al: i32 = 0;

/** Sets the scan header values the next decodeScan uses. */
export function setScan(ns: i32, c0: i32, c1: i32, c2: i32, c3: i32, sS: i32, sE: i32, aH: i32, aL: i32): void {
  nsComps = ns;
  scanComp0 = c0;
  scanComp1 = c1;
  scanComp2 = c2;
  scanComp3 = c3;
  ss = sS;
  se = sE;
  ah = aH;
  al = aL;
}

@inline function scanComp(i: i32): i32 {
  return i == 0 ? scanComp0 : i == 1 ? scanComp1 : i == 2 ? scanComp2 : scanComp3;
}

function fill(): void {
  // Fast path: when the next bytes hold no 0xFF, append as many whole bytes as fit in one step.
  if (!markerHit && brPos + 8 <= brEnd) {
    const w = load<u64>(brPos); // little-endian load: byte i of the stream is bits 8i..8i+7
    // Any byte equal to 0xFF?  (classic "has zero byte" test on ~w)
    const nw = ~w;
    if (((nw - 0x0101010101010101) & ~nw & 0x8080808080808080) == 0) {
      const nbytes = (64 - bitCnt) >> 3; // 1..8 whole bytes fit
      const be = bswap<u64>(w); // stream order, first byte in the top bits
      bitBuf |= (be >> <u64>bitCnt) & (nbytes == 8 ? <u64>-1 : ~(<u64>-1 >> <u64>(nbytes << 3)) >> <u64>bitCnt);
      brPos += <usize>nbytes;
      bitCnt += nbytes << 3;
      return;
    }
  }
  while (bitCnt <= 56) {
    let b: u32 = 0;
    if (!markerHit && brPos < brEnd) {
      b = <u32>load<u8>(brPos);
      if (b == 0xff) {
        // F.1.2.3: a 0xFF data byte is followed by a stuffed 0x00; any other byte makes it a marker.
        if (brPos + 1 < brEnd && load<u8>(brPos + 1) == 0) {
          brPos += 2;
        } else {
          markerHit = true;
          b = 0;
          padBits += 8;
        }
      } else {
        brPos++;
      }
    } else {
      padBits += 8;
    }
    bitBuf |= (<u64>b) << (<u64>(56 - bitCnt));
    bitCnt += 8;
  }
}

@inline function getBits(n: i32): i32 {
  if (n == 0) return 0;
  const v = <i32>(bitBuf >> (<u64>(64 - n)));
  bitBuf <<= <u64>n;
  bitCnt -= n;
  return v;
}

@inline function getBit(): i32 {
  if (bitCnt < 1) fill();
  const v = <i32>(bitBuf >> 63);
  bitBuf <<= 1;
  bitCnt -= 1;
  return v;
}

/** F.2.2.1 EXTEND: the s-bit value v as a signed difference. */
@inline function extend(v: i32, s: i32): i32 {
  return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
}

/** F.2.2.3 DECODE with a 9-bit lookahead; -1 for a code that is in no table. Needs bitCnt >= 16. */
@inline function decodeSym(tbl: usize): i32 {
  const e = <i32>load<u16>(tbl + HT_LOOKUP + (<usize>(bitBuf >> 55) << 1));
  if (e != 0) {
    const l = e >> 8;
    bitBuf <<= <u64>l;
    bitCnt -= l;
    return e & 0xff;
  }
  return decodeSlow(tbl);
}

function decodeSlow(tbl: usize): i32 {
  for (let l: i32 = 10; l <= 16; l++) {
    const code = <i32>(bitBuf >> (<u64>(64 - l)));
    if (code <= load<i32>(tbl + HT_MAXCODE + (<usize>l << 2))) {
      bitBuf <<= <u64>l;
      bitCnt -= l;
      return <i32>load<u8>(tbl + HT_VALUES + <usize>(load<i32>(tbl + HT_VALOFF + (<usize>l << 2)) + code));
    }
  }
  return -1;
}

/** Begins entropy-coded data at `pos` (just after the SOS segment). */
export function startScan(pos: usize, end: usize): void {
  brPos = pos;
  brEnd = end;
  bitBuf = 0;
  bitCnt = 0;
  padBits = 0;
  markerHit = false;
  eobrun = 0;
  failure = 0;
}

/** Where the entropy-coded data stopped (the next marker, normally). */
export function scanEnd(): usize {
  return brPos;
}

/** 0, or a negated status when the scan read past its data (truncated) or into a marker (corrupt). */
function checkOverrun(): i32 {
  if (bitCnt < padBits) {
    if (lenient) {
      warnings |= WARN_TRUNCATED_DATA;
      return 0;
    }
    return brPos >= brEnd ? -TRUNCATED : -JPEG_INVALID_MARKER;
  }
  return 0;
}

/** B.2.1 / E.2.4: at the end of a restart interval, skip to the RSTm marker and reset the decoder state.
 *  Resynchronises on whichever RST marker comes next (libjpeg's tolerance of a damaged interval). */
function restart(): i32 {
  const st = checkOverrun();
  if (st < 0) return st;
  let p = brPos;
  while (p + 1 < brEnd) {
    if (load<u8>(p) == 0xff) {
      const m = <i32>load<u8>(p + 1);
      if (m >= 0xd0 && m <= 0xd7) {
        brPos = p + 2;
        bitBuf = 0;
        bitCnt = 0;
        padBits = 0;
        markerHit = false;
        eobrun = 0;
        for (let i: i32 = 0; i < nsComps; i++) cset(scanComp(i), C_PRED, 0);
        return 0;
      }
      if (m != 0 && m != 0xff) break;
    }
    p++;
  }
  if (lenient) {
    // No restart marker before the next marker or the end: go on from zero bits (libjpeg's behaviour).
    warnings |= WARN_RESTART;
    brPos = p + 1 >= brEnd ? brEnd : p;
    bitBuf = 0;
    bitCnt = 0;
    padBits = 0;
    markerHit = true;
    eobrun = 0;
    for (let i: i32 = 0; i < nsComps; i++) cset(scanComp(i), C_PRED, 0);
    return 0;
  }
  return p + 1 >= brEnd ? -TRUNCATED : -JPEG_INVALID_MARKER;
}

// ---- block decoders (one per process / progressive pass, chosen once per scan) ----

/** F.2.2.1 / F.2.2.2: one sequential block into BLOCK, then IDCT into the component plane. */
function decodeBlockSeq(c: i32, blkPtr: usize, dcTbl: usize, acTbl: usize): void {
  if (bitCnt < 32) fill();
  let t = decodeSym(dcTbl);
  if (t < 0) {
    failure = -JPEG_HUFFMAN_CODE;
    return;
  }
  const pred = cget(c, C_PRED) + extend(getBits(t), t);
  cset(c, C_PRED, pred);
  store<i16>(blkPtr, <i16>pred);
  for (let k: i32 = 1; k < 64; k++) {
    if (bitCnt < 32) fill();
    const f = load<i32>(acTbl + HT_FASTAC + (<usize>(bitBuf >> 55) << 2));
    if (f != 0) {
      // Code and magnitude in one lookup (the common short case).
      k += (f >> 8) & 15;
      const l = f & 255;
      bitBuf <<= <u64>l;
      bitCnt -= l;
      store<i16>(blkPtr + (<usize>zz(k) << 1), <i16>(f >> 16));
      continue;
    }
    const rs = decodeSym(acTbl);
    if (rs < 0) {
      failure = -JPEG_HUFFMAN_CODE;
      return;
    }
    const s = rs & 15;
    const r = rs >> 4;
    if (s != 0) {
      k += r;
      store<i16>(blkPtr + (<usize>zz(k) << 1), <i16>extend(getBits(s), s));
    } else {
      if (r != 15) break; // EOB
      k += 15; // ZRL
    }
  }
}

/** G.1.2.1: DC first pass (interleaved or not). */
function decodeDcFirst(c: i32, blk: usize, dcTbl: usize): void {
  if (bitCnt < 32) fill();
  const t = decodeSym(dcTbl);
  if (t < 0) {
    failure = -JPEG_HUFFMAN_CODE;
    return;
  }
  const pred = cget(c, C_PRED) + extend(getBits(t), t);
  cset(c, C_PRED, pred);
  store<i16>(blk, <i16>(pred << al));
}

/** G.1.2.1: DC refinement, one bit per block. */
function decodeDcRefine(blk: usize): void {
  if (getBit() != 0) store<i16>(blk, <i16>(<i32>load<i16>(blk) | (1 << al)));
}

/** G.1.2.2: AC first pass with end-of-band runs. */
function decodeAcFirst(blk: usize, acTbl: usize): void {
  if (eobrun > 0) {
    eobrun--;
    return;
  }
  for (let k = ss; k <= se; k++) {
    if (bitCnt < 32) fill();
    const rs = decodeSym(acTbl);
    if (rs < 0) {
      failure = -JPEG_HUFFMAN_CODE;
      return;
    }
    const s = rs & 15;
    const r = rs >> 4;
    if (s != 0) {
      k += r;
      store<i16>(blk + (<usize>zz(k) << 1), <i16>(extend(getBits(s), s) << al));
    } else if (r == 15) {
      k += 15;
    } else {
      eobrun = (1 << r) - 1;
      if (r != 0) eobrun += getBits(r);
      return;
    }
  }
}

/** G.1.2.3: AC refinement: correction bits for known coefficients, new coefficients of magnitude 1. */
function decodeAcRefine(blk: usize, acTbl: usize): void {
  const p1: i32 = 1 << al;
  const m1: i32 = -1 << al;
  let k = ss;
  if (eobrun == 0) {
    for (; k <= se; k++) {
      if (bitCnt < 32) fill();
      const rs = decodeSym(acTbl);
      if (rs < 0) {
        failure = -JPEG_HUFFMAN_CODE;
        return;
      }
      let r = rs >> 4;
      let s = rs & 15;
      if (s != 0) {
        s = getBits(1) != 0 ? p1 : m1; // a new coefficient is always +-1 at this bit position
      } else if (r != 15) {
        eobrun = 1 << r;
        if (r != 0) eobrun += getBits(r);
        break;
      }
      // Skip r zero-history coefficients, refining the non-zero ones on the way.
      while (k <= se) {
        const a = blk + (<usize>zz(k) << 1);
        const v = <i32>load<i16>(a);
        if (v != 0) {
          if (getBit() != 0 && (v & p1) == 0) store<i16>(a, <i16>(v >= 0 ? v + p1 : v + m1));
        } else {
          if (--r < 0) break;
        }
        k++;
      }
      if (s != 0 && k <= 63) store<i16>(blk + (<usize>zz(k) << 1), <i16>s);
    }
  }
  if (eobrun > 0) {
    for (; k <= se; k++) {
      const a = blk + (<usize>zz(k) << 1);
      const v = <i32>load<i16>(a);
      if (v != 0 && getBit() != 0 && (v & p1) == 0) store<i16>(a, <i16>(v >= 0 ? v + p1 : v + m1));
    }
    eobrun--;
  }
}

@inline function blockAddr(c: i32, row: i32, col: i32): usize {
  return <usize>cget(c, C_COEF) + ((<usize>row * <usize>cget(c, C_BW) + <usize>col) << 7);
}

/** Decodes one block at (row, col) of component c in the current mode. */
function doBlock(c: i32, row: i32, col: i32, progressive: bool, p1: i32, maxv: i32): void {
  const dcTbl = huffTable(0, cget(c, C_TD));
  const acTbl = huffTable(1, cget(c, C_TA));
  if (!progressive) {
    memory.fill(BLOCK, 0, 128);
    decodeBlockSeq(c, BLOCK, dcTbl, acTbl);
    const stride = <usize>cget(c, C_BW) << 4; // 8 samples x 2 bytes per block column
    const out = <usize>cget(c, C_PLANE) + (<usize>row << 3) * stride + (<usize>col << 4);
    idctBlock(BLOCK, QUANT + (<usize>cget(c, C_TQ) << 7), out, stride, p1, maxv);
    return;
  }
  const blk = blockAddr(c, row, col);
  if (ss == 0) {
    if (ah == 0) decodeDcFirst(c, blk, dcTbl);
    else decodeDcRefine(blk);
  } else if (ah == 0) decodeAcFirst(blk, acTbl);
  else decodeAcRefine(blk, acTbl);
}

/**
 * Decodes the entropy-coded segment of one scan (T.81 E.2.3 / G.2), MCU by MCU: interleaved scans cover
 * MCUsX x MCUsY MCUs of H x V blocks per component (A.2.3); a one-component scan covers that component's
 * ceil(width / 8) x ceil(height / 8) blocks (A.2.2). Returns 0 or a negated status.
 */
export function decodeScan(progressive: bool): i32 {
  const p1: i32 = fget(FR_PRECISION) > 8 ? 1 : 2;
  const maxv: i32 = (1 << fget(FR_PRECISION)) - 1;
  const ri = fget(FR_RESTART);
  for (let i: i32 = 0; i < nsComps; i++) cset(scanComp(i), C_PRED, 0);
  if (nsComps == 1) {
    const c = scanComp0;
    const nbw = cget(c, C_NBW);
    const nbh = cget(c, C_NBH);
    let m: i32 = 0;
    for (let by: i32 = 0; by < nbh; by++) {
      for (let bx: i32 = 0; bx < nbw; bx++) {
        if (ri > 0 && m > 0 && m % ri == 0) {
          const st = restart();
          if (st < 0) return st;
        }
        doBlock(c, by, bx, progressive, p1, maxv);
        if (failure < 0) return failure;
        m++;
      }
    }
  } else {
    const mx = fget(FR_MCUSX);
    const my = fget(FR_MCUSY);
    let m: i32 = 0;
    for (let y: i32 = 0; y < my; y++) {
      for (let x: i32 = 0; x < mx; x++) {
        if (ri > 0 && m > 0 && m % ri == 0) {
          const st = restart();
          if (st < 0) return st;
        }
        for (let i: i32 = 0; i < nsComps; i++) {
          const c = scanComp(i);
          const h = cget(c, C_H);
          const v = cget(c, C_V);
          for (let by: i32 = 0; by < v; by++) {
            for (let bx: i32 = 0; bx < h; bx++) doBlock(c, y * v + by, x * h + bx, progressive, p1, maxv);
          }
        }
        if (failure < 0) return failure;
        m++;
      }
    }
  }
  return checkOverrun();
}
