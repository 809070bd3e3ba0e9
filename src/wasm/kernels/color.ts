/**
 * Exports of assembly/color (typed here; src/wasm/ is the only code that touches the raw exports) and their
 * typed wrappers. Each wrapper streams the frame through the arena in chunks (src/wasm/chunking.ts: copy a
 * chunk in, run the kernel, copy it out into the caller-owned buffer while it is still in cache), at unit
 * boundaries where the kernel's output depends on the unit alone: pixels for the per-pixel transforms and
 * the palette lookup, pixel pairs for replicated 4:2:2, whole rows for the row filters (fancy h2v1
 * up-sampling, h2v1 down-sampling). Malformed arguments go through the whole-frame path (`run`), so that the
 * kernel reports them exactly as before. The `*InMemory` forms work on memory a codec already holds in the
 * arena (no copies).
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { chunkedPlanes, chunkedUnits, unitsPerChunk } from "../chunking.js";
import { getInstance } from "../module.js";

/** (srcPtr, srcLen, dstPtr, dstLen, ...scalars) -> bytes written or -status. */
type Kernel = (src: number, srcLen: number, dst: number, dstLen: number, ...scalars: number[]) => number;

export interface ColorExports {
  color_ybr_full_to_rgb_u8: Kernel;
  color_ybr_full_to_rgb_u16: Kernel;
  color_rgb_to_ybr_full_u8: Kernel;
  color_rgb_to_ybr_full_u16: Kernel;
  color_ybr_partial_to_rgb_u8: Kernel;
  color_ybr_partial_to_rgb_u16: Kernel;
  color_ict_forward_u8: Kernel;
  color_ict_inverse_u8: Kernel;
  color_ict_forward_u16: Kernel;
  color_ict_inverse_u16: Kernel;
  color_rct_forward_i32: Kernel;
  color_rct_inverse_i32: Kernel;
  color_expand_422_u8: Kernel;
  color_expand_422_u16: Kernel;
  color_upsample_h2v1_u8: Kernel;
  color_upsample_h2v1_u16: Kernel;
  color_upsample_h2v2_u8: Kernel;
  color_upsample_h2v2_u16: Kernel;
  color_downsample_h2v1_u8: Kernel;
  color_downsample_h2v1_u16: Kernel;
  color_downsample_h2v2_u8: Kernel;
  color_downsample_h2v2_u16: Kernel;
  color_rgb_to_ybr_422_u8: Kernel;
  color_ybr_full_422_to_rgb_u8: Kernel;
  color_rgb_to_ybr_422_u16: Kernel;
  palette_lookup_u8_rgb8: Kernel;
  palette_lookup_u8_rgb16: Kernel;
  palette_lookup_u16_rgb8: Kernel;
  palette_lookup_u16_rgb16: Kernel;
  color_verify_roundtrip_u8(lo: number, hi: number, mode: number): number;
}

/** The three-sample conversions on full-resolution pixels (same layout in and out). */
export type PixelTransform =
  | "ybrFullToRgb"
  | "rgbToYbrFull"
  | "ybrPartialToRgb"
  | "ictForward"
  | "ictInverse";

const TRANSFORM_KERNELS: Readonly<Record<PixelTransform, readonly [keyof ColorExports, keyof ColorExports]>> = {
  ybrFullToRgb: ["color_ybr_full_to_rgb_u8", "color_ybr_full_to_rgb_u16"],
  rgbToYbrFull: ["color_rgb_to_ybr_full_u8", "color_rgb_to_ybr_full_u16"],
  ybrPartialToRgb: ["color_ybr_partial_to_rgb_u8", "color_ybr_partial_to_rgb_u16"],
  ictForward: ["color_ict_forward_u8", "color_ict_forward_u16"],
  ictInverse: ["color_ict_inverse_u8", "color_ict_inverse_u16"],
};

function bytesOf(a: ArrayBufferView): Uint8Array {
  return a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function kernel(name: keyof ColorExports): Kernel {
  return getInstance().exports[name] as Kernel;
}

/**
 * Runs a kernel from `src` to `dst` through the arena. `inPlace` kernels get one buffer (src and dst at the
 * same address), halving the arena footprint.
 */
function run(name: keyof ColorExports, src: ArrayBufferView, dst: ArrayBufferView, dstLen: number, scalars: number[], inPlace: boolean): number {
  const { arena } = getInstance();
  const d = bytesOf(dst);
  if (d.byteLength < dstLen) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `${name}: destination holds ${d.byteLength} bytes, ${dstLen} needed`);
  }
  const s = bytesOf(src);
  return arena.scoped(() => {
    const sp = arena.copyIn(s);
    const dp = inPlace && dstLen <= s.byteLength ? sp : arena.alloc(dstLen);
    const cap = dp === sp ? s.byteLength : dstLen;
    const n = checkKernelStatus(kernel(name)(sp, s.byteLength, dp, cap, ...scalars), name);
    d.set(arena.view(dp, n));
    return n;
  });
}

