// RLE Lossless decoder (PS3.5 Annex G): one fragment = one frame.
//
// PS3.5 G.5 fragment layout:
//
//   offset 0   UL  number of segments (1..15)
//   offset 4   UL  offset of segment 1 (64 for the first segment)
//   ...        UL  offsets of segments 2..15 (0 when unused)
//   offset 64  segment 1 | segment 2 | ... (each a PackBits byte stream, G.3.1)
//
// Segment k holds byte plane k (planes.ts): the most significant byte of sample 0 first (G.2), unless the
// caller asks for the reversed (least significant first) order some old writers produced (DCMTK +br).
//
// The decoder is two-pass: every segment is PackBits-decoded into its own contiguous plane (in the
// caller-supplied scratch, or straight into the destination when the planes already are the output), then
// the planes are re-interleaved into little-endian colour-by-pixel cells with v128 shuffles.

import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL, TRUNCATED, RLE_SEGMENT_COUNT, RLE_SEGMENT_OFFSET, RLE_SEGMENT_LENGTH } from "../../common/status";
import { planesToCellsInterleaved, planesToCellsMono } from "./planes";

/** flags bit 0: output colour-by-plane (Planar Configuration 1). */
export const RLE_FLAG_PLANAR: i32 = 1;
/** flags bit 1: segments hold the least significant byte first (DCMTK +br). */
export const RLE_FLAG_REVERSED: i32 = 2;
/** flags bit 2: lenient: pad short segments with zeros and ignore excess data instead of failing. */
export const RLE_FLAG_LENIENT: i32 = 4;

/** Warnings of the last decode: bit k = segment k was short or truncated and was zero-padded; bit 16 + k =
 *  segment k held more data than one plane and the excess was ignored. Only set in lenient mode. */
let lastWarnings: i32 = 0;

/** Byte offset in the fragment where the last decode failed (-1 when it did not). */
let errorOffset: i32 = -1;

/** Warnings of the last `rle_decode_frame` call (lenient mode), see `lastWarnings`. */
export function rle_decode_warnings(): i32 {
  return lastWarnings;
}

/** Byte offset in the fragment at which the last `rle_decode_frame` call failed, or -1. */
export function rle_decode_error_offset(): i32 {
  return errorOffset;
}

/** Records where decoding failed and returns the negated status. */
@inline function fail(status: i32, at: usize, base: usize): i32 {
  errorOffset = <i32>(at - base);
  return -status;
}

const HEADER_BYTES: i32 = 64;

/**
 * PackBits-decodes one segment [s, sEnd) into one plane [d, dEnd) (PS3.5 G.3.1 / G.3.2):
 *   header n in 0..127   -> copy the next n + 1 bytes literally;
 *   header n in -127..-1 -> repeat the next byte -n + 1 times;
 *   header -128          -> no operation.
 * Runs may cross row boundaries (the row rule G.3.1 binds encoders only). `srcEnd` bounds the 16-byte
 * over-reads of the fast copy (reading a few bytes of the next segment is harmless; they are not used).
 * Returns 0, or a negated status.
 */
function decodeSegment(base: usize, s: usize, sEnd: usize, srcEnd: usize, d: usize, dEnd: usize, lenient: bool, seg: i32): i32 {
  while (d < dEnd) {
    if (s >= sEnd) {
      // G.3.2: the segment ended before its plane was full
      if (!lenient) return fail(RLE_SEGMENT_LENGTH, s, base);
      lastWarnings |= 1 << seg;
      memory.fill(d, 0, dEnd - d);
      return 0;
    }
    const h = <i32>load<i8>(s);
    s++;
    if (h >= 0) {
      // literal run of h + 1 bytes
      let n = <usize>(h + 1);
      if (d + n > dEnd) {
        if (!lenient) return fail(RLE_SEGMENT_LENGTH, s - 1, base);
        lastWarnings |= 1 << (seg + 16);
        n = dEnd - d;
      }
      if (s + n > sEnd) {
        if (!lenient) return fail(TRUNCATED, s - 1, base);
        lastWarnings |= 1 << seg;
        const have = sEnd - s;
        memory.copy(d, s, have);
        memory.fill(d + have, 0, dEnd - d - have);
        return 0;
      }
      const r = (n + 15) & ~<usize>15;
      if (s + r <= srcEnd && d + r <= dEnd) {
        // at most 8 unaligned 16-byte moves; the over-read/over-write stays inside the fragment / plane
        for (let k: usize = 0; k < n; k += 16) v128.store(d + k, v128.load(s + k));
      } else {
        memory.copy(d, s, n);
      }
      s += n;
      d += n;
    } else if (h != -128) {
      // replicate run of -h + 1 copies of one byte
      let n = <usize>(1 - h);
      if (s >= sEnd) {
        if (!lenient) return fail(TRUNCATED, s - 1, base);
        lastWarnings |= 1 << seg;
        memory.fill(d, 0, dEnd - d);
        return 0;
      }
      if (d + n > dEnd) {
        if (!lenient) return fail(RLE_SEGMENT_LENGTH, s - 1, base);
        lastWarnings |= 1 << (seg + 16);
        n = dEnd - d;
      }
      const v = load<u8>(s);
      s++;
      const r = (n + 15) & ~<usize>15;
      if (d + r <= dEnd) {
        const sv = i8x16.splat(v);
        for (let k: usize = 0; k < n; k += 16) v128.store(d + k, sv);
      } else {
        memory.fill(d, v, n);
      }
      d += n;
    }
    // h == -128: no-op (G.3.2)
  }
  // The plane is full. What is left may be no-ops and one padding byte (G.5: odd segments are padded to
  // an even length); anything that would decode to more bytes is excess data.
  while (s < sEnd) {
    if (load<i8>(s) == -128) {
      s++;
      continue;
    }
    if (s + 1 == sEnd) break;
    if (!lenient) return fail(RLE_SEGMENT_LENGTH, s, base);
    lastWarnings |= 1 << (seg + 16);
    break;
  }
  return 0;
}

