// Canonical Huffman decode tables for raw deflate (RFC 1951 3.2.2, 3.2.6, 3.2.7).
//
// A table is indexed by the next `root` bits of the bit buffer. Deflate packs Huffman codes starting with
// their most significant bit (3.1.1), so a code of `len` bits occupies the bit-reversed index and every index
// whose low `len` bits equal it. Codes longer than `root` go through a second-level subtable: the root entry
// points to it, and the subtable is indexed by the following (longest - root) bits.

import { DEFLATE_INVALID_CODE_LENGTHS } from "../../common/status";
import {
  COUNTS,
  DIST_BASE,
  DIST_EXTRA,
  KIND_END,
  KIND_INVALID,
  KIND_LENGTH,
  KIND_LITERAL,
  KIND_SUB,
  LENGTH_BASE,
  LENGTH_EXTRA,
  MAX_BITS,
  NEXT_CODE,
  SORTED,
} from "./tables";

/** Alphabets: the code length code (3.2.7), literal/length (3.2.5) and distance (3.2.5). */
export const ALPHABET_CL: i32 = 0;
export const ALPHABET_LITLEN: i32 = 1;
export const ALPHABET_DIST: i32 = 2;

/** The table entry of `sym` for a code of `len` bits (see tables.ts for the entry layout). */
@inline function entryFor(alphabet: i32, sym: i32, len: i32): u32 {
  const n = <u32>len;
  if (alphabet == ALPHABET_LITLEN) {
    if (sym < 256) return KIND_LITERAL | (<u32>sym << 16) | n;
    if (sym == 256) return KIND_END | n;
    if (sym <= 285) {
      const k = <usize>(sym - 257);
      return KIND_LENGTH | (<u32>load<u16>(LENGTH_BASE + (k << 1)) << 16) | (<u32>load<u8>(LENGTH_EXTRA + k) << 4) | n;
    }
    return KIND_INVALID | n; // 286, 287: take part in the code but never occur in data (3.2.6)
  }
  if (alphabet == ALPHABET_DIST) {
    if (sym < 30) {
      const k = <usize>sym;
      return KIND_LENGTH | (<u32>load<u16>(DIST_BASE + (k << 1)) << 16) | (<u32>load<u8>(DIST_EXTRA + k) << 4) | n;
    }
    return KIND_INVALID | n; // 30, 31 (3.2.6)
  }
  return KIND_LITERAL | (<u32>sym << 16) | n;
}

/** Reverses the low `len` bits of `code`. */
@inline function reverseBits(code: u32, len: i32): u32 {
  let r: u32 = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>= 1;
  }
  return r;
}

/** Fills `count` entries of `table` from `at` with `value`. */
@inline function fill32(table: usize, at: i32, count: i32, value: u32): void {
  for (let i = 0; i < count; i++) store<u32>(table + (<usize>(at + i) << 2), value);
}

/**
 * Builds the decode table of the `n` code lengths (bytes, 0 = unused symbol) at `lengths` into `table`
 * (`capacity` entries, root `root` bits). RFC 1951 3.2.2: codes are assigned in order of length, then of
 * symbol. Returns 0, or the (positive) status DEFLATE_INVALID_CODE_LENGTHS when the lengths over-subscribe
 * the code space, leave it incomplete (allowed only for a single code of one bit, and for a distance code
 * with no codes at all, 3.2.7), or the subtables would not fit.
 */
