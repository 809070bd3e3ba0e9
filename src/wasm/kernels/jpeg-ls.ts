/**
 * Exports of assembly/codecs/jpeg-ls (ITU-T T.87 | ISO/IEC 14495-1) and their typed wrappers. src/wasm/ is
 * the only code that touches the raw exports; these wrappers copy in, call, check the status and copy out.
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";
import { frameOperation, readInfoBlock, readStreamHeader, throwKernelStatus } from "../call.js";
import { maskCellsInMemory, type CellBits } from "./native.js";

/** Exports of assembly/codecs/jpeg-ls (typed here; src/wasm/ is the only code that touches the raw exports). */
export interface JpegLsExports {
  jpegls_read_header(srcPtr: number, srcLen: number, infoPtr: number, infoLen: number): number;
  jpegls_decode(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    scratchPtr: number,
    scratchLen: number,
    cellBytes: number,
    flags: number,
  ): number;
  jpegls_scratch_size(columns: number, components: number): number;
  jpegls_error_offset(): number;
  jpegls_warnings(): number;
  jpegls_encode(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    scratchPtr: number,
    scratchLen: number,
    rows: number,
    cols: number,
    components: number,
    precision: number,
    cellBytes: number,
    interleave: number,
    near: number,
    signed: number,
    restartInterval: number,
  ): number;
  jpegls_encode_scratch_size(columns: number, components: number): number;
  jpegls_bad_sample(): number;
}

/** What the frame header (SOF55) and first scan header of a JPEG-LS stream say (T.87 C.2.2, C.2.3). */
export interface JpegLsHeader {
  /** Sample precision P, 2..16. */
  precision: number;
  rows: number;
  columns: number;
  components: number;
  /** NEAR of the first scan: 0 lossless, > 0 near-lossless (maximum absolute error). */
  near: number;
  /** Interleave mode of the first scan: 0 none, 1 line, 2 sample. */
  interleave: 0 | 1 | 2;
  /** Point transform of the first scan (always 0: other values are refused). */
  pointTransform: number;
  /** Restart interval in lines (0 = none). */
  restartInterval: number;
  /** Coding parameters of the first scan, defaults applied (T.87 C.2.4.1.1). */
  maxval: number;
  t1: number;
  t2: number;
  t3: number;
  reset: number;
  /** Components in the first scan. */
  scanComponents: number;
}

/** Warning bit: the stream has no EOI after its last scan. */
export const JPEGLS_WARN_NO_EOI = 1;
/** Warning bit (lenient mode): the coded data ended early; the missing samples were decoded from zero bits. */
export const JPEGLS_WARN_TRUNCATED = 2;

const INFO_BYTES = 64;

function readInfo(v: Int32Array): JpegLsHeader {
  return {
    precision: v[0]!,
    rows: v[1]!,
    columns: v[2]!,
    components: v[3]!,
    near: v[4]!,
    interleave: v[5]! as 0 | 1 | 2,
    pointTransform: v[6]!,
    restartInterval: v[7]!,
    maxval: v[8]!,
    t1: v[9]!,
    t2: v[10]!,
    t3: v[11]!,
    reset: v[12]!,
    scanComponents: v[13]!,
  };
}

function fail(status: number, what: string, frameIndex: number | undefined): never {
  const byteOffset = getInstance().exports.jpegls_error_offset();
  throwKernelStatus(status, what, { byteOffset: byteOffset >= 0 ? byteOffset : undefined, frameIndex });
}

/**
 * Parses a JPEG-LS stream up to its first scan header.
 * @throws {DicomPixelError} TRUNCATED, JPEGLS_INVALID_MARKER, JPEGLS_INVALID_HEADER, UNSUPPORTED_FEATURE
 *   (mapping tables, subsampling, point transform, more than 4 components), JPEG_UNSUPPORTED_PROCESS (a T.81 stream)
 */
export function jpeglsReadHeader(src: Uint8Array, frameIndex?: number): JpegLsHeader {
  const { exports } = getInstance();
  return readStreamHeader(
    src,
    INFO_BYTES,
    (s, sLen, info, infoLen) => exports.jpegls_read_header(s, sLen, info, infoLen),
    (r) => fail(r, "JPEG-LS header", frameIndex),
    readInfo,
  );
}

export interface JpegLsDecodeOptions {
  /** Mask to Bits Stored at High Bit and sign-extend in linear memory (the canonical form) before copying out. */
  normalize?: { bitsStored: number; highBit: number; signed: boolean };
  /** Complete coded data that ends early with zero bits (JPEGLS_WARN_TRUNCATED) instead of failing. */
  lenient?: boolean;
  frameIndex?: number;
}

export interface JpegLsDecodeResult {
  bytesWritten: number;
  /** JPEGLS_WARN_* bits. */
  warnings: number;
  header: JpegLsHeader;
}

