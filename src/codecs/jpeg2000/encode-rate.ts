/**
 * Rate control of the JPEG 2000 lossy encoder by post-compression rate-distortion optimisation (PCRD, the
 * EBCOT method of ITU-T T.800 Annex J.14): every code-block is coded with all its passes, then truncated so
 * that one quality layer fits a byte budget at the least distortion. Truncation points are the ends of the
 * coding passes: the kernel reports the bytes written by then and the squared error each pass removes. Each
 * block keeps the points on the convex hull of its (rate, distortion) curve,
 * and one global slope threshold picks, in every block, the last point whose slope is at least the threshold;
 * the threshold is found by bisection on the exact codestream size.
 */
import type { J2kEncodedBlock } from "../../wasm/kernels/jpeg2000.js";

/** The feasible truncation points of one block on its convex hull, from 0 passes up. */
export interface TruncationHull {
  passes: number[];
  bytes: number[];
  /** slopes[i]: distortion decrease per byte from point i - 1 to point i (slopes[0] unused), decreasing. */
  slopes: number[];
}

/**
 * Truncation lengths of a block after each coding pass: the bytes written then plus 3 (the bytes the MQ
 * coder's registers may still hold, J.14.1), at most the whole segment, one less when that would end on 0xFF
 * (a codeword segment does not end with 0xFF), and never more than a later point's.
 */
export function passTruncationBytes(blk: J2kEncodedBlock): number[] {
  const passes = blk.passBytes?.length ?? 0;
  const total = blk.data.length;
  const out = new Array<number>(passes);
  for (let k = 0; k < passes; k++) {
    let r = k === passes - 1 ? total : Math.min(total, blk.passBytes![k]! + 3);
    if (r > 0 && blk.data[r - 1] === 0xff) r--;
    out[k] = r;
  }
  for (let k = passes - 2; k >= 0; k--) out[k] = Math.min(out[k]!, out[k + 1]!);
  return out;
}

/**
 * The convex hull of a block's truncation points (J.14.2), distortions weighted by `weight` (the squared step
 * times the squared synthesis norm of the band, times the colour transform's weight of the component).
 */
export function truncationHull(blk: J2kEncodedBlock, weight: number): TruncationHull {
  const hull: TruncationHull = { passes: [0], bytes: [0], slopes: [Infinity] };
  const gains = blk.passGain;
  if (!gains || blk.passes === 0) return hull;
  const bytes = passTruncationBytes(blk);
  let d = 0;
  const dist = [0];
  for (let k = 0; k < bytes.length; k++) {
    d += gains[k]! * weight;
    dist.push(d);
    const passes = k + 1;
    const r = bytes[k]!;
    // Drop hull points that the new one makes non-convex (their slope is not above the new one's).
    for (;;) {
      const last = hull.passes.length - 1;
      const dr = r - hull.bytes[last]!;
      const dd = d - dist[hull.passes[last]!]!;
      // (A point with no more bytes but more gain dominates the last one; a pass may also lose a little.)
      if (last > 0 && ((dr <= 0 && dd >= 0) || (dr > 0 && dd / dr >= hull.slopes[last]!))) {
        hull.passes.pop();
        hull.bytes.pop();
        hull.slopes.pop();
        continue;
      }
      if (dd > 0 && dr > 0) {
        hull.passes.push(passes);
        hull.bytes.push(r);
        hull.slopes.push(dd / dr);
      } else if (dd > 0 && dr <= 0 && last === 0) {
        // A gain for no bytes beyond the empty point: keep it with an infinite slope.
        hull.passes.push(passes);
        hull.bytes.push(Math.max(r, 0));
        hull.slopes.push(Infinity);
      }
      break;
    }
  }
  return hull;
}

/** The block truncated at the last hull point whose slope is at least `lambda`. */
export function truncateAt(blk: J2kEncodedBlock, hull: TruncationHull, lambda: number): J2kEncodedBlock {
  let i = 0;
  while (i + 1 < hull.passes.length && hull.slopes[i + 1]! >= lambda) i++;
  const passes = hull.passes[i]!;
  if (passes === blk.passes) return blk;
  return { data: blk.data.subarray(0, hull.bytes[i]!), numBps: blk.numBps, passes };
}

/**
 * PCRD: the per-component, per-block truncation that fits `budget` bytes (as measured by `size`, the exact
 * codestream length of a candidate) with the least weighted distortion, by bisection on the slope threshold.
 * When even the empty truncation does not fit, the emptiest is returned.
 */
export function truncateToBudget(
  coded: readonly J2kEncodedBlock[][],
  weights: readonly Float64Array[],
  budget: number,
  size: (candidate: J2kEncodedBlock[][]) => number,
): J2kEncodedBlock[][] {
  const hulls = coded.map((list, c) => list.map((blk, i) => truncationHull(blk, weights[c]![i]!)));
  const at = (lambda: number) => coded.map((list, c) => list.map((blk, i) => truncateAt(blk, hulls[c]![i]!, lambda)));
  const full = at(0);
  if (size(full) <= budget) return full;
  let maxSlope = 0;
  for (const list of hulls) for (const h of list) for (const s of h.slopes) if (Number.isFinite(s)) maxSlope = Math.max(maxSlope, s);
  // log2 of the threshold: from below the smallest useful slope to above the largest.
  let lo = Math.log2(Math.max(maxSlope, 1e-300)) - 80;
  let hi = Math.log2(Math.max(maxSlope, 1e-300)) + 1;
  let best = at(2 ** hi);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const cand = at(2 ** mid);
    if (size(cand) <= budget) {
      best = cand;
      hi = mid;
    } else {
      lo = mid;
    }
    if (hi - lo < 1e-3) break;
  }
  return best;
}
