// The HT cleanup pass of ITU-T T.814 clause 7.3: quads of 2 x 2 samples in rows of quads (line pairs), taken
// two at a time (quad pairs). For each quad the MEL symbol (when its context is 0) and the CxtVLC codeword
// give rho (which samples are significant), u_off and the EMB patterns e_k / e_1; per quad pair the U-VLC
// gives u_q; the exponent predictor kappa_q (7.3.7) turns u_q into U_q, the bound on the magnitude exponents;
// and the MagSgn stream carries, per significant sample, m_n = U_q - e_k bits of v_n = 2 (mu_n - 1) + sign,
// whose bit m_n is e_1 (7.3.8).
//
// The VLC/MEL and MagSgn streams are independent, so each quad row is decoded in one sweep: VLC, MEL and
// U-VLC for a quad pair, then its MagSgn bits. Two row buffers carry what the next quad row needs: rho per
// quad (contexts, 7.3.5 eq. 2) and the exponent E_n of the samples in the row's bottom line (kappa, 7.3.7).
//
// Output, when refinement passes follow (shared with ht-refine.ts and the write-out of ht-block.ts): `mag`
// cells of i32 holding (2 mu + 1) << p (the magnitude with one fractional bit at the middle of the bin of
// bit-plane p) and `st` bytes with HT_SIG | HT_CUP | HT_NEG, both on a grid padded by one cell on every side.
// Otherwise (htCleanupOutput mode 0 / 1) the final coefficients go straight into the destination.
import { HT_INVALID_CODE } from "../../common/status";
import { fwInit, fwRead, vlcInit, bwPeek, bwSkip, bwRead, melInit, melDecode } from "./ht-bits";
import { HT_VLC_LUT, HT_UVLC_LUT } from "./ht-tables";

export const HT_SIG: u8 = 1; // significant (cleanup or SigProp)
export const HT_CUP: u8 = 2; // significant after the cleanup pass (refined by MagRef)
export const HT_NEG: u8 = 4; // negative
export const HT_NEW: u8 = 8; // became significant in the SigProp pass, sign still to read

// Row buffers: rho per quad (index q + 1, one zero quad on each side) and E per column (index x + 1).
const ROWS: usize = memory.data(4096);
const RHO_A: usize = ROWS;
const RHO_B: usize = ROWS + 528;
const E_A: usize = ROWS + 1056;
const E_B: usize = ROWS + 2112;

// Where magSgnQuad writes: outMode -1 the mag / st grids (refinement passes follow), 0 / 1 the destination
// directly (i32 reversible / f32 dequantised cells, as j2k_decode_block's mode).
let outMode: i32 = -1;
let outPtr: usize = 0;
let outOff: i32 = 0;
let outStride: i32 = 0;
let outDelta: f32 = 0;

/** Makes the next htCleanup write final values into dst (mode 0 / 1) instead of the grids (mode -1). */
export function htCleanupOutput(mode: i32, dstPtr: usize, dstOff: i32, stride: i32, delta: f32): void {
  outMode = mode;
  outPtr = dstPtr;
  outOff = dstOff;
  outStride = stride;
  outDelta = delta;
}

/**
 * The CxtVLC entry of quad q (see ht-tables.ts), 0 for an insignificant quad coded by a MEL 0.
 * Contexts: initial row 7.3.5 eq. 1 (from the quad on the left), other rows eq. 2 (nw, n, ne, nf above, w, sw).
 */
@inline function decodeQuad(q: i32, first: bool, rhoPrev: usize, rhoCur: usize): u32 {
  let c: u32;
  if (first) {
    const l = <u32>load<u8>(rhoCur + <usize>q); // the quad on the left (index q - 1 + 1)
    c = ((l | (l >> 1)) & 1) | ((l >> 1) & 6);
  } else {
    const a0 = <u32>load<u8>(rhoPrev + <usize>q);
    const a1 = <u32>load<u8>(rhoPrev + <usize>q + 1);
    const a2 = <u32>load<u8>(rhoPrev + <usize>q + 2);
    const l = <u32>load<u8>(rhoCur + <usize>q);
    c = (((a0 >> 3) | (a1 >> 1)) & 1) | ((((l >> 2) | (l >> 3)) & 1) << 1) | ((((a1 >> 3) | (a2 >> 1)) & 1) << 2);
  }
  if (c == 0 && melDecode() == 0) return 0;
  const e = <u32>load<u16>(HT_VLC_LUT + (first ? 0 : 2048) + (<usize>((c << 7) | bwPeek(7)) << 1));
  bwSkip(<i32>(e >> 13));
  return e;
}

