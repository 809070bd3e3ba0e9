// Huffman table construction for the JPEG lossless encoder (ITU-T T.81 Annex K.2 and K.3).
//
// Symbols are the difference categories SSSS 0..16 (Table H.2). Per component c the encoder keeps
// FREQ[c][0..17] (index 17 is the reserved code point of K.2 that keeps the all-ones code unused),
// and produces BITS[c][1..16] and HUFFVAL[c][..] for the DHT segment.
import { buildEncodeTable } from "./huffman";

export const NSYM: i32 = 17;
/** Two halves of 4 x 18 counters each (see emitDiff in encode.ts). */
export const FREQ: usize = memory.data(2 * 4 * 18 * 4, 4);
const CODESIZE: usize = memory.data(18 * 4, 4);
const OTHERS: usize = memory.data(18 * 4, 4);
const BITS32: usize = memory.data(33 * 4, 4);
/** DHT payload per table: 16 BITS bytes then up to 17 HUFFVAL bytes; DHT_COUNT[c] = number of values. */
export const DHT_BITS: usize = memory.data(4 * 16, 4);
export const DHT_VALS: usize = memory.data(4 * 20, 4);
export const DHT_COUNT: usize = memory.data(4 * 4, 4);

/**
 * A fixed table for lossless differences: T.81 Table K.3 (luminance DC, SSSS 0..11) extended with one code
 * each for SSSS 12..16 at lengths 10..14, so that every category up to 16 has a code and the all-ones code
 * stays unused.
 */
const STD_BITS: usize = memory.data<u8>([0, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);

@inline function fi(c: i32, s: i32): usize {
  return FREQ + (<usize>(c * 18 + s) << 2);
}

export function clearFreq(): void {
  memory.fill(FREQ, 0, 2 * 4 * 18 * 4);
}

/** Builds table `c` from its frequencies (K.2, Figures K.1-K.4) or the fixed table; fills EHUF via C.2. */
export function makeTable(c: i32, standard: bool): i32 {
  const bitsOut = DHT_BITS + (<usize>c << 4);
  const valsOut = DHT_VALS + <usize>c * 20;
  if (standard) {
    for (let i: i32 = 0; i < 16; i++) store<u8>(bitsOut + <usize>i, load<u8>(STD_BITS + <usize>i));
    for (let i: i32 = 0; i < NSYM; i++) store<u8>(valsOut + <usize>i, <u8>i);
    store<i32>(DHT_COUNT + (<usize>c << 2), NSYM);
    return buildEncodeTable(c, bitsOut, valsOut);
  }
  // Figure K.1: code sizes by repeatedly merging the two least frequent entries.
  const f = fi(c, 0);
  for (let i: i32 = 0; i < 17; i++) {
    const q = f + (<usize>i << 2);
    store<i32>(q, load<i32>(q) + load<i32>(q + 72 * 4));
  }
  store<i32>(f + 17 * 4, 1); // reserved code point (K.2)
  for (let i: i32 = 0; i < 18; i++) {
    store<i32>(CODESIZE + (<usize>i << 2), 0);
    store<i32>(OTHERS + (<usize>i << 2), -1);
  }
  while (true) {
    let v1: i32 = -1;
    let v2: i32 = -1;
    let f1: i32 = 0x7fffffff;
    let f2: i32 = 0x7fffffff;
    // Least frequency, largest symbol on ties (K.2: "if more than one, pick the largest V").
    for (let i: i32 = 0; i < 18; i++) {
      const q = load<i32>(f + (<usize>i << 2));
      if (q > 0 && q <= f1) {
        f1 = q;
        v1 = i;
      }
    }
    for (let i: i32 = 0; i < 18; i++) {
      const q = load<i32>(f + (<usize>i << 2));
      if (i != v1 && q > 0 && q <= f2) {
        f2 = q;
        v2 = i;
      }
    }
    if (v2 < 0) break;
    store<i32>(f + (<usize>v1 << 2), f1 + f2);
    store<i32>(f + (<usize>v2 << 2), 0);
    let a = v1;
    store<i32>(CODESIZE + (<usize>a << 2), load<i32>(CODESIZE + (<usize>a << 2)) + 1);
    while (load<i32>(OTHERS + (<usize>a << 2)) >= 0) {
      a = load<i32>(OTHERS + (<usize>a << 2));
      store<i32>(CODESIZE + (<usize>a << 2), load<i32>(CODESIZE + (<usize>a << 2)) + 1);
    }
    store<i32>(OTHERS + (<usize>a << 2), v2);
    let b = v2;
    store<i32>(CODESIZE + (<usize>b << 2), load<i32>(CODESIZE + (<usize>b << 2)) + 1);
    while (load<i32>(OTHERS + (<usize>b << 2)) >= 0) {
      b = load<i32>(OTHERS + (<usize>b << 2));
      store<i32>(CODESIZE + (<usize>b << 2), load<i32>(CODESIZE + (<usize>b << 2)) + 1);
    }
  }
  // Figure K.2: count codes of each size.
  memory.fill(BITS32, 0, 33 * 4);
  for (let i: i32 = 0; i < 18; i++) {
    const s = load<i32>(CODESIZE + (<usize>i << 2));
    if (s > 0) store<i32>(BITS32 + (<usize>s << 2), load<i32>(BITS32 + (<usize>s << 2)) + 1);
  }
  // Figure K.3: limit code lengths to 16 bits, then drop the reserved code from the longest length.
  let i: i32 = 32;
  while (i > 16) {
    while (load<i32>(BITS32 + (<usize>i << 2)) > 0) {
      let j = i - 2;
      while (load<i32>(BITS32 + (<usize>j << 2)) == 0) j--;
      store<i32>(BITS32 + (<usize>i << 2), load<i32>(BITS32 + (<usize>i << 2)) - 2);
      store<i32>(BITS32 + (<usize>(i - 1) << 2), load<i32>(BITS32 + (<usize>(i - 1) << 2)) + 1);
      store<i32>(BITS32 + (<usize>(j + 1) << 2), load<i32>(BITS32 + (<usize>(j + 1) << 2)) + 2);
      store<i32>(BITS32 + (<usize>j << 2), load<i32>(BITS32 + (<usize>j << 2)) - 1);
    }
    i--;
  }
  while (load<i32>(BITS32 + (<usize>i << 2)) == 0) i--;
  store<i32>(BITS32 + (<usize>i << 2), load<i32>(BITS32 + (<usize>i << 2)) - 1);
  for (let l: i32 = 1; l <= 16; l++) store<u8>(bitsOut + <usize>(l - 1), <u8>load<i32>(BITS32 + (<usize>l << 2)));
  // Figure K.4: symbols in order of code size (the reserved symbol 17 is not listed).
  let k: i32 = 0;
  for (let s: i32 = 1; s <= 32; s++) {
    for (let v: i32 = 0; v < NSYM; v++) {
      if (load<i32>(CODESIZE + (<usize>v << 2)) == s) {
        store<u8>(valsOut + <usize>k, <u8>v);
        k++;
      }
    }
  }
  store<i32>(DHT_COUNT + (<usize>c << 2), k);
  return buildEncodeTable(c, bitsOut, valsOut);
}
