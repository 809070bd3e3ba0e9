/**
 * Exports of assembly/codecs/deflate (raw deflate, RFC 1951) and their typed wrappers. src/wasm/ is the only
 * code that touches the raw exports; these wrappers copy in, call, check the status and copy out.
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";

export interface DeflateExports {
  deflate_inflate(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, flags: number): number;
  deflate_trailing_bytes(): number;
  deflate_error_offset(): number;
  deflate_compress(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, level: number, scratchPtr: number, scratchLen: number): number;
  deflate_compress_scratch_size(): number;
  /** Test hook: the compressor's length-limited Huffman code lengths for n frequencies. */
  deflate_code_lengths(freqPtr: number, n: number, lensPtr: number, lensLen: number, limit: number): number;
}

/** Kernel flag: the stream may hold fewer bytes than the destination. */
const FLAG_ALLOW_SHORT = 1;

/** Largest output the wrapper accepts (the kernel's lengths are i32). */
const MAX_OUTPUT = 0x7fffffff;

export interface InflateOptions {
  /** Accept a stream that holds fewer than `expectedBytes` bytes (the result is then shorter). Default false. */
  allowShort?: boolean;
  /** Frame index, for error details. */
  frameIndex?: number;
  /** Names the operation in error messages (default "raw inflate"). */
  what?: string;
}

export interface InflateResult {
  /** The inflated bytes: `dst` (or a new array) cut to the bytes written. */
  bytes: Uint8Array;
  /** Whole source bytes after the end of the final block (a PS3.5 A.4.13 NUL pad counts as 1). */
  trailingBytes: number;
}

/**
 * Inflates a raw deflate stream (RFC 1951: no zlib or gzip header) that must produce exactly
 * `expectedBytes` bytes, into `dst` when given (which must hold them) or a new array. Bytes after the
 * final block are ignored; {@link inflateRawDetailed} reports how many there were.
 * @param src the deflate stream
 * @param expectedBytes the number of bytes the stream must produce
 * @param dst optional destination of at least `expectedBytes` bytes
 * @returns the inflated bytes (`dst.subarray(0, expectedBytes)` when `dst` was given)
 * @throws {DicomPixelError} INVALID_ARGUMENT when `expectedBytes` is not an integer in 0..2^31-1
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` is shorter than `expectedBytes`
 * @throws {DicomPixelError} TRUNCATED when the stream ends inside a block
 * @throws {DicomPixelError} DEFLATE_INVALID_STREAM for a reserved block type, a stored block whose LEN and
 *   NLEN disagree, invalid Huffman code lengths, an invalid code or a distance before the start of the output
 * @throws {DicomPixelError} DEFLATE_SIZE_MISMATCH when the stream holds more or fewer than `expectedBytes` bytes
 */
export function inflateRaw(src: Uint8Array, expectedBytes: number, dst?: Uint8Array): Uint8Array {
  return inflateRawDetailed(src, expectedBytes, dst).bytes;
}

/**
 * {@link inflateRaw} with options, also reporting the bytes that follow the final block.
 * @throws {DicomPixelError} INVALID_ARGUMENT when `expectedBytes` is not an integer in 0..2^31-1
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL, TRUNCATED, DEFLATE_INVALID_STREAM, DEFLATE_SIZE_MISMATCH
 *   as for inflateRaw (a short stream is accepted with `allowShort`)
 */
export function inflateRawDetailed(src: Uint8Array, expectedBytes: number, dst?: Uint8Array, options: InflateOptions = {}): InflateResult {
  if (!Number.isInteger(expectedBytes) || expectedBytes < 0 || expectedBytes > MAX_OUTPUT) {
    throw new DicomPixelError("INVALID_ARGUMENT", `inflateRaw: expected size ${expectedBytes} must be an integer in 0..${MAX_OUTPUT}`);
  }
  const what = options.what ?? "raw inflate";
  if (dst !== undefined && dst.byteLength < expectedBytes) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `${what}: destination holds ${dst.byteLength} bytes, ${expectedBytes} needed`, {
      frameIndex: options.frameIndex,
    });
  }
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(expectedBytes);
    const status = exports.deflate_inflate(s, src.byteLength, d, expectedBytes, options.allowShort ? FLAG_ALLOW_SHORT : 0);
    if (status < 0) {
      const at = exports.deflate_error_offset();
      checkKernelStatus(status, `${what} (stream of ${src.byteLength} bytes, ${expectedBytes} expected)`, {
        frameIndex: options.frameIndex,
        byteOffset: at >= 0 ? at : undefined,
      });
    }
    const out = dst ?? new Uint8Array(status);
    out.set(arena.view(d, status));
    return { bytes: out.subarray(0, status), trailingBytes: exports.deflate_trailing_bytes() };
  });
}

export interface DeflateOptions {
  /**
   * Compression level 0-9, as zlib's: 0 stores, 1-3 match greedily, 4-9 evaluate lazily and search longer
   * hash chains as the level rises. Default 6.
   */
  level?: number;
  /** Append one NUL byte when the stream has an odd length, as a PS3.5 A.4.13 fragment needs. Default false. */
  padToEven?: boolean;
}

/** Largest input deflateRaw accepts: the stored-block worst case of its output must fit an i32. */
const MAX_DEFLATE_INPUT = 0x7fff0000 - 0x10000;

/**
 * Destination size that always holds the deflated stream of `n` bytes: no block is written larger than its
 * stored form (RFC 1951 3.2.4: at most 5 bytes of header per block), blocks cover at least 16 Ki bytes each
 * but the last, and the writer needs an 8-byte margin (and one byte for the pad).
 */
function deflateBound(n: number): number {
  return n + 5 * (Math.ceil(n / 16384) + 1) + 16;
}

/**
 * Compresses `src` into a raw deflate stream (RFC 1951: no zlib or gzip header), as Deflated Image Frame
 * Compression (PS3.5 A.4.13) stores each frame. Any inflater (zlib's inflateRaw, {@link inflateRaw})
 * restores `src` exactly.
 * @param src the bytes to compress
 * @param options `level` 0-9 (default 6); `padToEven` to append one NUL to an odd-length stream
 * @returns a new array holding the stream
 * @throws {DicomPixelError} INVALID_ARGUMENT when `level` is not an integer in 0..9; SIZE_LIMIT when `src` is larger than about 2 GiB
 */
export function deflateRaw(src: Uint8Array, options: DeflateOptions = {}): Uint8Array {
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new DicomPixelError("INVALID_ARGUMENT", `deflateRaw: level ${level} must be an integer in 0..9`);
  if (src.byteLength > MAX_DEFLATE_INPUT) throw new DicomPixelError("SIZE_LIMIT", `deflateRaw: input of ${src.byteLength} bytes exceeds ${MAX_DEFLATE_INPUT}`);
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const dstLen = deflateBound(src.byteLength);
    const d = arena.alloc(dstLen);
    const scratchLen = level === 0 ? 0 : exports.deflate_compress_scratch_size();
    const scratch = arena.alloc(scratchLen);
    const status = exports.deflate_compress(s, src.byteLength, d, dstLen, level, scratch, scratchLen);
    if (status < 0) checkKernelStatus(status, `raw deflate (${src.byteLength} bytes, level ${level})`);
    if (options.padToEven && status % 2 === 1) {
      arena.u8()[d + status] = 0; // within the bound's margin
      return arena.copyOut(d, status + 1);
    }
    return arena.copyOut(d, status);
  });
}
