// JPEG-LS entropy-coded data writer (T.87 A.1): bits most significant first; after a 0xFF byte the next byte
// carries a stuffed 0 bit and only 7 data bits, so that no marker can appear in the coded data. Every
// write is bounded by the destination; running out sets `full` (the caller reports DESTINATION_TOO_SMALL).
//
// Pending bits sit at the top of a 64-bit register (`free` bits unused below them). When a code does not
// fit, the top 32 bits go out as one big-endian word when none of their first three bytes is 0xFF (the
// common case: only then does the bit stuffing change the alignment), else byte by byte.

let out: usize = 0;
let outEnd: usize = 0;
let buf: u64 = 0;
let free: i32 = 64;
let lastFF: bool = false;
export let full: bool = false;

export function bwInit(start: usize, stop: usize): void {
  out = start;
  outEnd = stop < start ? start : stop; // (a wrapped end: no room at all)
  buf = 0;
  free = 64;
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

/** Emits one byte from the top of the register: 7 data bits after a 0xFF byte (T.87 A.1), else 8. */
@inline function emitOne(): void {
  if (lastFF) {
    emit(<u32>(buf >> 57));
    buf <<= 7;
    free += 7;
    lastFF = false;
  } else {
    const b = <u32>(buf >> 56);
    emit(b);
    buf <<= 8;
    free += 8;
    lastFF = b == 0xff;
  }
}

/** Makes room: leaves at most 32 bits pending (at least 32 free). */
@inline function drain(): void {
  while (free < 32) {
    const w = <u32>(buf >> 32);
    // No 0xFF among the first three bytes (the zero-byte test on ~w >> 8), no stuffed bit due, room for 4 bytes
    // (out <= outEnd always: emit never passes it)
    const x = ~w >> 8;
    if (!lastFF && ((x - 0x010101) & ~x & 0x808080) == 0 && outEnd - out >= 4) {
      store<u32>(out, bswap<u32>(w));
      out += 4;
      buf <<= 32;
      free += 32;
      lastFF = (w & 0xff) == 0xff;
    } else {
      emitOne();
    }
  }
}

/** Appends the low `len` (0..32) bits of `value` (the bits above `len` must be zero). */
@inline export function putBitsClean(value: u32, len: i32): void {
  if (len > free) drain();
  free -= len;
  buf |= <u64>value << <u64>free;
}

/** Emits every whole byte pending (8 bits, or 7 after a 0xFF byte). */
function drainAll(): void {
  while (64 - free >= (lastFF ? 7 : 8)) emitOne();
}

/**
 * Ends the coded segment: pads the last byte with zero bits and, when it is 0xFF, adds the byte holding
 * its stuffed bit, so that the marker that follows is recognised (T.87 A.1, D.1).
 */
export function bwFlush(): void {
  drainAll();
  const n = 64 - free;
  if (lastFF) putBitsClean(0, 7 - n);
  else if (n > 0) putBitsClean(0, 8 - n);
  drainAll();
  if (lastFF) {
    putBitsClean(0, 7);
    drainAll();
  }
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
 * in qbpp bits. The zeros, the 1 and the low bits go in one write when they fit in 32 bits.
 */
@inline export function putGolomb(value: i32, k: i32, limit: i32, qbpp: i32): void {
  const q = value >> k;
  const escape = limit - qbpp - 1;
  if (q < escape) {
    const code = (<u32>1 << <u32>k) | (<u32>value & ((<u32>1 << <u32>k) - 1));
    const len = q + 1 + k;
    if (len <= 32) {
      putBitsClean(code, len);
    } else {
      putZerosShort(q);
      putBitsClean(code, k + 1);
    }
  } else {
    putZerosShort(escape);
    putBitsClean((<u32>1 << <u32>qbpp) | (<u32>(value - 1) & ((<u32>1 << <u32>qbpp) - 1)), qbpp + 1);
  }
}

/** Appends `count` (0..64: a Golomb prefix, < LIMIT) zero bits without a loop or a call. */
@inline function putZerosShort(count: i32): void {
  if (count > 32) {
    putBitsClean(0, 32);
    count -= 32;
  }
  putBitsClean(0, count);
}
