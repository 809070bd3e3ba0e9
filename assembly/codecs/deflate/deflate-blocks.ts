// Block emission of the raw-deflate compressor (RFC 1951 3.2.3-3.2.7): an LSB-first bit writer, the symbol
// frequencies of the block being gathered, and the choice, per block, of the smallest of a stored block
// (3.2.4), a block with the fixed codes (3.2.6) and a block with dynamic codes (3.2.7), whose sizes are all
// computed exactly before anything is written. Consecutive blocks that are cheapest stored form one stored
// run, written (in blocks of up to 65535 bytes) when a compressed block follows or at the end. Every write is bounded: before a block is emitted its exact
// size plus an 8-byte margin (the writer stores whole 64-bit words) must fit the destination.
//
// Symbol buffer entries (u32), written by the matcher (deflate-compress.ts):
//
//   bits 16-31  distance 1..32768 (0: a literal)
//   bits 0-7    the literal byte, or the match length - 3 (0..255)

import { DESTINATION_TOO_SMALL } from "../../common/status";
import { buildCodes, buildLengths } from "./deflate-huffman";
import { CL_ORDER, DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA } from "./tables";

/** Frequencies (u32) of the block's literal/length symbols 0..285 (and 286, 287, always 0). */
export const LIT_FREQ: usize = memory.data(288 * 4, 16);
/** Frequencies (u32) of the block's distance symbols 0..29. */
export const DIST_FREQ: usize = memory.data(32 * 4, 16);
/** RFC 1951 3.2.5: length symbol - 257 (0..28) of each match length - 3 (0..255); filled by initTables. */
export const LEN_SYMBOL: usize = memory.data(256, 16);

// Dynamic codes of the block being written: lengths (u8) and bit-reversed codes (u16).
const LIT_LENS: usize = memory.data(288, 16);
const LIT_CODES: usize = memory.data(288 * 2, 16);
const DIST_LENS: usize = memory.data(32, 16);
const DIST_CODES: usize = memory.data(32 * 2, 16);
// Fixed codes (3.2.6).
const FIX_LIT_LENS: usize = memory.data(288, 16);
const FIX_LIT_CODES: usize = memory.data(288 * 2, 16);
const FIX_DIST_LENS: usize = memory.data(32, 16);
const FIX_DIST_CODES: usize = memory.data(32 * 2, 16);
// Code length code (3.2.7): frequencies, lengths, codes, and the run-length coded lengths of both trees
// (u16 each: symbol 0..18 | repeat extra bits << 8; at most 286 + 30 entries).
const CL_FREQ: usize = memory.data(19 * 4, 16);
const CL_LENS: usize = memory.data(20, 16);
const CL_CODES: usize = memory.data(20 * 2, 16);
const CL_SEQ: usize = memory.data(320 * 2, 16);
let clSeqLen = 0;
let tablesReady = false;

// Bit writer state.
let out: usize = 0; // next byte to write
let outEnd: usize = 0; // end of the destination
let outStart: usize = 0;
let bitBuf: u64 = 0; // pending bits, LSB first (3.1.1)
let bitCnt: i32 = 0; // pending bits: below 8 between symbols
// Stored run not written yet: source bytes [pendingSrc, pendingSrc + pendingLen).
let pendingSrc: usize = 0;
let pendingLen: i32 = 0;

