// MQ arithmetic decoder of ITU-T T.800 Annex C (C.3: INITDEC, BYTEIN, DECODE, RENORMD), with the
// 47-state probability estimation of Table C.2 and the 19 contexts of Annex D (D.7 initial states).
// Past the end of a codeword segment the decoder is fed 0xFF bytes (C.3.4: the decoder behaves as if the
// segment were followed by 0xFF bytes), so a truncated segment decodes without reading out of bounds.

// Table C.2: Qe (16 bits), NMPS, NLPS and SWITCH per state, packed as (qe | nmps << 16 | nlps << 22 | switch << 28).
const QE_TABLE: usize = memory.data<u32>([
  0x5601 | (1 << 16) | (1 << 22) | (1 << 28),
  0x3401 | (2 << 16) | (6 << 22),
  0x1801 | (3 << 16) | (9 << 22),
  0x0ac1 | (4 << 16) | (12 << 22),
  0x0521 | (5 << 16) | (29 << 22),
  0x0221 | (38 << 16) | (33 << 22),
  0x5601 | (7 << 16) | (6 << 22) | (1 << 28),
  0x5401 | (8 << 16) | (14 << 22),
  0x4801 | (9 << 16) | (14 << 22),
  0x3801 | (10 << 16) | (14 << 22),
  0x3001 | (11 << 16) | (17 << 22),
  0x2401 | (12 << 16) | (18 << 22),
  0x1c01 | (13 << 16) | (20 << 22),
  0x1601 | (29 << 16) | (21 << 22),
  0x5601 | (15 << 16) | (14 << 22) | (1 << 28),
  0x5401 | (16 << 16) | (14 << 22),
  0x5101 | (17 << 16) | (15 << 22),
  0x4801 | (18 << 16) | (16 << 22),
  0x3801 | (19 << 16) | (17 << 22),
  0x3401 | (20 << 16) | (18 << 22),
  0x3001 | (21 << 16) | (19 << 22),
  0x2801 | (22 << 16) | (19 << 22),
  0x2401 | (23 << 16) | (20 << 22),
  0x2201 | (24 << 16) | (21 << 22),
  0x1c01 | (25 << 16) | (22 << 22),
  0x1801 | (26 << 16) | (23 << 22),
  0x1601 | (27 << 16) | (24 << 22),
  0x1401 | (28 << 16) | (25 << 22),
  0x1201 | (29 << 16) | (26 << 22),
  0x1101 | (30 << 16) | (27 << 22),
  0x0ac1 | (31 << 16) | (28 << 22),
  0x09c1 | (32 << 16) | (29 << 22),
  0x08a1 | (33 << 16) | (30 << 22),
  0x0521 | (34 << 16) | (31 << 22),
  0x0441 | (35 << 16) | (32 << 22),
  0x02a1 | (36 << 16) | (33 << 22),
  0x0221 | (37 << 16) | (34 << 22),
  0x0141 | (38 << 16) | (35 << 22),
  0x0111 | (39 << 16) | (36 << 22),
  0x0085 | (40 << 16) | (37 << 22),
  0x0049 | (41 << 16) | (38 << 22),
  0x0025 | (42 << 16) | (39 << 22),
  0x0015 | (43 << 16) | (40 << 22),
  0x0009 | (44 << 16) | (41 << 22),
  0x0005 | (45 << 16) | (42 << 22),
  0x0001 | (45 << 16) | (43 << 22),
  0x5601 | (46 << 16) | (46 << 22),
]);

/** Per-context state: index into QE_TABLE (bits 0-5) and MPS (bit 7). 19 contexts. */
const CTX: usize = memory.data(32);

export const CTX_RL: i32 = 17;
export const CTX_UNI: i32 = 18;

let bp: usize = 0;
let bpEnd: usize = 0;
let regA: u32 = 0;
let regC: u32 = 0;
let ct: i32 = 0;

