/**
 * Deflated Image Frame Compression (PS3.5 8.2.16 and A.4.13, transfer syntax 1.2.840.10008.1.2.8.1), decode
 * and encode: each frame is one fragment holding the frame's native Explicit VR Little Endian bytes deflated
 * on their own (RFC 1951 raw deflate: no zlib header), followed by one NUL byte when the deflated stream has
 * an odd length. 1-bit frames are packed from the first bit of their own stream: ceil(Rows x Columns x
 * Samples per Pixel / 8) bytes each.
 *
 * The work runs in assembly/codecs/deflate (inflate.ts; the deflate-*.ts compressor); on decode the native
 * codec then turns the native frame into the canonical form (unpacking 1-bit data, masking to Bits Stored,
 * interleaving planes), so the two paths cannot disagree. On encode the canonical frame already is the
 * native form (1-bit data aside, which is packed), so it is deflated as it is.
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { cellsAreCanonical } from "../transforms/cells.js";
import { ExplicitVRLittleEndian } from "../uids.js";
import { packBits } from "../transforms/bits.js";
import { deflateRaw, inflateRawDetailed } from "../wasm/kernels/deflate.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";
import { nativeCodec } from "./native.js";

export const DEFLATED_IMAGE_FRAME_COMPRESSION_UID = "1.2.840.10008.1.2.8.1";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

/** Bytes of one native frame (PS3.5 A.4.13: the frame's own native byte stream, 1-bit data from bit 0). */
function nativeBytes(module: PixelModule): number {
  return module.nativeFrameByteLength();
}

function checkSize(module: PixelModule, context: FrameContext, options: DecodeOptions): void {
  const cap = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const size = Math.max(module.frameByteLength(), nativeBytes(module));
  if (size > cap) {
    throw new DicomPixelError(
      "SIZE_LIMIT",
      `deflated frame ${context.frameIndex} decodes to ${size} bytes (${module.rows} rows x ${module.columns} columns x ` +
        `${module.samplesPerPixel} samples, Bits Allocated ${module.bitsAllocated}), more than maxFrameBytes (${cap})`,
      { frameIndex: context.frameIndex },
    );
  }
}

/**
 * True when the native Explicit VR Little Endian frame already is the canonical form (whole-byte cells that
 * need no masking, colour-by-pixel or planes kept, no YBR_FULL_422 expansion, no colour conversion), so the
 * fragment can be inflated straight into the destination.
 */
function nativeIsCanonical(module: PixelModule, options: DecodeOptions): boolean {
  const pi = module.photometricInterpretation;
  if (module.bitsAllocated === 1 || pi === "YBR_FULL_422") return false;
  if (module.planarConfiguration === 1 && module.samplesPerPixel > 1 && options.planar !== "preserve") return false;
  if (options.colorSpace === "rgb" && pi.startsWith("YBR")) return false;
  return options.raw === true || cellsAreCanonical(module);
}

/**
 * Inflates one fragment to the native frame it holds, into `dst` when given and large enough for the frame
 * and a padding byte. An odd-length native frame may have been deflated with its even-length padding byte
 * (PS3.5 7.1.1), so one extra byte is accepted there.
 * @throws {DicomPixelError} TRUNCATED, DEFLATE_INVALID_STREAM for a malformed stream
 * @throws {DicomPixelError} DEFLATE_SIZE_MISMATCH when the stream holds more or fewer bytes than the frame
 */
export function inflateFrame(src: Uint8Array, module: PixelModule, frameIndex: number, dst?: Uint8Array): { bytes: Uint8Array; trailingBytes: number } {
  const size = nativeBytes(module);
  const room = size + (size & 1);
  const what = `inflate of deflated frame ${frameIndex}`;
  const into = dst !== undefined && dst.byteLength >= room ? dst : undefined;
  const { bytes, trailingBytes } = inflateRawDetailed(src, room, into, { allowShort: true, frameIndex, what });
  if (bytes.byteLength < size) {
    throw new DicomPixelError(
      "DEFLATE_SIZE_MISMATCH",
      `${what}: the stream holds ${bytes.byteLength} bytes, the native frame needs ${size} (${module.rows} rows x ` +
        `${module.columns} columns x ${module.samplesPerPixel} samples, Bits Allocated ${module.bitsAllocated}; PS3.5 A.4.13)`,
      { frameIndex, byteOffset: src.byteLength },
    );
  }
  return { bytes: bytes.subarray(0, size), trailingBytes };
}

/** Bytes after the deflate stream beyond the one NUL pad PS3.5 A.4.13 allows are ignored, with a warning. */
function warnTrailing(trailingBytes: number, src: Uint8Array, frameIndex: number, options: DecodeOptions): void {
  if (options.onWarning === undefined) return;
  const pad = trailingBytes === 1 && src[src.byteLength - 1] === 0;
  if (trailingBytes > 0 && !pad) {
    options.onWarning(`deflated frame ${frameIndex}: ${trailingBytes} byte(s) after the end of the deflate stream were ignored (PS3.5 A.4.13 allows one NUL pad)`);
  }
}

/** Encode options of this codec: `deflateLevel` (EncodeOptions) is the one it reads. */
export type DeflateFramesEncodeOptions = EncodeOptions;

/** The codec's type: a FrameCodec whose encodeFrame always exists and takes a deflate level. */
export interface DeflateFramesCodec extends FrameCodec {
  encodeFrame(frame: Uint8Array, module: PixelModule, options?: DeflateFramesEncodeOptions): EncodedFrame;
}

