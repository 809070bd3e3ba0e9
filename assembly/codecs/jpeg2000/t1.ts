// Code-block decoding of ITU-T T.800 Annex D: bit-plane coding passes (D.3 significance propagation,
// magnitude refinement, cleanup with run-length), the context formation of Tables D.1-D.4, the code-block
// styles of Table A.19 (bypass D.6, reset/termall D.4, vertically causal D.7, segmentation symbols D.5),
// over the MQ decoder of mq.ts. Coefficients are reconstructed at the middle of the uncertainty interval
// (E.1.1.2 with r = 1/2), kept with one fractional bit: mag holds 2*|q| (+1 once at least one pass was decoded).
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL, J2K_INVALID_CODEBLOCK } from "../../common/status";
import { mqInit, mqDecode, mqResetContexts, rawInit, rawBit, CTX_UNI } from "./mq";
import { t1SigPass, t1RefPass, t1Cleanup, tellStripeNeighbours } from "./t1-passes";
import { SIG, NEG, VISIT, REFINED, NBR, STYLE_BYPASS, STYLE_RESET, STYLE_CAUSAL, STYLE_SEGSYM, ZC, tablesReady, initTables } from "./t1-tables";
import { htDecodeBlock } from "./ht-block";
import { transpose4 } from "../../common/simd";

const STYLE_HT = 0x40;

let W: i32 = 0;
let H: i32 = 0;
let ss: usize = 0; // stripe stride in bytes ((w + 2) * 16): the layout of t1-passes.ts
let flags0: usize = 0; // the state word of (0, 0)
let md: usize = 0; // magnitude = state word address + md
let causal = false;

// D.6 raw (bypass) significance propagation and magnitude refinement passes: bits without contexts.
function sigPassRaw(one: i32): void {
  const m1 = one | (one >> 1);
  for (let y0 = 0; y0 < H; y0 += 4) {
    const rows = min(4, H - y0);
    for (let x = 0; x < W; x++) {
      let fp = flags0 + <usize>(y0 >> 2) * ss + (<usize>x << 4);
      for (let r = 0; r < rows; r++, fp += 4) {
        const f = load<u32>(fp);
        if ((f & SIG) != 0 || (f & NBR) == 0) continue;
        store<u32>(fp, f | VISIT);
        if (rawBit() != 0) {
          const neg = <u32>rawBit();
          store<u32>(fp, f | VISIT | SIG | (neg << 13));
          tellStripeNeighbours(fp - (<usize>r << 2), ss, r, neg, causal, true);
          store<i32>(fp + md, m1);
        }
      }
    }
  }
}

function refPassRaw(one: i32): void {
  const half = one >> 1;
  for (let y0 = 0; y0 < H; y0 += 4) {
    const rows = min(4, H - y0);
    for (let x = 0; x < W; x++) {
      let fp = flags0 + <usize>(y0 >> 2) * ss + (<usize>x << 4);
      for (let r = 0; r < rows; r++, fp += 4) {
        const f = load<u32>(fp);
        if ((f & (SIG | VISIT)) != SIG) continue;
        store<i32>(fp + md, load<i32>(fp + md) - half + rawBit() * one);
        store<u32>(fp, f | REFINED);
      }
    }
  }
}

/** Scratch bytes j2k_decode_block needs for a w x h code-block. */
export function j2k_block_scratch_size(w: i32, h: i32): i32 {
  if (w <= 0 || h <= 0 || w > 1024 || h > 1024 || w * h > 4096) return -INVALID_ARGUMENT;
  // Two grids (states, magnitudes) of (h / 4 + 2) stripes of w + 2 columns of 4 words (t1-passes.ts).
  return (((h + 3) >> 2) + 2) * (w + 2) * 32 + 16;
}

/**
 * Decodes one code-block and writes its coefficients into a band of a tile-component buffer.
 * src: the code-block's codeword segments, concatenated; segPtr: numSegs pairs of i32 (byte length, passes).
 * dst: i32 cells (mode 0: reversible, value = sign * floor(|q|)) or f32 cells (mode 1: value = sign * |q + r| * delta),
 * `stride` cells per row, the block's top-left at cell `dstOff`.
 * numBps: Mb - zero bit-planes (E.1, B.10.5); orient: 0 LL, 1 HL, 2 LH, 3 HH.
 * Returns 0, or a negated status.
 */
