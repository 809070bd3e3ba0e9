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

// Context words: Qe (bits 0-15), MPS (bit 16) and the byte offset of the decoder state (state * 2 + mps) in
// STATES (bits 17 and up), so a decision reads Qe and MPS from the context word itself. STATES holds, 16 bytes
// per state, the context words of the next state after an MPS (+8) and after an LPS (+12): Table C.2 NMPS and
// NLPS, with the SWITCH of the MPS already applied.
export const STATES: usize = memory.data(94 * 16);
let statesReady = false;

@inline function ctxWord(s: u32, m: u32): u32 {
  return (load<u32>(QE_TABLE + (<usize>s << 2)) & 0xffff) | (m << 16) | ((s * 2 + m) << 21);
}

function initStates(): void {
  for (let s: u32 = 0; s < 47; s++) {
    const e = load<u32>(QE_TABLE + (<usize>s << 2));
    const nmps = (e >>> 16) & 0x3f;
    const nlps = (e >>> 22) & 0x3f;
    const sw = e >>> 28;
    for (let m: u32 = 0; m < 2; m++) {
      const p = STATES + (<usize>(s * 2 + m) << 4);
      store<u32>(p + 8, ctxWord(nmps, m));
      store<u32>(p + 12, ctxWord(nlps, sw != 0 ? 1 - m : m));
    }
  }
  statesReady = true;
}

/** Per-context state: a context word. 19 contexts. */
export const CTX: usize = memory.data(19 * 4);

export const CTX_RL: i32 = 17;
export const CTX_UNI: i32 = 18;

let bp: usize = 0;
let bpEnd: usize = 0;
let regA: u32 = 0;
let regC: u64 = 0;
let ct: i32 = 0;

/** D.7: all contexts state 0 / MPS 0, except UNIFORM (46), RUN-LENGTH (3) and the all-zero ZC context (4). */
export function mqResetContexts(): void {
  if (!statesReady) initStates();
  for (let i: i32 = 0; i < 19; i++) store<u32>(CTX + (<usize>i << 2), ctxWord(0, 0));
  store<u32>(CTX + 0, ctxWord(4, 0));
  store<u32>(CTX + (<usize>CTX_RL << 2), ctxWord(3, 0));
  store<u32>(CTX + (<usize>CTX_UNI << 2), ctxWord(46, 0));
}

@inline function byteAt(p: usize): u32 {
  return p < bpEnd ? <u32>load<u8>(p) : 0xff;
}

// The C register of C.3.1 is kept in 64 bits: Chigh (compared with Qe) in bits 48-63, then `ct` fresh bits
// below it, then zeros. BYTEIN adds each byte right under the fresh bits, so several bytes can be read ahead
// and RENORMD shifts by all its bits at once; the arithmetic is that of the 32-bit register of Figure C.18
// shifted left by 32 (additions below Chigh commute with the shifts).

// C.3.4 BYTEIN: a 0xFF followed by a byte > 0x8F is a marker (or the end): feed 1 bits without advancing;
// after a 0xFF the next byte carries 7 bits (its top bit lands on the last fresh bit: the carry of C.2.7).
@inline function byteIn(): void {
  if (byteAt(bp) == 0xff) {
    const b1 = byteAt(bp + 1);
    if (b1 > 0x8f) {
      regC += <u64>0xff << <u64>(40 - ct);
      ct += 8;
    } else {
      bp++;
      regC += <u64>b1 << <u64>(41 - ct);
      ct += 7;
    }
  } else {
    bp++;
    regC += <u64>byteAt(bp) << <u64>(40 - ct);
    ct += 8;
  }
}

/** Reads ahead until more than 40 fresh bits are buffered (at least 15, the most one RENORMD shifts). */
function fill(): void {
  while (ct <= 40) byteIn();
}

/** C.3.5 INITDEC on the segment [start, end). */
export function mqInit(start: usize, end: usize): void {
  bp = start;
  bpEnd = end;
  regC = <u64>byteAt(bp) << 48;
  ct = 0;
  byteIn();
  regC <<= 7;
  ct -= 7;
  regA = 0x8000;
  fill();
}

// The coding passes (t1-passes.ts) keep A, C and CT in locals and decode inline; these move the registers
// between the passes and the decoder state here.
@inline export function mqA(): u32 {
  return regA;
}
@inline export function mqC(): u64 {
  return regC;
}
@inline export function mqCt(): i32 {
  return ct;
}
@inline export function mqSet(a: u32, c: u64, n: i32): void {
  regA = a;
  regC = c;
  ct = n;
}
/** Tops up the fresh bits of C (n of them) from the segment; read back with mqC / mqCt. */
export function mqFill(c: u64, n: i32): void {
  regC = c;
  ct = n;
  fill();
}

/** C.3.2 DECODE of one binary decision in context `cx` (the same branch-free form as t1-passes.ts). */
export function mqDecode(cx: i32): i32 {
  const cp = CTX + (<usize>cx << 2);
  const st = load<u32>(cp);
  const qe = st & 0xffff;
  const sp = STATES + <usize>(st >>> 17);
  let a = regA - qe;
  let c = regC;
  const lpsI = <u32>(c >>> 48) < qe;
  const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
  const d = <i32>((st >>> 16) & 1) ^ <i32>x;
  store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
  c = select<u64>(c, c - (<u64>qe << 48), lpsI);
  a = select<u32>(qe, a, lpsI);
  // RENORMD (Figure C.18)
  const k = <i32>clz(a) - 16;
  if (k > ct) {
    regC = c;
    fill();
    c = regC;
  }
  regA = a << <u32>k;
  regC = c << <u64>k;
  ct -= k;
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
