// Huffman code construction for the raw-deflate compressor (RFC 1951 3.2.2): code lengths from symbol
// frequencies, limited to a maximum length (15 for literal/length and distance codes, 7 for the code length
// code, 3.2.7), then the canonical codes of those lengths, bit-reversed because deflate sends Huffman codes
// most significant bit first into an LSB-first bit stream (3.1.1).
//
// Lengths: symbols are sorted by frequency and Moffat & Katajainen's in-place method ("In-place calculation
// of minimum-redundancy codes", 1995) gives optimal (unlimited) lengths in O(n). When the longest exceeds the
// limit (rare: it takes Fibonacci-like frequencies), package-merge computes the optimal lengths within it.
// Both give a complete code (Kraft sum exactly 1).

import { INVALID_ARGUMENT } from "../../common/status";

/** Sort keys (frequency << 9 | symbol), ascending, for up to 288 used symbols. */
const KEYS: usize = memory.data(288 * 4, 16);
/** Moffat-Katajainen work array: frequencies, then parent indices, then depths. */
const WORK: usize = memory.data(288 * 4, 16);
/** Number of codes per length 0..15 (and package-merge's leaves selected per level 1..15). */
const BL_COUNT: usize = memory.data(16 * 4, 16);
/** Package-merge: one row of leaf/package flags per level 1..15, and two levels of item weights (u64). */
const PM_ROW: i32 = 2 * 288;
const PM_FLAGS: usize = memory.data(15 * PM_ROW, 16);
const PM_WEIGHTS_A: usize = memory.data(PM_ROW * 8, 16);
const PM_WEIGHTS_B: usize = memory.data(PM_ROW * 8, 16);
let pmLens: usize = 0;
/** Next canonical code per length 1..15 (3.2.2 step 2). */
const NEXT: usize = memory.data(16 * 4, 16);

/** Largest number of symbols in any deflate alphabet (literal/length, with the two reserved ones). */
export const MAX_SYMBOLS: i32 = 288;

@inline function blCount(len: i32): u32 {
  return load<u32>(BL_COUNT + (<usize>len << 2));
}

@inline function setBlCount(len: i32, v: u32): void {
  store<u32>(BL_COUNT + (<usize>len << 2), v);
}

/** Sorts KEYS[0..m) ascending (insertion sort: m <= 288, and the keys are often nearly sorted). */
function sortKeys(m: i32): void {
  for (let i = 1; i < m; i++) {
    const k = load<u32>(KEYS + (<usize>i << 2));
    let j = i - 1;
    while (j >= 0 && load<u32>(KEYS + (<usize>j << 2)) > k) {
      store<u32>(KEYS + (<usize>(j + 1) << 2), load<u32>(KEYS + (<usize>j << 2)));
      j--;
    }
    store<u32>(KEYS + (<usize>(j + 1) << 2), k);
  }
}

/**
 * Optimal code lengths of the m >= 2 frequencies in WORK (ascending), in place: WORK[i] becomes the length of
 * the i-th least frequent symbol (Moffat & Katajainen: parent pointers, internal depths, leaf depths).
 */
function minimumRedundancy(m: i32): void {
  const a = WORK;
  // Pass 1, left to right: pair the two smallest of (next leaf, next internal node); internal nodes overwrite
  // the array from the left and keep their weight until they are used, then become parent pointers.
  store<u32>(a, load<u32>(a) + load<u32>(a + 4));
  let root = 0;
  let leaf = 2;
  for (let next = 1; next < m - 1; next++) {
    const pn = a + (<usize>next << 2);
    if (leaf >= m || load<u32>(a + (<usize>root << 2)) < load<u32>(a + (<usize>leaf << 2))) {
      store<u32>(pn, load<u32>(a + (<usize>root << 2)));
      store<u32>(a + (<usize>root << 2), <u32>next);
      root++;
    } else {
      store<u32>(pn, load<u32>(a + (<usize>leaf << 2)));
      leaf++;
    }
    if (leaf >= m || (root < next && load<u32>(a + (<usize>root << 2)) < load<u32>(a + (<usize>leaf << 2)))) {
      store<u32>(pn, load<u32>(pn) + load<u32>(a + (<usize>root << 2)));
      store<u32>(a + (<usize>root << 2), <u32>next);
      root++;
    } else {
      store<u32>(pn, load<u32>(pn) + load<u32>(a + (<usize>leaf << 2)));
      leaf++;
    }
  }
  // Pass 2, right to left: depth of each internal node from its parent's.
  store<u32>(a + (<usize>(m - 2) << 2), 0);
  for (let next = m - 3; next >= 0; next--) {
    const parent = load<u32>(a + (<usize>next << 2));
    store<u32>(a + (<usize>next << 2), load<u32>(a + (<usize>parent << 2)) + 1);
  }
  // Pass 3, right to left: leaf depths, level by level.
  let avail = 1;
  let used = 0;
  let depth: u32 = 0;
  let r = m - 2;
  let next = m - 1;
  while (avail > 0) {
    while (r >= 0 && load<u32>(a + (<usize>r << 2)) == depth) {
      used++;
      r--;
    }
    while (avail > used) {
      store<u32>(a + (<usize>next << 2), depth);
      next--;
      avail--;
    }
    avail = 2 * used;
    depth++;
    used = 0;
  }
}

