// The MQ-coded passes of ITU-T T.800 D.3 over one code-block: significance propagation (D.3.1), magnitude
// refinement (D.3.3) and cleanup with its run-length mode (D.3.4). The MQ decoder's A, C and CT registers
// (C.3) live in locals for the whole pass and every decision is decoded inline (the DECODE procedure of
// C.3.2 with RENORMD of Figure C.18), which keeps them in registers. In each decision, C below Qe is the LPS
// sub-interval, where LPS_EXCHANGE (Figure C.17) gives the MPS when A < Qe; otherwise the MPS sub-interval,
// where MPS_EXCHANGE (Figure C.16) gives the LPS when A < Qe, and A >= 0x8000 needs no renormalisation (MPS,
// state unchanged): the outcomes are chosen with `select` rather than branches (mq.ts holds the context
// words, the 64-bit C layout and BYTEIN).
//
// Decoder state layout: the passes visit a block in stripes of 4 rows, column by column (D.1), so the state
// words are stored in that order: a stripe column's 4 words are 16 contiguous bytes (row r at +4r), columns
// 16 bytes apart, stripes `ss` = (w + 2) * 16 bytes apart, with a border column on each side and a border
// stripe above and below, so neighbours need no bounds checks. One v128 load then tests a whole stripe column
// and yields, as a 4-bit mask, the rows a pass has to code. The magnitudes sit in a second grid of the same
// shape `md` bytes further on; a magnitude cell is written when its coefficient becomes significant and only
// read after that, so that grid is never cleared.
import { CTX, STATES, CTX_RL, CTX_UNI, mqA, mqC, mqCt, mqSet, mqFill } from "./mq";
import {
  NBR_VEC, SC, SIG, NEG, VISIT, REFINED, NBR, S_SIG, N_SIG, E_SIG, W_SIG, SE_SIG, SW_SIG, NE_SIG, NW_SIG,
} from "./t1-tables";

@inline function orTo(p: usize, b: u32): void {
  store<u32>(p, load<u32>(p) | b);
}

/**
 * Marks the neighbours of a coefficient that just became significant (sign `neg`), in a row-major grid of
 * `fs` bytes per row (the encoder's layout).
 */
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

/**
 * The same in the decoder's stripe-column layout, for the coefficient at row `r` of its stripe (column base
 * fp0), which also sets its own SIG and NEG bits (and VISIT when `visit`): one v128 OR each into the left, own
 * and right stripe columns (t1-tables.ts NBR_VEC), so the columns' next v128 loads are forwarded from
 * like-sized stores; rows 0 and 3 also reach into the stripe above or below.
 */
@inline export function tellStripeNeighbours(fp0: usize, ss: usize, r: i32, neg: u32, causal: bool, visit: bool): void {
  const t = NBR_VEC + <usize>(((r << 1) | neg) * 64);
  v128.store(fp0 - 16, v128.or(v128.load(fp0 - 16), v128.load(t)));
  const own = v128.or(v128.load(fp0), v128.load(t, 16));
  v128.store(fp0, visit ? v128.or(own, v128.load(t, 48)) : own);
  v128.store(fp0 + 16, v128.or(v128.load(fp0 + 16), v128.load(t, 32)));
  if (r == 0) {
    // D.7 vertically causal: the last row of the previous stripe does not see this stripe.
    if (!causal) {
      const up = fp0 + 12 - ss;
      orTo(up, S_SIG | (neg << 9));
      orTo(up - 16, SE_SIG);
      orTo(up + 16, SW_SIG);
    }
  } else if (r == 3) {
    const dn = fp0 + ss;
    orTo(dn, N_SIG | (neg << 8));
    orTo(dn - 16, NE_SIG);
    orTo(dn + 16, NW_SIG);
  }
}

/** Rows (bit r) of a stripe column that are not significant but have a significant neighbour (D.3.1). */
@inline function sigCandidates(fp0: usize): i32 {
  // A word masked to SIG | NBR is a candidate when it is in 1..NBR (SIG is above the neighbour bits).
  const t = v128.and(v128.load(fp0), i32x4.splat(<i32>(SIG | NBR)));
  return i32x4.bitmask(i32x4.lt_u(i32x4.sub(t, i32x4.splat(1)), i32x4.splat(<i32>NBR)));
}

/**
 * D.3.1 significance propagation pass at half-unit bit `one` (= 2 << plane). flags: the state word of (0, 0);
 * zc: the Table D.1 row of the block's orientation.
 */
