// Baseline sequential DCT encoder (ITU-T T.81 process 1: 8-bit, Huffman, one interleaved scan).
// Input: rows x columns x components (1 or 3) u8 samples, colour-by-pixel; RGB is converted to YCbCr with the
// JFIF equations (T.871, IJG integer arithmetic) and chroma optionally subsampled 2:1 horizontally (4:2:2,
// DICOM YBR_FULL_422, PS3.5 8.2.1). Quantisation tables are those of T.81 Annex K scaled by the IJG quality
// rule; Huffman tables are the Annex K ones or optimised per frame (K.2, two passes over stored coefficients).
import { fdctQuantBlockSimd, setDivisors } from "./fdct-simd";
import { deriveCodes, genOptimalTable } from "./enc-huffman";
import { fillPlanes } from "./enc-planes";
import { STD_AC_CHROMA, STD_AC_LUMA, STD_CHROMA_Q, STD_DC_CHROMA, STD_DC_LUMA, STD_LUMA_Q } from "./enc-tables";
import { zz } from "./state";
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, SIZE_LIMIT } from "../../common/status";

const FLAG_OPTIMIZE: i32 = 1;
const FLAG_SUBSAMPLE: i32 = 2;
const FLAG_RGB_INPUT: i32 = 4;
const FLAG_12BIT: i32 = 8; // extended process (SOF1), 12-bit samples in u16 cells, one component
const FLAG_EXPLICIT_QUANT: i32 = 16; // use the tables set by jpeg_encode_set_quant instead of the quality scaling

// Quantisation tables (2 x 64 u16, natural order) and Huffman tables: 4 x (BITS 16 + HUFFVAL 256 + code u16[256]
// + size u8[256]) = 4 x 1040, then symbol counts 4 x 257 i32.
const EQ: usize = memory.data(2 * 128, 16);
/** Caller-supplied quantisation tables (luma, chroma; 64 u16 each in natural order), see jpeg_encode_set_quant. */
const EXPLICIT_Q: usize = memory.data(2 * 128, 16);
const ET_STRIDE: usize = 1040;
const ET_BITS: usize = 0;
const ET_VALS: usize = 16;
const ET_CODE: usize = 272;
const ET_SIZE: usize = 784;
const ETABLES: usize = memory.data(4 * 1040, 16);
const FREQ: usize = memory.data(4 * 257 * 4, 16);
const BLK: usize = memory.data(128, 16);
const ZB: usize = memory.data(128, 16);

@inline function etab(i: i32): usize {
  return ETABLES + <usize>i * ET_STRIDE;
}

// ---- output with byte stuffing (F.1.2.3) ----
let outPos: usize = 0;
let outEnd: usize = 0;
let overflow: bool = false;
let acc: u64 = 0;
let accBits: i32 = 0;

@inline function byteOut(b: i32): void {
  if (outPos < outEnd) {
    store<u8>(outPos, <u8>b);
    outPos++;
  } else overflow = true;
}

@inline function putBits(code: u32, size: i32): void {
  acc = (acc << <u64>size) | <u64>code;
  accBits += size;
  while (accBits >= 8) {
    accBits -= 8;
    const b = <i32>(acc >> <u64>accBits) & 0xff;
    byteOut(b);
    if (b == 0xff) byteOut(0);
  }
}

/** Pads the last byte with 1-bits (F.1.2.3) before a marker. */
function flushBits(): void {
  if (accBits > 0) putBits((1 << (8 - accBits)) - 1, 8 - accBits);
  acc = 0;
  accBits = 0;
}

function marker16(v: i32): void {
  byteOut(v >> 8);
  byteOut(v & 0xff);
}

// ---- per-block coding (F.1.2.1 DC difference, F.1.2.2 AC run/size) ----
@inline function magnitudeBits(t: i32): i32 {
  return t == 0 ? 0 : 32 - <i32>clz<u32>(<u32>t);
}

/** Reorders a natural-order block into zig-zag order at `zb` and returns the mask of its non-zero AC terms
 *  (bit k = zig-zag index k), so that the coders jump from one non-zero coefficient to the next. */
function zigzagMask(coef: usize, zb: usize): u64 {
  for (let k: i32 = 0; k < 64; k++) store<i16>(zb + (<usize>k << 1), load<i16>(coef + (<usize>zz(k) << 1)));
  const zero = i16x8.splat(0);
  let mask: u64 = 0;
  for (let i: i32 = 0; i < 8; i++) {
    const m = <u64>i16x8.bitmask(i16x8.ne(v128.load(zb + (<usize>i << 4)), zero));
    mask |= m << (<u64>(i << 3));
  }
  return mask & ~(<u64>1);
}

