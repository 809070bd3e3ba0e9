/**
 * One error class for everything dicompix rejects, with a stable `code`. Messages are for people and may
 * change; codes are API.
 *
 * Kernel status codes (assembly/common/status.ts) map to these codes in one table, KERNEL_STATUS, below.
 */

export type ErrorCode =
  // Image Pixel module / data set attributes (PS3.3 C.7.6.3)
  | "INVALID_ATTRIBUTE"
  | "MISSING_ATTRIBUTE"
  // Part 10 structure (PS3.10, PS3.5 section 7)
  | "NOT_DICOM"
  | "INVALID_ELEMENT"
  | "INVALID_LENGTH"
  | "INVALID_ITEM"
  | "INVALID_OFFSET_TABLE"
  | "PIXEL_DATA_NOT_FOUND"
  | "NOT_ENOUGH_PIXEL_DATA"
  | "FRAME_OUT_OF_RANGE"
  // Codec streams
  | "TRUNCATED"
  | "INVALID_DATA"
  | "RLE_SEGMENT_COUNT"
  | "RLE_SEGMENT_OFFSET"
  | "RLE_SEGMENT_LENGTH"
  | "JPEG_INVALID_MARKER"
  | "JPEG_HUFFMAN_CODE"
  | "JPEG_UNSUPPORTED_PROCESS"
  | "JPEG_INVALID_HEADER"
  | "JPEG_MISSING_TABLE"
  | "JPEG_NO_FRAME"
  | "JPEG_INVALID_QUANT_TABLE"
  | "JPEGLS_INVALID_MARKER"
  | "JPEGLS_INVALID_HEADER"
  | "JPEGLS_INVALID_CODE"
  | "J2K_INVALID_CODEBLOCK"
  | "J2K_INVALID_HEADER"
  | "DEFLATE_INVALID_STREAM"
  | "DEFLATE_SIZE_MISMATCH"
  // Encoding
  | "VALUE_OUT_OF_RANGE"
  // Policy and arguments
  | "UNSUPPORTED_TRANSFER_SYNTAX"
  | "UNSUPPORTED_FEATURE"
  | "SIZE_LIMIT"
  | "MEMORY_LIMIT"
  | "INVALID_ARGUMENT"
  | "DESTINATION_TOO_SMALL"
  | "NOT_INITIALIZED"
  | "INTERNAL_ERROR";

export interface DicomPixelErrorDetails {
  /** Byte offset in the source (file, fragment or codestream) where the problem was found. */
  byteOffset?: number;
  /** Zero-based frame index the problem belongs to. */
  frameIndex?: number;
  /** DICOM tag as "(gggg,eeee)". */
  tag?: string;
  cause?: unknown;
}

/** The error every dicompix API throws for rejected input. `code` is stable; `message` is not API. */
export class DicomPixelError extends Error {
  readonly code: ErrorCode;
  readonly byteOffset?: number;
  readonly frameIndex?: number;
  readonly tag?: string;

  constructor(code: ErrorCode, message: string, details: DicomPixelErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "DicomPixelError";
    this.code = code;
    if (details.byteOffset !== undefined) this.byteOffset = details.byteOffset;
    if (details.frameIndex !== undefined) this.frameIndex = details.frameIndex;
    if (details.tag !== undefined) this.tag = details.tag;
  }
}

/** True when `e` is a DicomPixelError, optionally with the given code. */
export function isDicomPixelError(e: unknown, code?: ErrorCode): e is DicomPixelError {
  return e instanceof DicomPixelError && (code === undefined || e.code === code);
}

/**
 * Kernel status -> (code, sentence). Mirrors assembly/common/status.ts; 1-99 bad data, 100+ bad argument.
 */
