// Raw deflate decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks, into a destination of
// known size. Used for Deflated Image Frame Compression (PS3.5 A.4.13, transfer syntax 1.2.840.10008.1.2.8.1:
// each frame's native Explicit VR Little Endian bytes deflated on their own, no zlib header, one trailing NUL
// when the deflated stream has an odd length).
//
// Bits are read least significant first (3.1.1) through a 64-bit buffer. Past the end of the source the
// buffer is fed zero bytes; a decode that consumed any of them fails with TRUNCATED (checked at every exit),
// and the loops stop once the buffer is more than 8 bytes past the end, so a short stream never hangs.

import {
  DEFLATE_DISTANCE_TOO_FAR,
  DEFLATE_INVALID_BLOCK,
  DEFLATE_INVALID_CODE_LENGTHS,
  DEFLATE_INVALID_SYMBOL,
  DEFLATE_OUTPUT_LONG,
  DEFLATE_OUTPUT_SHORT,
  DEFLATE_STORED_LENGTH,
  INVALID_ARGUMENT,
  TRUNCATED,
} from "../../common/status";
import { copyMatch, copyMatchFast } from "./copy";
import { ALPHABET_CL, ALPHABET_DIST, ALPHABET_LITLEN, buildTable } from "./huffman";
import {
  CL_ORDER,
  CL_ROOT,
  CL_TABLE,
  DIST_ENTRIES,
  DIST_ROOT,
  DYN_DIST,
  DYN_LITLEN,
  FIXED_DIST,
  FIXED_LITLEN,
  KIND_END,
  KIND_LENGTH,
  KIND_LITERAL,
  KIND_MASK,
  KIND_SUB,
  LENGTHS,
  LITLEN_ENTRIES,
  LITLEN_ROOT,
} from "./tables";

/** flags bit 0: the stream may end before dstLen bytes (the result is then the number written). */
export const DEFLATE_FLAG_ALLOW_SHORT: i32 = 1;

// Decoder state between the block-level helpers (the Huffman loop keeps it in locals).
let gSrc: usize = 0;
let gSrcLen: i32 = 0;
let gPos: i32 = 0; // bytes fed into the bit buffer (may run up to 8 past gSrcLen: zero bytes)
let gBuf: u64 = 0;
let gCnt: i32 = 0; // valid bits in gBuf
let gDst: usize = 0;
let gDstLen: i32 = 0;
let gOut: i32 = 0; // bytes written
let fixedReady = false;

let trailingBytes: i32 = -1;
let errorOffset: i32 = -1;

/** Whole source bytes after the end of the final block of the last successful `deflate_inflate`, or -1. */
export function deflate_trailing_bytes(): i32 {
  return trailingBytes;
}

/** Source byte offset at which the last failed `deflate_inflate` stopped, or -1. */
export function deflate_error_offset(): i32 {
  return errorOffset;
}

/** Source bytes consumed so far, counting a partly used byte. */
@inline function consumedBytes(): i32 {
  return gPos - (gCnt >> 3);
}

/** Makes at least `n` (<= 56) bits available, feeding zero bytes past the end of the source. */
function need(n: i32): void {
  while (gCnt < n) {
    const b: u64 = gPos < gSrcLen ? <u64>load<u8>(gSrc + <usize>gPos) : 0;
    gBuf |= b << <u64>gCnt;
    gPos++;
    gCnt += 8;
  }
}

/** Reads `n` (<= 16) bits, least significant first (3.1.1). */
function bits(n: i32): u32 {
  need(n);
  const v = <u32>gBuf & ((1 << n) - 1);
  gBuf >>= <u64>n;
  gCnt -= n;
  return v;
}

/**
 * The decode-table entry for the code at the bottom of `buf` (root-bit index, then the subtable for longer
 * codes, 3.2.2), with its low 4 bits set to all the bits the code takes (root + the subtable's bits: at most 15).
 */
@inline function resolve(table: usize, root: i32, buf: u64): u32 {
  const e = load<u32>(table + (<usize>(<u32>buf & ((1 << root) - 1)) << 2));
  if ((e & KIND_MASK) != KIND_SUB) return e;
  const i = (e >>> 16) + (<u32>(buf >> <u64>root) & ((1 << ((e >> 4) & 15)) - 1));
  return load<u32>(table + (<usize>i << 2)) + <u32>root;
}

