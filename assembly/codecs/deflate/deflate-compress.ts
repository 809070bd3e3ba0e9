// Raw deflate compressor (RFC 1951, no zlib header), for Deflated Image Frame Compression (PS3.5 A.4.13:
// each frame's native Explicit VR Little Endian bytes deflated on their own).
//
// Levels 1-3 match greedily; levels 4-9 use lazy evaluation (RFC 1951 4: a match is emitted only when the
// match starting at the next byte is not longer). The per-level search limits are zlib's published tuning
// (good length, lazy length, nice length, chain length), so that ratios compare at the same level.
// Blocks hold at most 16 Ki symbols and span at most 65535 source bytes (a block ends before a literal or
// match that would overflow either), so every block but the last spans at least 16 Ki bytes. Each block is
// written in the smallest of its three encodings, and consecutive blocks that are cheapest stored are merged
// into one stored run (deflate-blocks.ts): incompressible data costs 5 bytes per 65535.
//
// Scratch (caller provided, deflate_compress_scratch_size() bytes, 4-byte aligned):
//
//   +0        head   i32 x HASH_SIZE (32 Ki)   deflate-match.ts
//   +128 Ki   prev   u16 x PREV_SIZE (64 Ki)   deflate-match.ts
//   +256 Ki   syms   u32 x 16 Ki               the block's symbols (deflate-blocks.ts for the layout)

import { INVALID_ARGUMENT } from "../../common/status";
import { DIST_FREQ, flushBlock, LEN_SYMBOL, LIT_FREQ, distSymbol, storedBlocks, writerFinish, writerInit } from "./deflate-blocks";
import { HASH_BYTES, HASH_SIZE, insertRange, insertString, longestMatch, matchPos, MAX_MATCH, MIN_MATCH, PREV_SIZE, WINDOW } from "./deflate-match";

/** Source bytes per block (at most): a stored block holds at most 65535 (3.2.4). */
const MAX_SPAN: i32 = 65535;
/** Symbols per block (at most): smaller blocks adapt their codes to changing statistics (16 Ki beat 64 Ki). */
const BLOCK_SYMBOLS: i32 = 16384;
/** Lazy levels drop a 3-byte match that reaches further back than this (it rarely pays for its distance code). */
const TOO_FAR: i32 = 4096;

const HEAD_BYTES: i32 = HASH_SIZE * 4;
const PREV_BYTES: i32 = PREV_SIZE * 2;
const SYMS_BYTES: i32 = BLOCK_SYMBOLS * 4;
const SCRATCH_BYTES: i32 = HEAD_BYTES + PREV_BYTES + SYMS_BYTES;

// Per level 0-9: good length, lazy length (greedy levels: the longest match whose strings are all inserted),
// nice length, chain length.
const CONFIG: usize = memory.data<u16>([
  0, 0, 0, 0,
  4, 4, 8, 4,
  4, 5, 16, 8,
  4, 6, 32, 32,
  4, 4, 16, 16,
  8, 16, 32, 32,
  8, 16, 128, 128,
  8, 32, 128, 256,
  32, 128, 258, 1024,
  32, 258, 258, 4096,
]);

// Compressor state of one deflate_compress call.
let gSrc: usize = 0;
let gSrcLen: i32 = 0;
let gHead: usize = 0;
let gPrev: usize = 0;
let gSyms: usize = 0;
let gCount: i32 = 0; // symbols in the block
let gBlockStart: i32 = 0; // source offset of the block
let gSpan: i32 = 0; // source bytes the block's symbols cover
let gStatus: i32 = 0;

/** Writes the gathered block; false (gStatus set) when the destination is full. */
function endBlock(last: bool): bool {
  const st = flushBlock(gSrc + <usize>gBlockStart, gSpan, gSyms, gCount, last);
  gBlockStart += gSpan;
  gSpan = 0;
  gCount = 0;
  if (st != 0) {
    gStatus = st;
    return false;
  }
  return true;
}