let chunking = true;

/**
 * Turns the chunked paths off (every wrapper then copies the whole frame in, runs the kernel once and copies
 * the whole result out, as before chunking) or back on. Benchmark use only: the bench keeps the whole-frame
 * path as the "naive" half of each pair. Results are bit-identical either way.
 */
export function setColorChunking(enabled: boolean): void {
  chunking = enabled;
}

/**
 * True when the chunked path applies: a whole, positive count of units, both buffers large enough (otherwise
 * the whole-frame path lets the kernel report TRUNCATED, and `run` DESTINATION_TOO_SMALL), and `src` and
 * `dst` either disjoint or the very same bytes with as many bytes per unit in as out (a chunk is then read
 * before it is overwritten; any other overlap needs the whole-frame path, which copies all of `src` in first).
 */
function chunkable(s: Uint8Array, d: Uint8Array, units: number, needIn: number, needOut = needIn): boolean {
  if (!chunking) return false;
  if (!Number.isInteger(units) || units <= 0 || s.byteLength < needIn || d.byteLength < needOut) return false;
  if (s.buffer !== d.buffer) return true;
  const s0 = s.byteOffset, d0 = d.byteOffset;
  if (s0 + needIn <= d0 || d0 + needOut <= s0) return true;
  return s0 === d0 && needIn === needOut;
}

/**
 * Converts `pixels` pixels of three samples (8-bit cells when `cellBits` is 8, little-endian 16-bit cells when
 * 16, precision `bits`) with one of the {@link PixelTransform}s; layout kept (planar 0 or 1).
 * @returns bytes written to `dst` (pixels * 3 * cell bytes)
 * @throws {DicomPixelError} TRUNCATED when `src` is shorter than the pixels; DESTINATION_TOO_SMALL; INVALID_ARGUMENT
 */
export function transformPixels(
  transform: PixelTransform,
  src: ArrayBufferView,
  dst: ArrayBufferView,
  pixels: number,
  cellBits: 8 | 16,
  bits: number,
  planar: 0 | 1,
): number {
  const [k8, k16] = TRANSFORM_KERNELS[transform];
  const name = cellBits === 8 ? k8 : k16;
  const cb = cellBits / 8;
  const need = pixels * 3 * cb;
  const usesBits = cellBits === 16 || transform === "ictForward" || transform === "ictInverse";
  const s = bytesOf(src);
  const d = bytesOf(dst);
  if (!chunkable(s, d, pixels, need) || (planar !== 0 && planar !== 1)) {
    return run(name, src, dst, need, usesBits ? [pixels, planar, bits] : [pixels, planar], true);
  }
  const k = kernel(name);
  // Every transform is per pixel and loads a pixel before storing it: in place, 16 pixels (one v128 step)
  // per multiple so only the frame's last chunk has a scalar tail, as the whole-frame call had.
  const step = unitsPerChunk(3 * cb, 16);
  if (planar === 0) {
    chunkedUnits(s, d, pixels, 3 * cb, 3 * cb, step, true, (sp, sLen, dp, dLen, count) => {
      checkKernelStatus(usesBits ? k(sp, sLen, dp, dLen, count, 0, bits) : k(sp, sLen, dp, dLen, count, 0), name);
    });
  } else {
    chunkedPlanes(s, d, pixels, 3, cb, step, (p, len, count) => {
      checkKernelStatus(usesBits ? k(p, len, p, len, count, 1, bits) : k(p, len, p, len, count, 1), name);
    });
  }
  return need;
}

/** The same on memory already in the arena (`srcPtr` may equal `dstPtr`). */
export function transformPixelsInMemory(
  transform: PixelTransform,
  srcPtr: number,
  dstPtr: number,
  pixels: number,
  cellBits: 8 | 16,
  bits: number,
  planar: 0 | 1,
): number {
  const [k8, k16] = TRANSFORM_KERNELS[transform];
  const len = pixels * 3 * (cellBits / 8);
  const usesBits = cellBits === 16 || transform === "ictForward" || transform === "ictInverse";
  const scalars = usesBits ? [pixels, planar, bits] : [pixels, planar];
  return checkKernelStatus(kernel(cellBits === 8 ? k8 : k16)(srcPtr, len, dstPtr, len, ...scalars), transform);
}