function countBlock(zb: usize, mask: u64, dc: usize, ac: usize, pred: i32): void {
  const d = <i32>load<i16>(zb) - pred;
  const t = magnitudeBits(d < 0 ? -d : d);
  store<i32>(dc + (<usize>t << 2), load<i32>(dc + (<usize>t << 2)) + 1);
  let last: i32 = 0;
  while (mask != 0) {
    const k = <i32>ctz(mask);
    mask &= mask - 1;
    let r = k - last - 1;
    while (r > 15) {
      store<i32>(ac + (0xf0 << 2), load<i32>(ac + (0xf0 << 2)) + 1);
      r -= 16;
    }
    const v = <i32>load<i16>(zb + (<usize>k << 1));
    const s = (r << 4) + magnitudeBits(v < 0 ? -v : v);
    store<i32>(ac + (<usize>s << 2), load<i32>(ac + (<usize>s << 2)) + 1);
    last = k;
  }
  if (last != 63) store<i32>(ac, load<i32>(ac) + 1); // EOB
}

function emitBlock(zb: usize, mask: u64, dc: usize, ac: usize, pred: i32): void {
  let d = <i32>load<i16>(zb) - pred;
  let t = d < 0 ? -d : d;
  if (d < 0) d--;
  let n = magnitudeBits(t);
  putBits(<u32>load<u16>(dc + ET_CODE + (<usize>n << 1)), <i32>load<u8>(dc + ET_SIZE + <usize>n));
  if (n != 0) putBits(<u32>d & ((1 << n) - 1), n);
  let last: i32 = 0;
  while (mask != 0) {
    const k = <i32>ctz(mask);
    mask &= mask - 1;
    let r = k - last - 1;
    while (r > 15) {
      putBits(<u32>load<u16>(ac + ET_CODE + (0xf0 << 1)), <i32>load<u8>(ac + ET_SIZE + 0xf0));
      r -= 16;
    }
    let v = <i32>load<i16>(zb + (<usize>k << 1));
    t = v < 0 ? -v : v;
    if (v < 0) v--;
    n = magnitudeBits(t);
    const s = <usize>((r << 4) + n);
    // One call for code and value: at most 16 + 10 bits.
    putBits((<u32>load<u16>(ac + ET_CODE + (s << 1)) << n) | (<u32>v & ((1 << n) - 1)), <i32>load<u8>(ac + ET_SIZE + s) + n);
    last = k;
  }
  if (last != 63) putBits(<u32>load<u16>(ac + ET_CODE), <i32>load<u8>(ac + ET_SIZE));
}

// ---- geometry ----
let gRows: i32 = 0;
let gCols: i32 = 0;
let gComps: i32 = 0;
let gH0: i32 = 1; // luma horizontal sampling factor (2 for 4:2:2)
let gMcusX: i32 = 0;
let gMcusY: i32 = 0;
let gWide: bool = false; // 12-bit samples: u16 planes

function setGeometry(rows: i32, cols: i32, comps: i32, flags: i32): void {
  gRows = rows;
  gCols = cols;
  gComps = comps;
  gH0 = comps == 3 && (flags & FLAG_SUBSAMPLE) != 0 ? 2 : 1;
  gMcusX = (cols + 8 * gH0 - 1) / (8 * gH0);
  gMcusY = (rows + 7) / 8;
  gWide = (flags & FLAG_12BIT) != 0;
}

/** Bytes per plane sample. */
@inline function es(): usize {
  return gWide ? 2 : 1;
}

@inline function planeWidth(c: i32): i32 {
  return c == 0 ? gMcusX * 8 * gH0 : gMcusX * 8;
}

function workBytes(optimize: bool): f64 {
  const planeH = <f64>(gMcusY * 8);
  let total: f64 = 0;
  let blocks: f64 = 0;
  for (let c: i32 = 0; c < gComps; c++) {
    total += <f64>planeWidth(c) * planeH * <f64>es();
    blocks += <f64>(planeWidth(c) / 8) * <f64>gMcusY;
  }
  if (optimize) total += blocks * 136; // zig-zag coefficients + a u64 non-zero mask per block
  return total + 64;
}

