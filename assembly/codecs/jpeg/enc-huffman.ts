// Huffman tables for the encoder: optimal code lengths from symbol counts (ITU-T T.81 K.2, Figures K.1-K.3,
// with the reserved all-ones code point), and code assignment from BITS/HUFFVAL (C.2, Figures C.1-C.3).

const CODESIZE: usize = memory.data(257 * 4, 16);
const OTHERS: usize = memory.data(257 * 4, 16);
const LBITS: usize = memory.data(33 * 4, 16);

@inline function ld(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function st(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

/**
 * K.2: builds BITS (16 bytes at `bits`) and HUFFVAL (at `vals`) from 256 symbol counts at `freq` (i32; the
 * array needs room for 257 entries: entry 256 is the reserved code point and is overwritten). Returns the
 * number of symbols.
 */
export function genOptimalTable(freq: usize, bits: usize, vals: usize): i32 {
  st(freq, 256, 1); // reserve one code point so that no real code is all ones (K.2)
  for (let i: i32 = 0; i < 257; i++) {
    st(CODESIZE, i, 0);
    st(OTHERS, i, -1);
  }
  while (true) {
    // Figure K.1: the two least frequent trees (ties: the larger symbol value, as IJG does).
    let c1: i32 = -1;
    let v: i32 = 0x7fffffff;
    for (let i: i32 = 0; i <= 256; i++) {
      const f = ld(freq, i);
      if (f != 0 && f <= v) {
        v = f;
        c1 = i;
      }
    }
    let c2: i32 = -1;
    v = 0x7fffffff;
    for (let i: i32 = 0; i <= 256; i++) {
      const f = ld(freq, i);
      if (f != 0 && f <= v && i != c1) {
        v = f;
        c2 = i;
      }
    }
    if (c2 < 0) break;
    st(freq, c1, ld(freq, c1) + ld(freq, c2));
    st(freq, c2, 0);
    st(CODESIZE, c1, ld(CODESIZE, c1) + 1);
    while (ld(OTHERS, c1) >= 0) {
      c1 = ld(OTHERS, c1);
      st(CODESIZE, c1, ld(CODESIZE, c1) + 1);
    }
    st(OTHERS, c1, c2);
    st(CODESIZE, c2, ld(CODESIZE, c2) + 1);
    while (ld(OTHERS, c2) >= 0) {
      c2 = ld(OTHERS, c2);
      st(CODESIZE, c2, ld(CODESIZE, c2) + 1);
    }
  }
  // Figure K.2: count codes of each length (at most 32 before limiting: 257 symbols).
  for (let i: i32 = 0; i <= 32; i++) st(LBITS, i, 0);
  for (let i: i32 = 0; i <= 256; i++) {
    const s = ld(CODESIZE, i);
    if (s > 0) st(LBITS, s > 32 ? 32 : s, ld(LBITS, s > 32 ? 32 : s) + 1);
  }
  // Figure K.3: limit code lengths to 16 bits.
  for (let i: i32 = 32; i > 16; i--) {
    while (ld(LBITS, i) > 0) {
      let j = i - 2;
      while (ld(LBITS, j) == 0) j--;
      st(LBITS, i, ld(LBITS, i) - 2);
      st(LBITS, i - 1, ld(LBITS, i - 1) + 1);
      st(LBITS, j + 1, ld(LBITS, j + 1) + 2);
      st(LBITS, j, ld(LBITS, j) - 1);
    }
  }
  // Remove the reserved code point from the longest length in use.
  let i: i32 = 16;
  while (i > 0 && ld(LBITS, i) == 0) i--;
  if (i > 0) st(LBITS, i, ld(LBITS, i) - 1);
  for (let l: i32 = 1; l <= 16; l++) store<u8>(bits + <usize>(l - 1), <u8>ld(LBITS, l));
  // Figure K.4: symbols sorted by code length, then by value.
  let p: i32 = 0;
  for (let l: i32 = 1; l <= 32; l++) {
    for (let s: i32 = 0; s < 256; s++) {
      if (ld(CODESIZE, s) == l) {
        store<u8>(vals + <usize>p, <u8>s);
        p++;
      }
    }
  }
  return p;
}

/** C.2: codes (u16 at `code`) and lengths (u8 at `size`) per symbol from BITS/HUFFVAL. Unused symbols get 0. */
export function deriveCodes(bits: usize, vals: usize, code: usize, size: usize): void {
  memory.fill(code, 0, 512);
  memory.fill(size, 0, 256);
  let c: i32 = 0;
  let k: i32 = 0;
  for (let l: i32 = 1; l <= 16; l++) {
    const n = <i32>load<u8>(bits + <usize>(l - 1));
    for (let i: i32 = 0; i < n; i++) {
      const s = <usize>load<u8>(vals + <usize>k);
      store<u16>(code + (s << 1), <u16>c);
      store<u8>(size + s, <u8>l);
      c++;
      k++;
    }
    c <<= 1;
  }
}
