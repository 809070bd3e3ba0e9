// Code-block decoding of ITU-T T.800 Annex D: bit-plane coding passes (D.3 significance propagation,
// magnitude refinement, cleanup with run-length), the context formation of Tables D.1-D.4, the code-block
// styles of Table A.19 (bypass D.6, reset/termall D.4, vertically causal D.7, segmentation symbols D.5),
// over the MQ decoder of mq.ts. Coefficients are reconstructed at the middle of the uncertainty interval
// (E.1.1.2 with r = 1/2), kept with one fractional bit: mag holds 2*|q| (+1 once at least one pass was decoded).
import { INVALID_ARGUMENT, DESTINATION_TOO_SMALL, J2K_INVALID_CODEBLOCK } from "../../common/status";
import { mqInit, mqDecode, mqResetContexts, rawInit, rawBit, CTX_RL, CTX_UNI } from "./mq";

// Per-coefficient state word (u32), with a one-cell border so that neighbours need no bounds checks.
// Neighbour significance bits are kept up to date when a coefficient becomes significant, so that every
// context of Tables D.1-D.4 is one table lookup.
const N_SIG: u32 = 1 << 0; // the neighbour above (y - 1) is significant
const S_SIG: u32 = 1 << 1; // below
const W_SIG: u32 = 1 << 2; // left
const E_SIG: u32 = 1 << 3; // right
const NW_SIG: u32 = 1 << 4;
const NE_SIG: u32 = 1 << 5;
const SW_SIG: u32 = 1 << 6;
const SE_SIG: u32 = 1 << 7;
const N_NEG: u32 = 1 << 8; // ... and negative
const S_NEG: u32 = 1 << 9;
const W_NEG: u32 = 1 << 10;
const E_NEG: u32 = 1 << 11;
const SIG: u32 = 1 << 12; // this coefficient is significant
const NEG: u32 = 1 << 13; // ... and negative
const VISIT: u32 = 1 << 14; // coded in this bit-plane's significance propagation pass
const REFINED: u32 = 1 << 15; // refined at least once (Table D.4)
const NBR: u32 = 0xff;

// Code-block style bits (Table A.19).
const STYLE_BYPASS: i32 = 1;
const STYLE_RESET: i32 = 2;
const STYLE_CAUSAL: i32 = 8;
const STYLE_SEGSYM: i32 = 32;

// Table D.1 zero-coding labels per orientation class (0: LL and LH; 1: HL, h and v exchanged; 2: HH),
// indexed by the 8 neighbour significance bits.
const ZC: usize = memory.data(3 * 256);
// Table D.3 sign-coding context (bits 0-4) and XOR bit (bit 7), indexed by N/S/W/E significance and sign bits.
const SC: usize = memory.data(256);
let tablesReady = false;

function zcLabel(o: i32, h: i32, v: i32, d: i32): u8 {
  if (o == 1) {
    const t = h;
    h = v;
    v = t;
  }
  if (o < 2) {
    if (h == 2) return 8;
    if (h == 1) return v >= 1 ? 7 : d >= 1 ? 6 : 5;
    if (v == 2) return 4;
    if (v == 1) return 3;
    return d >= 2 ? 2 : d == 1 ? 1 : 0;
  }
  const hv = h + v;
  if (d >= 3) return 8;
  if (d == 2) return hv >= 1 ? 7 : 6;
  if (d == 1) return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
  return hv >= 2 ? 2 : hv == 1 ? 1 : 0;
}

@inline function bitOf(f: u32, b: u32): i32 {
  return (f & b) != 0 ? 1 : 0;
}

@inline function contrib(f: u32, sig: u32, neg: u32): i32 {
  return (f & sig) == 0 ? 0 : (f & neg) != 0 ? -1 : 1;
}

