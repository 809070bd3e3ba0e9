// The HT refinement passes of ITU-T T.814 clause 7.4, both at bit-plane p - 1 (one below the cleanup pass),
// over stripes of 4 lines scanned column by column as in T.800 D.1:
//  - SigProp (7.4.2, forward stream): an insignificant sample with a significant neighbour (the 8-neighbourhood
//    as known when it is visited; in vertically causal mode without the line below the stripe) reads one
//    significance bit; per group of 4 columns of a stripe, the significance bits of the group come first,
//    then the sign bits of the samples that became significant, in the same order.
//  - MagRef (7.4.3, backward stream): every sample significant after the cleanup pass reads one magnitude bit.
import { fwInit, fwRead, mrpInit, bwRead } from "./ht-bits";
import { HT_SIG, HT_CUP, HT_NEG, HT_NEW } from "./ht-cleanup";

@inline function hasSigNeighbour(s: usize, gw: usize, below: bool): bool {
  const up = s - gw;
  let n = load<u8>(up - 1) | load<u8>(up) | load<u8>(up + 1) | load<u8>(s - 1) | load<u8>(s + 1);
  if (below) {
    const dn = s + gw;
    n |= load<u8>(dn - 1) | load<u8>(dn) | load<u8>(dn + 1);
  }
  return (n & HT_SIG) != 0;
}

/** SigProp pass over the refinement segment `seg` (`len` bytes). */
export function htSigProp(seg: usize, len: i32, w: i32, h: i32, p: i32, causal: bool, mag0: usize, st0: usize, gw: i32): void {
  fwInit(seg, len, 0);
  const g = <usize>gw;
  const val = 3 << (p - 1); // mu = 1 at bit-plane p - 1, at the middle of the bin
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    for (let x0 = 0; x0 < w; x0 += 4) {
      const x1 = min(x0 + 4, w);
      let found = false;
      for (let x = x0; x < x1; x++) {
        let s = st0 + <usize>((y0 + 1) * gw + x + 1);
        for (let r = 0; r < rows; r++, s += g) {
          const f = load<u8>(s);
          if ((f & HT_SIG) != 0) continue;
          if (!hasSigNeighbour(s, g, !causal || r < 3)) continue;
          if (fwRead(1) != 0) {
            store<u8>(s, HT_SIG | HT_NEW);
            found = true;
          }
        }
      }
      if (!found) continue;
      for (let x = x0; x < x1; x++) {
        const cell = <usize>((y0 + 1) * gw + x + 1);
        let s = st0 + cell;
        let m = mag0 + (cell << 2);
        for (let r = 0; r < rows; r++, s += g, m += g << 2) {
          if ((load<u8>(s) & HT_NEW) == 0) continue;
          store<u8>(s, HT_SIG | (fwRead(1) != 0 ? HT_NEG : 0));
          store<i32>(m, val);
        }
      }
    }
  }
}

/** MagRef pass over the refinement segment `seg` (`len` bytes). */
export function htMagRef(seg: usize, len: i32, w: i32, h: i32, p: i32, mag0: usize, st0: usize, gw: i32): void {
  mrpInit(seg, len);
  const g = <usize>gw;
  const half = 1 << (p - 1);
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    for (let x = 0; x < w; x++) {
      const cell = <usize>((y0 + 1) * gw + x + 1);
      let s = st0 + cell;
      let m = mag0 + (cell << 2);
      for (let r = 0; r < rows; r++, s += g, m += g << 2) {
        if ((load<u8>(s) & HT_CUP) == 0) continue;
        // (2 mu + 1) 2^p becomes (4 mu + 2 b + 1) 2^(p-1).
        store<i32>(m, load<i32>(m) - half + (<i32>bwRead(1) << p));
      }
    }
  }
}