@inline function bump(table: usize, index: u32): void {
  const p = table + (<usize>index << 2);
  store<u32>(p, load<u32>(p) + 1);
}

/** Adds a literal to the block (ending the block first when it is full). */
@inline function tallyLiteral(c: u32): bool {
  if ((gSpan >= MAX_SPAN || gCount >= BLOCK_SYMBOLS) && !endBlock(false)) return false;
  store<u32>(gSyms + (<usize>gCount << 2), c);
  gCount++;
  gSpan++;
  bump(LIT_FREQ, c);
  return true;
}

/** Adds a match of `len` bytes at `dist` to the block (ending the block first when it would overflow). */
@inline function tallyMatch(len: i32, dist: i32): bool {
  if ((gSpan + len > MAX_SPAN || gCount >= BLOCK_SYMBOLS) && !endBlock(false)) return false;
  store<u32>(gSyms + (<usize>gCount << 2), (<u32>dist << 16) | <u32>(len - MIN_MATCH));
  gCount++;
  gSpan += len;
  bump(LIT_FREQ, 257 + <u32>load<u8>(LEN_SYMBOL + <usize>(len - MIN_MATCH)));
  bump(DIST_FREQ, distSymbol(<u32>(dist - 1)));
  return true;
}

/** Levels 1-3: take the longest match found at each position. Returns false when a block failed. */
function compressGreedy(maxInsert: i32, nice: i32, chain: i32): bool {
  const src = gSrc;
  const n = gSrcLen;
  let cur = 0;
  while (cur < n) {
    let len = 0;
    if (cur + HASH_BYTES <= n) {
      const cand = insertString(src, gHead, gPrev, cur);
      if (cand >= 0 && cur - cand <= WINDOW) {
        const limit = n - cur < MAX_MATCH ? n - cur : MAX_MATCH;
        len = longestMatch(src, gPrev, cur, cand, limit, MIN_MATCH - 1, chain, nice);
      }
    }
    if (len >= MIN_MATCH) {
      if (!tallyMatch(len, cur - matchPos)) return false;
      // Short matches have all their strings inserted; long ones are skipped over (faster, a little less found).
      if (len <= maxInsert) insertRange(src, gHead, gPrev, cur + 1, cur + len, n);
      cur += len;
    } else {
      if (!tallyLiteral(<u32>load<u8>(src + <usize>cur))) return false;
      cur++;
    }
  }
  return true;
}

/** Levels 4-9: lazy evaluation, one position of look-ahead. Returns false when a block failed. */
function compressLazy(good: i32, lazy: i32, nice: i32, chain: i32): bool {
  const src = gSrc;
  const n = gSrcLen;
  let cur = 0;
  let matchLen = MIN_MATCH - 1; // best match at cur
  let matchAt = 0;
  let pending = false; // the byte at cur - 1 is not emitted yet
  while (cur < n) {
    const prevLen = matchLen;
    const prevAt = matchAt;
    matchLen = MIN_MATCH - 1;
    if (cur + HASH_BYTES <= n) {
      const cand = insertString(src, gHead, gPrev, cur);
      if (cand >= 0 && prevLen < lazy && cur - cand <= WINDOW) {
        const limit = n - cur < MAX_MATCH ? n - cur : MAX_MATCH;
        const found = longestMatch(src, gPrev, cur, cand, limit, prevLen, prevLen >= good ? chain >> 2 : chain, nice);
        if (found > prevLen) {
          matchLen = found;
          matchAt = matchPos;
          if (found == MIN_MATCH && cur - matchAt > TOO_FAR) matchLen = MIN_MATCH - 1;
        }
      }
    }
    if (prevLen >= MIN_MATCH && matchLen <= prevLen) {
      // The match at cur - 1 is at least as long as the one at cur: emit it and skip over it.
      if (!tallyMatch(prevLen, cur - 1 - prevAt)) return false;
      const end = cur - 1 + prevLen;
      insertRange(src, gHead, gPrev, cur + 1, end, n);
      cur = end;
      pending = false;
      matchLen = MIN_MATCH - 1;
    } else {
      if (pending && !tallyLiteral(<u32>load<u8>(src + <usize>(cur - 1)))) return false;
      pending = true;
      cur++;
    }
  }
  if (pending && !tallyLiteral(<u32>load<u8>(src + <usize>(cur - 1)))) return false;
  return true;
}