/** Fills LEN_SYMBOL and the fixed codes (once). */
function initTables(): void {
  for (let l = 0; l < 256; l++) {
    // Symbols 257..284 cover lengths 3..257 in groups of 4 per extra-bit count; 258 (l = 255) has its own, 285.
    let sym = 28;
    if (l < 8) sym = l;
    else if (l < 255) {
      const nb = 31 - <i32>clz<u32>(<u32>l); // floor(log2 l) >= 3
      sym = 4 * (nb - 1) + ((l >> (nb - 2)) & 3);
    }
    store<u8>(LEN_SYMBOL + <usize>l, <u8>sym);
  }
  for (let s = 0; s < 288; s++) store<u8>(FIX_LIT_LENS + <usize>s, s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
  buildCodes(FIX_LIT_LENS, 288, FIX_LIT_CODES);
  for (let s = 0; s < 32; s++) store<u8>(FIX_DIST_LENS + <usize>s, 5);
  buildCodes(FIX_DIST_LENS, 32, FIX_DIST_CODES);
  tablesReady = true;
}

/** RFC 1951 3.2.5: distance symbol (0..29) of `d` = distance - 1 (0..32767). */
@inline export function distSymbol(d: u32): u32 {
  if (d < 4) return d;
  const nb = 31 - clz<u32>(d); // floor(log2 d) >= 2
  return 2 * nb + ((d >> (nb - 1)) & 1);
}

/** Starts writing into [dst, dst + dstLen) and clears the block frequencies. */
export function writerInit(dst: usize, dstLen: i32): void {
  if (!tablesReady) initTables();
  out = dst;
  outStart = dst;
  outEnd = dst + <usize>dstLen;
  bitBuf = 0;
  bitCnt = 0;
  pendingLen = 0;
  clearFrequencies();
}

export function clearFrequencies(): void {
  memory.fill(LIT_FREQ, 0, 288 * 4);
  memory.fill(DIST_FREQ, 0, 32 * 4);
}

/** Appends `n` bits (n + bitCnt <= 64). */
@inline function put(bits: u32, n: i32): void {
  bitBuf |= <u64>bits << <u64>bitCnt;
  bitCnt += n;
}

/** Writes the whole pending bytes (room was checked for the block). */
@inline function drain(): void {
  store<u64>(out, bitBuf);
  const bytes = bitCnt >> 3;
  out += <usize>bytes;
  bitBuf = bytes == 8 ? 0 : bitBuf >> <u64>(bytes << 3);
  bitCnt &= 7;
}

/** True when `bits` more bits (plus the 8-byte store margin) fit the destination. */
@inline function fits(bits: i64): bool {
  return <i64>(outEnd - out) >= ((<i64>bitCnt + bits + 7) >> 3) + 8;
}

/**
 * RFC 1951 3.2.4: stored blocks for src[0, len) (len <= 65535 per block; longer spans become several).
 * Returns 0 or DESTINATION_TOO_SMALL.
 */
export function storedBlocks(src: usize, len: i32, last: bool): i32 {
  let done = 0;
  do {
    const n = len - done < 65535 ? len - done : 65535;
    const final = last && done + n == len;
    if (!fits(3 + 7 + 32 + (<i64>n << 3))) return DESTINATION_TOO_SMALL;
    put(final ? 1 : 0, 3); // BFINAL, BTYPE 00
    bitCnt = (bitCnt + 7) & ~7; // to a byte boundary (the skipped bits are zero)
    put(<u32>n | (<u32>(~n & 0xffff) << 16), 32); // LEN, NLEN
    drain();
    memory.copy(out, src + <usize>done, <usize>n);
    out += <usize>n;
    done += n;
  } while (done < len);
  return 0;
}

/** Stored blocks a run of `len` bytes needs (3.2.4: LEN is 16 bits). */
@inline function storedChunks(len: i32): i32 {
  return len == 0 ? 1 : (len + 65534) / 65535;
}

/**
 * Writes the pending stored run (consecutive blocks that were cheapest stored, kept together so that
 * incompressible data costs one 5-byte header per 65535 bytes, not one per block), if any, or an empty final
 * stored block when `last` and nothing is pending. Returns 0 or DESTINATION_TOO_SMALL.
 */
function flushStored(last: bool): i32 {
  if (pendingLen == 0 && !last) return 0;
  const status = storedBlocks(pendingSrc, pendingLen, last);
  pendingLen = 0;
  return status;
}

/** RFC 1951 3.2.7: run-length codes `n` code lengths into CL_SEQ, counting CL_FREQ. */
function runLengths(lens: usize, n: i32): void {
  let i = 0;
  while (i < n) {
    const v = load<u8>(lens + <usize>i);
    let run = 1;
    while (i + run < n && load<u8>(lens + <usize>(i + run)) == v) run++;
    i += run;
    if (v == 0) {
      while (run >= 11) {
        const r = run < 138 ? run : 138;
        seq(18, r - 11);
        run -= r;
      }
      if (run >= 3) {
        seq(17, run - 3);
        run = 0;
      }
    } else {
      seq(<i32>v, 0);
      run--;
      while (run >= 3) {
        const r = run < 6 ? run : 6;
        seq(16, r - 3);
        run -= r;
      }
    }
    for (; run > 0; run--) seq(<i32>v, 0);
  }
}

@inline function seq(sym: i32, extra: i32): void {
  store<u16>(CL_SEQ + (<usize>clSeqLen << 1), <u16>(sym | (extra << 8)));
  clSeqLen++;
  const f = CL_FREQ + (<usize>sym << 2);
  store<u32>(f, load<u32>(f) + 1);
}

/** Bits of the symbols with the given code lengths, extra bits excluded. */
function codedBits(litLens: usize, distLens: usize): i64 {
  let bits: i64 = 0;
  for (let s = 0; s < 286; s++) bits += <i64>load<u32>(LIT_FREQ + (<usize>s << 2)) * <i64>load<u8>(litLens + <usize>s);
  for (let s = 0; s < 30; s++) bits += <i64>load<u32>(DIST_FREQ + (<usize>s << 2)) * <i64>load<u8>(distLens + <usize>s);
  return bits;
}

/** Emits the block's symbols with the given codes (room was checked). */
function writeSymbols(syms: usize, count: i32, litLens: usize, litCodes: usize, distLens: usize, distCodes: usize): void {
  for (let k = 0; k < count; k++) {
    const s = load<u32>(syms + (<usize>k << 2));
    const d = s >>> 16;
    const v = s & 255;
    if (d == 0) {
      put(<u32>load<u16>(litCodes + (<usize>v << 1)), <i32>load<u8>(litLens + <usize>v));
    } else {
      // RFC 1951 3.2.5: length symbol and extra bits, then distance symbol and extra bits.
      const li = <usize>load<u8>(LEN_SYMBOL + <usize>v);
      const ls = <usize>257 + li;
      put(<u32>load<u16>(litCodes + (ls << 1)), <i32>load<u8>(litLens + ls));
      put(v + 3 - <u32>load<u16>(LENGTH_BASE + (li << 1)), <i32>load<u8>(LENGTH_EXTRA + li));
      const dd = d - 1;
      const ds = <usize>distSymbol(dd);
      put(<u32>load<u16>(distCodes + (ds << 1)), <i32>load<u8>(distLens + ds));
      put(d - <u32>load<u16>(DIST_BASE + (ds << 1)), <i32>load<u8>(DIST_EXTRA + ds));
    }
    drain();
  }
  // End of block (256).
  put(<u32>load<u16>(litCodes + (256 << 1)), <i32>load<u8>(litLens + 256));
  drain();
}

/**
 * Ends a block: src[0, span) produced the `count` symbols at `syms` whose frequencies are in LIT_FREQ and
 * DIST_FREQ, and follows the previous block's source bytes. Writes (or, stored, adds to the pending stored
 * run) the smallest of the stored, fixed and dynamic encodings, with BFINAL when `last`, and clears the
 * frequencies. Returns 0 or DESTINATION_TOO_SMALL.
 */
export function flushBlock(src: usize, span: i32, syms: usize, count: i32, last: bool): i32 {
  store<u32>(LIT_FREQ + (256 << 2), 1); // end of block
  buildLengths(LIT_FREQ, 286, LIT_LENS, 15);
  buildLengths(DIST_FREQ, 30, DIST_LENS, 15);

  // Extra bits are the same in the fixed and dynamic encodings.
  let extra: i64 = 0;
  for (let i = 0; i < 29; i++) extra += <i64>load<u32>(LIT_FREQ + (<usize>(257 + i) << 2)) * <i64>load<u8>(LENGTH_EXTRA + <usize>i);
  for (let i = 0; i < 30; i++) extra += <i64>load<u32>(DIST_FREQ + (<usize>i << 2)) * <i64>load<u8>(DIST_EXTRA + <usize>i);

  // RFC 1951 3.2.7: HLIT, HDIST (trailing zero lengths dropped), the code length code and its HCLEN.
  let hlit = 286;
  while (hlit > 257 && load<u8>(LIT_LENS + <usize>(hlit - 1)) == 0) hlit--;
  let hdist = 30;
  while (hdist > 1 && load<u8>(DIST_LENS + <usize>(hdist - 1)) == 0) hdist--;
  memory.fill(CL_FREQ, 0, 19 * 4);
  clSeqLen = 0;
  runLengths(LIT_LENS, hlit);
  runLengths(DIST_LENS, hdist);
  buildLengths(CL_FREQ, 19, CL_LENS, 7);
  let hclen = 19;
  while (hclen > 4 && load<u8>(CL_LENS + <usize>load<u8>(CL_ORDER + <usize>(hclen - 1))) == 0) hclen--;
  let header: i64 = 5 + 5 + 4 + 3 * <i64>hclen;
  for (let s = 0; s < 19; s++) header += <i64>load<u32>(CL_FREQ + (<usize>s << 2)) * <i64>load<u8>(CL_LENS + <usize>s);
  header += 2 * <i64>load<u32>(CL_FREQ + (16 << 2)) + 3 * <i64>load<u32>(CL_FREQ + (17 << 2)) + 7 * <i64>load<u32>(CL_FREQ + (18 << 2));

  const dynamicBits = 3 + header + codedBits(LIT_LENS, DIST_LENS) + extra;
  const fixedBits = 3 + codedBits(FIX_LIT_LENS, FIX_DIST_LENS) + extra;
  // Stored: appended to a pending stored run when there is one (only its extra 65535-byte chunks cost
  // headers), otherwise a block of its own (header bits, alignment, LEN and NLEN).
  const storedBits: i64 =
    pendingLen > 0
      ? (<i64>span << 3) + 40 * <i64>(storedChunks(pendingLen + span) - storedChunks(pendingLen))
      : 3 + <i64>((8 - ((bitCnt + 3) & 7)) & 7) + 32 + (<i64>span << 3);

  if (storedBits <= fixedBits && storedBits <= dynamicBits) {
    if (pendingLen == 0) pendingSrc = src;
    pendingLen += span;
    clearFrequencies();
    return last ? flushStored(true) : 0;
  }
  let status = flushStored(false);
  if (status != 0) return status;
  if (fixedBits <= dynamicBits) {
    if (!fits(fixedBits)) return DESTINATION_TOO_SMALL;
    put(last ? 3 : 2, 3); // BFINAL, BTYPE 01 (LSB first: 1 then 0 1)
    writeSymbols(syms, count, FIX_LIT_LENS, FIX_LIT_CODES, FIX_DIST_LENS, FIX_DIST_CODES);
  } else {
    if (!fits(dynamicBits)) return DESTINATION_TOO_SMALL;
    buildCodes(LIT_LENS, hlit, LIT_CODES);
    buildCodes(DIST_LENS, hdist, DIST_CODES);
    buildCodes(CL_LENS, 19, CL_CODES);
    put(last ? 5 : 4, 3); // BFINAL, BTYPE 10
    put(<u32>(hlit - 257) | (<u32>(hdist - 1) << 5) | (<u32>(hclen - 4) << 10), 14);
    drain();
    for (let i = 0; i < hclen; i++) {
      put(<u32>load<u8>(CL_LENS + <usize>load<u8>(CL_ORDER + <usize>i)), 3);
      drain();
    }
    for (let i = 0; i < clSeqLen; i++) {
      const e = <u32>load<u16>(CL_SEQ + (<usize>i << 1));
      const sym = <usize>(e & 31);
      put(<u32>load<u16>(CL_CODES + (sym << 1)), <i32>load<u8>(CL_LENS + sym));
      if (sym == 16) put(e >> 8, 2);
      else if (sym == 17) put(e >> 8, 3);
      else if (sym == 18) put(e >> 8, 7);
      drain();
    }
    writeSymbols(syms, count, LIT_LENS, LIT_CODES, DIST_LENS, DIST_CODES);
  }
  clearFrequencies();
  return status;
}

/** Flushes the last partial byte; returns the number of bytes written since writerInit. */
export function writerFinish(): i32 {
  // Room for these bits was part of the last block's check.
  if (bitCnt > 0) {
    store<u8>(out, <u8>bitBuf);
    out++;
    bitBuf = 0;
    bitCnt = 0;
  }
  return <i32>(out - outStart);
}
