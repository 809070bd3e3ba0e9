// The HT cleanup pass of ITU-T T.814 clause 7.3: quads of 2 x 2 samples in rows of quads (line pairs), taken
// two at a time (quad pairs). For each quad the MEL symbol (when its context is 0) and the CxtVLC codeword
// give rho (which samples are significant), u_off and the EMB patterns e_k / e_1; per quad pair the U-VLC
// gives u_q; the exponent predictor kappa_q (7.3.7) turns u_q into U_q, the bound on the magnitude exponents;
// and the MagSgn stream carries, per significant sample, m_n = U_q - e_k bits of v_n = 2 (mu_n - 1) + sign,
// whose bit m_n is e_1 (7.3.8).
//
// The VLC/MEL and MagSgn streams are independent, so each quad row is decoded in one sweep: VLC, MEL and
// U-VLC for a quad pair, then its MagSgn bits. The VLC and MagSgn readers and the MEL run (the hot state)
// live in locals of htCleanup rather than in ht-bits.ts's module globals, which V8 keeps in memory; their
// refills are written out here with the unstuffing rules of ht-bits.ts (7.3.3, 7.3.5, 7.3.8), so they read
// the same bits. The two quads of a pair are written out one after the other (no loop) for the same reason. Two row buffers carry what the next quad row needs: rho per
// quad (contexts, 7.3.5 eq. 2) and the exponent E_n of the samples in the row's bottom line (kappa, 7.3.7).
//
// Output, when refinement passes follow (shared with ht-refine.ts and the write-out of ht-block.ts): `mag`
// cells of i32 holding (2 mu + 1) << p (the magnitude with one fractional bit at the middle of the bin of
// bit-plane p) and `st` bytes with HT_SIG | HT_CUP | HT_NEG, both on a grid padded by one cell on every side.
// Otherwise (htCleanupOutput mode 0 / 1) the final coefficients go straight into the destination.
import { HT_INVALID_CODE } from "../../common/status";
import { melInit, melNext, melRun, melOne } from "./ht-bits";
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

/** The context c_q of quad q (7.3.5): initial row eq. 1 (from the quad on the left), other rows eq. 2 (nw, n, ne, nf above, w, sw). */
@inline function quadContext(first: bool, rhoPrev: usize, rhoCur: usize, q: i32): u32 {
  const l = <u32>load<u8>(rhoCur + <usize>q);
  if (first) return ((l | (l >> 1)) & 1) | ((l >> 1) & 6);
  const a = rhoPrev + <usize>q;
  const a0 = <u32>load<u8>(a);
  const a1 = <u32>load<u8>(a, 1);
  const a2 = <u32>load<u8>(a, 2);
  return (((a0 >> 3) | (a1 >> 1)) & 1) | ((((l >> 2) | (l >> 3)) & 1) << 1) | ((((a1 >> 3) | (a2 >> 1)) & 1) << 2);
}

/** kappa_q (7.3.7): 1 in the initial row or for a quad with one significant sample, else max(E_max - 1, 1) over the bottom line of the quad row above, columns 2q - 1 .. 2q + 2. */
@inline function quadKappa(first: bool, rho: u32, ePrev: usize, q: i32): i32 {
  if (first || popcnt(rho) <= 1) return 1;
  const b = ePrev + <usize>(q << 1);
  const emax = max(max(<i32>load<u8>(b), <i32>load<u8>(b, 1)), max(<i32>load<u8>(b, 2), <i32>load<u8>(b, 3)));
  return max(emax - 1, 1);
}