export const KERNEL_STATUS: Readonly<Record<number, readonly [ErrorCode, string]>> = {
  1: ["TRUNCATED", "The data ended before the structure it declares was complete."],
  2: ["INVALID_DATA", "The data is malformed."],
  20: ["RLE_SEGMENT_COUNT", "The RLE header's number of segments is not 1..15 or does not match the pixel module."],
  21: ["RLE_SEGMENT_OFFSET", "An RLE segment offset is out of order or points past the end of the fragment."],
  22: ["RLE_SEGMENT_LENGTH", "An RLE segment does not decode to exactly one byte plane."],
  30: ["JPEG_INVALID_MARKER", "The JPEG stream has an invalid or unexpected marker."],
  31: ["JPEG_HUFFMAN_CODE", "The JPEG stream has a Huffman code that is in no table."],
  32: ["JPEG_UNSUPPORTED_PROCESS", "The JPEG process of this stream is not supported."],
  33: ["JPEG_INVALID_HEADER", "A JPEG marker segment has impossible values."],
  34: ["JPEG_MISSING_TABLE", "A JPEG scan refers to a table that was never defined."],
  35: ["JPEG_NO_FRAME", "The JPEG stream has no frame or scan header."],
  37: ["VALUE_OUT_OF_RANGE", "A sample value does not fit in the JPEG lossless precision (Bits Stored)."],
  36: ["UNSUPPORTED_FEATURE", "The JPEG lossless stream uses a feature outside the supported set (more than 4 components, or subsampled components in a multi-component frame)."],
  50: ["JPEG_INVALID_QUANT_TABLE", "A JPEG quantisation table is invalid or missing."],
  51: ["JPEG_UNSUPPORTED_PROCESS", "Arithmetic-coded JPEG (T.81 SOF9-SOF15, processes with arithmetic coding) is not supported."],
  52: ["JPEG_INVALID_HEADER", "A JPEG Huffman table (DHT) is invalid: bad class or id, too many codes, or an all-ones code."],
  53: ["UNSUPPORTED_FEATURE", "JPEG sampling factors whose ratios are not whole numbers are not supported."],
  54: ["JPEG_INVALID_HEADER", "A JPEG scan header (SOS) names an unknown component, table or an invalid spectral selection / successive approximation."],
  80: ["JPEGLS_INVALID_MARKER", "The JPEG-LS stream has an invalid, unexpected or missing marker (SOI, restart marker)."],
  81: ["JPEGLS_INVALID_HEADER", "A JPEG-LS marker segment (SOF55, SOS, LSE, DRI) has impossible values, or the frame or scan header is missing."],
  82: ["UNSUPPORTED_FEATURE", "The JPEG-LS stream uses a feature outside the supported set (mapping tables, subsampled components, point transform, more than 4 components, or dimensions from DNL)."],
  83: ["JPEGLS_INVALID_CODE", "The JPEG-LS coded data is invalid: a Golomb code longer than LIMIT or a run past the end of a line (T.87 A.5.3, A.7.1)."],
  84: ["JPEG_UNSUPPORTED_PROCESS", "The stream is a T.81 JPEG stream (SOFn other than SOF55), not JPEG-LS."],
  85: ["J2K_INVALID_CODEBLOCK", "An HTJ2K code-block's codeword segments are impossible: Lcup < 2, Scup outside 2..min(Lcup, 4079), or pass counts an HT block cannot have (T.814 7.1)."],
  86: ["J2K_INVALID_CODEBLOCK", "An HTJ2K cleanup pass decodes to a magnitude exponent beyond the code-block's bit-planes (T.814 7.3.7, 7.3.8)."],
  90: ["J2K_INVALID_CODEBLOCK", "A JPEG 2000 code-block declares more coding passes than its bit-planes allow, or an impossible number of bit-planes (T.800 B.10.5, D.3)."],
  91: ["J2K_INVALID_HEADER", "JPEG 2000 tile, resolution or subband geometry is impossible (T.800 B.5)."],
  92: ["DEFLATE_INVALID_STREAM", "The deflate stream has a block of reserved type 3 (RFC 1951 3.2.3)."],
  93: ["DEFLATE_INVALID_STREAM", "A stored deflate block's LEN is not the one's complement of its NLEN (RFC 1951 3.2.4)."],
  94: ["DEFLATE_INVALID_STREAM", "A deflate block's Huffman code lengths are invalid: an over-subscribed or incomplete code, a bad repeat, too many codes or no end-of-block code (RFC 1951 3.2.7)."],
  95: ["DEFLATE_INVALID_STREAM", "The deflate stream has a bit pattern that is no code, or a reserved literal/length (286, 287) or distance (30, 31) code (RFC 1951 3.2.5)."],
  96: ["DEFLATE_INVALID_STREAM", "A deflate distance reaches before the start of the output (RFC 1951 3.2.5)."],
  97: ["DEFLATE_SIZE_MISMATCH", "The deflate stream ended before the expected number of bytes was produced."],
  98: ["DEFLATE_SIZE_MISMATCH", "The deflate stream holds more bytes than expected."],
  100: ["INVALID_ARGUMENT", "A kernel argument is outside its range."],
  101: ["DESTINATION_TOO_SMALL", "The destination buffer is too small for the result."],
  102: ["SIZE_LIMIT", "The declared size exceeds the configured limit."],
};

/**
 * Throws the DicomPixelError for a negative kernel return value; returns non-negative values unchanged.
 * @param status the kernel's i32 result
 * @param context a short phrase naming what was being done ("RLE decode of frame 3")
 */
export function checkKernelStatus(status: number, context: string, details: DicomPixelErrorDetails = {}): number {
  if (status >= 0) return status;
  const entry = KERNEL_STATUS[-status];
  if (entry === undefined) {
    throw new DicomPixelError("INTERNAL_ERROR", `${context}: unknown kernel status ${status}.`, details);
  }
  const offset = details.byteOffset !== undefined ? ` (at byte ${details.byteOffset})` : "";
  throw new DicomPixelError(entry[0], `${context}: ${entry[1]}${offset}`, details);
}

/** Formats a tag number 0xggggeeee as "(gggg,eeee)". */
export function formatTag(tag: number): string {
  const h = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  return `(${h(tag >>> 16)},${h(tag & 0xffff)})`;
}