/** MagSgn bits of one quad (7.3.8); writes mag / st and the bottom-line exponents. Returns 0 or a negated status. */
@inline function magSgnQuad(
  q: i32, e: u32, u: i32, first: bool, y: i32, w: i32, h: i32, p: i32, ePrev: usize, eCur: usize, mag0: usize, st0: usize, gw: i32,
): i32 {
  const rho = e & 15;
  if (rho == 0) return 0;
  let kappa = 1;
  if (!first && popcnt(rho) > 1) {
    // 7.3.7: E_max over the bottom line of the quad row above, columns 2q - 1 .. 2q + 2.
    const b = ePrev + <usize>(q << 1);
    const emax = max(max(<i32>load<u8>(b), <i32>load<u8>(b, 1)), max(<i32>load<u8>(b, 2), <i32>load<u8>(b, 3)));
    kappa = max(emax - 1, 1);
  }
  const U = u + kappa;
  const e1 = (e >> 4) & 15;
  const ek = (e >> 8) & 15;
  const x0 = q << 1;
  // Quads inside the block (all but the right column of an odd width and the bottom row of an odd height)
  // skip the per-sample bounds checks.
  const inside = x0 + 1 < w && y + 1 < h;
  const rowBytes = <usize>(outMode < 0 ? gw : outStride) << 2;
  const base: usize = outMode < 0 ? mag0 + (<usize>((y + 1) * gw + x0 + 1) << 2) : outPtr + (<usize>(outOff + y * outStride + x0) << 2);
  for (let bits = rho; bits != 0; bits &= bits - 1) {
    const n = <i32>ctz(bits);
    const m = U - <i32>((ek >> <u32>n) & 1);
    // Magnitudes must fit (2 mu + 1) << p in 31 bits.
    if (m + p > 29) return -HT_INVALID_CODE;
    const v = fwRead(m) | (((e1 >> <u32>n) & 1) << <u32>m);
    const dx = n >> 1;
    const dy = n & 1;
    if (dy != 0) store<u8>(eCur + <usize>(x0 + dx) + 1, <u8>(32 - clz(v | 1)));
    if (!inside && (x0 + dx >= w || y + dy >= h)) continue;
    const mag = <i32>((v | 1) + 2) << p;
    const at = base + (<usize>dx << 2) + (dy != 0 ? rowBytes : 0);
    if (outMode < 0) {
      store<i32>(at, mag);
      store<u8>(st0 + ((at - mag0) >> 2), HT_SIG | HT_CUP | ((v & 1) != 0 ? HT_NEG : 0));
    } else if (outMode == 0) {
      // No refinement pass follows: the final value straight into the destination (as ht-block.ts writes it).
      const r = mag >> 1;
      store<i32>(at, (v & 1) != 0 ? -r : r);
    } else {
      const r = <f32>mag * outDelta * 0.5;
      store<f32>(at, (v & 1) != 0 ? -r : r);
    }
  }
  return 0;
}

/**
 * Decodes the cleanup segment `cup` (Lcup bytes, of which the last Scup hold MEL and VLC) of a w x h
 * code-block whose cleanup pass is at bit-plane p, into the output chosen by htCleanupOutput. The caller has
 * validated Lcup / Scup, cleared `st` (grid output) or the destination block (direct output) and checked
 * w <= 1024, h <= 1024, p <= 29. Returns 0 or a negated status.
 */
export function htCleanup(cup: usize, lcup: i32, scup: i32, w: i32, h: i32, p: i32, mag0: usize, st0: usize, gw: i32): i32 {
  const qw = (w + 1) >> 1;
  let rhoPrev = RHO_A;
  let rhoCur = RHO_B;
  let ePrev = E_A;
  let eCur = E_B;
  memory.fill(rhoPrev, 0, <usize>(qw + 2));
  memory.fill(ePrev, 0, <usize>(2 * qw + 4));
  fwInit(cup, lcup - scup, 0xff);
  melInit(cup, lcup, scup);
  vlcInit(cup, lcup, scup);
  for (let y = 0; y < h; y += 2) {
    const first = y == 0;
    memory.fill(rhoCur, 0, <usize>(qw + 2));
    memory.fill(eCur, 0, <usize>(2 * qw + 4));
    for (let q = 0; q < qw; q += 2) {
      const e0 = decodeQuad(q, first, rhoPrev, rhoCur);
      store<u8>(rhoCur + <usize>q + 1, <u8>(e0 & 15));
      let e1: u32 = 0;
      if (q + 1 < qw) {
        e1 = decodeQuad(q + 1, first, rhoPrev, rhoCur);
        store<u8>(rhoCur + <usize>q + 2, <u8>(e1 & 15));
      }
      // U-VLC (7.3.6): both prefixes first, then both suffixes; one lookup in HT_UVLC_LUT (see ht-tables.ts).
      let mode = ((e0 >> 12) & 1) | ((e1 >> 11) & 2);
      if (mode == 3) mode = first ? 3 + melDecode() : 5;
      const t = load<u32>(HT_UVLC_LUT + (<usize>((mode << 6) | bwPeek(6)) << 2));
      bwSkip(<i32>(t & 15));
      const sfx = bwRead(<i32>((t >> 4) & 15));
      const l0 = (t >> 8) & 15;
      const u0 = <i32>(((t >> 12) & 63) + (sfx & ((1 << l0) - 1)));
      const u1 = <i32>(((t >> 18) & 63) + (sfx >> l0));
      let r = magSgnQuad(q, e0, u0, first, y, w, h, p, ePrev, eCur, mag0, st0, gw);
      if (r < 0) return r;
      if (q + 1 < qw) {
        r = magSgnQuad(q + 1, e1, u1, first, y, w, h, p, ePrev, eCur, mag0, st0, gw);
        if (r < 0) return r;
      }
    }
    const tr = rhoPrev;
    rhoPrev = rhoCur;
    rhoCur = tr;
    const te = ePrev;
    ePrev = eCur;
    eCur = te;
  }
  return 0;
}
