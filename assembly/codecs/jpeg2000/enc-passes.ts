// The MQ-coded passes of the code-block ENCODER (ITU-T T.800 D.3, the inverse of t1-passes.ts) over one
// code-block: significance propagation (D.3.1) with sign coding (D.3.2), magnitude refinement (D.3.3) and
// cleanup with its run-length mode (D.3.4), with the contexts of Tables D.1-D.4 (t1-tables.ts ZC / SC and the
// state-word layout). Magnitudes sit `md` bytes after their state words, |q| with the sign in bit 31.
import { CTX, STATES, CTX_RL, CTX_UNI } from "./mq";
import { mqeA, mqeC, mqeCt, mqeSet, mqeRenormOut } from "./enc-mq";
import { tellNeighbours } from "./t1-passes";
import { SIG, VISIT, REFINED, NBR, SC } from "./t1-tables";

/** True when the 4 state words of a full stripe column, OR-ed together, have none of `bits`. */
@inline function columnClear(fp: usize, fs: usize, bits: u32): bool {
  return ((load<u32>(fp) | load<u32>(fp + fs) | load<u32>(fp + 2 * fs) | load<u32>(fp + 3 * fs)) & bits) == 0;
}

// Every decision is MQ-coded inline with A, C and CT in locals (the ENCODE of enc-mq.ts mqeEncode, written out
// at each site so that the registers stay in registers; mqeRenormOut does the shifts that reach a BYTEOUT).

/** D.3.1 significance propagation pass of bit-plane p. */
export function sigPass(flags: usize, w: i32, h: i32, md: usize, zc: usize, p: u32): void {
  let a = mqeA();
  let c = mqeC();
  let n = mqeCt();
  const fs = <usize>(w + 2) << 2;
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    let fp0 = flags + <usize>y0 * fs;
    for (let x = 0; x < w; x++, fp0 += 4) {
      if (rows == 4) {
        // Skip a column with no significant neighbour (early planes) or already all significant (late planes).
        const f0 = load<u32>(fp0);
        const f1 = load<u32>(fp0 + fs);
        const f2 = load<u32>(fp0 + 2 * fs);
        const f3 = load<u32>(fp0 + 3 * fs);
        if (((f0 | f1 | f2 | f3) & NBR) == 0 || (f0 & f1 & f2 & f3 & SIG) != 0) continue;
      }
      let fp = fp0;
      for (let r = 0; r < rows; r++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & SIG) != 0 || (f & NBR) == 0) continue;
        const v = load<u32>(fp + md);
        const bit = (v >> p) & 1;
        {
          const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (bit) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        if (bit == 0) {
          store<u32>(fp, f | VISIT);
          continue;
        }
        // D.3.2 sign coding: Table D.3 context and XOR bit from the N, S, W, E significance and sign bits.
        const sc = <u32>load<u8>(SC + <usize>((f & 15) | ((f >> 4) & 0xf0)));
        const neg = v >>> 31;
        {
          const cp = CTX + (<usize>(sc & 31) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (neg ^ (sc >> 7)) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        store<u32>(fp, f | VISIT | SIG | (neg << 13));
        tellNeighbours(fp, fs, neg, false);
      }
    }
  }
  mqeSet(a, c, n);
}

/** D.3.3 magnitude refinement pass of bit-plane p (Table D.4 contexts 14-16). */
export function refPass(flags: usize, w: i32, h: i32, md: usize, p: u32): void {
  let a = mqeA();
  let c = mqeC();
  let n = mqeCt();
  const fs = <usize>(w + 2) << 2;
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
        const bit = (load<u32>(fp + md) >> p) & 1;
        {
          const cp = CTX + (<usize>(cx) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (bit) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        store<u32>(fp, f | REFINED);
      }
    }
  }
  mqeSet(a, c, n);
}

