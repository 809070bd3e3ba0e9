// The four bit-streams of an HT code-block (ITU-T T.814 clause 7.3 and 7.4), each read with its own
// bit-unstuffing rule. The cleanup segment (Lcup bytes) holds MagSgn growing forward from byte 0, MEL growing
// forward from byte Lcup - Scup and VLC growing backward from byte Lcup - 2 (upper nibble); the refinement
// segment holds SigProp growing forward and MagRef growing backward from its last byte:
//
//   cleanup:    | MagSgn ->            | MEL ->      <- VLC | Scup (12 bits) |
//               0                      Lcup-Scup               Lcup-2  Lcup-1
//   refinement: | SigProp ->                   <- MagRef |
//
// Every reader is bounded by its byte range and, past it, is fed a constant (0xFF for MagSgn and MEL, 0 for
// VLC, SigProp and MagRef), so a malformed or truncated stream decodes to garbage but never reads outside.
// The cleanup pass (ht-cleanup.ts) keeps its MagSgn and VLC readers and the MEL run in locals, with the same
// rules written out there; the readers here serve the refinement passes, and MEL codewords.
import { MEL_EXP } from "./ht-tables";

// --- forward readers, LSB first (MagSgn 7.3.6, SigProp 7.4.2): after a 0xFF byte the next byte carries
// only 7 bits (its MSB is a stuffed 0).
let fwPtr: usize = 0;
let fwEnd: usize = 0;
let fwTmp: u64 = 0;
let fwBits: i32 = 0;
let fwUnstuff = false;
let fwFill: u32 = 0;

export function fwInit(ptr: usize, len: i32, fill: u32): void {
  fwPtr = ptr;
  fwEnd = ptr + <usize>len;
  fwTmp = 0;
  fwBits = 0;
  fwUnstuff = false;
  fwFill = fill;
}

@inline function fwRefill(): void {
  // Fast path: 4 bytes none of which is 0xFF (so no unstuffing inside) and no pending unstuffing.
  if (!fwUnstuff && fwBits <= 32 && fwPtr + 4 <= fwEnd) {
    const v = load<u32>(fwPtr);
    if (((~v - 0x01010101) & v & 0x80808080) == 0) {
      fwTmp |= (<u64>v) << (<u64>fwBits);
      fwBits += 32;
      fwPtr += 4;
      return;
    }
  }
  while (fwBits <= 56) {
    let b: u32 = fwFill;
    if (fwPtr < fwEnd) {
      b = <u32>load<u8>(fwPtr);
      fwPtr++;
    }
    if (fwUnstuff) {
      b &= 0x7f;
      fwTmp |= (<u64>b) << (<u64>fwBits);
      fwBits += 7;
    } else {
      fwTmp |= (<u64>b) << (<u64>fwBits);
      fwBits += 8;
    }
    fwUnstuff = b == 0xff;
  }
}

/** Reads n (0..32) bits, the first one in bit 0. */
@inline export function fwRead(n: i32): u32 {
  if (fwBits < n) fwRefill();
  const v = <u32>(fwTmp & ((<u64>1 << <u64>n) - 1));
  fwTmp >>= <u64>n;
  fwBits -= n;
  return v;
}

// --- backward reader, LSB first (VLC 7.3.5, MagRef 7.4.3): reading from high to low addresses, a byte
// whose low 7 bits are all 1 and that follows (in reading order) a byte above 0x8F carries only 7 bits.
let bwPtr: usize = 0;
let bwLeft: i32 = 0;
let bwTmp: u64 = 0;
let bwBits: i32 = 0;
let bwUnstuff = false;

/** MagRef: starts at the last byte of the refinement segment. */
export function mrpInit(seg: usize, len: i32): void {
  bwTmp = 0;
  bwBits = 0;
  bwUnstuff = true;
  bwPtr = seg + <usize>len - 1;
  bwLeft = len;
}

