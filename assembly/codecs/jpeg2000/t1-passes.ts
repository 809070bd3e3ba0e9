// The MQ-coded passes of ITU-T T.800 D.3 over one code-block: significance propagation (D.3.1), magnitude
// refinement (D.3.3) and cleanup with its run-length mode (D.3.4). The MQ decoder's A, C and CT registers
// (C.3) live in locals for the whole pass and every decision is decoded inline (the DECODE procedure of
// C.3.2 with RENORMD of Figure C.18, the exchange outcomes chosen with `select` rather than branches; mq.ts
// holds the context words, the 64-bit C layout and BYTEIN), which keeps them in registers.
//
// The state words sit in a (w + 2) x (h + 2) grid with a one-cell border (t1-tables.ts); the magnitudes in a
// second grid of the same shape `md` bytes further on, so one pointer addresses both. Magnitude cells are
// written when a coefficient becomes significant and only read after that, so that grid is never cleared.
import { CTX, STATES, CTX_RL, CTX_UNI, mqA, mqC, mqCt, mqSet, mqFill } from "./mq";
import {
  SC, SIG, NEG, VISIT, REFINED, NBR, S_SIG, N_SIG, E_SIG, W_SIG, SE_SIG, SW_SIG, NE_SIG, NW_SIG,
} from "./t1-tables";

@inline function orTo(p: usize, b: u32): void {
  store<u32>(p, load<u32>(p) | b);
}

/** Marks the neighbours of a coefficient that just became significant (sign `neg`). */
@inline export function tellNeighbours(fp: usize, fs: usize, neg: u32, skipAbove: bool): void {
  // D.7 vertically causal: the last row of the previous stripe does not see this stripe.
  if (!skipAbove) {
    orTo(fp - fs, S_SIG | (neg << 9));
    orTo(fp - fs - 4, SE_SIG);
    orTo(fp - fs + 4, SW_SIG);
  }
  orTo(fp + fs, N_SIG | (neg << 8));
  orTo(fp + fs - 4, NE_SIG);
  orTo(fp + fs + 4, NW_SIG);
  orTo(fp - 4, E_SIG | (neg << 11));
  orTo(fp + 4, W_SIG | (neg << 10));
}

/** True when the 4 state words of a full stripe column, OR-ed together, have none of `bits`. */
@inline function columnClear(fp: usize, fs: usize, bits: u32): bool {
  return ((load<u32>(fp) | load<u32>(fp + fs) | load<u32>(fp + 2 * fs) | load<u32>(fp + 3 * fs)) & bits) == 0;
}

/**
 * D.3.1 significance propagation pass at half-unit bit `one` (= 2 << plane). flags: the state word of (0, 0);
 * zc: the Table D.1 row of the block's orientation.
 */
export function t1SigPass(flags: usize, w: i32, h: i32, md: usize, zc: usize, causal: bool, one: i32): void {
  let a = mqA();
  let c = mqC();
  let n = mqCt();
  const fs = <usize>(w + 2) << 2;
  const m1 = one | (one >> 1);
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    let fp0 = flags + <usize>y0 * fs;
    for (let x = 0; x < w; x++, fp0 += 4) {
      // Skip a column of 4 in which no coefficient has a significant neighbour (most of the early bit-planes).
      if (rows == 4 && columnClear(fp0, fs, NBR)) continue;
      let fp = fp0;
      for (let r = 0; r < rows; r++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & SIG) != 0 || (f & NBR) == 0) continue;
        let bit: i32 = 0;
        {
          const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
          // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
          // needs no renormalisation (MPS, state unchanged). Selected without branches.
          const lpsI = <u32>(c >>> 48) < qe;
          const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
          bit = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - (<u64>qe << 48), lpsI);
          a = select<u32>(qe, a, lpsI);
          const k = <i32>clz(a) - 16;
          if (k > n) {
            mqFill(c, n);
            c = mqC();
            n = mqCt();
          }
          a <<= <u32>k;
          c <<= <u64>k;
          n -= k;
        }
        if (bit == 0) {
          store<u32>(fp, f | VISIT);
          continue;
        }
        // Table D.3 sign context from the N, S, W, E significance and sign bits.
        const sc = <u32>load<u8>(SC + <usize>((f & 15) | ((f >> 4) & 0xf0)));
        let s: i32 = 0;
        {
          const cp = CTX + (<usize>(sc & 31) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
          // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
          // needs no renormalisation (MPS, state unchanged). Selected without branches.
          const lpsI = <u32>(c >>> 48) < qe;
          const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
          s = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - (<u64>qe << 48), lpsI);
          a = select<u32>(qe, a, lpsI);
          const k = <i32>clz(a) - 16;
          if (k > n) {
            mqFill(c, n);
            c = mqC();
            n = mqCt();
          }
          a <<= <u32>k;
          c <<= <u64>k;
          n -= k;
        }
        const neg = <u32>s ^ (sc >> 7);
        store<u32>(fp, f | VISIT | SIG | (neg << 13));
        tellNeighbours(fp, fs, neg, causal && r == 0);
        store<i32>(fp + md, m1);
      }
    }
  }
  mqSet(a, c, n);
}

