// Code-block ENCODER of ITU-T T.800 Annex D (the inverse of t1.ts / t1-passes.ts): bit-plane coding passes
// (D.3.1 significance propagation, D.3.3 magnitude refinement, D.3.4 cleanup with run-length mode) with the
// contexts of Tables D.1-D.4 (the decoder's ZC / SC tables and state-word layout of t1-tables.ts), over the MQ
// encoder of enc-mq.ts. Code-block style 0 (Table A.19): no bypass, no reset, no termall, not causal, so one
// codeword segment per block, terminated once after its last pass (D.4.1). Lossless: every pass is kept.
//
// Scratch, per block: the (w + 2) x (h + 2) state-word grid of t1-tables.ts (one-cell border), then a grid of
// the same shape `md` bytes further on holding |q| with the sign in bit 31, so one pointer addresses both.
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL } from "../../common/status";
import { mqResetContexts } from "./mq";
import { mqeInit, mqeFlush, mqeBytes } from "./enc-mq";
import { sigPass, refPass, cleanupPass } from "./enc-passes";
import { SIG, ZC, tablesReady, initTables } from "./t1-tables";

/** Scratch bytes j2k_enc_blocks needs for code-blocks of up to w x h (T.800 A.6.1: w * h <= 4096). */
export function j2k_enc_block_scratch_size(w: i32, h: i32): i32 {
  if (w <= 0 || h <= 0 || w > 1024 || h > 1024 || w * h > 4096) return -INVALID_ARGUMENT;
  return (w + 2) * (h + 2) * 8 + 32;
}

/** Words per code-block descriptor of j2k_enc_blocks. */
const DESC_WORDS: i32 = 8;

/** Bytes per code-block in the rate-distortion table of j2k_enc_blocks: 96 i32 rates, then 96 f64 gains. */
const RD_BYTES: i32 = 96 * 4 + 96 * 8;

// Per coded plane k (k = 0: the most significant) of one block: the squared-error decrease of the coefficients
// that become significant in plane k, and of the refinement of those significant before it (f64 each).
const SIG_GAIN: usize = memory.data(32 * 8, 16);
const REF_GAIN: usize = memory.data(32 * 8, 16);

// Rate-distortion data of a coded block, for PCRD truncation after any coding pass (J.14): rd + 4n = the bytes
// written when pass n ended, rd + 384 + 8n = the decrease of the squared error, in quantisation-index units,
// that pass n brings. A coefficient of magnitude m is taken as m + 1/2 (the middle of its quantisation
// interval) and reconstructed, once planes down to p are known, at its known bits plus half of 2^p (E.1.1.2,
// r = 1/2; 0 before it is significant).

@inline function recon(m: u32, p: i32): f64 {
  return <f64>((m >> <u32>p) << <u32>p) + <f64>(<u32>1 << <u32>p) * 0.5;
}

/** SIG_GAIN / REF_GAIN of a block from its magnitudes (the grid `md` bytes past the state words). */
function planeGains(flags: usize, w: i32, h: i32, fs: usize, md: usize, numBps: i32): void {
  memory.fill(SIG_GAIN, 0, 32 * 8);
  memory.fill(REF_GAIN, 0, 32 * 8);
  for (let y = 0; y < h; y++) {
    let mp = flags + <usize>y * fs + md;
    for (let x = 0; x < w; x++, mp += 4) {
      const m = load<u32>(mp) & 0x7fffffff;
      if (m == 0) continue;
      const v = <f64>m + 0.5;
      const t = 31 - <i32>clz(m);
      let before: f64 = 0;
      for (let p = t; p >= 0; p--) {
        const after = recon(m, p);
        const a = v - before;
        const b = v - after;
        const d = (p == t ? SIG_GAIN : REF_GAIN) + (<usize>(numBps - 1 - p) << 3);
        store<f64>(d, load<f64>(d) + a * a - b * b);
        before = after;
      }
    }
  }
}

/** The gain of the coefficients that became significant in plane p so far (after its significance pass). */
function sigGainSoFar(flags: usize, w: i32, h: i32, fs: usize, md: usize, p: i32): f64 {
  let g: f64 = 0;
  for (let y = 0; y < h; y++) {
    let fp = flags + <usize>y * fs;
    for (let x = 0; x < w; x++, fp += 4) {
      if ((load<u32>(fp) & SIG) == 0) continue;
      const m = load<u32>(fp + md) & 0x7fffffff;
      if (31 - <i32>clz(m) != p) continue;
      const v = <f64>m + 0.5;
      const b = v - recon(m, p);
      g += v * v - b * b;
    }
  }
  return g;
}