/**
 * Code lengths (u8 each, into `lens`) for the `n` frequencies (u32 each) at `freq`, none longer than `limit`.
 * Unused symbols get length 0. So that every decoder accepts the code, it always has at least two codes
 * (complete): with fewer than two used symbols, one or two unused ones get length 1 as well.
 * Frequencies must be below 2^23 (a block has at most 65536 symbols).
 */
export function buildLengths(freq: usize, n: i32, lens: usize, limit: i32): void {
  let m = 0;
  for (let s = 0; s < n; s++) {
    store<u8>(lens + <usize>s, 0);
    const f = load<u32>(freq + (<usize>s << 2));
    if (f != 0) {
      store<u32>(KEYS + (<usize>m << 2), (f << 9) | <u32>s);
      m++;
    }
  }
  if (m < 2) {
    const only = m == 1 ? <i32>(load<u32>(KEYS) & 511) : 0;
    store<u8>(lens + <usize>(only == 0 ? 1 : 0), 1);
    store<u8>(lens + <usize>only, 1);
    return;
  }
  sortKeys(m);
  for (let i = 0; i < m; i++) store<u32>(WORK + (<usize>i << 2), load<u32>(KEYS + (<usize>i << 2)) >>> 9);
  minimumRedundancy(m);

  let longest: u32 = 0;
  for (let i = 0; i < m; i++) {
    const l = load<u32>(WORK + (<usize>i << 2));
    if (l > longest) longest = l;
  }
  if (longest > <u32>limit) {
    pmLens = lens;
    packageMerge(m, limit);
    return;
  }
  // The i-th least frequent symbol gets the i-th length (Moffat-Katajainen depths do not increase with i).
  for (let i = 0; i < m; i++) {
    store<u8>(lens + <usize>(load<u32>(KEYS + (<usize>i << 2)) & 511), <u8>load<u32>(WORK + (<usize>i << 2)));
  }
}

/** Leaf weight of the i-th least frequent symbol. */
@inline function leafWeight(i: i32): u64 {
  return <u64>(load<u32>(KEYS + (<usize>i << 2)) >>> 9);
}

/**
 * Optimal code lengths of at most `limit` bits for the m sorted symbols of KEYS (m <= 2^limit), by
 * package-merge (Larmore & Hirschberg, "A fast algorithm for optimal length-limited Huffman codes", 1990),
 * into `lens`. Lists are built from the deepest level up: level `limit` holds the leaves; each level above
 * merges the leaves with the pairs ("packages") of the level below, in weight order. The 2m - 2 lightest
 * items of level 1 are selected; the packages selected at a level select twice as many items at the level
 * below. Within each level the selected leaves are the lightest ones (a prefix of KEYS), so only their
 * number per level is kept, and a symbol's length is the number of levels that select it.
 */