/**
 * Decodes a whole JPEG-LS stream: parses the header, asks `prepare` for the destination and cell size (the
 * caller checks the header against its pixel module and size cap there, before anything is allocated),
 * then decodes into it as interleaved little-endian cells (every component's samples per pixel, whatever
 * the interleave mode).
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL, the errors of {@link jpeglsReadHeader}, JPEGLS_INVALID_CODE
 *   and TRUNCATED for bad coded data
 */
export function jpeglsDecode(
  src: Uint8Array,
  prepare: (h: JpegLsHeader) => { dst: Uint8Array; cellBytes: 1 | 2 },
  options: JpegLsDecodeOptions = {},
): JpegLsDecodeResult {
  const { exports, arena } = getInstance();
  const what = frameOperation("JPEG-LS decode", options.frameIndex);
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const header = readInfoBlock(
      arena,
      INFO_BYTES,
      (info, infoLen) => exports.jpegls_read_header(s, src.byteLength, info, infoLen),
      (hr) => fail(hr, what, options.frameIndex),
      readInfo,
    );
    const { dst, cellBytes } = prepare(header);
    const size = header.rows * header.columns * header.components * cellBytes;
    if (dst.byteLength < size) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `${what} needs ${size} bytes of destination, got ${dst.byteLength}`, {
        frameIndex: options.frameIndex,
      });
    }
    const scratchLen = exports.jpegls_scratch_size(header.columns, header.components);
    if (scratchLen < 0) fail(scratchLen, what, options.frameIndex);
    const d = arena.alloc(size);
    const scratch = arena.alloc(scratchLen);
    const r = exports.jpegls_decode(s, src.byteLength, d, size, scratch, scratchLen, cellBytes, options.lenient ? 1 : 0);
    if (r < 0) fail(r, what, options.frameIndex);
    const n = options.normalize;
    if (n) maskCellsInMemory(d, r, d, (cellBytes * 8) as CellBits, n.bitsStored, n.highBit, n.signed);
    dst.set(arena.view(d, r));
    return { bytesWritten: r, warnings: exports.jpegls_warnings(), header };
  });
}

/** Geometry and coding parameters for {@link jpeglsEncode}. */
export interface JpegLsEncodeParams {
  rows: number;
  columns: number;
  components: number;
  /** Sample precision P, 2..16 (at most 8 for 1-byte cells). */
  precision: number;
  cellBytes: 1 | 2;
  /** 0 none (one scan per component), 1 line, 2 sample; ignored for one component. */
  interleave: 0 | 1 | 2;
  /** 0 lossless, 1..255 near-lossless (at most MAXVAL / 2). */
  near: number;
  /** Input cells are two's complement (sign-extended); their low `precision` bits are encoded. */
  signed: boolean;
  /** A restart marker every this many lines, 0..65535 (default 0: none). */
  restartInterval?: number;
}

/**
 * Encodes one frame of interleaved little-endian cells as a JPEG-LS stream with default coding
 * parameters (T.87 C.2.4.1.1). The output buffer starts at the raw size plus slack and is grown to the
 * worst case (LIMIT bits per sample, plus stuffing) only if needed.
 * @throws {DicomPixelError} VALUE_OUT_OF_RANGE when a sample does not fit in `precision` bits
 * @throws {DicomPixelError} INVALID_ARGUMENT for parameters outside their ranges
 */
export function jpeglsEncode(src: Uint8Array, p: JpegLsEncodeParams): Uint8Array {
  const { exports, arena } = getInstance();
  const count = p.rows * p.columns * p.components;
  const limit = 2 * (Math.max(2, p.precision) + Math.max(8, p.precision));
  const worst = 64 + 16 * p.components + Math.ceil((count * limit) / 7) + 8 * p.components + 4 * p.rows * p.components;
  const first = Math.min(worst, Math.ceil(count * p.cellBytes * 1.1) + 1024);
  const scratchLen = exports.jpegls_encode_scratch_size(p.columns, p.components);
  if (scratchLen < 0) checkKernelStatus(scratchLen, "JPEG-LS encode");
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const scratch = arena.alloc(scratchLen);
    for (const cap of first < worst ? [first, worst] : [worst]) {
      const m = arena.mark();
      const d = arena.alloc(cap);
      const r = exports.jpegls_encode(
        s, src.byteLength, d, cap, scratch, scratchLen,
        p.rows, p.columns, p.components, p.precision, p.cellBytes, p.interleave, p.near, p.signed ? 1 : 0, p.restartInterval ?? 0,
      );
      if (r === -101 && cap !== worst) {
        arena.release(m);
        continue;
      }
      if (r === -37) {
        const i = exports.jpegls_bad_sample();
        throw new DicomPixelError(
          "VALUE_OUT_OF_RANGE",
          `JPEG-LS encode: sample ${i} (pixel ${Math.floor(i / p.components)}, component ${i % p.components}) does not fit in ` +
            `${p.precision} ${p.signed ? "signed" : "unsigned"} bits (Bits Stored)`,
        );
      }
      const n = checkKernelStatus(r, "JPEG-LS encode");
      return arena.copyOut(d, n);
    }
    throw new DicomPixelError("INTERNAL_ERROR", "JPEG-LS encode: the worst-case output bound was exceeded");
  });
}