/** YBR_RCT forward (RGB -> YCbCr) or inverse on Int32 samples, layout kept. @returns bytes written */
export function rctTransform(src: Int32Array, dst: Int32Array, pixels: number, planar: 0 | 1, inverse: boolean): number {
  return run(inverse ? "color_rct_inverse_i32" : "color_rct_forward_i32", src, dst, pixels * 12, [pixels, planar], true);
}

/** Native 4:2:2 (Y0 Y1 Cb Cr per pair) -> one triple per pixel. @returns bytes written */
export function expand422(src: ArrayBufferView, dst: ArrayBufferView, rows: number, columns: number, cellBits: 8 | 16, fancy: boolean): number {
  const cb = cellBits / 8;
  const need = rows * columns * 3 * cb;
  const name = cellBits === 8 ? "color_expand_422_u8" : "color_expand_422_u16";
  return byRows(name, src, dst, rows, columns, columns * 2 * cb, columns * 3 * cb, [fancy ? 1 : 0], need);
}

/**
 * Native 8-bit YBR_FULL_422 (Y0 Y1 Cb Cr per pair) straight to interleaved RGB. Replication streams pixel
 * pairs (16 pixels per v128 step); the fancy filter needs the neighbouring pairs of a row, so it streams whole
 * rows (the filter is horizontal only). @returns bytes written
 */
export function ybr422ToRgb8(src: ArrayBufferView, dst: ArrayBufferView, rows: number, columns: number, fancy: boolean): number {
  const name = "color_ybr_full_422_to_rgb_u8";
  const need = rows * columns * 3;
  const s = bytesOf(src);
  const d = bytesOf(dst);
  const pixels = rows * columns;
  if (fancy || columns % 2 !== 0 || !Number.isInteger(rows) || rows < 0 || !chunkable(s, d, pixels, pixels * 2, need)) {
    return byRows(name, src, dst, rows, columns, columns * 2, columns * 3, [fancy ? 1 : 0], need);
  }
  // Replication: even Columns, so pairs never straddle rows and the frame is one stream of pairs; each chunk
  // is handed to the kernel as one row of `count` pixels.
  const k = kernel(name);
  chunkedUnits(s, d, pixels, 2, 3, unitsPerChunk(5, 16), false, (sp, sLen, dp, dLen, count) => {
    checkKernelStatus(k(sp, sLen, dp, dLen, 1, count, 0), name);
  });
  return need;
}

/** Interleaved RGB -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pair). @returns bytes written */
export function rgbToYbr422(src: ArrayBufferView, dst: ArrayBufferView, rows: number, columns: number, cellBits: 8 | 16, bits: number): number {
  const cb = cellBits / 8;
  const need = rows * columns * 2 * cb;
  // Whole rows per chunk: libjpeg's h2v1 rounding bias alternates with the pair's position in its row.
  if (cellBits === 8) return byRows("color_rgb_to_ybr_422_u8", src, dst, rows, columns, columns * 3, columns * 2, [], need);
  return byRows("color_rgb_to_ybr_422_u16", src, dst, rows, columns, columns * 6, columns * 4, [bits], need);
}

/**
 * Runs a `(src, srcLen, dst, dstLen, rows, columns, ...scalars)` kernel over whole rows per chunk
 * (`inRow` / `outRow` bytes per row); malformed arguments go to the whole-frame path.
 */
function byRows(
  name: keyof ColorExports,
  src: ArrayBufferView,
  dst: ArrayBufferView,
  rows: number,
  columns: number,
  inRow: number,
  outRow: number,
  scalars: number[],
  need: number,
): number {
  const s = bytesOf(src);
  const d = bytesOf(dst);
  if (!Number.isInteger(columns) || columns <= 0 || columns % 2 !== 0 || !chunkable(s, d, rows, rows * inRow, need)) {
    return run(name, src, dst, need, [rows, columns, ...scalars], false);
  }
  const k = kernel(name);
  chunkedUnits(s, d, rows, inRow, outRow, unitsPerChunk(inRow + outRow), false, (sp, sLen, dp, dLen, count) => {
    checkKernelStatus(k(sp, sLen, dp, dLen, count, columns, ...scalars), name);
  });
  return need;
}

/** A plane of samples with a row stride (in samples). */
export interface PlaneShape {
  width: number;
  rows: number;
  /** Samples from one row start to the next (default `width`). */
  stride?: number;
}

/**
 * Up-samples one chroma plane by 2 horizontally (`vertical` false, h2v1) or in both directions (h2v2), by
 * replication or libjpeg's triangle filter. @returns bytes spanned in `dst`
 */
