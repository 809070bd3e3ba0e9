/**
 * The one shape every codec has (../shared/STYLE.md, after CharLS and dicom-rs): read the codestream
 * header, learn the decoded size, decode into a caller-owned buffer; optionally encode one frame.
 *
 * Contract: `decodeInto` writes exactly one frame in the canonical decoded form documented in
 * src/pixel-module.ts (little endian, colour-by-pixel unless asked to preserve planes, masked to Bits Stored
 * at High Bit and sign-extended, no colour conversion unless asked). Codecs never parse DICOM data sets;
 * they see the frame's bytes, the validated PixelModule and options.
 */
import type { PhotometricInterpretation, PixelModule, PlanarConfiguration } from "../pixel-module.js";

/** What a codestream header says about the frame it holds. */
export interface FrameInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Bits per sample in the codestream (JPEG precision, RLE: Bits Allocated). */
  bitsPerSample: number;
  /** Codec-specific facts (JPEG process, predictor, segment count...), for `dicompix info` and tests. */
  details?: Record<string, unknown>;
}

export interface DecodeOptions {
  /** "interleave" (default) returns colour-by-pixel; "preserve" keeps the file's Planar Configuration. */
  planar?: "interleave" | "preserve";
  /** "native" (default) keeps the stored colour space; "rgb" converts any YBR form to RGB. */
  colorSpace?: "native" | "rgb";
  /**
   * Whose colour-space signal wins when a JPEG stream's own (JFIF APP0, Adobe APP14, component ids) contradicts
   * the Photometric Interpretation (GDCM writes YCbCr JPEG labelled RGB): "header" (default) or "stream".
   * Lenient mode implies "stream".
   */
  colorSignals?: "header" | "stream";
  /** Return cells as stored: no masking to Bits Stored and no sign extension (default false). */
  raw?: boolean;
  /** Refuse frames whose decoded size exceeds this many bytes, before allocating (default 1 GiB). */
  maxFrameBytes?: number;
  /** Accept known deviations with a warning instead of an error (default false). */
  lenient?: boolean;
  /** Called with each warning in lenient mode. */
  onWarning?: (message: string) => void;
}

/** What `decodeInto` produced. */
export interface DecodedFrame {
  /** Bytes written to the destination. */
  bytesWritten: number;
  /** Photometric Interpretation of the output (YBR_FULL for upsampled JPEG YBR_FULL_422, RGB after conversion). */
  photometricInterpretation: PhotometricInterpretation;
  planarConfiguration: PlanarConfiguration;
}

export interface EncodeOptions {
  /** Target transfer syntax (a codec may serve several). */
  transferSyntaxUID?: string;
  /** JPEG lossless selection value 1-7. */
  predictor?: number;
  /** JPEG lossless point transform 0-15 (non-zero is lossy). */
  pointTransform?: number;
  /**
   * JPEG baseline quality 1-100 (IJG scaling of the T.81 Annex K tables). JPEG 2000 (.4.91): quality 1-99 sets
   * the irreversible 9-7 base quantisation step to 2^((80 - quality) / 10) sample values (default 70: 2,
   * above 45 dB PSNR on 8-bit images), and 100 writes lossless (reversible 5-3) instead; ignored by .4.90.
   */
  quality?: number;
  /**
   * JPEG DCT: explicit quantisation tables instead of `quality`: luma and (for colour) chroma, 64 values 1..255
   * each in natural row-major order.
   */
  quantTables?: readonly (readonly number[])[];
  /** Restart interval in MCUs (0 = none). */
  restartInterval?: number;
  /** Huffman tables optimised per frame (default true) or the standard ones. */
  optimizeHuffman?: boolean;
  /** Deflated Image Frame Compression: deflate level 0-9 as zlib's (0 stores, 9 searches hardest; default 6). */
  deflateLevel?: number;
  /**
   * JPEG 2000 (.4.91): a target compression ratio (native frame bytes / codestream bytes, > 1) reached by
   * truncating the code-blocks' coding passes (rate-distortion optimised, T.800 J.14); see Jpeg2000EncodeOptions.
   */
  targetRatio?: number;
}

export interface EncodedFrame {
  /** The encoded frame, one fragment's worth (even length not required; the writer pads). */
  data: Uint8Array;
  /** Photometric Interpretation the encoded data must be labelled with. */
  photometricInterpretation: PhotometricInterpretation;
  /** Planar Configuration the encoded data must be labelled with. */
  planarConfiguration: PlanarConfiguration;
  /** True when the encoding lost information. */
  lossy: boolean;
}

/** Where a frame came from: what a codec may need beyond the bytes and the pixel module. */
export interface FrameContext {
  /** Transfer syntax of the source (byte order of native data, which JPEG process is allowed...). */
  transferSyntaxUID: string;
  /** Zero-based frame index, for error messages. */
  frameIndex: number;
  /** Native 1-bit data only: the frame starts this many bits (0-7) into `src` (PS3.5 8.1.1, frames are not byte aligned). */
  bitOffset?: number;
}

export interface FrameCodec {
  /** Short name ("rle", "jpeg-lossless"). */
  readonly name: string;
  /** Transfer syntax UIDs this codec decodes (and encodes, when encodeFrame exists). */
  readonly transferSyntaxes: readonly string[];
  /** Parses the codestream header. @throws {DicomPixelError} on malformed data */
  readInfo(src: Uint8Array, module: PixelModule, context: FrameContext): FrameInfo;
  /** Bytes of the canonical decoded frame. */
  decodedSize(info: FrameInfo, module: PixelModule, options?: DecodeOptions): number;
  /** Decodes one frame into `dst` in the canonical form. @throws {DicomPixelError} DESTINATION_TOO_SMALL, data errors */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options?: DecodeOptions): DecodedFrame;
  /** Encodes one canonical frame. */
  encodeFrame?(frame: Uint8Array, module: PixelModule, options?: EncodeOptions): EncodedFrame;
}