/** The Deflated Image Frame Compression codec. */
export const deflateFramesCodec: DeflateFramesCodec = {
  name: "deflate-frames",
  transferSyntaxes: [DEFLATED_IMAGE_FRAME_COMPRESSION_UID],

  /**
   * There is no codestream header: the frame geometry is the pixel module's.
   * @throws {DicomPixelError} TRUNCATED when the fragment is empty
   */
  readInfo(src: Uint8Array, module: PixelModule, context: FrameContext): FrameInfo {
    if (src.byteLength === 0) {
      throw new DicomPixelError("TRUNCATED", `deflated frame ${context.frameIndex} is an empty fragment`, {
        frameIndex: context.frameIndex,
        byteOffset: 0,
      });
    }
    return {
      rows: module.rows,
      columns: module.columns,
      samplesPerPixel: module.samplesPerPixel,
      bitsPerSample: module.bitsAllocated,
      details: { deflatedBytes: src.byteLength, nativeBytes: nativeBytes(module) },
    };
  },

  decodedSize(_info: FrameInfo, module: PixelModule): number {
    return module.frameByteLength();
  },

  /**
   * Inflates the fragment and decodes the native frame to the canonical form exactly as the native codec
   * does for Explicit VR Little Endian (1-bit unpacked, masked to Bits Stored and sign-extended unless `raw`,
   * colour-by-pixel unless `planar: "preserve"`, YBR_FULL_422 expanded, optional conversion to RGB).
   * @throws {DicomPixelError} SIZE_LIMIT when the native or decoded frame exceeds `maxFrameBytes` (checked before inflating)
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` cannot hold the decoded frame
   * @throws {DicomPixelError} TRUNCATED, DEFLATE_INVALID_STREAM when the deflate stream is malformed
   * @throws {DicomPixelError} DEFLATE_SIZE_MISMATCH when it does not hold exactly one native frame
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: DecodeOptions = {}): DecodedFrame {
    checkSize(module, context, options);
    const size = module.frameByteLength();
    if (dst.byteLength < size) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `deflated frame ${context.frameIndex}: destination holds ${dst.byteLength} bytes, ${size} needed`, {
        frameIndex: context.frameIndex,
      });
    }
    // Straight into dst when no conversion is needed; not for odd sizes, whose padding byte could land past the frame.
    if (nativeIsCanonical(module, options) && size % 2 === 0) {
      warnTrailing(inflateFrame(src, module, context.frameIndex, dst).trailingBytes, src, context.frameIndex, options);
      const preserved = module.planarConfiguration === 1 && module.samplesPerPixel > 1;
      return { bytesWritten: size, photometricInterpretation: module.photometricInterpretation, planarConfiguration: preserved ? 1 : 0 };
    }
    const { bytes: native, trailingBytes } = inflateFrame(src, module, context.frameIndex);
    warnTrailing(trailingBytes, src, context.frameIndex, options);
    return nativeCodec.decodeInto(native, module, dst, { transferSyntaxUID: ExplicitVRLittleEndian, frameIndex: context.frameIndex, bitOffset: 0 }, options);
  },

  /**
   * Encodes one canonical frame (PS3.5 A.4.13): its native Explicit VR Little Endian bytes — the canonical
   * cells as they are (little endian, colour-by-pixel), 1-bit pixels packed least significant bit first from
   * bit 0 of the frame's own stream (PS3.5 8.1.1) — deflated on their own (RFC 1951, no zlib header) and
   * followed by one NUL byte when the stream has an odd length. Lossless.
   * @param frame one frame in the canonical form of `module` (at least `module.frameByteLength()` bytes)
   * @param options `deflateLevel` 0-9 (default 6)
   * @returns the fragment, labelled with the module's Photometric Interpretation (YBR_FULL for an expanded
   *   YBR_FULL_422 frame) and Planar Configuration 0
   * @throws {DicomPixelError} INVALID_ARGUMENT when the frame is shorter than one canonical frame, or the
   *   module describes Float or Double Float Pixel Data (only (7FE0,0010) Pixel Data is encapsulated, PS3.5 A.4)
   * @throws {DicomPixelError} INVALID_ARGUMENT when `deflateLevel` is not an integer in 0..9
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, options: DeflateFramesEncodeOptions = {}): EncodedFrame {
    const size = module.frameByteLength();
    if (frame.byteLength < size) {
      throw new DicomPixelError(
        "INVALID_ARGUMENT",
        `deflate encode: the frame has ${frame.byteLength} bytes, one canonical frame is ${size} (${module.rows} rows x ` +
          `${module.columns} columns x ${module.samplesPerPixel} samples, Bits Allocated ${module.bitsAllocated})`,
      );
    }
    if (module.pixelDataElement !== "PixelData") {
      throw new DicomPixelError("INVALID_ARGUMENT", `deflate encode: ${module.pixelDataElement} cannot be encapsulated; only (7FE0,0010) Pixel Data can (PS3.5 A.4)`);
    }
    const cells = frame.subarray(0, size);
    const native = module.bitsAllocated === 1 ? packBits(cells) : cells;
    // PS3.5 A.4.13: one trailing NUL when the deflated stream has an odd length.
    const data = deflateRaw(native, { level: options.deflateLevel ?? 6, padToEven: true });
    const pi = module.photometricInterpretation;
    return { data, photometricInterpretation: pi === "YBR_FULL_422" ? "YBR_FULL" : pi, planarConfiguration: 0, lossy: false };
  },
};
