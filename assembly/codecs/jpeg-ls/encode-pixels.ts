// JPEG-LS line encoding (T.87 Annex A, encoder side) of a line of sample-interleaved pixels (ILV 2): the
// mirror of decodeLinePixels in scan.ts. Component c's lines are at prev + c cs, curr + c cs, inp + c cs.
import {
  at, encodeInterruption, encodeRegular, encodeRunLength, endInterruption, fillRun, runLanes,
} from "./encode-sample";
import { NEAR, quantize } from "./params";

/** Quantised gradients of up to 4 components of one pixel. */
const QS: usize = memory.data(16, 4);

/**
 * One line of `nc` sample-interleaved components (ILV 2): component c's lines are at prev + c cs, curr +
 * c cs and inp + c cs. A pixel is in run mode when the gradients of every component are within NEAR; run
 * interruption samples use RItype 0 for every component, as the decoder (scan.ts) expects.
 */
@inline function encodeLinePixelsImpl(prev: usize, curr: usize, inp: usize, cs: usize, nc: i32, width: i32, lossless: bool): void {
  for (let c: i32 = 0; c < nc; c++) {
    const p = prev + <usize>c * cs;
    store<i32>(curr + <usize>c * cs - 4, load<i32>(p));
    store<i32>(at(p, width), load<i32>(at(p, width - 1)));
  }
  let x: i32 = 0;
  while (x < width) {
    let any: i32 = 0;
    for (let c: i32 = 0; c < nc; c++) {
      const p = at(prev + <usize>c * cs, x);
      const ra = load<i32>(at(curr + <usize>c * cs, x - 1));
      const rb = load<i32>(p);
      const rc = load<i32>(p - 4);
      const qc = 81 * quantize(load<i32>(p + 4) - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
      store<i32>(QS + (<usize>c << 2), qc);
      any |= qc;
    }
    if (any == 0) {
      let cnt: i32 = 0;
      while (x + cnt < width) {
        let same = true;
        for (let c: i32 = 0; c < nc; c++) {
          const ra = load<i32>(at(curr + <usize>c * cs, x - 1));
          const d = load<i32>(at(inp + <usize>c * cs, x + cnt)) - ra;
          if (lossless ? d != 0 : (d < 0 ? -d : d) > NEAR) same = false;
        }
        if (!same) break;
        if (!lossless) {
          for (let c: i32 = 0; c < nc; c++) {
            const cc = curr + <usize>c * cs;
            store<i32>(at(cc, x + cnt), load<i32>(at(cc, x - 1)));
          }
        }
        cnt++;
      }
      x += cnt;
      encodeRunLength(cnt, x == width);
      if (x < width) {
        for (let c: i32 = 0; c < nc; c++) {
          const cc = curr + <usize>c * cs;
          const rx = encodeInterruption(load<i32>(at(cc, x - 1)), load<i32>(at(prev + <usize>c * cs, x)), load<i32>(at(inp + <usize>c * cs, x)), 0, lossless);
          if (!lossless) store<i32>(at(cc, x), rx);
        }
        x++;
        endInterruption();
      }
      continue;
    }
    for (let c: i32 = 0; c < nc; c++) {
      const p = at(prev + <usize>c * cs, x);
      const cc = at(curr + <usize>c * cs, x);
      const rx = encodeRegular(
        load<i32>(QS + (<usize>c << 2)), load<i32>(cc - 4), load<i32>(p), load<i32>(p - 4), load<i32>(at(inp + <usize>c * cs, x)), lossless,
      );
      if (!lossless) store<i32>(cc, rx);
    }
    x++;
  }
}

/** Context Q = 81 Q1 + 9 Q2 + Q3 (T.87 A.3) of the sample at line `curr` (its lines above at `prev`). */
@inline function contextAt(prev: usize, curr: usize): i32 {
  const ra = load<i32>(curr - 4);
  const rb = load<i32>(prev);
  const rc = load<i32>(prev - 4);
  return 81 * quantize(load<i32>(prev + 4) - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
}

/** Regular-mode coding of one sample at line `curr` (lines above at `prev`, input at `inp`). */
@inline function regularAt(qc: i32, prev: usize, curr: usize, inp: usize, lossless: bool): void {
  const rx = encodeRegular(qc, load<i32>(curr - 4), load<i32>(prev), load<i32>(prev - 4), load<i32>(inp), lossless);
  if (!lossless) store<i32>(curr, rx);
}

/**
 * encodeLinePixelsImpl for three components (RGB, the common case), with the per-component code written
 * out: no component loops, no QS array, and a run scan that tests 4 pixels per step.
 */
@inline function encodeLinePixels3Impl(prev: usize, curr: usize, inp: usize, cs: usize, width: i32, lossless: bool): void {
  for (let c: i32 = 0; c < 3; c++) {
    const p = prev + <usize>c * cs;
    store<i32>(curr + <usize>c * cs - 4, load<i32>(p));
    store<i32>(at(p, width), load<i32>(at(p, width - 1)));
  }
  const cs2 = cs << 1;
  let x: i32 = 0;
  while (x < width) {
    const po = at(prev, x);
    const co = at(curr, x);
    const q0 = contextAt(po, co);
    const q1 = contextAt(po + cs, co + cs);
    const q2 = contextAt(po + cs2, co + cs2);
    if ((q0 | q1 | q2) == 0) {
      // A.7.1 over pixels: the run continues while every component is within NEAR of its Ra
      const ra0 = load<i32>(co - 4);
      const ra1 = load<i32>(co + cs - 4);
      const ra2 = load<i32>(co + cs2 - 4);
      const v0 = i32x4.splat(ra0);
      const v1 = i32x4.splat(ra1);
      const v2 = i32x4.splat(ra2);
      const vnear = i32x4.splat(NEAR);
      let e = x;
      for (; e + 4 <= width; e += 4) {
        const i0 = at(inp, e);
        const m = v128.and(
          v128.and(runLanes(v128.load(i0), v0, vnear, lossless), runLanes(v128.load(i0 + cs), v1, vnear, lossless)),
          runLanes(v128.load(i0 + cs2), v2, vnear, lossless),
        );
        const bits = i32x4.bitmask(m);
        if (bits != 15) {
          e += <i32>ctz(~bits);
          break;
        }
      }
      if (e + 4 > width) {
        for (; e < width; e++) {
          const i0 = at(inp, e);
          const d0 = load<i32>(i0) - ra0;
          const d1 = load<i32>(i0 + cs) - ra1;
          const d2 = load<i32>(i0 + cs2) - ra2;
          if (lossless) {
            if ((d0 | d1 | d2) != 0) break;
          } else if (max(max(abs(d0), abs(d1)), abs(d2)) > NEAR) break;
        }
      }
      const cnt = e - x;
      if (!lossless) {
        fillRun(curr, x, cnt, ra0);
        fillRun(curr + cs, x, cnt, ra1);
        fillRun(curr + cs2, x, cnt, ra2);
      }
      x = e;
      encodeRunLength(cnt, x == width);
      if (x < width) {
        // RItype 0 for every component in sample-interleaved mode, as the decoder (scan.ts) expects
        for (let c: i32 = 0; c < 3; c++) {
          const cc = at(curr + <usize>c * cs, x);
          const rx = encodeInterruption(load<i32>(cc - 4), load<i32>(at(prev + <usize>c * cs, x)), load<i32>(at(inp + <usize>c * cs, x)), 0, lossless);
          if (!lossless) store<i32>(cc, rx);
        }
        x++;
        endInterruption();
      }
      continue;
    }
    const io = at(inp, x);
    regularAt(q0, po, co, io, lossless);
    regularAt(q1, po + cs, co + cs, io + cs, lossless);
    regularAt(q2, po + cs2, co + cs2, io + cs2, lossless);
    x++;
  }
}

/** encodeLinePixelsImpl for NEAR 0: the input was loaded into `curr`. */
export function encodeLinePixelsLossless(prev: usize, curr: usize, cs: usize, nc: i32, width: i32): void {
  if (nc == 3) encodeLinePixels3Impl(prev, curr, curr, cs, width, true);
  else encodeLinePixelsImpl(prev, curr, curr, cs, nc, width, true);
}

/** encodeLinePixelsImpl for NEAR > 0. */
export function encodeLinePixelsNear(prev: usize, curr: usize, inp: usize, cs: usize, nc: i32, width: i32): void {
  if (nc == 3) encodeLinePixels3Impl(prev, curr, inp, cs, width, false);
  else encodeLinePixelsImpl(prev, curr, inp, cs, nc, width, false);
}
