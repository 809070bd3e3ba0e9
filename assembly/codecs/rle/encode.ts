// RLE Lossless encoder (PS3.5 Annex G.3): one fragment = one frame.
//
// The canonical cells are first split into byte planes (planes.ts, most significant byte first, G.2), then
// every plane is PackBits-encoded row by row into its own segment (G.3.1: "each row of the image shall be
// encoded separately and not cross a row boundary"), each segment padded to an even length with a zero
// byte, and the 64-byte header (G.5) filled in.
//
// PackBits choices (G.3.1):
// - replicate runs of 3..128 equal bytes are always taken;
// - a run of exactly 2 is a replicate run only when no literal run is pending: inside a literal run it costs
//   2 bytes either way, and splitting the literal would cost one more header byte;
// - literal runs are cut at 128 bytes.
// Row scanning uses v128 compares to skip over runs and literal stretches 16 bytes at a time.

import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL } from "../../common/status";
import { cellsToPlanesInterleaved, cellsToPlanesMono } from "./planes";

/** flags bit 0: the source is colour-by-plane (Planar Configuration 1). */
export const RLE_ENCODE_FLAG_PLANAR: i32 = 1;

/** Largest possible encoded fragment: header, per row one literal header per 128 bytes, one pad per segment. */
@inline function encodedBound(rows: u64, cols: u64, segments: u64): u64 {
  return 64 + segments * (rows * (cols + (cols + 127) / 128) + 1);
}

/** Length of the run of equal bytes starting at p[i], at most `lim - i` (lim <= n). */
@inline function runLength(p: usize, i: i32, lim: i32): i32 {
  const v = load<u8>(p + <usize>i);
  let j = i + 1;
  const sv = i8x16.splat(v);
  while (j + 16 <= lim) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p + <usize>j), sv));
    if (m != 0xffff) return j + ctz(~m) - i;
    j += 16;
  }
  while (j < lim && load<u8>(p + <usize>j) == v) j++;
  return j - i;
}

/**
 * First k >= i with p[k] == p[k + 1] == p[k + 2] (a run of 3 or more starts there, given p[i - 1] != p[i]),
 * or n. Inside a literal run only such runs are worth a replicate run, so runs of 2 are skipped 16 at a time.
 */
@inline function nextTriple(p: usize, i: i32, n: i32): i32 {
  let k = i;
  while (k + 18 <= n) {
    const a = v128.load(p + <usize>k);
    const b = v128.load(p + <usize>k + 1);
    const c = v128.load(p + <usize>k + 2);
    const m = i8x16.bitmask(v128.and(i8x16.eq(a, b), i8x16.eq(b, c)));
    if (m != 0) return k + ctz(m);
    k += 16;
  }
  while (k + 2 < n) {
    const v = load<u8>(p + <usize>k);
    if (load<u8>(p + <usize>k + 1) == v && load<u8>(p + <usize>k + 2) == v) return k;
    k++;
  }
  return n;
}

/**
 * Emits p[from, to) as literal runs of at most 128 bytes (header n - 1, G.3.1). Short copies use 16-byte
 * moves (a call to memory.copy costs more than the copy for runs this short); they may over-read up to 15
 * bytes below `srcEnd` and over-write up to 15 bytes below `dstEnd`, which later output overwrites.
 */
@inline function flushLiteral(p: usize, from: i32, to: i32, out: usize, srcEnd: usize, dstEnd: usize): usize {
  while (from < to) {
    let n = to - from;
    if (n > 128) n = 128;
    store<u8>(out, <u8>(n - 1));
    const s = p + <usize>from;
    const d = out + 1;
    const r = <usize>((n + 15) & ~15);
    if (s + r <= srcEnd && d + r <= dstEnd) {
      for (let k: usize = 0; k < <usize>n; k += 16) v128.store(d + k, v128.load(s + k));
    } else {
      memory.copy(d, s, <usize>n);
    }
    out += 1 + <usize>n;
    from += n;
  }
  return out;
}