/** D.7: all contexts state 0 / MPS 0, except UNIFORM (46), RUN-LENGTH (3) and the all-zero ZC context (4). */
export function mqResetContexts(): void {
  for (let i: i32 = 0; i < 19; i++) store<u8>(CTX + <usize>i, 0);
  store<u8>(CTX + 0, 4);
  store<u8>(CTX + <usize>CTX_RL, 3);
  store<u8>(CTX + <usize>CTX_UNI, 46);
}

@inline function byteAt(p: usize): u32 {
  return p < bpEnd ? <u32>load<u8>(p) : 0xff;
}

// C.3.4 BYTEIN: a 0xFF followed by a byte > 0x8F is a marker (or the end): feed 1 bits without advancing.
@inline function byteIn(): void {
  if (byteAt(bp) == 0xff) {
    const b1 = byteAt(bp + 1);
    if (b1 > 0x8f) {
      regC += 0xff00;
      ct = 8;
    } else {
      bp++;
      regC += b1 << 9;
      ct = 7;
    }
  } else {
    bp++;
    regC += byteAt(bp) << 8;
    ct = 8;
  }
}

/** C.3.5 INITDEC on the segment [start, end). */
export function mqInit(start: usize, end: usize): void {
  bp = start;
  bpEnd = end;
  regC = byteAt(bp) << 16;
  byteIn();
  regC <<= 7;
  ct -= 7;
  regA = 0x8000;
}

/** C.3.2 DECODE of one binary decision in context `cx`. */
@inline export function mqDecode(cx: i32): i32 {
  const cp = CTX + <usize>cx;
  const st = <u32>load<u8>(cp);
  const idx = st & 0x3f;
  let mps = <i32>(st >> 7);
  const e = load<u32>(QE_TABLE + (<usize>idx << 2));
  const qe = e & 0xffff;
  let d: i32;
  regA -= qe;
  if (regC >>> 16 < qe) {
    // LPS sub-interval (the encoder puts it at the base, C.2.6): LPS_EXCHANGE (Figure C.17)
    if (regA < qe) {
      d = mps;
      store<u8>(cp, <u8>(((e >>> 16) & 0x3f) | (<u32>mps << 7)));
    } else {
      d = 1 - mps;
      if ((e >>> 28) != 0) mps = 1 - mps;
      store<u8>(cp, <u8>(((e >>> 22) & 0x3f) | (<u32>mps << 7)));
    }
    regA = qe;
  } else {
    regC -= qe << 16;
    if ((regA & 0x8000) != 0) return mps;
    // MPS_EXCHANGE (Figure C.16)
    if (regA < qe) {
      d = 1 - mps;
      if ((e >>> 28) != 0) mps = 1 - mps;
      store<u8>(cp, <u8>(((e >>> 22) & 0x3f) | (<u32>mps << 7)));
    } else {
      d = mps;
      store<u8>(cp, <u8>(((e >>> 16) & 0x3f) | (<u32>mps << 7)));
    }
  }
  // RENORMD (Figure C.18)
  do {
    if (ct == 0) byteIn();
    regA <<= 1;
    regC <<= 1;
    ct--;
  } while ((regA & 0x8000) == 0);
  return d;
}

// Raw (bypass) segments, D.6: bits most significant first; after 0xFF the next byte holds 7 bits.
let rawByte: u32 = 0;
let rawBits: i32 = 0;
let rawPrevFF: bool = false;

export function rawInit(start: usize, end: usize): void {
  bp = start;
  bpEnd = end;
  rawBits = 0;
  rawPrevFF = false;
}

export function rawBit(): i32 {
  if (rawBits == 0) {
    rawByte = byteAt(bp);
    bp++;
    rawBits = rawPrevFF ? 7 : 8;
    rawPrevFF = rawByte == 0xff;
  }
  rawBits--;
  return <i32>((rawByte >>> <u32>rawBits) & 1);
}