/**
 * Decodes one RLE Lossless frame (one fragment) into canonical cells: little endian, colour-by-pixel
 * (or colour-by-plane with RLE_FLAG_PLANAR), not yet masked to Bits Stored.
 *
 * @param srcPtr/srcLen     the fragment
 * @param dstPtr/dstLen     destination, at least rows * cols * spp * bps bytes
 * @param scratchPtr/scratchLen  room for the byte planes, rows * cols * spp * bps bytes (unused, and may be
 *                          0, when the planes are the output: bps 1 with one sample or planar output)
 * @param rows, cols        frame size
 * @param spp               Samples per Pixel (spp * bps <= 15)
 * @param bps               bytes per sample: Bits Allocated / 8 = 1, 2 or 4
 * @param flags             RLE_FLAG_* bits
 * @returns bytes written, or a negated status
 */
export function rle_decode_frame(
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
  lastWarnings = 0;
  errorOffset = -1;
  if (srcLen < 0 || dstLen < 0 || scratchLen < 0 || rows < 1 || cols < 1 || spp < 1 || spp > 15) return -INVALID_ARGUMENT;
  if (bps != 1 && bps != 2 && bps != 4) return -INVALID_ARGUMENT;
  if (spp * bps > 15 || (flags & ~7) != 0) return -INVALID_ARGUMENT;
  const pixels64 = <u64>rows * <u64>cols;
  const frame64 = pixels64 * <u64>(spp * bps);
  if (frame64 > <u64>dstLen) return -DESTINATION_TOO_SMALL;
  const pixels = <i32>pixels64;
  const planeBytes = <usize>pixels;
  const planar = (flags & RLE_FLAG_PLANAR) != 0;
  const direct = bps == 1 && (spp == 1 || planar);
  if (!direct && frame64 > <u64>scratchLen) return -INVALID_ARGUMENT;

  // PS3.5 G.5: the 64-byte header
  if (srcLen < HEADER_BYTES) return fail(TRUNCATED, srcPtr + <usize>srcLen, srcPtr);
  const count = load<u32>(srcPtr);
  if (count < 1 || count > 15) return fail(RLE_SEGMENT_COUNT, srcPtr, srcPtr);
  // G.2: one segment per byte plane
  if (<i32>count != spp * bps) return fail(RLE_SEGMENT_COUNT, srcPtr, srcPtr);
  let prev: u32 = <u32>HEADER_BYTES;
  for (let k: u32 = 0; k < count; k++) {
    const o = load<u32>(srcPtr + 4 + (<usize>k << 2));
    if (o < prev || o > <u32>srcLen) return fail(RLE_SEGMENT_OFFSET, srcPtr + 4 + (<usize>k << 2), srcPtr);
    prev = o;
  }

  const lenient = (flags & RLE_FLAG_LENIENT) != 0;
  const reversed = (flags & RLE_FLAG_REVERSED) != 0;
  const planes = direct ? dstPtr : scratchPtr;
  const srcEnd = srcPtr + <usize>srcLen;
  for (let k: i32 = 0; k < <i32>count; k++) {
    const start = srcPtr + <usize>load<u32>(srcPtr + 4 + (<usize>k << 2));
    const end = k + 1 < <i32>count ? srcPtr + <usize>load<u32>(srcPtr + 8 + (<usize>k << 2)) : srcEnd;
    // slot = sample * bps + byte (MSB first); reversed order stores the LSB first within each sample
    let slot = k;
    if (reversed) {
      const s = k / bps;
      slot = s * bps + (bps - 1 - (k - s * bps));
    }
    const d = planes + <usize>slot * planeBytes;
    const st = decodeSegment(srcPtr, start, end, srcEnd, d, d + planeBytes, lenient, k);
    if (st < 0) return st;
  }

  if (!direct) {
    if (planar) {
      const sampleBytes = planeBytes * <usize>bps;
      for (let s = 0; s < spp; s++) {
        planesToCellsMono(scratchPtr + <usize>s * sampleBytes, dstPtr + <usize>s * sampleBytes, pixels, bps);
      }
    } else {
      planesToCellsInterleaved(scratchPtr, dstPtr, pixels, spp, bps);
    }
  }
  return <i32>frame64;
}
