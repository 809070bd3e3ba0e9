/**
 * Frame N of native (not encapsulated) Pixel Data without copying the others (PS3.5 section 8.1.1 and 8.2).
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";

export interface NativeFrameSlice {
  /** A view (no copy) of the bytes holding the frame. */
  bytes: Uint8Array;
  /** 1-bit data: the frame's first pixel is this many bits (0-7) into `bytes`; 0 otherwise. */
  bitOffset: number;
  /** Offset of `bytes` in the Pixel Data value. */
  byteOffset: number;
}

/**
 * The bytes of frame `index` of a native Pixel Data value. Frames of 1-bit data follow each other with no
 * byte alignment (frame N starts at bit N × Rows × Columns), so the slice then includes the partial bytes at
 * both ends and `bitOffset` says where the frame starts. Native YBR_FULL_422 frames are two samples per
 * pixel long.
 * @param pixelData the whole Pixel Data value
 * @throws {DicomPixelError} FRAME_OUT_OF_RANGE when `index` is not in 0..Number of Frames − 1
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA when the value ends before the frame does
 */
export function nativeFrame(pixelData: Uint8Array, module: PixelModule, index: number): NativeFrameSlice {
  if (!Number.isInteger(index) || index < 0 || index >= module.numberOfFrames) {
    throw new DicomPixelError(
      "FRAME_OUT_OF_RANGE",
      `frame index ${index} is out of range: (0028,0008) Number of Frames is ${module.numberOfFrames}`,
      { frameIndex: index },
    );
  }
  const frameBits = module.nativeFrameBitLength();
  const startBit = frameBits * index;
  const endBit = startBit + frameBits;
  const start = Math.floor(startBit / 8);
  const end = Math.ceil(endBit / 8);
  if (end > pixelData.byteLength) {
    throw new DicomPixelError(
      "NOT_ENOUGH_PIXEL_DATA",
      `(7FE0,0010) Pixel Data holds ${pixelData.byteLength} bytes; frame ${index} needs bytes ${start}..${end - 1}`,
      { frameIndex: index, byteOffset: start },
    );
  }
  return { bytes: pixelData.subarray(start, end), bitOffset: startBit % 8, byteOffset: start };
}
