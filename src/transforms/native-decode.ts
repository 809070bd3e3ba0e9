/**
 * Decode one frame of a native Pixel Data value held in memory (e.g. from dcmjs or another parser) to the
 * canonical form, as a typed array chosen by Bits Allocated and Pixel Representation.
 */
import type { DecodeOptions } from "../codecs/codec.js";
import { nativeCodec, type NativeDecodeOptions } from "../codecs/native.js";
import { DicomPixelError } from "../errors.js";
import type { FrameArray, PixelModule } from "../pixel-module.js";
import { ExplicitVRLittleEndian } from "../uids.js";
import { nativeFrame } from "./native-frames.js";

export interface NativeFrameDecodeOptions extends NativeDecodeOptions {
  /** Transfer syntax of the value (default Explicit VR Little Endian): byte order. */
  transferSyntaxUID?: string;
  /** VR of the Pixel Data element, "OB" or "OW" (8-bit big endian data: word-swapped when OW). */
  pixelDataVR?: string;
  /** Write into this buffer (any typed array with enough bytes) instead of a new one. */
  dst?: ArrayBufferView;
}

/**
 * Decodes frame `index` of a native Pixel Data value to the canonical form (src/pixel-module.ts).
 * @param pixelData the whole Pixel Data value (all frames)
 * @returns a `module.frameArrayType()` array (Uint8Array … Float64Array) over `options.dst` or a new buffer
 * @throws {DicomPixelError} FRAME_OUT_OF_RANGE, NOT_ENOUGH_PIXEL_DATA, SIZE_LIMIT, DESTINATION_TOO_SMALL,
 *   INVALID_ATTRIBUTE (native YBR_FULL_422 with odd Columns)
 */
export function decodeNativeFrame(pixelData: Uint8Array, module: PixelModule, index: number, options: NativeFrameDecodeOptions = {}): FrameArray {
  const size = module.frameByteLength();
  const cap = options.maxFrameBytes ?? 2 ** 30;
  if (size > cap) {
    throw new DicomPixelError("SIZE_LIMIT", `native frame ${index} is ${size} bytes, more than maxFrameBytes (${cap})`, { frameIndex: index });
  }
  const slice = nativeFrame(pixelData, module, index);
  const T = module.frameArrayType();
  let bytes: Uint8Array;
  if (options.dst !== undefined) {
    const d = options.dst;
    if (d.byteLength < size) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `native frame ${index}: destination holds ${d.byteLength} bytes, ${size} needed`, { frameIndex: index });
    }
    if (d.byteOffset % T.BYTES_PER_ELEMENT !== 0) {
      throw new DicomPixelError("INVALID_ARGUMENT", `destination byte offset ${d.byteOffset} is not a multiple of ${T.BYTES_PER_ELEMENT}`);
    }
    bytes = new Uint8Array(d.buffer, d.byteOffset, size);
  } else {
    bytes = new Uint8Array(size);
  }
  // Word-swapped 8-bit OW data: the frame's last pair may need the next byte (the value's padding).
  const end = Math.min(pixelData.byteLength, slice.byteOffset + slice.bytes.byteLength + 1);
  const src = pixelData.subarray(slice.byteOffset, end);
  const context = {
    transferSyntaxUID: options.transferSyntaxUID ?? ExplicitVRLittleEndian,
    frameIndex: index,
    bitOffset: slice.bitOffset,
    valueByteOffset: slice.byteOffset,
    ...(options.pixelDataVR !== undefined ? { pixelDataVR: options.pixelDataVR } : {}),
  };
  nativeCodec.decodeInto(src, module, bytes, context, options as DecodeOptions);
  return new T(bytes.buffer as ArrayBuffer, bytes.byteOffset, size / T.BYTES_PER_ELEMENT);
}
