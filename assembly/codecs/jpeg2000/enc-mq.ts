// MQ arithmetic ENCODER of ITU-T T.800 Annex C.2: INITENC (C.2.8), ENCODE / CODEMPS / CODELPS (C.2.4-C.2.5),
// RENORME (C.2.6), BYTEOUT with bit stuffing after 0xFF (C.2.7) and FLUSH with SETBITS (C.2.9).
// The probability states are those of the decoder (mq.ts): the context words in CTX hold Qe (bits 0-15),
// MPS (bit 16) and the byte offset of the state's record in STATES (bits 17 and up), whose words +8 / +12 are
// the context words after an MPS / an LPS (Table C.2 NMPS and NLPS with SWITCH applied). mqResetContexts()
// sets the initial states of D.7 for the encoder as for the decoder.
//
// Registers (C.2.1): A (16 bits used), C (28 bits: carry at bit 27, then 8 "partial byte" bits at 19-26,
// 3 spacer bits, 16 fraction bits), CT (shifts left before the next BYTEOUT), B (the last byte written).
// Bytes are written at BP; writes past the end of the caller's segment are dropped and flagged, so the
// caller sees DESTINATION_TOO_SMALL and never an out-of-bounds store.
import { CTX, STATES } from "./mq";

let regA: u32 = 0;
let regC: u32 = 0;
let ct: i32 = 0;
let curB: u32 = 0;
let bp: usize = 0; // address of the last byte written (BPST - 1 before the first)
let bpStart: usize = 0;
let bpEnd: usize = 0;
let overflow = false;

/** C.2.8 INITENC over the output segment [start, end). The byte before BPST is never written (see byteOut). */
export function mqeInit(start: usize, end: usize): void {
  regA = 0x8000;
  regC = 0;
  ct = 12;
  curB = 0;
  bp = start - 1;
  bpStart = start;
  bpEnd = end;
  overflow = false;
}

@inline function put(p: usize, b: u32): void {
  if (p >= bpStart && p < bpEnd) store<u8>(p, <u8>b);
  else overflow = true;
}

// C.2.7 BYTEOUT (Figure C.9): after 0xFF only 7 bits go out (the stuffed bit leaves room for a carry);
// otherwise a carry out of bit 27 is added to the byte already written. A carry into the byte before BPST
// cannot happen: C + A <= 0x8000 << 12 < 0x8000000 at the first BYTEOUT.
function byteOut(): void {
  if (curB == 0xff) {
    bp++;
    curB = regC >> 20;
    regC &= 0xfffff;
    ct = 7;
    put(bp, curB);
    return;
  }
  if (regC >= 0x8000000) {
    curB++;
    if (bp >= bpStart) put(bp, curB);
    if (curB == 0xff) {
      regC &= 0x7ffffff;
      bp++;
      curB = regC >> 20;
      regC &= 0xfffff;
      ct = 7;
      put(bp, curB);
      return;
    }
  }
  bp++;
  curB = regC >> 19;
  regC &= 0x7ffff;
  ct = 8;
  put(bp, curB);
}

// C.2.6 RENORME (Figure C.8), k shifts at once: a BYTEOUT each time CT reaches 0.
@inline function renorm(a: u32): void {
  let k = <i32>clz(a) - 16;
  while (k >= ct) {
    a <<= <u32>ct;
    regC <<= <u32>ct;
    k -= ct;
    ct = 0;
    byteOut();
  }
  regA = a << <u32>k;
  regC <<= <u32>k;
  ct -= k;
}

// The coding passes (enc-t1.ts) keep A, C and CT in locals and encode inline; these move the registers between
// the passes and the encoder state here, and do the renormalisation shifts that reach a BYTEOUT.
@inline export function mqeA(): u32 {
  return regA;
}
@inline export function mqeC(): u32 {
  return regC;
}
@inline export function mqeCt(): i32 {
  return ct;
}
@inline export function mqeSet(a: u32, c: u32, n: i32): void {
  regA = a;
  regC = c;
  ct = n;
}
/** RENORME of `a` (k = its leading zeros in 16 bits >= n) with C = c and CT = n; read back with mqeA / mqeC / mqeCt. */
export function mqeRenormOut(a: u32, c: u32, n: i32): void {
  regC = c;
  ct = n;
  renorm(a);
}

/**
 * C.2.4 ENCODE of decision `d` (0 or 1) in context `cx`: CODEMPS (Figure C.6) or CODELPS (Figure C.7), in a
 * branch-free form (refinement and sign decisions are close to random, so a branch per outcome mispredicts):
 * with A' = A - Qe and lt = A' < Qe,
 *   C += Qe  when MPS and not lt (the MPS sub-interval's base, also when no renormalisation follows), or LPS and lt
 *            (the conditional exchange of C.2.5): that is, when MPS differs from lt;
 *   A = Qe   when MPS equals lt (MPS: the exchanged interval; LPS: the LPS sub-interval), else A';
 *   the state moves to NMPS / NLPS (SWITCH applied in STATES) unless an MPS leaves A' >= 0x8000.
 */
@inline export function mqeEncode(cx: i32, d: u32): void {
  const cp = CTX + (<usize>cx << 2);
  const st = load<u32>(cp);
  const qe = st & 0xffff;
  const sp = STATES + <usize>(st >>> 17);
  const mps = d == ((st >>> 16) & 1);
  let a = regA - qe;
  const lt = a < qe;
  regC += select<u32>(qe, 0, mps != lt);
  const keep = mps && (a & 0x8000) != 0;
  a = select<u32>(qe, a, mps == lt);
  store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
  renorm(a);
}

/**
 * C.2.9 FLUSH (Figure C.10, with SETBITS of Figure C.11): terminates the codeword. A final 0xFF is not part of
 * the segment (a terminated segment never ends with 0xFF; the decoder reads 0xFF past its end anyway, C.3.4).
 * Returns the segment's length in bytes, or -1 when it did not fit.
 */
export function mqeFlush(): i32 {
  const tempC = regC + regA;
  regC |= 0xffff;
  if (regC >= tempC) regC -= 0x8000;
  regC <<= <u32>ct;
  byteOut();
  regC <<= <u32>ct;
  byteOut();
  if (overflow) return -1;
  const end = curB == 0xff ? bp : bp + 1;
  return <i32>(end - bpStart);
}

/** Bytes written so far (through the byte at BP): the base of a truncation length estimate (J.14). */
export function mqeBytes(): i32 {
  return <i32>(bp + 1 - bpStart);
}
