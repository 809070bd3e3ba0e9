// Entropy-coded segment bit reader (ITU-T T.81 F.2.2.5, B.1.1.5). Reusable by other JPEG kernels.
//
// State lives in globals; hot loops copy it into locals (see decode-scan.ts) and call refillSlow() only when
// the next 4 bytes contain a 0xFF (stuffed 0xFF00, fill bytes or a marker), so byte unstuffing stays out of
// the inner loop. At a marker or at the end of data the reader appends zero bits and counts them in
// ZERO_BITS: a scan that consumed them ran past its data.
export let ACC: u64 = 0;
export let BITS: i32 = 0;
export let POS: usize = 0;
export let END: usize = 0;
export let ZERO_BITS: i32 = 0;
export let AT_MARKER: bool = false;

export function readerStart(pos: usize, end: usize): void {
  ACC = 0;
  BITS = 0;
  POS = pos;
  END = end;
  ZERO_BITS = 0;
  AT_MARKER = false;
}

export function readerSave(acc: u64, bits: i32, pos: usize): void {
  ACC = acc;
  BITS = bits;
  POS = pos;
}

/** True when the bits consumed so far include zero bits appended past a marker or the end of data. */
export function readerOverran(): bool {
  return ZERO_BITS > BITS;
}

/**
 * Fills ACC to more than 56 bits, undoing 0xFF00 stuffing (F.1.2.3) and skipping fill bytes; stops in front
 * of a marker (0xFF followed by a non-zero code) and then feeds zero bytes.
 */
export function refillSlow(): void {
  let acc = ACC;
  let bits = BITS;
  let pos = POS;
  const end = END;
  while (bits <= 56) {
    let b: u64 = 0;
    if (AT_MARKER || pos >= end) {
      ZERO_BITS += 8;
    } else {
      const v = load<u8>(pos);
      if (v != 0xff) {
        b = <u64>v;
        pos++;
      } else {
        let q = pos + 1;
        while (q < end && load<u8>(q) == 0xff) q++;
        if (q < end && load<u8>(q) == 0) {
          b = 0xff;
          pos = q + 1;
        } else {
          // A marker (or 0xFF at the very end): leave pos on it.
          AT_MARKER = true;
          ZERO_BITS += 8;
        }
      }
    }
    acc = (acc << 8) | b;
    bits += 8;
  }
  ACC = acc;
  BITS = bits;
  POS = pos;
}

/** True when the 4 bytes of `w` contain no 0xFF (so they can be appended without unstuffing). */
@inline export function noFF(w: u32): bool {
  return ((~w - 0x01010101) & w & 0x80808080) == 0;
}
