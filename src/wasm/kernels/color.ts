/**
 * Exports of assembly/color (typed here; src/wasm/ is the only code that touches the raw exports) and their
 * typed wrappers. Each wrapper copies in through the arena, runs the kernel, checks its status and copies
 * out once into a caller-owned buffer. The `*InMemory` forms work on memory a codec already holds in the
 * arena (no copies).
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
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
  const need = pixels * 3 * (cellBits / 8);
  const usesBits = cellBits === 16 || transform === "ictForward" || transform === "ictInverse";
  const scalars = usesBits ? [pixels, planar, bits] : [pixels, planar];
  return run(cellBits === 8 ? k8 : k16, src, dst, need, scalars, true);
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
  const need = rows * columns * 3 * (cellBits / 8);
  return run(cellBits === 8 ? "color_expand_422_u8" : "color_expand_422_u16", src, dst, need, [rows, columns, fancy ? 1 : 0], false);
}

/** Native 8-bit YBR_FULL_422 (Y0 Y1 Cb Cr per pair) straight to interleaved RGB. @returns bytes written */
export function ybr422ToRgb8(src: ArrayBufferView, dst: ArrayBufferView, rows: number, columns: number, fancy: boolean): number {
  return run("color_ybr_full_422_to_rgb_u8", src, dst, rows * columns * 3, [rows, columns, fancy ? 1 : 0], false);
}

/** Interleaved RGB -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pair). @returns bytes written */
export function rgbToYbr422(src: ArrayBufferView, dst: ArrayBufferView, rows: number, columns: number, cellBits: 8 | 16, bits: number): number {
  const need = rows * columns * 2 * (cellBits / 8);
  if (cellBits === 8) return run("color_rgb_to_ybr_422_u8", src, dst, need, [rows, columns], false);
  return run("color_rgb_to_ybr_422_u16", src, dst, need, [rows, columns, bits], false);
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
  return arena.scoped(() => {
    const tp = arena.copyIn(t);
    const sp = arena.copyIn(s);
    const dp = arena.alloc(need);
    const n = checkKernelStatus(kernel(name)(sp, s.byteLength, dp, need, tp, t.byteLength, pixels), "Palette Color lookup");
    d.set(arena.view(dp, n));
    return n;
  });
}

/**
 * The exhaustive 8-bit round trip RGB -> YBR_FULL -> RGB over triples lo..hi-1 (index R<<16 | G<<8 | B), in
 * the kernel. mode 0: the maximum absolute error; mode k > 0: how many samples are off by k or more.
 */
export function verifyRoundTrip8(lo: number, hi: number, mode: number): number {
  return checkKernelStatus(getInstance().exports.color_verify_roundtrip_u8(lo, hi, mode), "round-trip check");
}
