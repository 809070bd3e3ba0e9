// Context tables and the per-coefficient state word of the code-block decoder (ITU-T T.800 Annex D):
// Table D.1 zero coding, Table D.3 sign coding, over 8 neighbour-significance and 4 neighbour-sign bits.

// Per-coefficient state word (u32), with a one-cell border so that neighbours need no bounds checks.
// Neighbour significance bits are kept up to date when a coefficient becomes significant, so that every
// context of Tables D.1-D.4 is one table lookup.
export const N_SIG: u32 = 1 << 0; // the neighbour above (y - 1) is significant
export const S_SIG: u32 = 1 << 1; // below
export const W_SIG: u32 = 1 << 2; // left
export const E_SIG: u32 = 1 << 3; // right
export const NW_SIG: u32 = 1 << 4;
export const NE_SIG: u32 = 1 << 5;
export const SW_SIG: u32 = 1 << 6;
export const SE_SIG: u32 = 1 << 7;
export const N_NEG: u32 = 1 << 8; // ... and negative
export const S_NEG: u32 = 1 << 9;
export const W_NEG: u32 = 1 << 10;
export const E_NEG: u32 = 1 << 11;
export const SIG: u32 = 1 << 12; // this coefficient is significant
export const NEG: u32 = 1 << 13; // ... and negative
export const VISIT: u32 = 1 << 14; // coded in this bit-plane's significance propagation pass
export const REFINED: u32 = 1 << 15; // refined at least once (Table D.4)
export const NBR: u32 = 0xff;

// Code-block style bits (Table A.19).
export const STYLE_BYPASS: i32 = 1;
export const STYLE_RESET: i32 = 2;
export const STYLE_CAUSAL: i32 = 8;
export const STYLE_SEGSYM: i32 = 32;

// Table D.1 zero-coding labels per orientation class (0: LL and LH; 1: HL, h and v exchanged; 2: HH),
// indexed by the 8 neighbour significance bits.
export const ZC: usize = memory.data(3 * 256);
// Table D.3 sign-coding context (bits 0-4) and XOR bit (bit 7), indexed by N/S/W/E significance and sign bits.
export const SC: usize = memory.data(256);
// Decoder neighbour updates (t1-passes.ts stripe-column layout): for a coefficient at row r of its stripe
// becoming significant with sign `neg`, the bits to OR into the stripe columns on its left, its own and on
// its right (rows r - 1..r + 1 within the stripe; the own column also gets SIG and NEG on row r), then VISIT
// on row r: 64 bytes at ((r << 1) | neg) * 64.
export const NBR_VEC: usize = memory.data(8 * 64);
export let tablesReady = false;

function zcLabel(o: i32, h: i32, v: i32, d: i32): u8 {
  if (o == 1) {
    const t = h;
    h = v;
    v = t;
  }
  if (o < 2) {
    if (h == 2) return 8;
    if (h == 1) return v >= 1 ? 7 : d >= 1 ? 6 : 5;
    if (v == 2) return 4;
    if (v == 1) return 3;
    return d >= 2 ? 2 : d == 1 ? 1 : 0;
  }
  const hv = h + v;
  if (d >= 3) return 8;
  if (d == 2) return hv >= 1 ? 7 : 6;
  if (d == 1) return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
  return hv >= 2 ? 2 : hv == 1 ? 1 : 0;
}

@inline function bitOf(f: u32, b: u32): i32 {
  return (f & b) != 0 ? 1 : 0;
}

@inline function contrib(f: u32, sig: u32, neg: u32): i32 {
  return (f & sig) == 0 ? 0 : (f & neg) != 0 ? -1 : 1;
}

export function initTables(): void {
  for (let o = 0; o < 3; o++) {
    for (let n: u32 = 0; n < 256; n++) {
      const h = bitOf(n, W_SIG) + bitOf(n, E_SIG);
      const v = bitOf(n, N_SIG) + bitOf(n, S_SIG);
      const d = bitOf(n, NW_SIG) + bitOf(n, NE_SIG) + bitOf(n, SW_SIG) + bitOf(n, SE_SIG);
      store<u8>(ZC + <usize>(o * 256) + <usize>n, zcLabel(o, h, v, d));
    }
  }
  for (let i: u32 = 0; i < 256; i++) {
    // i: bits 0-3 = N, S, W, E significance; bits 4-7 = N, S, W, E negative
    const f = (i & 3) | (((i >> 2) & 3) << 2) | (((i >> 4) & 15) << 8);
    let hc = contrib(f, W_SIG, W_NEG) + contrib(f, E_SIG, E_NEG);
    let vc = contrib(f, N_SIG, N_NEG) + contrib(f, S_SIG, S_NEG);
    hc = hc > 1 ? 1 : hc < -1 ? -1 : hc;
    vc = vc > 1 ? 1 : vc < -1 ? -1 : vc;
    let ctx: i32;
    let xr: i32 = 0;
    if (hc == 0) {
      ctx = vc == 0 ? 9 : 10;
      if (vc < 0) xr = 1;
    } else {
      ctx = vc == 0 ? 12 : vc == hc ? 13 : 11;
      if (hc < 0) xr = 1;
    }
    store<u8>(SC + <usize>i, <u8>(ctx | (xr << 7)));
  }
  memory.fill(NBR_VEC, 0, 8 * 64);
  for (let r: u32 = 0; r < 4; r++) {
    for (let neg: u32 = 0; neg < 2; neg++) {
      const t = NBR_VEC + <usize>(((r << 1) | neg) * 64);
      const mid = t + (<usize>r << 2);
      store<u32>(mid, E_SIG | (neg << 11));
      store<u32>(mid + 16, SIG | (neg << 13));
      store<u32>(mid + 48, VISIT);
      store<u32>(mid + 32, W_SIG | (neg << 10));
      if (r > 0) {
        store<u32>(mid - 4, SE_SIG);
        store<u32>(mid + 12, S_SIG | (neg << 9));
        store<u32>(mid + 28, SW_SIG);
      }
      if (r < 3) {
        store<u32>(mid + 4, NE_SIG);
        store<u32>(mid + 20, N_SIG | (neg << 8));
        store<u32>(mid + 36, NW_SIG);
      }
    }
  }
  tablesReady = true;
}

