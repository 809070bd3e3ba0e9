/**
 * Exports of assembly/codecs/jpeg2000 (ITU-T T.800) and the typed driver over them. src/wasm/ is the only
 * code that touches the raw exports: the codec (src/codecs/jpeg2000/) hands over a decoding plan per tile
 * (code-block data and geometry, parsed from the marker and packet headers) and gets the frame back.
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";
import { frameOperation } from "../call.js";

/** Exports of assembly/codecs/jpeg2000 (typed here; src/wasm/ is the only code that touches the raw exports). */
export interface Jpeg2000Exports {
  j2k_block_scratch_size(w: number, h: number): number;
  j2k_decode_block(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    dstOff: number,
    stride: number,
    w: number,
    h: number,
    orient: number,
    numBps: number,
    style: number,
    segPtr: number,
    numSegs: number,
    scratchPtr: number,
    scratchLen: number,
    mode: number,
    delta: number,
  ): number;
  j2k_decode_blocks(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    stride: number,
    descPtr: number,
    numBlocks: number,
    segPtr: number,
    numSegs: number,
    scratchPtr: number,
    scratchLen: number,
    mode: number,
  ): number;
  j2k_idwt(bufPtr: number, bufLen: number, stride: number, rectsPtr: number, levels: number, scratchPtr: number, scratchLen: number, mode: number): number;
  j2k_store(
    c0: number,
    c1: number,
    c2: number,
    srcLen: number,
    stride: number,
    w: number,
    h: number,
    dstPtr: number,
    dstLen: number,
    dstOff: number,
    pixStride: number,
    rowStride: number,
    cellBytes: number,
    prec: number,
    signed: number,
    mode: number,
  ): number;
}

/** One code-block to decode: its codeword segments and where its coefficients go. */
export interface J2kBlockPlan {
  /** The code-block's contributions, in layer order (concatenated they form its codeword segments). */
  chunks: Uint8Array[];
  /** Codeword segments: (byte length, number of passes) pairs. */
  segments: number[];
  /** Top-left cell in the tile-component buffer. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** 0 LL, 1 HL, 2 LH, 3 HH. */
  orient: number;
  /** Mb minus the zero bit-planes. */
  numBps: number;
  /** Code-block style (Table A.19). */
  style: number;
  /** Quantisation step (irreversible only). */
  delta: number;
}

/** One tile-component: its buffer geometry, wavelet and blocks. */
export interface J2kComponentPlan {
  /** Width / height of the tile-component (the full-resolution rectangle). */
  width: number;
  height: number;
  levels: number;
  /** (levels + 1) x (x0, y0, x1, y1), resolution 0 first. */
  rects: number[];
  reversible: boolean;
  precision: number;
  signed: boolean;
  blocks: J2kBlockPlan[];
}

/** One tile: where it lands in the frame and its components. */
export interface J2kTilePlan {
  x: number;
  y: number;
  components: J2kComponentPlan[];
  /** Inverse RCT/ICT on components 0-2. */
  mct: boolean;
}

export interface J2kFrameGeometry {
  columns: number;
  rows: number;
  samplesPerPixel: number;
  cellBytes: 1 | 2;
}

/** Words per code-block descriptor of j2k_decode_blocks. */
const DESC_WORDS = 11;

/**
 * Hands all code-blocks of one tile-component to the kernel in one call: their data concatenated, one
 * descriptor per block and their codeword segments. Allocates in the arena (the caller releases).
 * @returns the kernel status
 */
function decodeBlocks(c: J2kComponentPlan, buf: number, len: number, scratch: number, scratchLen: number): number {
  const { exports: ex, arena } = getInstance();
  let total = 0;
  let segWords = 0;
  for (const b of c.blocks) {
    for (const ch of b.chunks) total += ch.byteLength;
    segWords += b.segments.length;
  }
  const n = c.blocks.length;
  const src = arena.alloc(total + 8);
  const desc = arena.alloc(n * DESC_WORDS * 4, 8);
  const segs = arena.alloc(segWords * 4 + 8, 8);
  const u8 = arena.u8();
  const di = new Int32Array(u8.buffer, desc, n * DESC_WORDS);
  const df = new Float32Array(u8.buffer, desc, n * DESC_WORDS);
  const si = new Int32Array(u8.buffer, segs, segWords);
  let o = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const b = c.blocks[i]!;
    const start = o;
    for (const ch of b.chunks) {
      u8.set(ch, src + o);
      o += ch.byteLength;
    }
    si.set(b.segments, sw);
    const d = i * DESC_WORDS;
    di[d] = start;
    di[d + 1] = o - start;
    di[d + 2] = b.y * c.width + b.x;
    di[d + 3] = b.w;
    di[d + 4] = b.h;
    di[d + 5] = b.orient;
    di[d + 6] = b.numBps;
    di[d + 7] = b.style;
    di[d + 8] = sw >> 1;
    di[d + 9] = b.segments.length >> 1;
    df[d + 10] = b.delta;
    sw += b.segments.length;
  }
  return ex.j2k_decode_blocks(src, total, buf, len, c.width, desc, n, segs, segWords >> 1, scratch, scratchLen, c.reversible ? 0 : 1);
}

