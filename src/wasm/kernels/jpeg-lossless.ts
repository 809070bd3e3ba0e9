/**
 * Exports of assembly/codecs/jpeg-lossless (ITU-T T.81 process 14) and their typed wrappers. src/wasm/ is the
 * only code that touches the raw exports; these wrappers copy in, call, check the status and copy out.
 */
import { DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";
import { frameOperation, readInfoBlock, readStreamHeader, throwKernelStatus } from "../call.js";

export interface JpegLosslessExports {
  jpll_read_header(srcPtr: number, srcLen: number, infoPtr: number, infoLen: number): number;
  jpll_decode(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, cellBytes: number, flags: number): number;
  jpll_sof_marker(): number;
  jpll_error_offset(): number;
  jpll_warnings(): number;
  jpll_encode(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    scratchPtr: number,
    scratchLen: number,
    rows: number,
    cols: number,
    ncomp: number,
    precision: number,
    cellBytes: number,
    predictor: number,
    pointTransform: number,
    restartInterval: number,
    flags: number,
  ): number;
  jpll_bad_sample(): number;
}

/** What the frame and first scan headers of a JPEG lossless stream say (T.81 B.2.2, B.2.3). */
export interface JpegLosslessHeader {
  /** Sample precision P, 2..16. */
  precision: number;
  /** Number of lines (from the DNL marker when the SOF says 0). */
  rows: number;
  columns: number;
  components: number;
  /** Selection value (predictor) of the first scan, 1..7. */
  predictor: number;
  /** Point transform Pt of the first scan, 0..15. */
  pointTransform: number;
  /** Restart interval in MCUs (0 = none) defined before the first scan. */
  restartInterval: number;
  /** True when the SOF said 0 lines and the height came from a DNL marker (T.81 B.2.5). */
  heightFromDnl: boolean;
  /** Number of components in the first scan (== components when interleaved). */
  firstScanComponents: number;
}

/** Kernel warning bits (assembly/codecs/jpeg-lossless/decode.ts). */
export const JPLL_WARN_OVERRUN = 1;
export const JPLL_WARN_RESTART = 2;
export const JPLL_WARN_NO_EOI = 4;

const INFO_BYTES = 48;

const SOF_PROCESS: Readonly<Record<number, string>> = {
  0xc0: "baseline DCT (SOF0, process 1)",
  0xc1: "extended sequential DCT, Huffman (SOF1)",
  0xc2: "progressive DCT, Huffman (SOF2)",
  0xc5: "differential sequential DCT, Huffman (SOF5, hierarchical)",
  0xc6: "differential progressive DCT, Huffman (SOF6, hierarchical)",
  0xc7: "differential lossless, Huffman (SOF7, hierarchical)",
  0xc9: "extended sequential DCT, arithmetic (SOF9)",
  0xca: "progressive DCT, arithmetic (SOF10)",
  0xcb: "lossless, arithmetic coding (SOF11)",
  0xcc: "arithmetic coding (DAC)",
  0xcd: "differential sequential DCT, arithmetic (SOF13)",
  0xce: "differential progressive DCT, arithmetic (SOF14)",
  0xcf: "differential lossless, arithmetic (SOF15)",
};

function fail(status: number, what: string, frameIndex: number | undefined): never {
  const { exports } = getInstance();
  const byteOffset = exports.jpll_error_offset();
  if (-status === 32) {
    const sof = exports.jpll_sof_marker();
    const name = SOF_PROCESS[sof] ?? `SOF marker 0xFF${sof.toString(16).toUpperCase()}`;
    throw new DicomPixelError(
      "JPEG_UNSUPPORTED_PROCESS",
      `${what}: the stream uses ${name}, at byte ${byteOffset}; only lossless Huffman coding (SOF3, ITU-T T.81 process 14) is supported here`,
      { byteOffset, frameIndex },
    );
  }
  throwKernelStatus(status, what, { byteOffset, frameIndex });
}

function readInfo(view: Int32Array): JpegLosslessHeader {
  return {
    precision: view[0]!,
    rows: view[1]!,
    columns: view[2]!,
    components: view[3]!,
    predictor: view[4]!,
    pointTransform: view[5]!,
    restartInterval: view[6]!,
    heightFromDnl: view[9]! === 0,
    firstScanComponents: view[10]!,
  };
}

/**
 * Parses a JPEG lossless stream up to its first scan header.
 * @throws {DicomPixelError} TRUNCATED, JPEG_INVALID_MARKER, JPEG_INVALID_HEADER, JPEG_MISSING_TABLE, JPEG_NO_FRAME,
 *   JPEG_UNSUPPORTED_PROCESS (naming the process), UNSUPPORTED_FEATURE
 */
export function jpllReadHeader(src: Uint8Array, frameIndex?: number): JpegLosslessHeader {
  const { exports } = getInstance();
  return readStreamHeader(
    src,
    INFO_BYTES,
    (s, sLen, info, infoLen) => exports.jpll_read_header(s, sLen, info, infoLen),
    (r) => fail(r, "JPEG lossless header", frameIndex),
    readInfo,
  );
}

export interface JpllDecodeOptions {
  /** 1 (precision <= 8 only) or 2 bytes per output cell. */
  cellBytes: 1 | 2;
  /** DCMTK `+wc`: skip 16 extra bits after a difference of category 16 (a Cornell-library encoder bug). */
  workaroundSsss16?: boolean;
  /** DCMTK `+w6`: selection value 6 computed in signed 16-bit arithmetic, as some old encoders did. */
  workaroundPredictor6?: boolean;
  /** Mask to Bits Stored at High Bit and sign-extend in the kernel (the canonical form), before copying out. */
  normalize?: { bitsStored: number; highBit: number; signed: boolean };
  frameIndex?: number;
}

export interface JpllDecodeResult {
  bytesWritten: number;
  /** JPLL_WARN_* bits: what the decoder tolerated. */
  warnings: number;
}

/**
 * Decodes a whole stream: parses the header, asks `prepare` for the destination and cell size (the caller
 * checks the header against its pixel module and size cap there, before anything is allocated), then
 * decodes into it as interleaved little-endian cells holding the reconstructed values (shifted left by Pt;
 * not masked or sign-extended). The source is copied into linear memory once.
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` cannot hold rows x columns x components cells
 * @throws {DicomPixelError} data errors as {@link jpllReadHeader}, JPEG_HUFFMAN_CODE, TRUNCATED
 */
export function jpllDecode(
  src: Uint8Array,
  prepare: (h: JpegLosslessHeader) => { dst: Uint8Array; cellBytes: 1 | 2 },
  options: Omit<JpllDecodeOptions, "cellBytes"> = {},
): JpllDecodeResult & { header: JpegLosslessHeader } {
  const { exports, arena } = getInstance();
  const what = frameOperation("JPEG lossless decode", options.frameIndex);
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const header = readInfoBlock(
      arena,
      INFO_BYTES,
      (info, infoLen) => exports.jpll_read_header(s, src.byteLength, info, infoLen),
      (hr) => fail(hr, what, options.frameIndex),
      readInfo,
    );
    const { dst, cellBytes } = prepare(header);
    const d = arena.alloc(dst.byteLength);
    const n = options.normalize;
    const flags = (options.workaroundSsss16 ? 1 : 0) | (options.workaroundPredictor6 ? 4 : 0) | (n ? 2 | (n.bitsStored << 8) | (n.highBit << 16) | (n.signed ? 1 << 24 : 0) : 0);
    const r = exports.jpll_decode(s, src.byteLength, d, dst.byteLength, cellBytes, flags);
    if (r < 0) fail(r, what, options.frameIndex);
    dst.set(arena.view(d, r));
    return { bytesWritten: r, warnings: exports.jpll_warnings(), header };
  });
}