/**
 * Encodes the code-blocks of one tile-component band by band. src: the i32 coefficients (`stride` cells per
 * row); dst: the codeword segments, written back to back. desc: numBlocks descriptors of 8 i32: in: cell offset
 * of the block's top-left, w, h, orient (0 LL, 1 HL, 2 LH, 3 HH); out: byte offset in dst, byte length,
 * magnitude bit-planes (Mb minus the zero bit-planes of B.10.5) and coding passes (3 * bit-planes - 2, or 0).
 * rdPtr (0 for none): numBlocks records of RD_BYTES (rates and gains per pass, see planeGains).
 * Returns the bytes written, or a negated status (DESTINATION_TOO_SMALL when dst is full).
 */
export function j2k_enc_blocks(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstLen: i32,
  stride: i32,
  descPtr: usize,
  numBlocks: i32,
  scratchPtr: usize,
  scratchLen: i32,
  rdPtr: usize,
  rdLen: i32,
): i32 {
  if (srcLen < 0 || dstLen < 0 || stride <= 0 || numBlocks < 0) return -INVALID_ARGUMENT;
  if (rdPtr != 0 && <i64>numBlocks * <i64>RD_BYTES > <i64>rdLen) return -INVALID_ARGUMENT;
  if (!tablesReady) initTables();
  let out: i32 = 0;
  for (let b = 0; b < numBlocks; b++) {
    const d = descPtr + <usize>(b * DESC_WORDS * 4);
    const off = load<i32>(d);
    const w = load<i32>(d, 4);
    const h = load<i32>(d, 8);
    const orient = load<i32>(d, 12);
    const need = j2k_enc_block_scratch_size(w, h);
    if (need < 0 || off < 0 || orient < 0 || orient > 3 || w > stride) return -INVALID_ARGUMENT;
    if ((<i64>off + <i64>(h - 1) * <i64>stride + <i64>w) * 4 > <i64>srcLen) return -INVALID_ARGUMENT;
    if (scratchLen < need) return -DESTINATION_TOO_SMALL;
    const fs = <usize>(w + 2) << 2;
    const grid = <usize>(w + 2) * <usize>(h + 2) * 4;
    const flagsBase = (scratchPtr + 15) & ~(<usize>15);
    const flags = flagsBase + fs + 4;
    const md = grid;
    memory.fill(flagsBase, 0, grid);
    // Magnitudes with the sign in bit 31, and their OR for the number of magnitude bit-planes.
    let all: u32 = 0;
    for (let y = 0; y < h; y++) {
      let sp = srcPtr + (<usize>(off + y * stride) << 2);
      let mp = flags + <usize>y * fs + md;
      for (let x = 0; x < w; x++, sp += 4, mp += 4) {
        const v = load<i32>(sp);
        const m = <u32>(v < 0 ? -v : v);
        all |= m;
        store<u32>(mp, m | (<u32>v & 0x80000000));
      }
    }
    if (all >= 0x40000000) return -INVALID_ARGUMENT;
    const numBps = 32 - <i32>clz(all);
    store<i32>(d, out, 16);
    store<i32>(d, numBps, 24);
    if (numBps == 0) {
      store<i32>(d, 0, 20);
      store<i32>(d, 0, 28);
      continue;
    }
    const zc = ZC + <usize>((orient == 1 ? 1 : orient == 3 ? 2 : 0) * 256);
    if (numBps > 30) return -INVALID_ARGUMENT;
    const rd = rdPtr + <usize>b * <usize>RD_BYTES;
    if (rdPtr != 0) planeGains(flags, w, h, fs, md, numBps);
    mqResetContexts();
    mqeInit(dstPtr + <usize>out, dstPtr + <usize>dstLen);
    // D.3: the most significant plane has a cleanup pass only; every later plane sig, ref, cleanup.
    let p = <u32>(numBps - 1);
    cleanupPass(flags, w, h, md, zc, p);
    if (rdPtr != 0) {
      store<i32>(rd, mqeBytes());
      store<f64>(rd + 384, load<f64>(SIG_GAIN));
    }
    let n: usize = 1;
    while (p > 0) {
      p--;
      sigPass(flags, w, h, md, zc, p);
      const k = <usize>(numBps - 1 - <i32>p) << 3;
      let early: f64 = 0;
      if (rdPtr != 0) {
        early = sigGainSoFar(flags, w, h, fs, md, <i32>p);
        store<i32>(rd + (n << 2), mqeBytes());
        store<f64>(rd + 384 + (n << 3), early);
      }
      refPass(flags, w, h, md, p);
      if (rdPtr != 0) {
        store<i32>(rd + ((n + 1) << 2), mqeBytes());
        store<f64>(rd + 384 + ((n + 1) << 3), load<f64>(REF_GAIN + k));
      }
      cleanupPass(flags, w, h, md, zc, p);
      if (rdPtr != 0) {
        store<i32>(rd + ((n + 2) << 2), mqeBytes());
        store<f64>(rd + 384 + ((n + 2) << 3), load<f64>(SIG_GAIN + k) - early);
      }
      n += 3;
    }
    const len = mqeFlush();
    if (len < 0) return -DESTINATION_TOO_SMALL;
    store<i32>(d, len, 20);
    store<i32>(d, 3 * numBps - 2, 28);
    out += len;
  }
  return out;
}