/**
 * Decodes the planned tiles into `dst` (rows x columns x samples cells of `cellBytes`, little endian,
 * colour-by-pixel). Tiles are produced lazily by `tiles`, so that only one tile's plan is alive at a time.
 * @throws {DicomPixelError} J2K_INVALID_CODEBLOCK, DESTINATION_TOO_SMALL, MEMORY_LIMIT
 */
export function j2kDecodeTiles(tiles: Iterable<J2kTilePlan>, dst: Uint8Array, g: J2kFrameGeometry, frameIndex?: number): void {
  const { exports: ex, arena } = getInstance();
  const frameBytes = g.rows * g.columns * g.samplesPerPixel * g.cellBytes;
  if (dst.byteLength < frameBytes) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `JPEG 2000 frame needs ${frameBytes} bytes, the destination has ${dst.byteLength}`, { frameIndex });
  }
  const what = frameOperation("JPEG 2000 decode", frameIndex);
  arena.scoped(() => {
    const out = arena.alloc(frameBytes);
    // Worst case of T.800 A.6.1 (xcb + ycb <= 12): 1024 x 4 or 64 x 64 cells.
    const blkScratchCap = Math.max(ex.j2k_block_scratch_size(1024, 4), ex.j2k_block_scratch_size(64, 64));
    const blkScratch = arena.alloc(blkScratchCap);
    for (const tile of tiles) {
      const m = arena.mark();
      const bufs: number[] = [];
      let stride = 0;
      for (const c of tile.components) {
        const len = c.width * c.height * 4;
        const buf = arena.alloc(Math.max(len, 4));
        arena.u8().fill(0, buf, buf + len);
        bufs.push(buf);
        stride = c.width;
        if (c.blocks.length > 0) {
          checkKernelStatus(decodeBlocks(c, buf, len, blkScratch, blkScratchCap), what, { frameIndex });
        }
        if (c.levels > 0) {
          const rects = arena.alloc(c.rects.length * 4, 8);
          new Int32Array(arena.u8().buffer, rects, c.rects.length).set(c.rects);
          const sl = Math.max((Math.max(c.width, c.height) + 8) * 4, len);
          const scratch = arena.alloc(sl);
          checkKernelStatus(ex.j2k_idwt(buf, len, c.width, rects, c.levels, scratch, sl, c.reversible ? 0 : 1), what, { frameIndex });
        }
      }
      const first = tile.components[0]!;
      const w = first.width;
      const h = first.height;
      const pix = g.samplesPerPixel * g.cellBytes;
      const rowStride = g.columns * pix;
      const base = tile.y * rowStride + tile.x * pix;
      if (tile.mct) {
        const r = ex.j2k_store(bufs[0]!, bufs[1]!, bufs[2]!, w * h * 4, stride, w, h, out, frameBytes, base, pix, rowStride, g.cellBytes,
          first.precision, first.signed ? 1 : 0, (first.reversible ? 0 : 1) | 2);
        checkKernelStatus(r, what, { frameIndex });
      }
      for (let i = tile.mct ? 3 : 0; i < tile.components.length; i++) {
        const c = tile.components[i]!;
        const r = ex.j2k_store(bufs[i]!, 0, 0, c.width * c.height * 4, c.width, c.width, c.height, out, frameBytes, base + i * g.cellBytes, pix,
          rowStride, g.cellBytes, c.precision, c.signed ? 1 : 0, c.reversible ? 0 : 1);
        checkKernelStatus(r, what, { frameIndex });
      }
      arena.release(m);
    }
    dst.set(arena.view(out, frameBytes));
  });
}

/**
 * Inverse DWT of one tile-component held in the resolution-nested layout (each resolution's LL | HL over
 * LH | HH in its top-left corner): 5-3 on Int32Array, 9-7 on Float32Array, in place. For tests and tools.
 * @param rects (levels + 1) x (x0, y0, x1, y1), resolution 0 first
 * @throws {DicomPixelError} INVALID_ARGUMENT / J2K_INVALID_HEADER for geometry that does not fit
 */