/** PackBits-encodes one row p[0, n) to `out`; returns the new end of the output. */
function encodeRow(p: usize, n: i32, out: usize, srcEnd: usize, dstEnd: usize): usize {
  let i = 0;
  let lit = 0; // start of the pending literal run
  while (i + 1 < n) {
    const v = load<u8>(p + <usize>i);
    if (lit == i) {
      // No literal pending: a run of 2 or more becomes a replicate run; a single byte starts a literal run,
      // which then extends to the next run of 3 or more (runs of 2 inside it stay literal).
      if (load<u8>(p + <usize>i + 1) != v) {
        i = nextTriple(p, i + 1, n);
        continue;
      }
    }
    // i starts a run of 2 or more (no literal pending) or of 3 or more (found by nextTriple)
    const lim = i + 128 < n ? i + 128 : n;
    const r = runLength(p, i, lim);
    out = flushLiteral(p, lit, i, out, srcEnd, dstEnd);
    // replicate run: header -(r - 1), then the byte (G.3.1)
    store<i8>(out, <i8>(1 - r));
    store<u8>(out + 1, v);
    out += 2;
    i += r;
    lit = i;
  }
  return flushLiteral(p, lit, n, out, srcEnd, dstEnd);
}

/**
 * Encodes one frame of canonical cells (little endian; colour-by-pixel, or colour-by-plane with
 * RLE_ENCODE_FLAG_PLANAR) as one RLE Lossless fragment.
 *
 * @param srcPtr/srcLen   the frame, at least rows * cols * spp * bps bytes
 * @param dstPtr/dstLen   destination, at least `rle_encoded_bound(rows, cols, spp, bps)` bytes
 * @param scratchPtr/scratchLen room for the byte planes, rows * cols * spp * bps bytes (may be 0 when bps is 1
 *                        and there is one sample or the source is planar)
 * @returns bytes written (the fragment length, even), or a negated status
 */
export function rle_encode_frame(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstLen: i32,
  scratchPtr: usize,
  scratchLen: i32,
  rows: i32,
  cols: i32,
  spp: i32,
  bps: i32,
  flags: i32,
): i32 {
  if (srcLen < 0 || dstLen < 0 || scratchLen < 0 || rows < 1 || cols < 1 || spp < 1 || spp > 15) return -INVALID_ARGUMENT;
  if (bps != 1 && bps != 2 && bps != 4) return -INVALID_ARGUMENT;
  if (spp * bps > 15 || (flags & ~1) != 0) return -INVALID_ARGUMENT;
  const segments = spp * bps;
  const pixels64 = <u64>rows * <u64>cols;
  const frame64 = pixels64 * <u64>segments;
  if (frame64 > <u64>srcLen) return -INVALID_ARGUMENT;
  if (encodedBound(<u64>rows, <u64>cols, <u64>segments) > <u64>dstLen) return -DESTINATION_TOO_SMALL;
  const planar = (flags & RLE_ENCODE_FLAG_PLANAR) != 0;
  const direct = bps == 1 && (spp == 1 || planar);
  if (!direct && frame64 > <u64>scratchLen) return -INVALID_ARGUMENT;
  const pixels = <i32>pixels64;
  const planeBytes = <usize>pixels;

  let planes = srcPtr;
  if (!direct) {
    planes = scratchPtr;
    if (planar) {
      const sampleBytes = planeBytes * <usize>bps;
      for (let s = 0; s < spp; s++) {
        cellsToPlanesMono(srcPtr + <usize>s * sampleBytes, scratchPtr + <usize>s * sampleBytes, pixels, bps);
      }
    } else {
      cellsToPlanesInterleaved(srcPtr, scratchPtr, pixels, spp, bps);
    }
  }

  // PS3.5 G.5: header = segment count, 15 offsets (unused ones 0)
  memory.fill(dstPtr, 0, 64);
  store<u32>(dstPtr, <u32>segments);
  let out = dstPtr + 64;
  const dstEnd = dstPtr + <usize>dstLen;
  const planesEnd = planes + <usize>frame64;
  for (let k = 0; k < segments; k++) {
    store<u32>(dstPtr + 4 + (<usize>k << 2), <u32>(out - dstPtr));
    const plane = planes + <usize>k * planeBytes;
    for (let r = 0; r < rows; r++) out = encodeRow(plane + <usize>r * <usize>cols, cols, out, planesEnd, dstEnd);
    // G.5: each segment has an even length, padded with a zero byte
    if (((out - dstPtr) & 1) != 0) {
      store<u8>(out, 0);
      out++;
    }
  }
  return <i32>(out - dstPtr);
}