@inline function bwRefill(): void {
  // Fast path: the next 4 bytes (downwards) when none has its low 7 bits all ones (so none can be unstuffed);
  // the first read (highest address) goes to the lowest bits.
  if (bwBits <= 32 && bwLeft >= 4) {
    const v = load<u32>(bwPtr - 3);
    const t = (v & 0x7f7f7f7f) ^ 0x7f7f7f7f;
    if (((t - 0x01010101) & ~t & 0x80808080) == 0) {
      bwTmp |= (<u64>bswap<u32>(v)) << (<u64>bwBits);
      bwBits += 32;
      bwPtr -= 4;
      bwLeft -= 4;
      bwUnstuff = (v & 0xff) > 0x8f;
      return;
    }
  }
  while (bwBits <= 56) {
    let b: u32 = 0;
    if (bwLeft > 0) {
      b = <u32>load<u8>(bwPtr);
      bwPtr--;
      bwLeft--;
    }
    if (bwUnstuff && (b & 0x7f) == 0x7f) {
      b &= 0x7f;
      bwTmp |= (<u64>b) << (<u64>bwBits);
      bwBits += 7;
    } else {
      bwTmp |= (<u64>b) << (<u64>bwBits);
      bwBits += 8;
    }
    bwUnstuff = b > 0x8f;
  }
}

/** The next n (0..32) bits without consuming them. */
@inline export function bwPeek(n: i32): u32 {
  if (bwBits < n) bwRefill();
  return <u32>(bwTmp & ((<u64>1 << <u64>n) - 1));
}

@inline export function bwSkip(n: i32): void {
  bwTmp >>= <u64>n;
  bwBits -= n;
}

@inline export function bwRead(n: i32): u32 {
  const v = bwPeek(n);
  bwSkip(n);
  return v;
}

// --- MEL (7.3.3): an adaptive run-length code, read MSB first from byte Lcup - Scup forward; after 0xFF the
// next byte carries 7 bits. The last byte shared with the VLC stream (Lcup - 2) has its low nibble read as
// ones, and past it the stream is fed 0xFF.
let melPtr: usize = 0;
let melEnd: usize = 0;
let melByte: u32 = 0;
let melLeft: i32 = 0;
let melUnstuff = false;
let melK: i32 = 0;

export function melInit(cup: usize, lcup: i32, scup: i32): void {
  melPtr = cup + <usize>(lcup - scup);
  melEnd = cup + <usize>(lcup - 1);
  melByte = 0;
  melLeft = 0;
  melUnstuff = false;
  melK = 0;
  melRun = 0;
  melOne = false;
}

@inline function melBit(): u32 {
  if (melLeft == 0) {
    let b: u32 = 0xff;
    if (melPtr < melEnd) {
      b = <u32>load<u8>(melPtr);
      if (melPtr + 1 == melEnd) b |= 0x0f;
      melPtr++;
    }
    melLeft = melUnstuff ? 7 : 8;
    melUnstuff = b == 0xff;
    melByte = b;
  }
  melLeft--;
  return (melByte >> <u32>melLeft) & 1;
}

/** Zeros left in the current MEL run, and whether a 1 follows them (7.3.3); htCleanup keeps copies in locals. */
export let melRun: i32 = 0;
export let melOne = false;

/**
 * Decodes the next MEL codeword (7.3.3) once the current run is used up (melRun == 0, melOne false) and returns
 * the next symbol, leaving the rest of the run in melRun / melOne: a 1 codeword is a run of 2^E zeros, a 0
 * codeword plus E bits a shorter run then a 1.
 */
@inline export function melNext(): u32 {
  melRun = 0;
  melOne = false;
  const e = <i32>load<u8>(MEL_EXP + <usize>melK);
  if (melBit() != 0) {
    melRun = (1 << e) - 1;
    if (melK < 12) melK++;
    return 0;
  }
  let r = 0;
  for (let i = 0; i < e; i++) r = (r << 1) | <i32>melBit();
  if (melK > 0) melK--;
  if (r > 0) {
    melRun = r - 1;
    melOne = true;
    return 0;
  }
  return 1;
}