export function j2kInverseDwt(coeffs: Int32Array | Float32Array, width: number, rects: readonly number[], levels: number): void {
  const { exports: ex, arena } = getInstance();
  arena.scoped(() => {
    const buf = arena.copyIn(coeffs);
    const r = arena.alloc(rects.length * 4 + 4, 8);
    new Int32Array(arena.u8().buffer, r, rects.length).set(rects);
    const height = Math.ceil(coeffs.length / Math.max(width, 1));
    const sl = Math.max((Math.max(width, height) + 8) * 4, width * height * 4);
    const s = arena.alloc(sl);
    checkKernelStatus(ex.j2k_idwt(buf, coeffs.byteLength, width, r, levels, s, sl, coeffs instanceof Float32Array ? 1 : 0), "JPEG 2000 inverse DWT");
    new Uint8Array(coeffs.buffer, coeffs.byteOffset, coeffs.byteLength).set(arena.view(buf, coeffs.byteLength));
  });
}

// --- Lossless encoder (assembly/codecs/jpeg2000/enc-*.ts); the codec side is src/codecs/jpeg2000/encode*.ts ---

/** Encoder exports (merged into Jpeg2000Exports by declaration merging). */
export interface Jpeg2000Exports {
  j2k_enc_load(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, w: number, h: number, nc: number, cellBytes: number, signed: number, prec: number, planar: number, mct: number): number;
  j2k_enc_fdwt_scratch_size(w: number, h: number): number;
  j2k_enc_fdwt(bufPtr: number, bufLen: number, stride: number, w: number, h: number, levels: number, scratchPtr: number, scratchLen: number): number;
  j2k_enc_block_scratch_size(w: number, h: number): number;
  j2k_enc_blocks(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    stride: number,
    descPtr: number,
    numBlocks: number,
    scratchPtr: number,
    scratchLen: number,
    rdPtr?: number,
    rdLen?: number,
  ): number;
  j2k_enc_to_real(bufPtr: number, bufLen: number, count: number, nc: number, ict: number): number;
  j2k_enc_fdwt97(bufPtr: number, bufLen: number, stride: number, w: number, h: number, levels: number, scratchPtr: number, scratchLen: number): number;
  j2k_enc_quantize(bufPtr: number, bufLen: number, stride: number, x: number, y: number, w: number, h: number, step: number): number;
}

/** Irreversible coding: each subband's rectangle in the tile-component buffer and its quantisation step. */
export interface J2kEncodeQuantisation {
  bands: readonly { x: number; y: number; w: number; h: number }[];
  /** Per band (same order): the step size the coefficients are divided by (E.1), as used in f32. */
  steps: readonly number[];
}

/** One code-block to encode: its rectangle in the tile-component buffer (resolution-nested layout) and band. */
export interface J2kEncodeBlockPlan {
  x: number;
  y: number;
  w: number;
  h: number;
  /** 0 LL, 1 HL, 2 LH, 3 HH. */
  orient: number;
}

/** One encoded code-block: its terminated codeword segment, magnitude bit-planes and coding passes. */
export interface J2kEncodedBlock {
  data: Uint8Array;
  numBps: number;
  passes: number;
  /** With J2kEncodeInput.rd: per coding pass, the bytes the MQ coder had written when the pass ended. */
  passBytes?: Int32Array;
  /** With J2kEncodeInput.rd: per coding pass, the squared-error decrease it brings, in quantisation-index units. */
  passGain?: Float64Array;
}

/** The frame to encode: cells and how the kernel reads them. */
export interface J2kEncodeInput {
  columns: number;
  rows: number;
  samplesPerPixel: number;
  cellBytes: 1 | 2;
  precision: number;
  signed: boolean;
  planar: boolean;
  /** Forward RCT (ICT when irreversible) on components 0-2 (3 components only). */
  mct: boolean;
  levels: number;
  /** Irreversible path (ICT, 9-7, quantisation) with these steps; absent: reversible (RCT, 5-3). */
  irreversible?: J2kEncodeQuantisation;
  /** Also return each block's rate-distortion data per coding pass (passBytes, passGain) for PCRD truncation. */
  rd?: boolean;
}

const RD_BYTES = 96 * 4 + 96 * 8;

const ENC_DESC_WORDS = 8;

/**
 * Tier-1 of the encoder for one tile = the whole frame: DC level shift and RCT, forward 5-3 DWT per component
 * (or, with `g.irreversible`, the ICT, forward 9-7 DWT and each band quantised with its step), then every
 * code-block of `blocks` (the same partition for each component) MQ-coded.
 * @returns per component, per block (in `blocks` order), the codeword segment and its bit-plane / pass counts
 * @throws {DicomPixelError} INVALID_ARGUMENT for geometry or cells the kernels refuse, MEMORY_LIMIT
 */
