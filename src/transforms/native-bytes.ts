/**
 * Byte order of native Pixel Data (PS3.5 section 7.3, Annex A.3: Explicit VR Big Endian stores OW, OL, OF and
 * OD values most significant byte first).
 */
import { DicomPixelError } from "../errors.js";
import { swapBytesKernel, type SwapWord } from "../wasm/kernels/native.js";

/**
 * Reverses the byte order of every `wordBytes`-byte word.
 * @param src bytes (any typed array is read as its bytes)
 * @param wordBytes 2, 4 or 8
 * @param dst destination (may be `src` itself for an in-place swap); a new array by default
 * @throws {DicomPixelError} INVALID_ARGUMENT when the length is not a multiple of `wordBytes`
 */
export function swapBytes(src: ArrayBufferView, wordBytes: SwapWord, dst?: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  if (wordBytes !== 2 && wordBytes !== 4 && wordBytes !== 8) {
    throw new DicomPixelError("INVALID_ARGUMENT", `wordBytes ${String(wordBytes)} is invalid: must be 2, 4 or 8`);
  }
  if (bytes.byteLength % wordBytes !== 0) {
    throw new DicomPixelError("INVALID_ARGUMENT", `${bytes.byteLength} bytes is not a whole number of ${wordBytes}-byte words`);
  }
  const out = dst ?? new Uint8Array(bytes.byteLength);
  if (bytes.byteLength === 0) return out;
  swapBytesKernel(bytes, out, wordBytes);
  return out;
}