export function j2k_decode_block(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstLen: i32,
  dstOff: i32,
  stride: i32,
  w: i32,
  h: i32,
  orient: i32,
  numBps: i32,
  style: i32,
  segPtr: usize,
  numSegs: i32,
  scratchPtr: usize,
  scratchLen: i32,
  mode: i32,
  delta: f32,
): i32 {
  const need = j2k_block_scratch_size(w, h);
  if (need < 0 || srcLen < 0 || numSegs < 0 || orient < 0 || orient > 3 || stride < w || dstOff < 0) return -INVALID_ARGUMENT;
  if (scratchLen < need) return -DESTINATION_TOO_SMALL;
  const lastCell = <i64>dstOff + <i64>(h - 1) * <i64>stride + <i64>w;
  if (lastCell * 4 > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  // T.814: code-block style bit 6 selects the HT block coder.
  if ((style & STYLE_HT) != 0) {
    return htDecodeBlock(srcPtr, srcLen, dstPtr, dstOff, stride, w, h, numBps, style, segPtr, numSegs, scratchPtr, mode, delta);
  }
  if (!tablesReady) initTables();
  W = w;
  H = h;
  ss = <usize>(w + 2) << 4;
  const grid = <usize>(((h + 3) >> 2) + 2) * ss;
  const flagsBase = scratchPtr;
  const magBase = (scratchPtr + grid + 15) & ~(<usize>15);
  flags0 = flagsBase + ss + 16;
  md = magBase - flagsBase;
  memory.fill(flagsBase, 0, grid);
  const zc = ZC + <usize>((orient == 1 ? 1 : orient == 3 ? 2 : 0) * 256);
  causal = (style & STYLE_CAUSAL) != 0;

  let totalPasses: i32 = 0;
  let totalLen: i64 = 0;
  for (let i = 0; i < numSegs; i++) {
    const l = load<i32>(segPtr + (<usize>i << 3));
    const p = load<i32>(segPtr + (<usize>i << 3) + 4);
    if (l < 0 || p < 0) return -INVALID_ARGUMENT;
    totalLen += l;
    totalPasses += p;
  }
  if (totalLen > <i64>srcLen) return -INVALID_ARGUMENT;
  if (totalPasses > 0 && (numBps <= 0 || numBps > 30)) return -J2K_INVALID_CODEBLOCK;
  if (totalPasses > numBps * 3 - 2 && totalPasses > 0) return -J2K_INVALID_CODEBLOCK;

  mqResetContexts();
  let plane = numBps - 1;
  let passType = 2; // 0 sig, 1 ref, 2 cleanup; the first pass is a cleanup pass (D.3)
  let passIndex = 0;
  let segStart: usize = srcPtr;
  for (let s = 0; s < numSegs; s++) {
    const l = load<i32>(segPtr + (<usize>s << 3));
    const np = load<i32>(segPtr + (<usize>s << 3) + 4);
    // D.6: in bypass mode, significance and refinement passes after the first ten passes are raw.
    const raw = (style & STYLE_BYPASS) != 0 && passIndex >= 10 && passType != 2;
    if (raw) rawInit(segStart, segStart + <usize>l);
    else mqInit(segStart, segStart + <usize>l);
    for (let k = 0; k < np; k++) {
      const one = 2 << plane;
      if (passType == 0) {
        if (raw) sigPassRaw(one);
        else t1SigPass(flags0, w, h, md, zc, causal, one);
      } else if (passType == 1) {
        if (raw) refPassRaw(one);
        else t1RefPass(flags0, w, h, md, one);
      } else {
        t1Cleanup(flags0, w, h, md, zc, causal, one);
        if ((style & STYLE_SEGSYM) != 0) {
          // D.5: four UNIFORM decisions 1010 after each cleanup pass; a mismatch only signals an error.
          mqDecode(CTX_UNI);
          mqDecode(CTX_UNI);
          mqDecode(CTX_UNI);
          mqDecode(CTX_UNI);
        }
      }
      if ((style & STYLE_RESET) != 0) mqResetContexts();
      passIndex++;
      passType++;
      if (passType == 3) {
        passType = 0;
        plane--;
      }
    }
    segStart += <usize>l;
  }

  // Write out: mode 0 reversible integers, mode 1 dequantised floats. Magnitude cells were never cleared:
  // only those of significant coefficients hold a value. Each stripe column's 4 values are formed in place
  // of its magnitudes, then 4 columns at a time are transposed into 4 rows of the destination.
  const vsig = i32x4.splat(<i32>SIG);
  const vneg = i32x4.splat(<i32>NEG);
  const vsign = i32x4.splat(<i32>0x80000000);
  const vdelta = f32x4.splat(delta);
  const vhalf = f32x4.splat(0.5);
  const rowBytes = <usize>stride << 2;
  for (let y0 = 0; y0 < h; y0 += 4) {
    const rows = min(4, h - y0);
    const fs0 = flags0 + <usize>(y0 >> 2) * ss;
    let fp = fs0;
    for (let x = 0; x < w; x++, fp += 16) {
      const f = v128.load(fp);
      const m = v128.and(v128.load(fp + md), i32x4.ne(v128.and(f, vsig), i32x4.splat(0)));
      const neg = i32x4.ne(v128.and(f, vneg), i32x4.splat(0));
      if (mode == 0) {
        const v = i32x4.shr_s(m, 1);
        v128.store(fp + md, i32x4.sub(v128.xor(v, neg), neg));
      } else {
        const v = f32x4.mul(f32x4.mul(f32x4.convert_i32x4_s(m), vdelta), vhalf);
        v128.store(fp + md, v128.xor(v, v128.and(neg, vsign)));
      }
    }
    const vp = fs0 + md;
    const dp = dstPtr + (<usize>(dstOff + y0 * stride) << 2);
    let x = 0;
    if (rows == 4) {
      for (; x + 4 <= w; x += 4) transpose4(vp + (<usize>x << 4), 16, dp + (<usize>x << 2), rowBytes);
    }
    for (; x < w; x++) {
      for (let r = 0; r < rows; r++) {
        store<i32>(dp + <usize>r * rowBytes + (<usize>x << 2), load<i32>(vp + (<usize>x << 4) + (<usize>r << 2)));
      }
    }
  }
  return 0;
}

/** Bytes per code-block descriptor of j2k_decode_blocks. */
const DESC_BYTES: i32 = 44;

/**
 * Decodes the code-blocks of one tile-component in one call (j2k_decode_block for each). desc: numBlocks
 * descriptors of 11 words: i32 data offset and length in src, cell offset in dst, w, h, orient, numBps, style,
 * first segment and segment count in seg (numSegs (length, passes) pairs in all), then f32 delta.
 * Returns 0, or the negated status of the first block that fails.
 */
export function j2k_decode_blocks(
  srcPtr: usize,
  srcLen: i32,
  dstPtr: usize,
  dstLen: i32,
  stride: i32,
  descPtr: usize,
  numBlocks: i32,
  segPtr: usize,
  numSegs: i32,
  scratchPtr: usize,
  scratchLen: i32,
  mode: i32,
): i32 {
  if (srcLen < 0 || numBlocks < 0 || numSegs < 0) return -INVALID_ARGUMENT;
  for (let b = 0; b < numBlocks; b++) {
    const d = descPtr + <usize>(b * DESC_BYTES);
    const off = load<i32>(d);
    const len = load<i32>(d, 4);
    const s0 = load<i32>(d, 32);
    const ns = load<i32>(d, 36);
    if (off < 0 || len < 0 || <i64>off + <i64>len > <i64>srcLen) return -INVALID_ARGUMENT;
    if (s0 < 0 || ns < 0 || <i64>s0 + <i64>ns > <i64>numSegs) return -INVALID_ARGUMENT;
    const r = j2k_decode_block(
      srcPtr + <usize>off, len, dstPtr, dstLen, load<i32>(d, 8), stride, load<i32>(d, 12), load<i32>(d, 16),
      load<i32>(d, 20), load<i32>(d, 24), load<i32>(d, 28), segPtr + (<usize>s0 << 3), ns, scratchPtr, scratchLen,
      mode, load<f32>(d, 40),
    );
    if (r < 0) return r;
  }
  return 0;
}