function packageMerge(m: i32, limit: i32): void {
  // PM_FLAGS row j - 1: for each item of level j in weight order, 1 for a leaf, 0 for a package.
  let cur = PM_WEIGHTS_A;
  let nxt = PM_WEIGHTS_B;
  const deepest = PM_FLAGS + <usize>((limit - 1) * PM_ROW);
  for (let i = 0; i < m; i++) {
    store<u64>(cur + (<usize>i << 3), leafWeight(i));
    store<u8>(deepest + <usize>i, 1);
  }
  let count = m;
  for (let j = limit - 1; j >= 1; j--) {
    const flags = PM_FLAGS + <usize>((j - 1) * PM_ROW);
    const packs = count >> 1;
    let li = 0;
    let pi = 0;
    let o = 0;
    while (li < m || pi < packs) {
      const pw: u64 = pi < packs ? load<u64>(cur + (<usize>(2 * pi) << 3)) + load<u64>(cur + (<usize>(2 * pi + 1) << 3)) : u64.MAX_VALUE;
      if (li < m && leafWeight(li) <= pw) {
        store<u64>(nxt + (<usize>o << 3), leafWeight(li));
        store<u8>(flags + <usize>o, 1);
        li++;
      } else {
        store<u64>(nxt + (<usize>o << 3), pw);
        store<u8>(flags + <usize>o, 0);
        pi++;
      }
      o++;
    }
    count = o;
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  // Selection, top down: BL_COUNT[j] = leaves selected at level j.
  let take = 2 * m - 2;
  for (let j = 1; j <= limit; j++) {
    const flags = PM_FLAGS + <usize>((j - 1) * PM_ROW);
    let leaves = 0;
    for (let i = 0; i < take; i++) leaves += <i32>load<u8>(flags + <usize>i);
    setBlCount(j, <u32>leaves);
    take = 2 * (take - leaves);
  }
  for (let i = 0; i < m; i++) {
    let len = 0;
    for (let j = 1; j <= limit; j++) if (<u32>i < blCount(j)) len++;
    store<u8>(pmLens + <usize>(load<u32>(KEYS + (<usize>i << 2)) & 511), <u8>len);
  }
}

/** Reverses the low `len` (1..16) bits of `code`. */
@inline function reverse(code: u32, len: i32): u32 {
  let v = code;
  v = ((v >> 1) & 0x5555) | ((v & 0x5555) << 1);
  v = ((v >> 2) & 0x3333) | ((v & 0x3333) << 2);
  v = ((v >> 4) & 0x0f0f) | ((v & 0x0f0f) << 4);
  v = ((v >> 8) & 0x00ff) | ((v & 0x00ff) << 8);
  return v >> <u32>(16 - len);
}

/**
 * RFC 1951 3.2.2: the canonical codes (u16 each, into `codes`, already bit-reversed for LSB-first output) of
 * the `n` code lengths (u8, 0..15) at `lens`. Unused symbols get code 0.
 */
export function buildCodes(lens: usize, n: i32, codes: usize): void {
  for (let l = 0; l <= 15; l++) setBlCount(l, 0);
  for (let s = 0; s < n; s++) {
    const l = <i32>load<u8>(lens + <usize>s);
    setBlCount(l, blCount(l) + 1);
  }
  let code: u32 = 0;
  setBlCount(0, 0);
  for (let l = 1; l <= 15; l++) {
    code = (code + blCount(l - 1)) << 1;
    store<u32>(NEXT + (<usize>l << 2), code);
  }
  for (let s = 0; s < n; s++) {
    const l = <i32>load<u8>(lens + <usize>s);
    if (l == 0) {
      store<u16>(codes + (<usize>s << 1), 0);
      continue;
    }
    const c = load<u32>(NEXT + (<usize>l << 2));
    store<u32>(NEXT + (<usize>l << 2), c + 1);
    store<u16>(codes + (<usize>s << 1), <u16>reverse(c, l));
  }
}

/**
 * The code lengths buildLengths gives, for tests and tools: `n` (2..288) frequencies (u32, each below 2^23)
 * at freqPtr, `n` lengths (u8) written at lensPtr, none above `limit` (1..15). Returns n, or -INVALID_ARGUMENT
 * for a count, limit or frequency out of range, more used symbols than 2^limit codes, or ranges outside memory.
 */
export function deflate_code_lengths(freqPtr: usize, n: i32, lensPtr: usize, lensLen: i32, limit: i32): i32 {
  const memBytes = <u64>memory.size() << 16;
  if (n < 2 || n > MAX_SYMBOLS || lensLen < n || limit < 1 || limit > 15) return -INVALID_ARGUMENT;
  if (<u64>freqPtr + (<u64>n << 2) > memBytes || <u64>lensPtr + <u64>lensLen > memBytes) return -INVALID_ARGUMENT;
  let used = 0;
  for (let s = 0; s < n; s++) {
    const f = load<u32>(freqPtr + (<usize>s << 2));
    if (f >= 1 << 23) return -INVALID_ARGUMENT;
    if (f != 0) used++;
  }
  if (used > 1 << limit) return -INVALID_ARGUMENT;
  buildLengths(freqPtr, n, lensPtr, limit);
  return n;
}