/** Writes one significant sample (mag = (2 mu + 1) << p) to the grids (mode -1) or the destination (mode 0 / 1). */
@inline function putSample(mode: i32, at: usize, mag: i32, neg: bool, delta: f32, mag0: usize, st0: usize): void {
  if (mode < 0) {
    store<i32>(at, mag);
    store<u8>(st0 + ((at - mag0) >> 2), HT_SIG | HT_CUP | (neg ? HT_NEG : 0));
  } else if (mode == 0) {
    // No refinement pass follows: the final value straight into the destination (as ht-block.ts writes it).
    const r = mag >> 1;
    store<i32>(at, neg ? -r : r);
  } else {
    // The sign goes on the integer (a select; a branch on the random sign mispredicts): IEEE products are
    // sign-symmetric, so this is -(mag delta / 2) bit for bit (mag > 0).
    store<f32>(at, <f32>(neg ? -mag : mag) * delta * 0.5);
  }
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
  // Both rho rows keep zero borders (indices 0 and qw + 1); every row writes all of 1..qw.
  memory.fill(rhoPrev, 0, <usize>(qw + 2));
  memory.fill(rhoCur, 0, <usize>(qw + 2));
  memory.fill(ePrev, 0, <usize>(2 * qw + 4));
  melInit(cup, lcup, scup);
  // MEL (7.3.3): the run in locals; melNext decodes the next codeword when it is used up.
  let mRun = 0;
  let mOne = false;
  const mode = outMode;
  const dst = outPtr;
  const dOff = outOff;
  const dStride = outStride;
  const delta = outDelta;
  // MagSgn (7.3.8): forward from byte 0 over Lcup - Scup bytes, LSB first; after 0xFF a byte carries 7 bits;
  // past the end it is fed 0xFF.
  let fPtr = cup;
  const fEnd = cup + <usize>(lcup - scup);
  let fTmp: u64 = 0;
  let fBits = 0;
  let fUnstuff = false;
  // VLC (7.3.5): backward from the upper nibble of byte Lcup - 2 over Scup - 2 more bytes; reading downwards, a
  // byte whose low 7 bits are all 1 after a byte above 0x8F carries 7 bits; past the end it is fed 0. The
  // nibble is treated like a byte whose low 4 bits are ones.
  const d0 = <u32>load<u8>(cup + <usize>(lcup - 2)) >> 4;
  let vTmp: u64 = <u64>(d0 & ((d0 & 7) == 7 ? 7 : 15));
  let vBits = (d0 & 7) == 7 ? 3 : 4;
  let vUnstuff = d0 > 8;
  let vPtr = cup + <usize>(lcup - 3);
  let vLeft = scup - 2;
  for (let y = 0; y < h; y += 2) {
    const first = y == 0;
    memory.fill(eCur, 0, <usize>(2 * qw + 4));
    for (let q = 0; q < qw; q += 2) {
      // A quad pair reads at most 2 x 7 CxtVLC bits and 2 x (3 + 5) U-VLC bits: one refill to >= 32 bits.
      if (vBits < 32) {
        let done = false;
        if (vLeft >= 4) {
          // 4 bytes none of which has its low 7 bits all ones (so none is unstuffed); the highest address first.
          const v = load<u32>(vPtr - 3);
          const t = (v & 0x7f7f7f7f) ^ 0x7f7f7f7f;
          if (((t - 0x01010101) & ~t & 0x80808080) == 0) {
            vTmp |= (<u64>bswap<u32>(v)) << (<u64>vBits);
            vBits += 32;
            vPtr -= 4;
            vLeft -= 4;
            vUnstuff = (v & 0xff) > 0x8f;
            done = true;
          }
        }
        if (!done) {
          while (vBits <= 56) {
            let b: u32 = 0;
            if (vLeft > 0) {
              b = <u32>load<u8>(vPtr);
              vPtr--;
              vLeft--;
            }
            if (vUnstuff && (b & 0x7f) == 0x7f) {
              b &= 0x7f;
              vTmp |= (<u64>b) << (<u64>vBits);
              vBits += 7;
            } else {
              vTmp |= (<u64>b) << (<u64>vBits);
              vBits += 8;
            }
            vUnstuff = b > 0x8f;
          }
        }
      }
      // CxtVLC of both quads (7.3.5); an insignificant quad coded by a MEL 0 gets entry 0.
      let e0: u32 = 0;
      let e1: u32 = 0;
      {
        const qq = q;
        const c = quadContext(first, rhoPrev, rhoCur, qq);
        let e: u32 = 0;
        let sig = c != 0;
        if (!sig) {
          if (mRun > 0) mRun--;
          else if (mOne) {
            mOne = false;
            sig = true;
          } else {
            sig = melNext() != 0;
            mRun = melRun;
            mOne = melOne;
          }
        }
        if (sig) {
          e = <u32>load<u16>(HT_VLC_LUT + (first ? 0 : 2048) + (<usize>((c << 7) | <u32>(vTmp & 0x7f)) << 1));
          const n = e >> 13;
          vTmp >>= <u64>n;
          vBits -= <i32>n;
        }
        store<u8>(rhoCur + <usize>qq + 1, <u8>(e & 15));
        e0 = e;
      }
      if (q + 1 < qw) {
        const qq = q + 1;
        const c = quadContext(first, rhoPrev, rhoCur, qq);
        let e: u32 = 0;
        let sig = c != 0;
        if (!sig) {
          if (mRun > 0) mRun--;
          else if (mOne) {
            mOne = false;
            sig = true;
          } else {
            sig = melNext() != 0;
            mRun = melRun;
            mOne = melOne;
          }
        }
        if (sig) {
          e = <u32>load<u16>(HT_VLC_LUT + (first ? 0 : 2048) + (<usize>((c << 7) | <u32>(vTmp & 0x7f)) << 1));
          const n = e >> 13;
          vTmp >>= <u64>n;
          vBits -= <i32>n;
        }
        store<u8>(rhoCur + <usize>qq + 1, <u8>(e & 15));
        e1 = e;
      }
      // U-VLC (7.3.6): both prefixes first, then both suffixes; one lookup in HT_UVLC_LUT (see ht-tables.ts).
      let um = ((e0 >> 12) & 1) | ((e1 >> 11) & 2);
      if (um == 3) {
        if (!first) um = 5;
        else if (mRun > 0) {
          mRun--;
          um = 3;
        } else if (mOne) {
          mOne = false;
          um = 4;
        } else {
          um = 3 + melNext();
          mRun = melRun;
          mOne = melOne;
        }
      }
      const t = load<u32>(HT_UVLC_LUT + (<usize>((um << 6) | <u32>(vTmp & 0x3f)) << 2));
      const tp = <u64>(t & 15);
      const ts = (t >> 4) & 15;
      const sfx = <u32>((vTmp >> tp) & ((<u64>1 << <u64>ts) - 1));
      vTmp >>= tp + <u64>ts;
      vBits -= <i32>((t & 15) + ts);
      const l0 = (t >> 8) & 15;
      const u0 = <i32>(((t >> 12) & 63) + (sfx & ((1 << l0) - 1)));
      const u1 = <i32>(((t >> 18) & 63) + (sfx >> l0));
      // MagSgn bits of each quad (7.3.8); writes the output and the bottom-line exponents.
      {
        const e = e0;
        const rho = e & 15;
        if (rho != 0) {
          const qq = q;
          const kappa = quadKappa(first, rho, ePrev, qq);
          const U = u0 + kappa;
          const qe1 = (e >> 4) & 15;
          const ek = (e >> 8) & 15;
          const x0 = qq << 1;
          // Quads inside the block (all but the right column of an odd width and the bottom row of an odd
          // height) skip the per-sample bounds checks.
          const inside = x0 + 1 < w && y + 1 < h;
          const rowBytes = <usize>(mode < 0 ? gw : dStride) << 2;
          const base: usize = mode < 0 ? mag0 + (<usize>((y + 1) * gw + x0 + 1) << 2) : dst + (<usize>(dOff + y * dStride + x0) << 2);
          for (let bits = rho; bits != 0; bits &= bits - 1) {
            const n = <i32>ctz(bits);
            const m = U - <i32>((ek >> <u32>n) & 1);
            // Magnitudes must fit (2 mu + 1) << p in 31 bits.
            if (m + p > 29) return -HT_INVALID_CODE;
            if (fBits < m) {
              let done = false;
              if (!fUnstuff && fPtr + 4 <= fEnd) {
                // 4 bytes none of which is 0xFF (so no unstuffing inside).
                const v = load<u32>(fPtr);
                if (((~v - 0x01010101) & v & 0x80808080) == 0) {
                  fTmp |= (<u64>v) << (<u64>fBits);
                  fBits += 32;
                  fPtr += 4;
                  done = true;
                }
              }
              if (!done) {
                while (fBits <= 56) {
                  let b: u32 = 0xff;
                  if (fPtr < fEnd) {
                    b = <u32>load<u8>(fPtr);
                    fPtr++;
                  }
                  if (fUnstuff) {
                    b &= 0x7f;
                    fTmp |= (<u64>b) << (<u64>fBits);
                    fBits += 7;
                  } else {
                    fTmp |= (<u64>b) << (<u64>fBits);
                    fBits += 8;
                  }
                  fUnstuff = b == 0xff;
                }
              }
            }
            const v = <u32>(fTmp & ((<u64>1 << <u64>m) - 1)) | (((qe1 >> <u32>n) & 1) << <u32>m);
            fTmp >>= <u64>m;
            fBits -= m;
            const dx = n >> 1;
            const dy = n & 1;
            if (dy != 0) store<u8>(eCur + <usize>(x0 + dx) + 1, <u8>(32 - clz(v | 1)));
            if (!inside && (x0 + dx >= w || y + dy >= h)) continue;
            const mag = <i32>((v | 1) + 2) << p;
            const at = base + (<usize>dx << 2) + (dy != 0 ? rowBytes : 0);
            putSample(mode, at, mag, (v & 1) != 0, delta, mag0, st0);
          }
        }
      }
      {
        const e = e1;
        const rho = e & 15;
        if (rho != 0) {
          const qq = q + 1;
          const kappa = quadKappa(first, rho, ePrev, qq);
          const U = u1 + kappa;
          const qe1 = (e >> 4) & 15;
          const ek = (e >> 8) & 15;
          const x0 = qq << 1;
          // Quads inside the block (all but the right column of an odd width and the bottom row of an odd
          // height) skip the per-sample bounds checks.
          const inside = x0 + 1 < w && y + 1 < h;
          const rowBytes = <usize>(mode < 0 ? gw : dStride) << 2;
          const base: usize = mode < 0 ? mag0 + (<usize>((y + 1) * gw + x0 + 1) << 2) : dst + (<usize>(dOff + y * dStride + x0) << 2);
          for (let bits = rho; bits != 0; bits &= bits - 1) {
            const n = <i32>ctz(bits);
            const m = U - <i32>((ek >> <u32>n) & 1);
            // Magnitudes must fit (2 mu + 1) << p in 31 bits.
            if (m + p > 29) return -HT_INVALID_CODE;
            if (fBits < m) {
              let done = false;
              if (!fUnstuff && fPtr + 4 <= fEnd) {
                // 4 bytes none of which is 0xFF (so no unstuffing inside).
                const v = load<u32>(fPtr);
                if (((~v - 0x01010101) & v & 0x80808080) == 0) {
                  fTmp |= (<u64>v) << (<u64>fBits);
                  fBits += 32;
                  fPtr += 4;
                  done = true;
                }
              }
              if (!done) {
                while (fBits <= 56) {
                  let b: u32 = 0xff;
                  if (fPtr < fEnd) {
                    b = <u32>load<u8>(fPtr);
                    fPtr++;
                  }
                  if (fUnstuff) {
                    b &= 0x7f;
                    fTmp |= (<u64>b) << (<u64>fBits);
                    fBits += 7;
                  } else {
                    fTmp |= (<u64>b) << (<u64>fBits);
                    fBits += 8;
                  }
                  fUnstuff = b == 0xff;
                }
              }
            }
            const v = <u32>(fTmp & ((<u64>1 << <u64>m) - 1)) | (((qe1 >> <u32>n) & 1) << <u32>m);
            fTmp >>= <u64>m;
            fBits -= m;
            const dx = n >> 1;
            const dy = n & 1;
            if (dy != 0) store<u8>(eCur + <usize>(x0 + dx) + 1, <u8>(32 - clz(v | 1)));
            if (!inside && (x0 + dx >= w || y + dy >= h)) continue;
            const mag = <i32>((v | 1) + 2) << p;
            const at = base + (<usize>dx << 2) + (dy != 0 ? rowBytes : 0);
            putSample(mode, at, mag, (v & 1) != 0, delta, mag0, st0);
          }
        }
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