export function t1SigPass(flags: usize, w: i32, h: i32, md: usize, zc: usize, causal: bool, one: i32): void {
  let a = mqA();
  let c = mqC();
  let n = mqCt();
  const ss = <usize>(w + 2) << 4;
  const m1 = one | (one >> 1);
  let fs0 = flags;
  for (let y0 = 0; y0 < h; y0 += 4, fs0 += ss) {
    const rowMask = (1 << min(4, h - y0)) - 1;
    let fp0 = fs0;
    for (let x = 0; x < w; x++, fp0 += 16) {
      // Most columns of the early bit-planes have no candidate at all: one load skips them.
      let m = sigCandidates(fp0) & rowMask;
      while (m != 0) {
        const r = ctz(m);
        m &= m - 1;
        const fp = fp0 + (<usize>r << 2);
        const f = load<u32>(fp);
        let bit: i32 = 0;
        {
          const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          bit = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          s = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
        tellStripeNeighbours(fp0, ss, r, neg, causal, true);
        store<i32>(fp + md, m1);
        // The rows below may just have become candidates (their N neighbour is now significant).
        m = sigCandidates(fp0) & rowMask & (0xe << r);
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
  const ss = <usize>(w + 2) << 4;
  const half = one >> 1;
  const vbits = i32x4.splat(<i32>(SIG | VISIT));
  const vsig = i32x4.splat(<i32>SIG);
  let fs0 = flags;
  for (let y0 = 0; y0 < h; y0 += 4, fs0 += ss) {
    const rowMask = (1 << min(4, h - y0)) - 1;
    let fp0 = fs0;
    for (let x = 0; x < w; x++, fp0 += 16) {
      // Rows significant before this bit-plane and not coded in its significance pass.
      let m = i32x4.bitmask(i32x4.eq(v128.and(v128.load(fp0), vbits), vsig)) & rowMask;
      while (m != 0) {
        const r = ctz(m);
        m &= m - 1;
        const fp = fp0 + (<usize>r << 2);
        const f = load<u32>(fp);
        let bit: i32 = 0;
        {
          const cp = CTX + (<usize>(select<i32>(16, 14 + <i32>((f & NBR) != 0), (f & REFINED) != 0)) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          bit = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
  const ss = <usize>(w + 2) << 4;
  const m1 = one | (one >> 1);
  const vrl = i32x4.splat(<i32>(SIG | VISIT | NBR));
  const vsv = i32x4.splat(<i32>(SIG | VISIT));
  const vnv = i32x4.splat(<i32>~VISIT);
  let fs0 = flags;
  for (let y0 = 0; y0 < h; y0 += 4, fs0 += ss) {
    const rows = min(4, h - y0);
    const rowMask = (1 << rows) - 1;
    let fp0 = fs0;
    for (let x = 0; x < w; x++, fp0 += 16) {
      const v = v128.load(fp0);
      // A run-length interruption says which row is the first significant one; its sign follows (D.3.4).
      let known = false;
      let m: i32;
      if (rows == 4 && !v128.any_true(v128.and(v, vrl))) {
        let any: i32 = 0;
        {
          const cp = CTX + (<usize>(CTX_RL) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const q48 = <u64>qe << 48;
          a -= qe;
          if (c >= q48 && a >= 0x8000) {
            // MPS without renormalisation (C.3.2): the context keeps its state.
            c -= q48;
            any = <i32>((st >>> 16) & 1);
          } else {
            const sp = STATES + <usize>(st >>> 17);
            const lpsI = c < q48;
            const x = <u32>(a < qe) ^ <u32>lpsI;
            any = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0));
            c = select<u64>(c, c - q48, lpsI);
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
        }
        if (any == 0) continue;
        let hi: i32 = 0;
        {
          const cp = CTX + (<usize>(CTX_UNI) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          a -= qe;
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          hi = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          lo = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
        // That row and all below it are coded (nothing in the column was significant or visited).
        m = (0xf << ((hi << 1) | lo)) & 0xf;
        known = true;
      } else {
        // Rows neither significant nor visited are coded; clear the visited marks for the next bit-plane.
        m = i32x4.bitmask(i32x4.eq(v128.and(v, vsv), i32x4.splat(0))) & rowMask;
        v128.store(fp0, v128.and(v, vnv));
      }
      while (m != 0) {
        const r = ctz(m);
        m &= m - 1;
        const fp = fp0 + (<usize>r << 2);
        const f = load<u32>(fp);
        if (!known) {
          let bit: i32 = 0;
          {
            const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            a -= qe;
            const q48 = <u64>qe << 48;
            const lpsI = c < q48;
            const x = <u32>(a < qe) ^ <u32>lpsI;
            bit = <i32>((st >>> 16) & 1) ^ <i32>x;
            store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
            c = select<u64>(c, c - q48, lpsI);
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
          const q48 = <u64>qe << 48;
          const lpsI = c < q48;
          const x = <u32>(a < qe) ^ <u32>lpsI;
          s = <i32>((st >>> 16) & 1) ^ <i32>x;
          store<u32>(cp, select<u32>(select<u32>(load<u32>(sp, 12), load<u32>(sp, 8), x != 0), st, lpsI | (a < 0x8000)));
          c = select<u64>(c, c - q48, lpsI);
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
        tellStripeNeighbours(fp0, ss, r, neg, causal, false);
        store<i32>(fp + md, m1);
      }
    }
  }
  mqSet(a, c, n);
}