/** D.3.3 magnitude refinement pass (Table D.4 contexts 14-16). */
export function t1RefPass(flags: usize, w: i32, h: i32, md: usize, one: i32): void {
  let a = mqA();
  let c = mqC();
  let n = mqCt();
  const fs = <usize>(w + 2) << 2;
  const half = one >> 1;
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    let fp0 = flags + <usize>y0 * fs;
    for (let x = 0; x < w; x++, fp0 += 4) {
      if (rows == 4 && columnClear(fp0, fs, SIG)) continue;
      let fp = fp0;
      for (let r = 0; r < rows; r++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & (SIG | VISIT)) != SIG) continue;
        const cx = select<i32>(16, 14 + <i32>((f & NBR) != 0), (f & REFINED) != 0);
        let bit: i32 = 0;
        {
          const cp = CTX + (<usize>(cx) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
          // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
          // needs no renormalisation (MPS, state unchanged). Selected without branches.
          const lpsI = <u32>(c >>> 48) < qe;
          const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
          bit = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - (<u64>qe << 48), lpsI);
          a = select<u32>(qe, a, lpsI);
          const k = <i32>clz(a) - 16;
          if (k > n) {
            mqFill(c, n);
            c = mqC();
            n = mqCt();
          }
          a <<= <u32>k;
          c <<= <u64>k;
          n -= k;
        }
        // Move from the middle of the old interval to the middle of the chosen half.
        store<i32>(fp + md, load<i32>(fp + md) - half + bit * one);
        store<u32>(fp, f | REFINED);
      }
    }
  }
  mqSet(a, c, n);
}