/** Decodes one symbol of a code length code table (root CL_ROOT, no subtables): the symbol, or -1. */
function clSymbol(): i32 {
  need(CL_ROOT);
  const e = load<u32>(CL_TABLE + (<usize>(<u32>gBuf & ((1 << CL_ROOT) - 1)) << 2));
  const n = <i32>(e & 15); // consumed even when invalid, so that a cut stream reports TRUNCATED
  gBuf >>= <u64>n;
  gCnt -= n;
  return (e & KIND_MASK) == KIND_LITERAL ? <i32>(e >>> 16) : -1;
}

/** RFC 1951 3.2.6: the fixed literal/length and distance codes, built on first use. */
function buildFixed(): void {
  for (let s = 0; s < 288; s++) store<u8>(LENGTHS + <usize>s, s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
  buildTable(LENGTHS, 288, FIXED_LITLEN, 1 << LITLEN_ROOT, LITLEN_ROOT, ALPHABET_LITLEN);
  for (let s = 0; s < 32; s++) store<u8>(LENGTHS + <usize>s, 5);
  buildTable(LENGTHS, 32, FIXED_DIST, 1 << DIST_ROOT, DIST_ROOT, ALPHABET_DIST);
  fixedReady = true;
}

/**
 * RFC 1951 3.2.7: reads a dynamic block's code lengths and builds DYN_LITLEN / DYN_DIST. Returns 0 or a
 * positive status.
 */
function readDynamicTables(): i32 {
  const hlit = <i32>bits(5) + 257;
  const hdist = <i32>bits(5) + 1;
  const hclen = <i32>bits(4) + 4;
  if (hlit > 286 || hdist > 30) return DEFLATE_INVALID_CODE_LENGTHS;
  for (let i = 0; i < 19; i++) store<u8>(LENGTHS + <usize>i, 0);
  for (let i = 0; i < hclen; i++) store<u8>(LENGTHS + <usize>load<u8>(CL_ORDER + <usize>i), <u8>bits(3));
  let st = buildTable(LENGTHS, 19, CL_TABLE, 1 << CL_ROOT, CL_ROOT, ALPHABET_CL);
  if (st != 0) return st;

  // Literal/length and distance code lengths form one sequence: repeats may cross from one to the other.
  const total = hlit + hdist;
  let i = 0;
  while (i < total) {
    if (consumedBytes() > gSrcLen) return TRUNCATED;
    const sym = clSymbol();
    if (sym < 0) return DEFLATE_INVALID_SYMBOL;
    if (sym < 16) {
      store<u8>(LENGTHS + <usize>i, <u8>sym);
      i++;
      continue;
    }
    let value: u8 = 0;
    let repeat = 0;
    if (sym == 16) {
      if (i == 0) return DEFLATE_INVALID_CODE_LENGTHS; // nothing to repeat
      value = load<u8>(LENGTHS + <usize>(i - 1));
      repeat = 3 + <i32>bits(2);
    } else if (sym == 17) {
      repeat = 3 + <i32>bits(3);
    } else {
      repeat = 11 + <i32>bits(7);
    }
    if (repeat > total - i) return DEFLATE_INVALID_CODE_LENGTHS;
    for (let k = 0; k < repeat; k++) store<u8>(LENGTHS + <usize>(i + k), value);
    i += repeat;
  }
  if (load<u8>(LENGTHS + 256) == 0) return DEFLATE_INVALID_CODE_LENGTHS; // a block must be able to end
  st = buildTable(LENGTHS, hlit, DYN_LITLEN, LITLEN_ENTRIES, LITLEN_ROOT, ALPHABET_LITLEN);
  if (st != 0) return st;
  return buildTable(LENGTHS + <usize>hlit, hdist, DYN_DIST, DIST_ENTRIES, DIST_ROOT, ALPHABET_DIST);
}

/** RFC 1951 3.2.4: a stored block (BTYPE 00) after its 3 header bits. Returns 0 or a positive status. */
function copyStored(): i32 {
  const drop = gCnt & 7; // skip to a byte boundary
  gBuf >>= <u64>drop;
  gCnt -= drop;
  const len = bits(16);
  const nlen = bits(16);
  if (consumedBytes() > gSrcLen) return TRUNCATED;
  if (len != (~nlen & 0xffff)) return DEFLATE_STORED_LENGTH;
  // Rewind the bit buffer (it holds whole bytes now) and copy straight from the source.
  const at = consumedBytes();
  gBuf = 0;
  gCnt = 0;
  const n = <i32>len;
  if (n > gSrcLen - at) {
    gPos = gSrcLen + 1; // reports TRUNCATED
    return TRUNCATED;
  }
  if (n > gDstLen - gOut) {
    gPos = at;
    return DEFLATE_OUTPUT_LONG;
  }
  memory.copy(gDst + <usize>gOut, gSrc + <usize>at, <usize>n);
  gOut += n;
  gPos = at + n;
  return 0;
}

/**
 * RFC 1951 3.2.5: the literal/length and distance symbols of one Huffman block, up to its end-of-block code.
 * Returns 0 or a positive status. Between two refills the loop consumes at most 15 + 5 + 15 + 13 = 48 bits.
 */
function decodeHuffman(lit: usize, dist: usize): i32 {
  const src = gSrc;
  const srcLen = gSrcLen;
  const fastEnd = srcLen - 8;
  const dst = gDst;
  const dstEnd = dst + <usize>gDstLen;
  let out = dst + <usize>gOut;
  let buf = gBuf;
  let cnt = gCnt;
  let pos = gPos;
  let status = 0;
  // The fast loop runs while a 258-byte match plus a 16-byte overshoot fits and 8 source bytes can be read.
  const fastOutEnd = gDstLen > 258 + 16 ? dstEnd - (258 + 16) : dst;
  let finished = false;
  while (true) {
    // Fast path: a branch-free whole-byte refill per step and no output bound checks per symbol.
    while (out < fastOutEnd && pos <= fastEnd) {
      buf |= load<u64>(src + <usize>pos) << <u64>cnt;
      pos += (63 - cnt) >> 3;
      cnt |= 56;
      let e = resolve(lit, LITLEN_ROOT, buf);
      let n = <i32>(e & 15);
      buf >>= <u64>n;
      cnt -= n;
      const kind = e & KIND_MASK;
      if (kind == KIND_LITERAL) {
        store<u8>(out, <u8>(e >>> 16));
        out++;
        // At least 56 - 15 = 41 bits remain: a second literal of a root-level code needs no refill.
        e = load<u32>(lit + (<usize>(<u32>buf & ((1 << LITLEN_ROOT) - 1)) << 2));
        if ((e & KIND_MASK) != KIND_LITERAL) continue;
        n = <i32>(e & 15);
        buf >>= <u64>n;
        cnt -= n;
        store<u8>(out, <u8>(e >>> 16));
        out++;
        continue;
      }
      if (kind != KIND_LENGTH) {
        if (kind != KIND_END) status = DEFLATE_INVALID_SYMBOL;
        finished = true;
        break;
      }
      let x = <i32>((e >> 4) & 15);
      const len = <usize>((e >>> 16) + (<u32>buf & ((1 << x) - 1)));
      buf >>= <u64>x;
      cnt -= x;
      let d = resolve(dist, DIST_ROOT, buf);
      n = <i32>(d & 15);
      buf >>= <u64>n;
      cnt -= n;
      if ((d & KIND_MASK) != KIND_LENGTH) {
        status = DEFLATE_INVALID_SYMBOL;
        finished = true;
        break;
      }
      x = <i32>((d >> 4) & 15);
      const distance = <usize>((d >>> 16) + (<u32>buf & ((1 << x) - 1)));
      buf >>= <u64>x;
      cnt -= x;
      if (distance > out - dst) {
        status = DEFLATE_DISTANCE_TOO_FAR;
        finished = true;
        break;
      }
      copyMatchFast(out, distance, len);
      out += len;
    }
    if (finished) break;
    // Careful path near either end: refill byte by byte past the source's end, check every output bound.
    if (cnt < 48) {
      if (pos <= fastEnd) {
        // Whole bytes that fit: the bits above `cnt` are the same bytes again, so OR-ing them is harmless.
        buf |= load<u64>(src + <usize>pos) << <u64>cnt;
        pos += (63 - cnt) >> 3;
        cnt |= 56;
      } else {
        if (pos > srcLen + 8) {
          status = TRUNCATED;
          break;
        }
        while (cnt <= 56) {
          if (pos < srcLen) buf |= <u64>load<u8>(src + <usize>pos) << <u64>cnt;
          pos++;
          cnt += 8;
        }
      }
    }
    let e = resolve(lit, LITLEN_ROOT, buf);
    let n = <i32>(e & 15);
    buf >>= <u64>n;
    cnt -= n;
    const kind = e & KIND_MASK;
    if (kind == KIND_LITERAL) {
      if (out >= dstEnd) {
        status = DEFLATE_OUTPUT_LONG;
        break;
      }
      store<u8>(out, <u8>(e >>> 16));
      out++;
      continue;
    }
    if (kind != KIND_LENGTH) {
      if (kind != KIND_END) status = DEFLATE_INVALID_SYMBOL;
      break;
    }
    // Length: base + extra bits (3.2.5).
    let x = <i32>((e >> 4) & 15);
    const len = <usize>((e >>> 16) + (<u32>buf & ((1 << x) - 1)));
    buf >>= <u64>x;
    cnt -= x;
    // Distance: its own code, then base + extra bits.
    let d = resolve(dist, DIST_ROOT, buf);
    n = <i32>(d & 15);
    buf >>= <u64>n;
    cnt -= n;
    if ((d & KIND_MASK) != KIND_LENGTH) {
      status = DEFLATE_INVALID_SYMBOL;
      break;
    }
    x = <i32>((d >> 4) & 15);
    const distance = <usize>((d >>> 16) + (<u32>buf & ((1 << x) - 1)));
    buf >>= <u64>x;
    cnt -= x;
    if (distance > out - dst) {
      status = DEFLATE_DISTANCE_TOO_FAR;
      break;
    }
    if (len > dstEnd - out) {
      status = DEFLATE_OUTPUT_LONG;
      break;
    }
    copyMatch(out, distance, len, dstEnd);
    out += len;
  }
  gBuf = buf;
  gCnt = cnt;
  gPos = pos;
  gOut = <i32>(out - dst);
  return status;
}

/**
 * Inflates the raw deflate stream [srcPtr, srcPtr + srcLen) (RFC 1951, no zlib header) into
 * [dstPtr, dstPtr + dstLen). Returns the number of bytes written: dstLen, or fewer with
 * DEFLATE_FLAG_ALLOW_SHORT. Bytes after the final block are ignored (deflate_trailing_bytes counts them).
 * Errors (negated): TRUNCATED when the stream ends inside a block; DEFLATE_INVALID_BLOCK, DEFLATE_STORED_LENGTH,
 * DEFLATE_INVALID_CODE_LENGTHS, DEFLATE_INVALID_SYMBOL, DEFLATE_DISTANCE_TOO_FAR for malformed data;
 * DEFLATE_OUTPUT_LONG when the stream holds more than dstLen bytes; DEFLATE_OUTPUT_SHORT when it holds fewer
 * (without the flag); INVALID_ARGUMENT for negative lengths, unknown flags or ranges outside memory.
 * Bytes of the destination beyond the result may have been written.
 */
export function deflate_inflate(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, flags: i32): i32 {
  trailingBytes = -1;
  errorOffset = -1;
  const memBytes = <u64>memory.size() << 16;
  if (srcLen < 0 || dstLen < 0 || (flags & ~DEFLATE_FLAG_ALLOW_SHORT) != 0) return -INVALID_ARGUMENT;
  if (<u64>srcPtr + <u64>srcLen > memBytes || <u64>dstPtr + <u64>dstLen > memBytes) return -INVALID_ARGUMENT;
  if (!fixedReady) buildFixed();
  gSrc = srcPtr;
  gSrcLen = srcLen;
  gPos = 0;
  gBuf = 0;
  gCnt = 0;
  gDst = dstPtr;
  gDstLen = dstLen;
  gOut = 0;

  let status = 0;
  while (true) {
    // RFC 1951 3.2.3: BFINAL (1 bit), BTYPE (2 bits).
    const last = bits(1);
    const type = bits(2);
    if (consumedBytes() > srcLen) {
      status = TRUNCATED;
      break;
    }
    if (type == 0) status = copyStored();
    else if (type == 1) status = decodeHuffman(FIXED_LITLEN, FIXED_DIST);
    else if (type == 2) {
      status = readDynamicTables();
      if (status == 0) status = decodeHuffman(DYN_LITLEN, DYN_DIST);
    } else status = DEFLATE_INVALID_BLOCK;
    if (status != 0 || last != 0) break;
  }
  // Any zero byte fed past the end of the source that was actually used means the stream was cut short.
  const used = consumedBytes();
  if (used > srcLen) status = TRUNCATED;
  if (status == 0 && gOut < dstLen && (flags & DEFLATE_FLAG_ALLOW_SHORT) == 0) status = DEFLATE_OUTPUT_SHORT;
  if (status != 0) {
    errorOffset = used < srcLen ? used : srcLen;
    return -status;
  }
  trailingBytes = srcLen - used;
  return gOut;
}
