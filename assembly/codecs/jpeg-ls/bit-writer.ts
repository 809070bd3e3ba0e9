// JPEG-LS entropy-coded data writer (T.87 A.1): bits most significant first; after a 0xFF byte the next byte
// carries a stuffed 0 bit and only 7 data bits, so that no marker can appear in the coded data. Every
// write is bounded by the destination; running out sets `full` (the caller reports DESTINATION_TOO_SMALL).

let out: usize = 0;
let outEnd: usize = 0;
let acc: u64 = 0;
let n: i32 = 0;
let lastFF: bool = false;
export let full: bool = false;

export function bwInit(start: usize, stop: usize): void {
  out = start;
  outEnd = stop;
  acc = 0;
  n = 0;
  lastFF = false;
  full = false;
}

@inline function emit(b: u32): void {
  if (out >= outEnd) {
    full = true;
    return;
  }
  store<u8>(out, <u8>b);
  out++;
}

/** Appends the low `len` (0..32) bits of `value`. */
export function putBits(value: u32, len: i32): void {
  if (len == 0) return;
  acc = (acc << <u64>len) | <u64>(len == 32 ? value : value & ((1 << len) - 1));
  n += len;
  while (true) {
    if (lastFF) {
      if (n < 7) break;
      n -= 7;
      emit(<u32>(acc >> <u64>n) & 0x7f);
      lastFF = false;
    } else {
      if (n < 8) break;
      n -= 8;
      const b = <u32>(acc >> <u64>n) & 0xff;
      emit(b);
      lastFF = b == 0xff;
    }
  }
}

/** Appends `count` zero bits. */
export function putZeros(count: i32): void {
  while (count > 24) {
    putBits(0, 24);
    count -= 24;
  }
  putBits(0, count);
}

/**
 * Ends the coded segment: pads the last byte with zero bits and, when it is 0xFF, adds the byte holding
 * its stuffed bit, so that the marker that follows is recognised (T.87 A.1, D.1).
 */
export function bwFlush(): void {
  if (lastFF) putBits(0, 7 - n);
  else if (n > 0) putBits(0, 8 - n);
  if (lastFF) putBits(0, 7);
}

/** Writes a byte directly (marker segments); the bit buffer must be empty. */
export function putByte(b: i32): void {
  emit(<u32>b);
}

export function bwPosition(): usize {
  return out;
}

/**
 * Encodes one limited-length Golomb code LG(k, limit) (T.87 A.5.3): value >> k in unary (zeros then a 1)
 * and the k low bits, or when the prefix would reach limit - qbpp - 1, that many zeros, a 1 and value - 1
 * in qbpp bits.
 */
export function putGolomb(value: i32, k: i32, limit: i32, qbpp: i32): void {
  const q = value >> k;
  const escape = limit - qbpp - 1;
  if (q < escape) {
    putZeros(q);
    putBits(1, 1);
    putBits(<u32>value, k);
  } else {
    putZeros(escape);
    putBits(1, 1);
    putBits(<u32>(value - 1), qbpp);
  }
}