/** {@link jpllDecode} into a known destination and cell size. */
export function jpllDecodeInto(src: Uint8Array, dst: Uint8Array, options: JpllDecodeOptions): JpllDecodeResult {
  return jpllDecode(src, () => ({ dst, cellBytes: options.cellBytes }), options);
}

/** Geometry and coding parameters for {@link jpllEncode}. */
export interface JpllEncodeParams {
  rows: number;
  columns: number;
  components: number;
  precision: number;
  cellBytes: 1 | 2;
  predictor: number;
  pointTransform: number;
  restartInterval: number;
  /** Use the fixed table (T.81 K.3 extended to SSSS 16) instead of per-frame optimised tables. */
  standardTables: boolean;
  /** Input cells are signed (sign-extended); the low `precision` bits are encoded. */
  signed: boolean;
}

/**
 * Encodes one frame of interleaved little-endian cells.
 * @throws {DicomPixelError} VALUE_OUT_OF_RANGE when a sample does not fit in `precision` bits
 * @throws {DicomPixelError} INVALID_ARGUMENT for parameters outside their ranges
 */
export function jpllEncode(src: Uint8Array, p: JpllEncodeParams): Uint8Array {
  const perRow = p.columns * (p.components * 8 + (p.restartInterval > 0 ? 8 : 0)) + 16;
  const worst = 256 + p.components * 40 + p.rows * perRow;
  // First try a destination about the size of the input (what lossless coding needs in practice), and only
  // when the kernel reports it too small the worst case (every difference 32 bits, every byte stuffed).
  const guess = Math.min(worst, 1024 + perRow + Math.ceil(src.byteLength * 1.25));
  let r = encodeWith(src, p, guess);
  if (r.status === -101 && guess < worst) r = encodeWith(src, p, worst);
  return r.data ?? failEncode(r.status, p);
}

function encodeWith(src: Uint8Array, p: JpllEncodeParams, dstLen: number): { status: number; data?: Uint8Array } {
  const { exports, arena } = getInstance();
  const samples = p.rows * p.columns * p.components;
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const scratch = arena.alloc(samples * 2);
    const d = arena.alloc(dstLen);
    const flags = (p.standardTables ? 1 : 0) | (p.signed ? 2 : 0);
    const r = exports.jpll_encode(
      s, src.byteLength, d, dstLen, scratch, samples * 2,
      p.rows, p.columns, p.components, p.precision, p.cellBytes, p.predictor, p.pointTransform, p.restartInterval, flags,
    );
    return r < 0 ? { status: r } : { status: r, data: arena.copyOut(d, r) };
  });
}

function failEncode(r: number, p: JpllEncodeParams): never {
  const { exports } = getInstance();
  if (r === -37) {
    const i = exports.jpll_bad_sample();
    throw new DicomPixelError(
      "VALUE_OUT_OF_RANGE",
      `JPEG lossless encode: sample ${i} (pixel ${Math.floor(i / p.components)}, component ${i % p.components}) does not fit in ` +
        `precision ${p.precision} (${p.signed ? `${-(2 ** (p.precision - 1))}..${2 ** (p.precision - 1) - 1}` : `0..${2 ** p.precision - 1}`})`,
      { byteOffset: i * p.cellBytes },
    );
  }
  throwKernelStatus(r, "JPEG lossless encode");
}
