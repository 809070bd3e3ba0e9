/**
 * 1-bit Pixel Data (PS3.5 section 8.1.1, Annex D): pixels packed LSB first, frames not byte aligned.
 */
import { DicomPixelError } from "../errors.js";
import { packBitsKernel, unpackBitsKernel } from "../wasm/kernels/native.js";

export interface UnpackBitsOptions {
  /** The first pixel is this many bits (0-7) into the first byte (default 0). */
  bitOffset?: number;
  /** Write into this buffer (at least `count` bytes) instead of a new one. */
  dst?: Uint8Array;
}

export interface PackBitsOptions {
  /** Start this many bits (0-7) into the first byte of `dst` (default 0); earlier bits are kept. */
  bitOffset?: number;
  /** Write into this buffer (bits outside the written range are kept) instead of a new one. */
  dst?: Uint8Array;
}

function checkOffset(bitOffset: number): void {
  if (!Number.isInteger(bitOffset) || bitOffset < 0 || bitOffset > 7) {
    throw new DicomPixelError("INVALID_ARGUMENT", `bitOffset ${bitOffset} is invalid: must be an integer in 0..7`);
  }
}

/**
 * Unpacks `count` 1-bit pixels to one byte (0 or 1) each.
 * @param packed packed bits, LSB first
 * @param count number of pixels
 * @returns `options.dst` (or a new array) holding `count` bytes
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA when `packed` holds fewer than bitOffset + count bits
 * @throws {DicomPixelError} INVALID_ARGUMENT for a bit offset outside 0..7 or a negative count
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `options.dst` is shorter than `count`
 */
export function unpackBits(packed: Uint8Array, count: number, options: UnpackBitsOptions = {}): Uint8Array {
  const bitOffset = options.bitOffset ?? 0;
  checkOffset(bitOffset);
  if (!Number.isInteger(count) || count < 0) throw new DicomPixelError("INVALID_ARGUMENT", `pixel count ${count} is invalid`);
  const need = Math.ceil((bitOffset + count) / 8);
  if (packed.byteLength < need) {
    throw new DicomPixelError(
      "NOT_ENOUGH_PIXEL_DATA",
      `1-bit data holds ${packed.byteLength} bytes; ${count} pixels from bit ${bitOffset} need ${need}`,
    );
  }
  const dst = options.dst ?? new Uint8Array(count);
  if (count === 0) return dst;
  unpackBitsKernel(packed.subarray(0, need), bitOffset, count, dst);
  return dst;
}

/**
 * Packs one byte per pixel (any non-zero byte is 1) to bits, LSB first.
 * @returns `options.dst` or a new array of ceil((bitOffset + pixels.length) / 8) bytes
 * @throws {DicomPixelError} INVALID_ARGUMENT for a bit offset outside 0..7
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `options.dst` cannot hold the bits
 */
export function packBits(pixels: Uint8Array, options: PackBitsOptions = {}): Uint8Array {
  const bitOffset = options.bitOffset ?? 0;
  checkOffset(bitOffset);
  const bytes = Math.ceil((bitOffset + pixels.length) / 8);
  const dst = options.dst ?? new Uint8Array(bytes);
  if (pixels.length === 0) return dst;
  packBitsKernel(pixels, bitOffset, dst);
  return dst;
}