function initTables(): void {
  for (let o = 0; o < 3; o++) {
    for (let n: u32 = 0; n < 256; n++) {
      const h = bitOf(n, W_SIG) + bitOf(n, E_SIG);
      const v = bitOf(n, N_SIG) + bitOf(n, S_SIG);
      const d = bitOf(n, NW_SIG) + bitOf(n, NE_SIG) + bitOf(n, SW_SIG) + bitOf(n, SE_SIG);
      store<u8>(ZC + <usize>(o * 256) + <usize>n, zcLabel(o, h, v, d));
    }
  }
  for (let i: u32 = 0; i < 256; i++) {
    // i: bits 0-3 = N, S, W, E significance; bits 4-7 = N, S, W, E negative
    const f = (i & 3) | (((i >> 2) & 3) << 2) | (((i >> 4) & 15) << 8);
    let hc = contrib(f, W_SIG, W_NEG) + contrib(f, E_SIG, E_NEG);
    let vc = contrib(f, N_SIG, N_NEG) + contrib(f, S_SIG, S_NEG);
    hc = hc > 1 ? 1 : hc < -1 ? -1 : hc;
    vc = vc > 1 ? 1 : vc < -1 ? -1 : vc;
    let ctx: i32;
    let xr: i32 = 0;
    if (hc == 0) {
      ctx = vc == 0 ? 9 : 10;
      if (vc < 0) xr = 1;
    } else {
      ctx = vc == 0 ? 12 : vc == hc ? 13 : 11;
      if (hc < 0) xr = 1;
    }
    store<u8>(SC + <usize>i, <u8>(ctx | (xr << 7)));
  }
  tablesReady = true;
}

let W: i32 = 0;
let H: i32 = 0;
let fs: usize = 0; // flags row stride in bytes ((w + 2) * 4)
let flagsBase: usize = 0;
let magBase: usize = 0;
let zcBase: usize = 0;
let causal = false;

@inline function fAddr(x: i32, y: i32): usize {
  return flagsBase + <usize>((y + 1) * (W + 2) + x + 1) * 4;
}
@inline function mAddr(x: i32, y: i32): usize {
  return magBase + (<usize>(y * W + x) << 2);
}

@inline function orTo(p: usize, b: u32): void {
  store<u32>(p, load<u32>(p) | b);
}

/** Decodes the sign (Table D.3), marks the coefficient significant and tells its neighbours. */
function becomeSignificant(x: i32, y: i32, fp: usize, f: u32, one: i32): void {
  const scI = (f & 15) | ((f >> 4) & 0xf0);
  const sc = <u32>load<u8>(SC + <usize>scI);
  const neg = <u32>(mqDecode(<i32>(sc & 31)) ^ <i32>(sc >> 7));
  setSignificant(x, y, fp, neg);
  store<i32>(mAddr(x, y), one | (one >> 1));
}

@inline function setSignificant(x: i32, y: i32, fp: usize, neg: u32): void {
  store<u32>(fp, load<u32>(fp) | SIG | (neg << 13));
  // D.7 vertically causal: the last row of the previous stripe does not see this stripe.
  if (!(causal && (y & 3) == 0)) {
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

/** D.3.1 significance propagation pass at half-unit bit `one` (= 2 << plane). */
function sigPass(one: i32, raw: bool): void {
  for (let y0 = 0; y0 < H; y0 += 4) {
    const y1 = min(y0 + 4, H);
    const full = y1 - y0 == 4;
    for (let x = 0; x < W; x++) {
      let fp = fAddr(x, y0);
      // Skip a column of 4 in which no coefficient has a significant neighbour (most of the early bit-planes).
      if (full && ((load<u32>(fp) | load<u32>(fp + fs) | load<u32>(fp + 2 * fs) | load<u32>(fp + 3 * fs)) & NBR) == 0) continue;
      for (let y = y0; y < y1; y++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & SIG) != 0 || (f & NBR) == 0) continue;
        store<u32>(fp, f | VISIT);
        if (raw) {
          if (rawBit() != 0) {
            setSignificant(x, y, fp, <u32>rawBit());
            store<i32>(mAddr(x, y), one | (one >> 1));
          }
        } else if (mqDecode(<i32>load<u8>(zcBase + <usize>(f & NBR))) != 0) {
          becomeSignificant(x, y, fp, f, one);
        }
      }
    }
  }
}

