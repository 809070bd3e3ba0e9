// LZ77 match finding of the raw-deflate compressor (RFC 1951 4 suggests a chained hash table over 3-byte
// sequences; this one hashes 4 bytes, see hash4). The whole input is in
// memory, so positions are absolute source offsets:
//
//   head[hash]          the latest position whose next 4 bytes have this hash, or -1     (i32 x 2^HASH_BITS)
//   prev[p & 0xFFFF]    p minus the position inserted before p with the same hash, or 0 when there is
//                       none within 65535                                                  (u16 x 65536)
//
// prev keeps 64 Ki links while distances reach back 32 KiB (3.2.5: at most 32768), so every link followed
// from a position inside the window is still the one written when that position was inserted. Chains are
// followed while positions strictly decrease, which also bounds the walk.

/** Bits of the hash (32 Ki chain heads). */
export const HASH_BITS: i32 = 15;
export const HASH_SIZE: i32 = 1 << HASH_BITS;
/** Entries of the prev links (a power of two, at least twice the window). */
export const PREV_SIZE: i32 = 65536;
/** RFC 1951 3.2.5: the largest distance. */
export const WINDOW: i32 = 32768;
/** RFC 1951 3.2.5: match lengths 3..258. */
export const MIN_MATCH: i32 = 3;
export const MAX_MATCH: i32 = 258;

/** Source position of the match the last longestMatch call found. */
export let matchPos: i32 = 0;

/**
 * Multiplicative hash of the 4 bytes at p (the top HASH_BITS bits of their product with 2^32 / phi). Four
 * bytes, not three: on 16-bit images three bytes (one sample and half the next) repeat so often that chains
 * fill with candidates that match only 3 bytes, which rarely pay for their distance; hashing four makes the
 * walk several times shorter for a ratio within a fraction of a percent (3-byte matches are still taken
 * when a chain offers them).
 */
@inline function hash4(p: usize): u32 {
  return (load<u32>(p) * 0x9e3779b1) >>> <u32>(32 - HASH_BITS);
}

/** Bytes a position needs after it to be hashed. */
export const HASH_BYTES: i32 = 4;

/**
 * Inserts position p (p + HASH_BYTES <= source length) into its hash chain and returns the previous head
 * of that chain (-1 when empty).
 */
@inline export function insertString(src: usize, head: usize, prev: usize, p: i32): i32 {
  const slot = head + (<usize>hash4(src + <usize>p) << 2);
  const older = load<i32>(slot);
  const delta = p - older; // older is -1 (empty) or an earlier position
  store<u16>(prev + (<usize>(p & (PREV_SIZE - 1)) << 1), <u16>(delta > 0xffff ? 0 : delta));
  store<i32>(slot, p);
  return older;
}

/** Inserts positions [from, to) that have HASH_BYTES bytes left before `end` (the source length). */
export function insertRange(src: usize, head: usize, prev: usize, from: i32, to: i32, end: i32): void {
  const stop = to < end - (HASH_BYTES - 1) ? to : end - (HASH_BYTES - 1);
  for (let p = from; p < stop; p++) insertString(src, head, prev, p);
}

/** Length of the common prefix of a and b, up to `limit` (b < a, a + limit <= end of the source). */
@inline function commonLength(a: usize, b: usize, limit: i32): i32 {
  let len = 0;
  // 8 bytes at a time: the first differing byte is the lowest set byte of the XOR (little endian).
  while (len + 8 <= limit) {
    const x = load<u64>(a + <usize>len) ^ load<u64>(b + <usize>len);
    if (x != 0) return len + <i32>(ctz<u64>(x) >> 3);
    len += 8;
  }
  while (len < limit && load<u8>(a + <usize>len) == load<u8>(b + <usize>len)) len++;
  return len;
}

/**
 * The longest match for position `cur` among the chain starting at `cand`, longer than `best` (>= 2): its
 * length (matchPos set), or `best` when none is longer. `limit` (3..258, <= source length - cur) caps the
 * length; the walk stops after `chain` candidates, at the window's edge, or at a match of `nice` bytes.
 */
export function longestMatch(src: usize, prev: usize, cur: i32, cand: i32, limit: i32, best: i32, chain: i32, nice: i32): i32 {
  if (best >= limit) return best;
  const minPos = cur > WINDOW ? cur - WINDOW : 0;
  const a = src + <usize>cur;
  let tries = chain;
  while (cand >= minPos && tries > 0) {
    tries--;
    const b = src + <usize>cand;
    // Cheap rejections first: the last byte of the best and the one that would make the match longer
    // (best >= 2, so both lie inside the candidate), then the first two bytes.
    if (load<u16>(b + <usize>(best - 1)) == load<u16>(a + <usize>(best - 1)) && load<u16>(b) == load<u16>(a)) {
      const len = commonLength(a, b, limit);
      if (len > best) {
        best = len;
        matchPos = cand;
        if (len >= nice || len >= limit) break;
      }
    }
    const next = cand - <i32>load<u16>(prev + (<usize>(cand & (PREV_SIZE - 1)) << 1));
    if (next >= cand) break; // 0: end of the chain (or a link too long to keep)
    cand = next;
  }
  return best;
}