/** Scratch bytes jpeg_encode needs for a frame, or a negated status. */
export function jpeg_encode_work_size(rows: i32, columns: i32, components: i32, flags: i32): i32 {
  if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535 || (components != 1 && components != 3)) return -INVALID_ARGUMENT;
  if ((flags & FLAG_12BIT) != 0 && components != 1) return -INVALID_ARGUMENT;
  setGeometry(rows, columns, components, flags);
  const w = workBytes((flags & (FLAG_OPTIMIZE | FLAG_12BIT)) != 0);
  return w > 2147483647.0 ? -SIZE_LIMIT : <i32>w;
}

/**
 * Sets explicit quantisation tables for the next jpeg_encode with flag 16: 128 u16 at `ptr` (luma then chroma,
 * each 64 values in natural row-major order). Values must be 1..255: the DQT is written with 8-bit precision
 * (Pq = 0, required for baseline, T.81 B.2.4.1). Returns 0, or -INVALID_ARGUMENT.
 */
export function jpeg_encode_set_quant(ptr: usize, len: i32): i32 {
  if (len != 256) return -INVALID_ARGUMENT;
  for (let i: usize = 0; i < 128; i++) {
    const q = <i32>load<u16>(ptr + (i << 1));
    if (q < 1 || q > 255) return -INVALID_ARGUMENT;
  }
  memory.copy(EXPLICIT_Q, ptr, 256);
  return 0;
}

/** Explicit tables (jpeg_encode_set_quant) as the encoder's quantisers. */
function setExplicitQuant(): void {
  memory.copy(EQ, EXPLICIT_Q, 256);
  setDivisors(0, EQ);
  setDivisors(1, EQ + 128);
}

/** IJG quality scaling of the Annex K tables (1..100 -> percentage), clamped to 1..255 (baseline). */
function setQuant(quality: i32): void {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  for (let i: i32 = 0; i < 64; i++) {
    let l = (<i32>load<u8>(STD_LUMA_Q + <usize>i) * scale + 50) / 100;
    let c = (<i32>load<u8>(STD_CHROMA_Q + <usize>i) * scale + 50) / 100;
    l = l < 1 ? 1 : l > 255 ? 255 : l;
    c = c < 1 ? 1 : c > 255 ? 255 : c;
    store<u16>(EQ + (<usize>i << 1), <u16>l);
    store<u16>(EQ + 128 + (<usize>i << 1), <u16>c);
  }
  setDivisors(0, EQ);
  setDivisors(1, EQ + 128);
}

function copyStdTable(spec: usize, t: usize, n: i32): void {
  memory.copy(t + ET_BITS, spec, 16);
  memory.copy(t + ET_VALS, spec + 16, <usize>n);
}

function writeHeaders(quality: i32, restartInterval: i32): void {
  marker16(0xffd8); // SOI
  // APP0 JFIF 1.01, no units, 1:1 density, no thumbnail: tells decoders the components are YCbCr (T.871).
  marker16(0xffe0);
  marker16(16);
  byteOut(0x4a); byteOut(0x46); byteOut(0x49); byteOut(0x46); byteOut(0);
  byteOut(1); byteOut(1); byteOut(0); marker16(1); marker16(1); byteOut(0); byteOut(0);
  const nq = gComps == 3 ? 2 : 1;
  marker16(0xffdb); // DQT (B.2.4.1), values in zig-zag order
  marker16(2 + 65 * nq);
  for (let t: i32 = 0; t < nq; t++) {
    byteOut(t);
    for (let k: i32 = 0; k < 64; k++) byteOut(<i32>load<u16>(EQ + <usize>(t * 128) + (<usize>zz(k) << 1)));
  }
  marker16(gWide ? 0xffc1 : 0xffc0); // SOF0 baseline / SOF1 extended 12-bit (B.2.2)
  marker16(8 + 3 * gComps);
  byteOut(gWide ? 12 : 8);
  marker16(gRows);
  marker16(gCols);
  byteOut(gComps);
  for (let c: i32 = 0; c < gComps; c++) {
    byteOut(c + 1);
    byteOut(c == 0 ? (gH0 << 4) | 1 : 0x11);
    byteOut(c == 0 ? 0 : 1);
  }
  const nt = gComps == 3 ? 4 : 2;
  let len: i32 = 2;
  for (let i: i32 = 0; i < nt; i++) {
    let n: i32 = 0;
    for (let l: usize = 0; l < 16; l++) n += <i32>load<u8>(etab(i) + ET_BITS + l);
    len += 17 + n;
  }
  marker16(0xffc4); // DHT (B.2.4.2): DC0, AC0, DC1, AC1
  marker16(len);
  for (let i: i32 = 0; i < nt; i++) {
    byteOut(((i & 1) << 4) | (i >> 1));
    let n: i32 = 0;
    for (let l: usize = 0; l < 16; l++) {
      const b = <i32>load<u8>(etab(i) + ET_BITS + l);
      byteOut(b);
      n += b;
    }
    for (let k: i32 = 0; k < n; k++) byteOut(<i32>load<u8>(etab(i) + ET_VALS + <usize>k));
  }
  if (restartInterval > 0) {
    marker16(0xffdd); // DRI (B.2.4.4)
    marker16(4);
    marker16(restartInterval);
  }
  marker16(0xffda); // SOS (B.2.3): all components, full spectrum
  marker16(6 + 2 * gComps);
  byteOut(gComps);
  for (let c: i32 = 0; c < gComps; c++) {
    byteOut(c + 1);
    byteOut(c == 0 ? 0x00 : 0x11);
  }
  byteOut(0);
  byteOut(63);
  byteOut(0);
}