export function j2kEncodeTile(frame: Uint8Array, g: J2kEncodeInput, blocks: readonly J2kEncodeBlockPlan[], frameIndex?: number): J2kEncodedBlock[][] {
  const { exports: ex, arena } = getInstance();
  const what = frameOperation("JPEG 2000 encode", frameIndex);
  const w = g.columns;
  const h = g.rows;
  const nc = g.samplesPerPixel;
  const plane = w * h * 4;
  return arena.scoped(() => {
    const src = arena.copyIn(frame);
    const bufs = arena.alloc(plane * nc);
    const q = g.irreversible;
    checkKernelStatus(
      ex.j2k_enc_load(src, frame.byteLength, bufs, plane * nc, w, h, nc, g.cellBytes, g.signed ? 1 : 0, g.precision, g.planar ? 1 : 0, g.mct && !q ? 1 : 0),
      what,
      { frameIndex },
    );
    if (q) checkKernelStatus(ex.j2k_enc_to_real(bufs, plane * nc, w * h, nc, g.mct ? 1 : 0), what, { frameIndex });
    const dwtLen = checkKernelStatus(ex.j2k_enc_fdwt_scratch_size(w, h), what, { frameIndex });
    const dwtScratch = arena.alloc(dwtLen);
    const blkLen = checkKernelStatus(ex.j2k_enc_block_scratch_size(64, 64), what, { frameIndex });
    const blkScratch = arena.alloc(blkLen);
    const n = blocks.length;
    const desc = arena.alloc(Math.max(n, 1) * ENC_DESC_WORDS * 4, 8);
    const rdLen = g.rd ? Math.max(n, 1) * RD_BYTES : 0;
    const rd = g.rd ? arena.alloc(rdLen, 8) : 0;
    const result: J2kEncodedBlock[][] = [];
    for (let c = 0; c < nc; c++) {
      const buf = bufs + c * plane;
      if (q) {
        checkKernelStatus(ex.j2k_enc_fdwt97(buf, plane, w, w, h, g.levels, dwtScratch, dwtLen), what, { frameIndex });
        for (const [i, b] of q.bands.entries()) {
          const r = ex.j2k_enc_quantize(buf, plane, w, b.x, b.y, b.w, b.h, q.steps[i]!);
          if (r < 0) {
            throw new DicomPixelError("INVALID_ARGUMENT", `${what}: quantisation step ${q.steps[i]} of subband ${i} (component ${c}) is too fine or invalid: quotients must stay below 2^30`, { frameIndex });
          }
        }
      } else {
        checkKernelStatus(ex.j2k_enc_fdwt(buf, plane, w, w, h, g.levels, dwtScratch, dwtLen), what, { frameIndex });
      }
      // Output room: as many bytes as the i32 coefficients take (MQ output stays well below that); doubled and
      // retried in the rare case it is not enough.
      let cap = plane + 4096;
      for (;;) {
        const m = arena.mark();
        const di = new Int32Array(arena.u8().buffer, desc, n * ENC_DESC_WORDS);
        for (let i = 0; i < n; i++) {
          const b = blocks[i]!;
          di[i * ENC_DESC_WORDS] = b.y * w + b.x;
          di[i * ENC_DESC_WORDS + 1] = b.w;
          di[i * ENC_DESC_WORDS + 2] = b.h;
          di[i * ENC_DESC_WORDS + 3] = b.orient;
        }
        const out = arena.alloc(cap);
        const r = ex.j2k_enc_blocks(buf, plane, out, cap, w, desc, n, blkScratch, blkLen, rd, rdLen);
        if (r === -101 && cap < 2 ** 30) {
          arena.release(m);
          cap *= 2;
          continue;
        }
        const total = checkKernelStatus(r, what, { frameIndex });
        const bytes = arena.copyOut(out, total);
        const dv = new Int32Array(arena.u8().buffer, desc, n * ENC_DESC_WORDS);
        const list: J2kEncodedBlock[] = [];
        for (let i = 0; i < n; i++) {
          const o = dv[i * ENC_DESC_WORDS + 4]!;
          const blk: J2kEncodedBlock = { data: bytes.subarray(o, o + dv[i * ENC_DESC_WORDS + 5]!), numBps: dv[i * ENC_DESC_WORDS + 6]!, passes: dv[i * ENC_DESC_WORDS + 7]! };
          if (g.rd && blk.passes > 0) {
            const at = rd + i * RD_BYTES;
            blk.passBytes = new Int32Array(arena.u8().buffer.slice(at, at + blk.passes * 4));
            blk.passGain = new Float64Array(arena.u8().buffer.slice(at + 384, at + 384 + blk.passes * 8));
          }
          list.push(blk);
        }
        result.push(list);
        arena.release(m);
        break;
      }
    }
    return result;
  });
}