/** Scratch bytes deflate_compress needs (levels 1-9; level 0 needs none). */
export function deflate_compress_scratch_size(): i32 {
  return SCRATCH_BYTES;
}

/** True when [a, a + an) and [b, b + bn) share a byte. */
@inline function overlaps(a: usize, an: i32, b: usize, bn: i32): bool {
  return an > 0 && bn > 0 && a < b + <usize>bn && b < a + <usize>an;
}

/**
 * Deflates [srcPtr, srcPtr + srcLen) into a raw deflate stream (RFC 1951) at [dstPtr, dstPtr + dstLen) at
 * `level` 0-9 (0: stored blocks only; 1-3 greedy; 4-9 lazy, higher levels search longer chains), using
 * scratchLen >= deflate_compress_scratch_size() bytes at scratchPtr (unused at level 0). Returns the bytes
 * written. Errors (negated): DESTINATION_TOO_SMALL when the stream does not fit (a destination of srcLen +
 * 5 * (ceil(srcLen / 16384) + 1) + 16 bytes always suffices: no block is larger than its stored form, and
 * every block but the last spans at least 16 Ki bytes);
 * INVALID_ARGUMENT for negative lengths, a level outside 0-9, too little or misaligned scratch, ranges
 * outside memory, or a destination or scratch that overlaps another range.
 */
export function deflate_compress(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, level: i32, scratchPtr: usize, scratchLen: i32): i32 {
  const memBytes = <u64>memory.size() << 16;
  if (srcLen < 0 || dstLen < 0 || scratchLen < 0 || level < 0 || level > 9) return -INVALID_ARGUMENT;
  if (<u64>srcPtr + <u64>srcLen > memBytes || <u64>dstPtr + <u64>dstLen > memBytes || <u64>scratchPtr + <u64>scratchLen > memBytes) {
    return -INVALID_ARGUMENT;
  }
  if (overlaps(dstPtr, dstLen, srcPtr, srcLen)) return -INVALID_ARGUMENT;
  writerInit(dstPtr, dstLen);
  if (level == 0) {
    const st = storedBlocks(srcPtr, srcLen, true);
    return st != 0 ? -st : writerFinish();
  }
  if (scratchLen < SCRATCH_BYTES || (scratchPtr & 3) != 0) return -INVALID_ARGUMENT;
  if (overlaps(scratchPtr, SCRATCH_BYTES, srcPtr, srcLen) || overlaps(scratchPtr, SCRATCH_BYTES, dstPtr, dstLen)) return -INVALID_ARGUMENT;

  gSrc = srcPtr;
  gSrcLen = srcLen;
  gHead = scratchPtr;
  gPrev = scratchPtr + <usize>HEAD_BYTES;
  gSyms = gPrev + <usize>PREV_BYTES;
  gCount = 0;
  gBlockStart = 0;
  gSpan = 0;
  gStatus = 0;
  memory.fill(gHead, 0xff, <usize>HEAD_BYTES); // every chain empty (-1)

  const cfg = CONFIG + (<usize>level << 3);
  const good = <i32>load<u16>(cfg);
  const lazy = <i32>load<u16>(cfg, 2);
  const nice = <i32>load<u16>(cfg, 4);
  const chain = <i32>load<u16>(cfg, 6);
  const ok = level <= 3 ? compressGreedy(lazy, nice, chain) : compressLazy(good, lazy, nice, chain);
  if (!ok) return -gStatus;
  if (!endBlock(true)) return -gStatus;
  return writerFinish();
}