/** Runs over every block in MCU order: mode 0 = store coefficients (zig-zag order) and their non-zero masks,
 *  1 = count symbols from stored coefficients, 2 = emit from stored coefficients, 3 = transform and emit. */
function pass(planes: usize, coefs: usize, masks: usize, mode: i32, restartInterval: i32): void {
  const planeH = <usize>(gMcusY * 8);
  let pred0: i32 = 0, pred1: i32 = 0, pred2: i32 = 0;
  let cp = coefs;
  let mp = masks;
  let m: i32 = 0;
  let rst: i32 = 0;
  for (let my: i32 = 0; my < gMcusY; my++) {
    for (let mx: i32 = 0; mx < gMcusX; mx++) {
      if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
        pred0 = pred1 = pred2 = 0;
        if (mode >= 2) {
          flushBits();
          marker16(0xffd0 + (rst & 7)); // RSTm (B.2.1)
          rst++;
        }
      }
      m++;
      for (let c: i32 = 0; c < gComps; c++) {
        const w = <usize>planeWidth(c) * es(); // bytes per plane row
        let base = planes;
        if (c >= 1) base += <usize>planeWidth(0) * planeH;
        if (c == 2) base += w * planeH;
        const hb = c == 0 ? gH0 : 1;
        const dc = c == 0 ? 0 : 2;
        for (let b: i32 = 0; b < hb; b++) {
          const src = base + (<usize>my << 3) * w + (<usize>(mx * hb + b) << 3) * es();
          let blk = cp;
          let mask: u64;
          if (mode == 3) {
            blk = ZB;
            fdctQuantBlockSimd(src, w, c == 0 ? 0 : 1, BLK, gWide);
            mask = zigzagMask(BLK, ZB);
          } else if (mode == 0) {
            fdctQuantBlockSimd(src, w, c == 0 ? 0 : 1, BLK, gWide);
            mask = zigzagMask(BLK, blk);
            store<u64>(mp, mask);
          } else {
            mask = load<u64>(mp);
          }
          cp += 128;
          mp += 8;
          const pred = c == 0 ? pred0 : c == 1 ? pred1 : pred2;
          if (mode == 1) countBlock(blk, mask, FREQ + <usize>(dc * 257 * 4), FREQ + <usize>((dc + 1) * 257 * 4), pred);
          else if (mode >= 2) emitBlock(blk, mask, etab(dc), etab(dc + 1), pred);
          const v = <i32>load<i16>(blk);
          if (c == 0) pred0 = v;
          else if (c == 1) pred1 = v;
          else pred2 = v;
        }
      }
    }
  }
}

/**
 * The encoder's input stage alone, for tests: fills the sample planes (Y, then Cb and Cr for colour) from
 * rows x columns x components 8-bit cells exactly as jpeg_encode does before its DCT (flags FLAG_SUBSAMPLE and
 * FLAG_RGB_INPUT as there; 12-bit is refused). Planes are whole MCUs wide and whole MCU rows high, edges
 * replicated. Returns the plane bytes written or a negated status.
 */