/** D.3.3 magnitude refinement pass (Table D.4 contexts 14-16). */
function refPass(one: i32, raw: bool): void {
  const half = one >> 1;
  for (let y0 = 0; y0 < H; y0 += 4) {
    const y1 = min(y0 + 4, H);
    const full = y1 - y0 == 4;
    for (let x = 0; x < W; x++) {
      let fp = fAddr(x, y0);
      if (full && ((load<u32>(fp) | load<u32>(fp + fs) | load<u32>(fp + 2 * fs) | load<u32>(fp + 3 * fs)) & SIG) == 0) continue;
      for (let y = y0; y < y1; y++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & (SIG | VISIT)) != SIG) continue;
        let bit: i32;
        if (raw) bit = rawBit();
        else bit = mqDecode((f & REFINED) != 0 ? 16 : (f & NBR) != 0 ? 15 : 14);
        const mp = mAddr(x, y);
        // Move from the middle of the old interval to the middle of the chosen half.
        const m = load<i32>(mp);
        store<i32>(mp, bit ? m + half : m - half);
        store<u32>(fp, f | REFINED);
      }
    }
  }
}

/** D.3.4 cleanup pass, with the run-length mode for all-insignificant columns of 4; clears VISIT. */
function cleanupPass(one: i32): void {
  for (let y0 = 0; y0 < H; y0 += 4) {
    const y1 = min(y0 + 4, H);
    for (let x = 0; x < W; x++) {
      let yStart = y0;
      const fp0 = fAddr(x, y0);
      if (y1 - y0 == 4) {
        const m = SIG | VISIT | NBR;
        if (((load<u32>(fp0) | load<u32>(fp0 + fs) | load<u32>(fp0 + 2 * fs) | load<u32>(fp0 + 3 * fs)) & m) == 0) {
          if (mqDecode(CTX_RL) == 0) continue;
          const r = (mqDecode(CTX_UNI) << 1) | mqDecode(CTX_UNI);
          const y = y0 + r;
          const fp = fp0 + <usize>r * fs;
          becomeSignificant(x, y, fp, load<u32>(fp), one);
          yStart = y + 1;
        }
      }
      let fp = fp0 + <usize>(yStart - y0) * fs;
      for (let y = yStart; y < y1; y++, fp += fs) {
        const f = load<u32>(fp);
        if ((f & (SIG | VISIT)) != 0) continue;
        if (mqDecode(<i32>load<u8>(zcBase + <usize>(f & NBR))) != 0) becomeSignificant(x, y, fp, f, one);
      }
      // Clear the visited marks of this column for the next bit-plane.
      fp = fp0;
      for (let y = y0; y < y1; y++, fp += fs) store<u32>(fp, load<u32>(fp) & ~VISIT);
    }
  }
}

/** Scratch bytes j2k_decode_block needs for a w x h code-block. */
export function j2k_block_scratch_size(w: i32, h: i32): i32 {
  if (w <= 0 || h <= 0 || w > 1024 || h > 1024 || w * h > 4096) return -INVALID_ARGUMENT;
  return (w + 2) * (h + 2) * 4 + 16 + w * h * 4;
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
  if (!tablesReady) initTables();
  W = w;
  H = h;
  fs = <usize>(w + 2) * 4;
  flagsBase = scratchPtr;
  magBase = (scratchPtr + <usize>((w + 2) * (h + 2) * 4) + 15) & ~(<usize>15);
  memory.fill(flagsBase, 0, <usize>((w + 2) * (h + 2) * 4));
  memory.fill(magBase, 0, <usize>(w * h * 4));
  zcBase = ZC + <usize>((orient == 1 ? 1 : orient == 3 ? 2 : 0) * 256);
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
      if (passType == 0) sigPass(one, raw);
      else if (passType == 1) refPass(one, raw);
      else {
        cleanupPass(one);
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

  // Write out: mode 0 reversible integers, mode 1 dequantised floats.
  for (let y = 0; y < h; y++) {
    let dp = dstPtr + (<usize>(dstOff + y * stride) << 2);
    let mp = magBase + (<usize>(y * w) << 2);
    let fp = fAddr(0, y);
    for (let x = 0; x < w; x++) {
      const m = load<i32>(mp);
      const neg = (load<u32>(fp) & NEG) != 0;
      if (mode == 0) {
        const v = m >> 1;
        store<i32>(dp, neg ? -v : v);
      } else {
        const v = <f32>m * delta * 0.5;
        store<f32>(dp, neg ? -v : v);
      }
      dp += 4;
      mp += 4;
      fp += 4;
    }
  }
  return 0;
}
