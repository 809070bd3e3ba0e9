// JPEG-LS line encoding (T.87 Annex A, encoder side) of one component's line (ILV 0 and 1): the mirror of
// decodeLine in scan.ts, with the same line buffers (i32, X + 2 entries addressed at x = 0, see there).
import {
  at, encodeInterruption, encodeRegular, encodeRunLength, endInterruption, fillRun, lineContexts, scanRun,
} from "./encode-sample";
import { NEAR, quantize } from "./params";

/**
 * One line of one component: `inp` holds the samples, `curr` receives the reconstruction. When `lossless`
 * (a constant after inlining) `inp` must be `curr`: the reconstruction is the input, nothing is stored.
 */
@inline function encodeLineImpl(prev: usize, curr: usize, inp: usize, q: usize, width: i32, lossless: bool): void {
  store<i32>(curr - 4, load<i32>(prev));
  store<i32>(at(prev, width), load<i32>(at(prev, width - 1)));
  if (lossless) lineContexts(prev, curr, q, width, true);
  let x: i32 = 0;
  let ra = load<i32>(curr - 4);
  while (x < width) {
    const rb = load<i32>(at(prev, x));
    const rc = load<i32>(at(prev, x - 1));
    // NEAR 0: Q from lineContexts; NEAR > 0: Ra is a reconstruction, known only now
    const qc = lossless ? load<i32>(at(q, x)) : 81 * quantize(load<i32>(at(prev, x + 1)) - rb) + 9 * quantize(rb - rc) + quantize(rc - ra);
    if (qc == 0) {
      // A.3.1: all gradients within NEAR: run mode (A.7.1), the run continues while |Ix - Ra| <= NEAR
      const cnt = scanRun(inp, x, width, ra, lossless);
      if (!lossless) fillRun(curr, x, cnt, ra);
      x += cnt;
      encodeRunLength(cnt, x == width);
      if (x < width) {
        const rbi = load<i32>(at(prev, x));
        const d = ra - rbi;
        const rx = encodeInterruption(ra, rbi, load<i32>(at(inp, x)), (d < 0 ? -d : d) <= NEAR ? 1 : 0, lossless);
        if (!lossless) store<i32>(at(curr, x), rx);
        ra = rx;
        x++;
        endInterruption();
      }
      continue;
    }
    const rx = encodeRegular(qc, ra, rb, rc, load<i32>(at(inp, x)), lossless);
    if (!lossless) store<i32>(at(curr, x), rx);
    ra = rx;
    x++;
  }
}

/** encodeLineImpl for NEAR 0: the input was loaded into `curr`. */
export function encodeLineLossless(prev: usize, curr: usize, q: usize, width: i32): void {
  encodeLineImpl(prev, curr, curr, q, width, true);
}

/** encodeLineImpl for NEAR > 0. */
export function encodeLineNear(prev: usize, curr: usize, inp: usize, width: i32): void {
  encodeLineImpl(prev, curr, inp, 0, width, false);
}