/** D.3.4 cleanup pass of bit-plane p, with run-length coding of all-clear columns of 4; clears VISIT. */
export function cleanupPass(flags: usize, w: i32, h: i32, md: usize, zc: usize, p: u32): void {
  let a = mqeA();
  let c = mqeC();
  let n = mqeCt();
  const fs = <usize>(w + 2) << 2;
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    let fp0 = flags + <usize>y0 * fs;
    for (let x = 0; x < w; x++, fp0 += 4) {
      let r = 0;
      let known = false;
      if (rows == 4) {
        const f0 = load<u32>(fp0);
        const f1 = load<u32>(fp0 + fs);
        const f2 = load<u32>(fp0 + 2 * fs);
        const f3 = load<u32>(fp0 + 3 * fs);
        // Every coefficient significant or visited (VISIT is SIG << 2): nothing to code, clear VISIT.
        if (((f0 | (f0 >> 2)) & (f1 | (f1 >> 2)) & (f2 | (f2 >> 2)) & (f3 | (f3 >> 2)) & SIG) != 0) {
          store<u32>(fp0, f0 & ~VISIT);
          store<u32>(fp0 + fs, f1 & ~VISIT);
          store<u32>(fp0 + 2 * fs, f2 & ~VISIT);
          store<u32>(fp0 + 3 * fs, f3 & ~VISIT);
          continue;
        }
      }
      if (rows == 4 && columnClear(fp0, fs, SIG | VISIT | NBR)) {
        // Run-length mode: one RL decision says whether any of the 4 becomes significant; if so two UNIFORM
        // decisions give the first one's row (most significant bit first), whose sign follows.
        let first = 4;
        for (let q = 3; q >= 0; q--) if (((load<u32>(fp0 + <usize>q * fs + md) >> p) & 1) != 0) first = q;
        const any = <u32>(first != 4);
        {
          const cp = CTX + (<usize>(CTX_RL) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (any) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        if (any == 0) continue;
        {
          const cp = CTX + (<usize>(CTX_UNI) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (<u32>first >> 1) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        {
          const cp = CTX + (<usize>(CTX_UNI) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (<u32>first & 1) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        r = first;
        known = true;
      }
      let fp = fp0 + <usize>r * fs;
      for (; r < rows; r++, fp += fs) {
        const f = load<u32>(fp);
        const v = load<u32>(fp + md);
        if (!known) {
          if ((f & (SIG | VISIT)) != 0) {
            store<u32>(fp, f & ~VISIT);
            continue;
          }
          const bit = (v >> p) & 1;
          {
            const cp = CTX + (<usize>(load<u8>(zc + <usize>(f & NBR))) << 2);
            const st = load<u32>(cp);
            const qe = st & 0xffff;
            const sp = STATES + <usize>(st >>> 17);
            const mps = (bit) == ((st >>> 16) & 1);
            a -= qe;
            const lt = a < qe;
            c += select<u32>(qe, 0, mps != lt);
            const keep = mps && (a & 0x8000) != 0;
            a = select<u32>(qe, a, mps == lt);
            store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
            const k = <i32>clz(a) - 16;
            if (k >= n) {
              mqeRenormOut(a, c, n);
              a = mqeA();
              c = mqeC();
              n = mqeCt();
            } else {
              a <<= <u32>k;
              c <<= <u32>k;
              n -= k;
            }
          }
          if (bit == 0) continue;
        }
        known = false;
        const sc = <u32>load<u8>(SC + <usize>((f & 15) | ((f >> 4) & 0xf0)));
        const neg = v >>> 31;
        {
          const cp = CTX + (<usize>(sc & 31) << 2);
          const st = load<u32>(cp);
          const qe = st & 0xffff;
          const sp = STATES + <usize>(st >>> 17);
          const mps = (neg ^ (sc >> 7)) == ((st >>> 16) & 1);
          a -= qe;
          const lt = a < qe;
          c += select<u32>(qe, 0, mps != lt);
          const keep = mps && (a & 0x8000) != 0;
          a = select<u32>(qe, a, mps == lt);
          store<u32>(cp, select<u32>(st, select<u32>(load<u32>(sp, 8), load<u32>(sp, 12), mps), keep));
          const k = <i32>clz(a) - 16;
          if (k >= n) {
            mqeRenormOut(a, c, n);
            a = mqeA();
            c = mqeC();
            n = mqeCt();
          } else {
            a <<= <u32>k;
            c <<= <u32>k;
            n -= k;
          }
        }
        store<u32>(fp, f | SIG | (neg << 13));
        tellNeighbours(fp, fs, neg, false);
      }
    }
  }
  mqeSet(a, c, n);
}