/** D.3.4 cleanup pass, with the run-length mode for all-insignificant columns of 4; clears VISIT. */
export function t1Cleanup(flags: usize, w: i32, h: i32, md: usize, zc: usize, causal: bool, one: i32): void {
  let a = mqA();
  let c = mqC();
  let n = mqCt();
  const fs = <usize>(w + 2) << 2;
  const m1 = one | (one >> 1);
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    let fp0 = flags + <usize>y0 * fs;
    for (let x = 0; x < w; x++, fp0 += 4) {
      let r = 0;
      // A run-length interruption says which row is the first significant one; its sign follows (D.3.4).
      let known = false;
      if (rows == 4) {
        const f0 = load<u32>(fp0);
        const f1 = load<u32>(fp0 + fs);
        const f2 = load<u32>(fp0 + 2 * fs);
        const f3 = load<u32>(fp0 + 3 * fs);
        if (((f0 | f1 | f2 | f3) & (SIG | VISIT | NBR)) == 0) {
          let any: i32 = 0;
          {
            const cp = CTX + (<usize>(CTX_RL) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            a -= qe;
            // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
            // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
            // needs no renormalisation (MPS, state unchanged). Selected without branches.
            const lpsI = <u32>(c >>> 48) < qe;
            const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
            any = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
            c = select<u64>(c, c - (<u64>qe << 48), lpsI);
            a = select<u32>(qe, a, lpsI);
            const k = <i32>clz(a) - 16;
            if (k > n) {
              mqFill(c, n);
              c = mqC();
              n = mqCt();
            }
            a <<= <u32>k;
            c <<= <u64>k;
            n -= k;
          }
          if (any == 0) continue;
          let hi: i32 = 0;
          {
            const cp = CTX + (<usize>(CTX_UNI) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            a -= qe;
            // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
            // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
            // needs no renormalisation (MPS, state unchanged). Selected without branches.
            const lpsI = <u32>(c >>> 48) < qe;
            const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
            hi = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
            c = select<u64>(c, c - (<u64>qe << 48), lpsI);
            a = select<u32>(qe, a, lpsI);
            const k = <i32>clz(a) - 16;
            if (k > n) {
              mqFill(c, n);
              c = mqC();
              n = mqCt();
            }
            a <<= <u32>k;
            c <<= <u64>k;
            n -= k;
          }
          let lo: i32 = 0;
          {
            const cp = CTX + (<usize>(CTX_UNI) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            a -= qe;
            // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
            // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
            // needs no renormalisation (MPS, state unchanged). Selected without branches.
            const lpsI = <u32>(c >>> 48) < qe;
            const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
            lo = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
            c = select<u64>(c, c - (<u64>qe << 48), lpsI);
            a = select<u32>(qe, a, lpsI);
            const k = <i32>clz(a) - 16;
            if (k > n) {
              mqFill(c, n);
              c = mqC();
              n = mqCt();
            }
            a <<= <u32>k;
            c <<= <u64>k;
            n -= k;
          }
          r = (hi << 1) | lo;
          known = true;
        } else if (((f0 | (f0 >> 2)) & (f1 | (f1 >> 2)) & (f2 | (f2 >> 2)) & (f3 | (f3 >> 2)) & SIG) != 0) {
          // Every coefficient significant or already visited (VISIT is SIG << 2): nothing to decode, clear VISIT.
          store<u32>(fp0, f0 & ~VISIT);
          store<u32>(fp0 + fs, f1 & ~VISIT);
          store<u32>(fp0 + 2 * fs, f2 & ~VISIT);
          store<u32>(fp0 + 3 * fs, f3 & ~VISIT);
          continue;
        }
      }
      let fp = fp0 + <usize>r * fs;
      for (; r < rows; r++, fp += fs) {
        const f = load<u32>(fp);
        if (!known) {
          if ((f & (SIG | VISIT)) != 0) {
            // Clear the visited mark for the next bit-plane.
            store<u32>(fp, f & ~VISIT);
            continue;
          }
          let bit: i32 = 0;
          {
            const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            a -= qe;
            // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
            // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
            // needs no renormalisation (MPS, state unchanged). Selected without branches.
            const lpsI = <u32>(c >>> 48) < qe;
            const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
            bit = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
            c = select<u64>(c, c - (<u64>qe << 48), lpsI);
            a = select<u32>(qe, a, lpsI);
            const k = <i32>clz(a) - 16;
            if (k > n) {
              mqFill(c, n);
              c = mqC();
              n = mqCt();
            }
            a <<= <u32>k;
            c <<= <u64>k;
            n -= k;
          }
          if (bit == 0) continue;
        }
        known = false;
        const sc = <u32>load<u8>(SC + <usize>((f & 15) | ((f >> 4) & 0xf0)));
        let s: i32 = 0;
        {
          const cp = CTX + (<usize>(sc & 31) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          // C below Qe: the LPS sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise
          // the MPS sub-interval, where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000
          // needs no renormalisation (MPS, state unchanged). Selected without branches.
          const lpsI = <u32>(c >>> 48) < qe;
          const x = select<u32>(<u32>(a >= qe), <u32>(a < qe), lpsI);
          s = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - (<u64>qe << 48), lpsI);
          a = select<u32>(qe, a, lpsI);
          const k = <i32>clz(a) - 16;
          if (k > n) {
            mqFill(c, n);
            c = mqC();
            n = mqCt();
          }
          a <<= <u32>k;
          c <<= <u64>k;
          n -= k;
        }
        const neg = <u32>s ^ (sc >> 7);
        store<u32>(fp, f | SIG | (neg << 13));
        tellNeighbours(fp, fs, neg, causal && r == 0);
        store<i32>(fp + md, m1);
      }
    }
  }
  mqSet(a, c, n);
}