export function jpeg_encode_planes(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, rows: i32, columns: i32, components: i32, flags: i32): i32 {
  if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535 || (components != 1 && components != 3)) return -INVALID_ARGUMENT;
  if ((flags & FLAG_12BIT) != 0 || srcLen < 0 || dstLen < 0) return -INVALID_ARGUMENT;
  if (<f64>srcLen < <f64>rows * <f64>columns * <f64>components) return -INVALID_ARGUMENT;
  if (<u64>srcPtr + <u64>srcLen > (<u64>memory.size() << 16) || <u64>dstPtr + <u64>dstLen > (<u64>memory.size() << 16)) return -INVALID_ARGUMENT;
  setGeometry(rows, columns, components, flags);
  let planeBytes: f64 = 0;
  for (let c: i32 = 0; c < components; c++) planeBytes += <f64>planeWidth(c) * <f64>(gMcusY * 8);
  if (planeBytes > <f64>dstLen) return -DESTINATION_TOO_SMALL;
  fillPlanes(srcPtr, dstPtr, (flags & FLAG_RGB_INPUT) != 0 && components == 3, rows, columns, components, gH0, planeWidth(0), planeWidth(1), gMcusY * 8, false);
  return <i32>planeBytes;
}

/**
 * Encodes one frame as a baseline JPEG stream into dst. `flags`: 1 optimised Huffman tables, 2 subsample
 * chroma 4:2:2, 4 the input is RGB (convert to YCbCr). Returns bytes written or a negated status
 * (DESTINATION_TOO_SMALL when dst cannot hold the stream).
 */
export function jpeg_encode(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, workPtr: usize, workLen: i32, rows: i32, columns: i32, components: i32, quality: i32, flags: i32, restartInterval: i32): i32 {
  if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535 || (components != 1 && components != 3)) return -INVALID_ARGUMENT;
  if (quality < 1 || quality > 100 || restartInterval < 0 || restartInterval > 65535 || dstLen < 0 || srcLen < 0) return -INVALID_ARGUMENT;
  const wide = (flags & FLAG_12BIT) != 0;
  if (wide && components != 1) return -INVALID_ARGUMENT;
  if (<f64>srcLen < <f64>rows * <f64>columns * <f64>components * (wide ? 2.0 : 1.0)) return -INVALID_ARGUMENT;
  setGeometry(rows, columns, components, flags);
  // 12-bit symbols (DC categories to 15, AC sizes to 14) are not in the Annex K tables: always optimise.
  const optimize = (flags & FLAG_OPTIMIZE) != 0 || wide;
  if (workBytes(optimize) > <f64>workLen) return -DESTINATION_TOO_SMALL;
  const planes = (workPtr + 15) & ~(<usize>15);
  let planeBytes: usize = 0;
  for (let c: i32 = 0; c < components; c++) planeBytes += <usize>planeWidth(c) * <usize>(gMcusY * 8) * es();
  const coefs = (planes + planeBytes + 15) & ~(<usize>15);
  let blocks: usize = 0;
  for (let c: i32 = 0; c < components; c++) blocks += <usize>(planeWidth(c) / 8) * <usize>gMcusY;
  const masks = coefs + blocks * 128;
  fillPlanes(srcPtr, planes, (flags & FLAG_RGB_INPUT) != 0 && components == 3, rows, columns, components, gH0, planeWidth(0), planeWidth(1), gMcusY * 8, gWide);
  if ((flags & FLAG_EXPLICIT_QUANT) != 0) setExplicitQuant();
  else setQuant(quality);
  outPos = dstPtr;
  outEnd = dstPtr + <usize>dstLen;
  overflow = false;
  acc = 0;
  accBits = 0;
  const nt = components == 3 ? 4 : 2;
  if (optimize) {
    pass(planes, coefs, masks, 0, restartInterval);
    memory.fill(FREQ, 0, 4 * 257 * 4);
    pass(planes, coefs, masks, 1, restartInterval);
    for (let i: i32 = 0; i < nt; i++) {
      const t = etab(i);
      genOptimalTable(FREQ + <usize>(i * 257 * 4), t + ET_BITS, t + ET_VALS);
    }
  } else {
    copyStdTable(STD_DC_LUMA, etab(0), 12);
    copyStdTable(STD_AC_LUMA, etab(1), 162);
    copyStdTable(STD_DC_CHROMA, etab(2), 12);
    copyStdTable(STD_AC_CHROMA, etab(3), 162);
  }
  for (let i: i32 = 0; i < nt; i++) {
    const t = etab(i);
    deriveCodes(t + ET_BITS, t + ET_VALS, t + ET_CODE, t + ET_SIZE);
  }
  writeHeaders(quality, restartInterval);
  pass(planes, coefs, masks, optimize ? 2 : 3, restartInterval);
  flushBits();
  marker16(0xffd9); // EOI
  if (overflow) return -DESTINATION_TOO_SMALL;
  return <i32>(outPos - dstPtr);
}