export function buildTable(lengths: usize, n: i32, table: usize, capacity: i32, root: i32, alphabet: i32): i32 {
  for (let l = 0; l <= MAX_BITS; l++) store<u16>(COUNTS + (<usize>l << 1), 0);
  let maxLen = 0;
  for (let s = 0; s < n; s++) {
    const len = <i32>load<u8>(lengths + <usize>s);
    if (len > MAX_BITS) return DEFLATE_INVALID_CODE_LENGTHS;
    const at = COUNTS + (<usize>len << 1);
    store<u16>(at, load<u16>(at) + 1);
    if (len > maxLen) maxLen = len;
  }
  const rootSize = 1 << root;
  fill32(table, 0, rootSize, KIND_INVALID | <u32>root);
  if (maxLen == 0) {
    // No codes: a distance code may be empty when the block has only literals (3.2.7); using it is an error.
    return alphabet == ALPHABET_DIST ? 0 : DEFLATE_INVALID_CODE_LENGTHS;
  }

  // Kraft sum: `left` is the number of unused codes of the current length.
  let left = 1;
  let total = 0;
  for (let l = 1; l <= MAX_BITS; l++) {
    const c = <i32>load<u16>(COUNTS + (<usize>l << 1));
    left = (left << 1) - c;
    total += c;
    if (left < 0) return DEFLATE_INVALID_CODE_LENGTHS; // over-subscribed
  }
  // Incomplete codes: only one code of one bit (3.2.7: "one distance code ... encoded using one bit").
  if (left > 0 && (alphabet == ALPHABET_CL || total != 1 || maxLen != 1)) return DEFLATE_INVALID_CODE_LENGTHS;

  // The first code of each length (3.2.2 step 2; unused symbols, length 0, count for nothing), and the first
  // slot of each length in the list of symbols sorted by (length, symbol), which is the canonical code order.
  let code: u32 = 0;
  let start = 0;
  for (let l = 1; l <= MAX_BITS; l++) {
    const prev = l > 1 ? <u32>load<u16>(COUNTS + (<usize>(l - 1) << 1)) : 0;
    code = (code + prev) << 1;
    store<u16>(NEXT_CODE + (<usize>l << 1), <u16>code);
  }
  for (let l = 1; l <= MAX_BITS; l++) {
    const c = <i32>load<u16>(COUNTS + (<usize>l << 1));
    store<u16>(COUNTS + (<usize>l << 1), <u16>start); // COUNTS now holds the next free slot of each length
    start += c;
  }
  for (let s = 0; s < n; s++) {
    const len = <usize>load<u8>(lengths + <usize>s);
    if (len == 0) continue;
    const at = COUNTS + (len << 1);
    const slot = <usize>load<u16>(at);
    store<u16>(SORTED + (slot << 1), <u16>s);
    store<u16>(at, <u16>(slot + 1));
  }

  // Fill the entries, in canonical order so that codes sharing a root prefix are adjacent.
  const rootMask: u32 = <u32>rootSize - 1;
  const subBits = maxLen > root ? maxLen - root : 0;
  let nextSub = rootSize;
  let curPrefix: i32 = -1;
  let subAt = 0;
  for (let k = 0; k < total; k++) {
    const sym = <i32>load<u16>(SORTED + (<usize>k << 1));
    const len = <i32>load<u8>(lengths + <usize>sym);
    const ncAt = NEXT_CODE + (<usize>len << 1);
    const c = <u32>load<u16>(ncAt);
    store<u16>(ncAt, <u16>(c + 1));
    const rev = reverseBits(c, len);
    if (len <= root) {
      const e = entryFor(alphabet, sym, len);
      for (let i = <i32>rev; i < rootSize; i += 1 << len) store<u32>(table + (<usize>i << 2), e);
      continue;
    }
    const prefix = <i32>(rev & rootMask);
    if (prefix != curPrefix) {
      curPrefix = prefix;
      subAt = nextSub;
      nextSub += 1 << subBits;
      if (nextSub > capacity) return DEFLATE_INVALID_CODE_LENGTHS;
      fill32(table, subAt, 1 << subBits, KIND_INVALID | <u32>subBits);
      store<u32>(table + (<usize>prefix << 2), KIND_SUB | (<u32>subAt << 16) | (<u32>subBits << 4) | <u32>root);
    }
    const rem = len - root;
    const e = entryFor(alphabet, sym, rem);
    for (let i = <i32>(rev >> <u32>root); i < 1 << subBits; i += 1 << rem) store<u32>(table + (<usize>(subAt + i) << 2), e);
  }
  return 0;
}
