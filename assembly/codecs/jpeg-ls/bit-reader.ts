// JPEG-LS entropy-coded data reader (T.87 A.1 and D.1): bits most significant first; after a 0xFF byte the
// encoder stuffs a 0 bit, so the next byte carries only 7 data bits; 0xFF followed by a byte >= 0x80 is a
// marker and ends the coded data. Past the end (or at a marker) the reader feeds zero bits and counts
// them, so that a truncated stream is detected (`overran`) instead of read out of bounds.

let pos: usize = 0;
let end: usize = 0;
/** Left-aligned bit cache: the next bit is bit 63; `bits` of it are valid. */
let cache: u64 = 0;
let bits: i32 = 0;
/** Zero bits fed after the data ended. */
let fake: i32 = 0;
let afterFF: bool = false;
let atMarker: bool = false;

export function brInit(start: usize, stop: usize): void {
  pos = start;
  end = stop;
  cache = 0;
  bits = 0;
  fake = 0;
  afterFF = false;
  atMarker = false;
}

/**
 * Refills the cache to at least 57 valid bits; inline in the line decoder's per-sample refill check
 * (+1-2 %), a call (fill) elsewhere. The common case is one 8-byte load: the j = (64 - bits) / 8 bytes
 * the byte loop of fillSlow would take, when none of them is 0xFF (the zero-byte test on ~w may flag a
 * byte before a real 0xFF: then fillSlow runs; it never misses one). Same bytes, same final `bits` and
 * `pos` as fillSlow, so error offsets do not move. Measured: +0-3.5 % on whole decodes (most for 16-bit MR).
 */
@inline export function fillInline(): void {
  let done = false;
  if (bits <= 56 && !afterFF && !atMarker && pos + 8 <= end) {
    const w = bswap<u64>(load<u64>(pos));
    const j = (64 - bits) >> 3;
    const keep = ~(<u64>0) << <u64>(64 - (j << 3));
    const x = ~w;
    if (((x - 0x0101010101010101) & ~x & 0x8080808080808080 & keep) == 0) {
      cache |= (w & keep) >> <u64>bits;
      bits += j << 3;
      pos += <usize>j;
      done = true;
    }
  }
  if (!done) fillSlow();
}

/** Refills the cache to at least 57 valid bits (fillInline as a call). */
export function fill(): void {
  fillInline();
}

/** fill() byte by byte: 0xFF, the stuffed bit after it, markers and the end of the data (zero bits). */
function fillSlow(): void {
  // Fast path: four bytes at once while none of them is 0xFF (no stuffing, no marker in them)
  while (bits <= 32 && !afterFF && !atMarker && pos + 4 <= end) {
    const w = bswap<u32>(load<u32>(pos));
    const x = ~w;
    if (((x - 0x01010101) & ~x & 0x80808080) != 0) break; // some byte of w is 0xFF
    cache |= <u64>w << <u64>(32 - bits);
    bits += 32;
    pos += 4;
  }
  while (bits <= 56) {
    if (atMarker || pos >= end) {
      bits += 8;
      fake += 8;
      continue;
    }
    const b = <u64>load<u8>(pos);
    if (afterFF) {
      // T.87 A.1: the byte after 0xFF holds a stuffed 0 bit and 7 data bits (a set MSB would be a
      // marker, caught by the look-ahead below).
      cache |= b << <u64>(57 - bits);
      bits += 7;
      pos++;
      afterFF = false;
      continue;
    }
    if (b == 0xff) {
      if (pos + 1 < end && load<u8>(pos + 1) >= 0x80) {
        atMarker = true; // T.87 D.1: a marker ends the coded segment
        continue;
      }
      afterFF = true;
    }
    cache |= b << <u64>(56 - bits);
    bits += 8;
    pos++;
  }
}

// The line decoders of scan.ts keep the cache and its bit count in locals across a line (wasm globals live
// in memory) and hand them back here around refills and the less frequent run-mode paths.
@inline export function brCache(): u64 {
  return cache;
}
@inline export function brBits(): i32 {
  return bits;
}
@inline export function brSet(c: u64, n: i32): void {
  cache = c;
  bits = n;
}

/** True when the decoder consumed bits beyond the coded data (the stream is truncated). */
export function brOverran(): bool {
  return fake > bits;
}

/** Reads n bits (0..32), most significant first. */
@inline export function readBits(n: i32): i32 {
  if (n == 0) return 0;
  if (bits < n) fill();
  const v = <i32>(cache >> <u64>(64 - n));
  cache <<= <u64>n;
  bits -= n;
  return v;
}

@inline export function readBit(): i32 {
  if (bits < 1) fill();
  const v = <i32>(cache >> 63);
  cache <<= 1;
  bits -= 1;
  return v;
}

/**
 * Decodes one limited-length Golomb code LG(k, limit) (T.87 A.5.3): a unary prefix q, then k bits when
 * q < limit - qbpp - 1, or the escape: qbpp bits holding the value minus 1. Returns -1 for a prefix longer
 * than the limit allows (invalid data).
 */
@inline export function readGolomb(k: i32, limit: i32, qbpp: i32): i32 {
  let q: i32 = 0;
  const escape = limit - qbpp - 1;
  while (true) {
    if (bits < 32) fill();
    const lz = <i32>clz(cache);
    if (lz < bits) {
      q += lz;
      cache <<= <u64>lz;
      cache <<= 1;
      bits -= lz + 1;
      break;
    }
    q += bits;
    cache = 0;
    bits = 0;
    if (q > escape) return -1;
  }
  if (q < escape) return (q << k) + readBits(k);
  if (q == escape) return readBits(qbpp) + 1;
  return -1;
}

/**
 * readGolomb with its common case inline: after the same refill, a prefix below the escape whose code
 * (prefix, its 1, k bits) is all in the cache is taken in one step; anything else is left to readGolomb,
 * so the bits consumed and the refills are exactly readGolomb's. The cache's top bit after skipping the
 * prefix is the terminating 1, so `c1 >> (63 - k)` is 2^k plus the k-bit suffix; k <= 31 (A and N are i32).
 */
@inline export function readGolombFast(k: i32, limit: i32, qbpp: i32): i32 {
  if (bits < 32) fill();
  const lz = <i32>clz(cache);
  if (lz + 1 + k <= bits && lz < limit - qbpp - 1) {
    const c1 = cache << <u64>lz;
    cache = c1 << <u64>(k + 1);
    bits -= lz + 1 + k;
    return ((lz - 1) << k) + <i32>(c1 >> <u64>(63 - k));
  }
  return readGolomb(k, limit, qbpp);
}

/**
 * Ends the coded segment: drops the cached bits and returns the offset (from `start`) of the marker that
 * follows, skipping anything before it; -1 when no marker follows.
 */
export function brFindMarker(start: usize): i32 {
  let p = pos;
  cache = 0;
  bits = 0;
  afterFF = false;
  while (p + 1 < end) {
    if (load<u8>(p) == 0xff && load<u8>(p + 1) >= 0x80) return <i32>(p - start);
    p++;
  }
  return -1;
}

/** Offset (from `start`) of the next byte the reader would load. */
export function brPosition(start: usize): i32 {
  return <i32>(pos - start);
}