export function upsamplePlane(
  src: ArrayBufferView,
  input: PlaneShape,
  dst: ArrayBufferView,
  output: PlaneShape,
  cellBits: 8 | 16,
  vertical: boolean,
  fancy: boolean,
): number {
  const cb = cellBits / 8;
  const inStride = input.stride ?? input.width;
  const outStride = output.stride ?? output.width;
  const need = output.rows === 0 ? 0 : ((output.rows - 1) * outStride + output.width) * cb;
  const f = fancy ? 1 : 0;
  if (!vertical) {
    if (output.rows !== input.rows) throw new DicomPixelError("INVALID_ARGUMENT", `h2v1 up-sampling keeps the row count (${input.rows}), not ${output.rows}`);
    const k = cellBits === 8 ? "color_upsample_h2v1_u8" : "color_upsample_h2v1_u16";
    return run(k, src, dst, need, [input.width, input.rows, inStride, output.width, outStride, f], false);
  }
  const k = cellBits === 8 ? "color_upsample_h2v2_u8" : "color_upsample_h2v2_u16";
  return run(k, src, dst, need, [input.width, input.rows, inStride, output.width, output.rows, outStride, f], false);
}

/** Down-samples a plane by 2 horizontally (h2v1) or both ways (h2v2), libjpeg averaging. @returns bytes spanned in `dst` */
export function downsamplePlane(src: ArrayBufferView, input: PlaneShape, dst: ArrayBufferView, outStride: number | undefined, cellBits: 8 | 16, vertical: boolean): number {
  const cb = cellBits / 8;
  const ow = Math.ceil(input.width / 2);
  const orows = vertical ? Math.ceil(input.rows / 2) : input.rows;
  const os = outStride ?? ow;
  const need = orows === 0 ? 0 : ((orows - 1) * os + ow) * cb;
  const k = vertical
    ? cellBits === 8 ? "color_downsample_h2v2_u8" : "color_downsample_h2v2_u16"
    : cellBits === 8 ? "color_downsample_h2v1_u8" : "color_downsample_h2v1_u16";
  return run(k, src, dst, need, [input.width, input.rows, input.stride ?? input.width, os], false);
}

/**
 * Maps palette indices through a dense table (see assembly/color/palette.ts for its layout: 256 or 65536
 * entries of u32 RGB8 or u64 RGB16). @returns bytes written (pixels * 3 or * 6)
 */
export function paletteLookup(indices: ArrayBufferView, indexBits: 8 | 16, table: ArrayBufferView, outBits: 8 | 16, dst: ArrayBufferView, pixels: number): number {
  const name: keyof ColorExports =
    indexBits === 8
      ? outBits === 8 ? "palette_lookup_u8_rgb8" : "palette_lookup_u8_rgb16"
      : outBits === 8 ? "palette_lookup_u16_rgb8" : "palette_lookup_u16_rgb16";
  const { arena } = getInstance();
  const d = bytesOf(dst);
  const need = pixels * 3 * (outBits / 8);
  if (d.byteLength < need) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `palette lookup: destination holds ${d.byteLength} bytes, ${need} needed`);
  }
  const s = bytesOf(indices);
  const t = bytesOf(table);
  const ib = indexBits / 8;
  const ob = 3 * (outBits / 8);
  const k = kernel(name);
  return arena.scoped(() => {
    const tp = arena.copyIn(t);
    if (!chunkable(s, d, pixels, pixels * ib, need)) {
      const sp = arena.copyIn(s);
      const dp = arena.alloc(need);
      const n = checkKernelStatus(k(sp, s.byteLength, dp, need, tp, t.byteLength, pixels), "Palette Color lookup");
      d.set(arena.view(dp, n));
      return n;
    }
    // The table stays put; the indices stream through in chunks (each pixel is one table load).
    chunkedUnits(s, d, pixels, ib, ob, unitsPerChunk(ib + ob, 16), false, (sp, sLen, dp, dLen, count) => {
      checkKernelStatus(k(sp, sLen, dp, dLen, tp, t.byteLength, count), "Palette Color lookup");
    });
    return need;
  });
}

/**
 * The exhaustive 8-bit round trip RGB -> YBR_FULL -> RGB over triples lo..hi-1 (index R<<16 | G<<8 | B), in
 * the kernel. mode 0: the maximum absolute error; mode k > 0: how many samples are off by k or more.
 */
export function verifyRoundTrip8(lo: number, hi: number, mode: number): number {
  return checkKernelStatus(getInstance().exports.color_verify_roundtrip_u8(lo, hi, mode), "round-trip check");
}
