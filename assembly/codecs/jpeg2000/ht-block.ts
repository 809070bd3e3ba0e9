// One HT code-block (ITU-T T.814 | ISO/IEC 15444-15), reached from j2k_decode_block for code-block styles with
// bit 6 (0x40, Table A.19 as amended by T.814 A.2). Codeword segments (T.814 B.2): the HT cleanup segment
// (one pass, at bit-plane p = numBps - 1 once the placeholder passes are accounted for by the packet-header
// parser) and optionally the HT refinement segment holding SigProp (+ MagRef), both at bit-plane p - 1.
// The coefficients are written in the layout of the EBCOT path (t1.ts), so dequantisation and the IDWT are shared.
import { HT_INVALID_SEGMENT, J2K_INVALID_CODEBLOCK } from "../../common/status";
import { htTablesReady, htInitTables } from "./ht-tables";
import { htCleanup, htCleanupOutput, HT_SIG, HT_NEG } from "./ht-cleanup";
import { htSigProp, htMagRef } from "./ht-refine";

const STYLE_CAUSAL = 8;

/**
 * Decodes one HT code-block. Arguments as j2k_decode_block, which has validated w, h, orient, the destination
 * range and the scratch size ((w + 2) (h + 2) 8 bytes, of which this uses 5). Returns 0 or a negated status.
 */
export function htDecodeBlock(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstOff: i32,
  stride: i32,
  w: i32,
  h: i32,
  numBps: i32,
  style: i32,
  segPtr: usize,
  numSegs: i32,
  scratchPtr: usize,
  mode: i32,
  delta: f32,
): i32 {
  if (!htTablesReady) htInitTables();
  if (numSegs < 0 || numSegs > 2) return -HT_INVALID_SEGMENT;
  let lcup = 0;
  let lref = 0;
  let refPasses = 0;
  if (numSegs > 0) {
    lcup = load<i32>(segPtr);
    if (load<i32>(segPtr, 4) != 1) return -HT_INVALID_SEGMENT;
  }
  if (numSegs > 1) {
    lref = load<i32>(segPtr, 8);
    refPasses = load<i32>(segPtr, 12);
    if (refPasses < 1 || refPasses > 2) return -HT_INVALID_SEGMENT;
  }
  if (lcup < 0 || lref < 0 || <i64>lcup + <i64>lref > <i64>srcLen) return -HT_INVALID_SEGMENT;
  const gw = w + 2;
  const cells = <usize>(gw * (h + 2));
  const mag0 = scratchPtr;
  const st0 = scratchPtr + (cells << 2);
  const p = numBps - 1;
  // Without refinement passes the cleanup pass writes the destination directly (zeroed first).
  if (numSegs == 1 && p >= 0 && p <= 29) {
    for (let y = 0; y < h; y++) memory.fill(dstPtr + (<usize>(dstOff + y * stride) << 2), 0, <usize>w << 2);
    htCleanupOutput(mode, dstPtr, dstOff, stride, delta);
  } else {
    htCleanupOutput(-1, 0, 0, 0, 0);
    memory.fill(st0, 0, cells);
  }
  if (numSegs > 0) {
    if (p < 0 || p > 29) return -J2K_INVALID_CODEBLOCK;
    // 7.1: Scup, the length of MEL + VLC, in the last 12 bits of the cleanup segment; 2 <= Scup <= min(Lcup, 4079).
    if (lcup < 2) return -HT_INVALID_SEGMENT;
    const scup = (<i32>load<u8>(srcPtr + <usize>(lcup - 1)) << 4) | (<i32>load<u8>(srcPtr + <usize>(lcup - 2)) & 15);
    if (scup < 2 || scup > lcup || scup > 4079) return -HT_INVALID_SEGMENT;
    const r = htCleanup(srcPtr, lcup, scup, w, h, p, mag0, st0, gw);
    if (r < 0) return r;
    if (numSegs == 1) return 0;
    // The refinement passes need a bit-plane below p; an empty segment refines nothing.
    if (refPasses > 0 && lref > 0 && p > 0) {
      const seg = srcPtr + <usize>lcup;
      htSigProp(seg, lref, w, h, p, (style & STYLE_CAUSAL) != 0, mag0, st0, gw);
      if (refPasses > 1) htMagRef(seg, lref, w, h, p, mag0, st0, gw);
    }
  }
  // Write-out as t1.ts: mode 0 sign * floor(mag / 2), mode 1 sign * mag * delta / 2.
  for (let y = 0; y < h; y++) {
    let dp = dstPtr + (<usize>(dstOff + y * stride) << 2);
    const c0 = <usize>((y + 1) * gw + 1);
    let sp = st0 + c0;
    let mp = mag0 + (c0 << 2);
    for (let x = 0; x < w; x++, dp += 4, sp++, mp += 4) {
      const f = load<u8>(sp);
      const m = (f & HT_SIG) != 0 ? load<i32>(mp) : 0;
      const neg = (f & HT_NEG) != 0;
      if (mode == 0) {
        const v = m >> 1;
        store<i32>(dp, neg ? -v : v);
      } else {
        const v = <f32>m * delta * 0.5;
        store<f32>(dp, neg ? -v : v);
      }
    }
  }
  return 0;
}
