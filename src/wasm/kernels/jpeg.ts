/**
 * Exports of assembly/codecs/jpeg (ITU-T T.81 DCT processes, Huffman coding) and their typed wrappers.
 * src/wasm/ is the only code that touches the raw exports; these wrappers copy in, call, check the status and
 * copy out.
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";
import { throwKernelStatus } from "../call.js";

export interface JpegExports {
  jpeg_read_header(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number): number;
  jpeg_decode(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    workPtr: number,
    workLen: number,
    flags: number,
    maxValue: number,
  ): number;
  jpeg_error_offset(): number;
  jpeg_decode_warnings(): number;
  jpeg_encode(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    workPtr: number,
    workLen: number,
    rows: number,
    columns: number,
    components: number,
    quality: number,
    flags: number,
    restartInterval: number,
  ): number;
  jpeg_encode_work_size(rows: number, columns: number, components: number, flags: number): number;
  /** The encoder's input stage alone (tests): sample planes of an 8-bit frame; bytes written or -status. */
  jpeg_encode_planes(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, rows: number, columns: number, components: number, flags: number): number;
  jpeg_encode_set_quant(ptr: number, len: number): number;
  jpeg_idct_block(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, simd: number, precision: number): number;
  jpeg_fdct_block(srcPtr: number, srcLen: number, dstPtr: number, dstLen: number, simd: number): number;
}

const INFO_BYTES = 136;

/** One frame component of a SOF (T.81 B.2.2). */
export interface JpegComponent {
  id: number;
  h: number;
  v: number;
  tq: number;
}

/** What the frame header and the markers before the first scan say. */
export interface JpegHeader {
  width: number;
  height: number;
  precision: number;
  components: JpegComponent[];
  /** SOF marker code: 0xC0 baseline, 0xC1 extended, 0xC2 progressive (others only in errors). */
  sof: number;
  restartInterval: number;
  jfif: boolean;
  /** APP14 Adobe transform flag (0 none/RGB or CMYK, 1 YCbCr, 2 YCCK), or null when there is no APP14. */
  adobeTransform: number | null;
  hmax: number;
  vmax: number;
  /** The height came from a DNL marker (T.81 B.2.5). */
  heightFromDnl: boolean;
  /** Scratch bytes jpeg_decode needs. */
  workBytes: number;
}

/** Names of the processes a SOF marker announces (T.81 Table B.1), for error messages. */
export function jpegProcessName(sof: number): string {
  const names: Record<number, string> = {
    0xc0: "baseline DCT (SOF0)",
    0xc1: "extended sequential DCT, Huffman (SOF1)",
    0xc2: "progressive DCT, Huffman (SOF2)",
    0xc3: "lossless, Huffman (SOF3)",
    0xc5: "differential sequential DCT, Huffman (SOF5, hierarchical)",
    0xc6: "differential progressive DCT, Huffman (SOF6, hierarchical)",
    0xc7: "differential lossless, Huffman (SOF7, hierarchical)",
    0xc9: "extended sequential DCT, arithmetic (SOF9)",
    0xca: "progressive DCT, arithmetic (SOF10)",
    0xcb: "lossless, arithmetic (SOF11)",
    0xcd: "differential sequential DCT, arithmetic (SOF13)",
    0xce: "differential progressive DCT, arithmetic (SOF14)",
    0xcf: "differential lossless, arithmetic (SOF15)",
  };
  return names[sof] ?? `unknown process (marker 0x${sof.toString(16)})`;
}

function kernelError(status: number, what: string, frameIndex: number | undefined, sof?: number): never {
  const { exports } = getInstance();
  const off = exports.jpeg_error_offset();
  const details = { ...(off >= 0 ? { byteOffset: off } : {}), ...(frameIndex !== undefined ? { frameIndex } : {}) };
  if ((-status === 32 || -status === 51) && sof) {
    throw new DicomPixelError(
      "JPEG_UNSUPPORTED_PROCESS",
      `${what}: the JPEG process ${jpegProcessName(sof)} is not supported by the DCT decoder` +
        (off >= 0 ? ` (at byte ${off})` : ""),
      details,
    );
  }
  throwKernelStatus(status, what, details);
}

/**
 * Reads a JPEG DCT stream's header (everything before the first scan).
 * @param src the codestream (one frame)
 * @param frameIndex for error details
 * @throws {DicomPixelError} TRUNCATED, JPEG_INVALID_MARKER, JPEG_INVALID_HEADER, JPEG_UNSUPPORTED_PROCESS,
 *   UNSUPPORTED_FEATURE (sampling) when the header is unusable
 */
export function readJpegHeader(src: Uint8Array, frameIndex?: number): JpegHeader {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const info = arena.alloc(INFO_BYTES, 8);
    const st = exports.jpeg_read_header(s, src.length, info, INFO_BYTES);
    const mem = arena.u8();
    const i32 = new Int32Array(mem.buffer, info, 32);
    const sof = i32[4]!;
    if (st < 0) kernelError(st, "JPEG header", frameIndex, sof);
    const n = i32[3]!;
    const components: JpegComponent[] = [];
    for (let c = 0; c < n; c++) {
      components.push({ id: i32[12 + 4 * c]!, h: i32[13 + 4 * c]!, v: i32[14 + 4 * c]!, tq: i32[15 + 4 * c]! });
    }
    return {
      width: i32[0]!,
      height: i32[1]!,
      precision: i32[2]!,
      components,
      sof,
      restartInterval: i32[5]!,
      jfif: i32[6] === 1,
      adobeTransform: i32[7] === 1 ? i32[8]! : null,
      hmax: i32[9]!,
      vmax: i32[10]!,
      heightFromDnl: i32[11] === 1,
      workBytes: new Float64Array(mem.buffer, info + 128, 1)[0]!,
    };
  });
}

export interface JpegKernelDecodeOptions {
  /** Convert YCbCr to RGB (libjpeg's integer arithmetic). */
  rgb?: boolean;
  /** Accept a stream without EOI, truncated entropy-coded data (decoded as zero bits, as libjpeg does) and
   *  missing restart markers, reporting each through `onWarning`. */
  lenient?: boolean;
  onWarning?: (message: string) => void;
  /** Clamp samples above this value (Bits Stored narrower than the precision). */
  maxValue?: number;
  frameIndex?: number;
}

/** Bytes of the decoded frame: width x height x components cells of 1 (precision 8) or 2 bytes. */
export function jpegDecodedBytes(h: JpegHeader): number {
  return h.width * h.height * h.components.length * (h.precision > 8 ? 2 : 1);
}

/**
 * Decodes one JPEG DCT frame into `dst` (colour-by-pixel; 8-bit cells for precision 8, 16-bit little-endian
 * cells for precision 12). Pass the header from {@link readJpegHeader} to skip re-reading it in TS.
 * @returns bytes written
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when dst is too small; data errors (TRUNCATED,
 *   JPEG_HUFFMAN_CODE, JPEG_INVALID_MARKER, ...) for a corrupt stream
 */
export function decodeJpegInto(src: Uint8Array, header: JpegHeader, dst: Uint8Array, options: JpegKernelDecodeOptions = {}): number {
  const need = jpegDecodedBytes(header);
  if (dst.length < need) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `JPEG decode: destination holds ${dst.length} bytes, the frame needs ${need}`, {
      ...(options.frameIndex !== undefined ? { frameIndex: options.frameIndex } : {}),
    });
  }
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(need);
    const workLen = Math.ceil(header.workBytes);
    const w = arena.alloc(workLen);
    const flags = (options.rgb ? 1 : 0) | (options.lenient ? 2 : 0);
    const maxValue = options.maxValue ?? 0xffff;
    const st = exports.jpeg_decode(s, src.length, d, need, w, workLen, flags, maxValue);
    if (st < 0) kernelError(st, "JPEG decode", options.frameIndex, header.sof);
    const warn = options.lenient ? exports.jpeg_decode_warnings() : 0;
    if (warn !== 0 && options.onWarning) {
      const at = options.frameIndex !== undefined ? `JPEG frame ${options.frameIndex}` : "JPEG stream";
      if (warn & 1) options.onWarning(`${at}: the entropy-coded data ends early; the rest of the image was decoded from zero bits`);
      if (warn & 2) options.onWarning(`${at}: no EOI marker at the end of the stream`);
      if (warn & 4) options.onWarning(`${at}: a restart marker (RSTn) is missing; decoding went on from zero bits`);
    }
    dst.set(arena.view(d, st));
    return st;
  });
}

export interface JpegKernelEncodeOptions {
  rows: number;
  columns: number;
  /** 1 (grey) or 3 (colour, colour-by-pixel). */
  components: 1 | 3;
  /** 1..100, IJG scaling of the T.81 Annex K tables. */
  quality: number;
  /** Optimised Huffman tables (true) or the Annex K ones. */
  optimizeHuffman: boolean;
  /** Subsample chroma 2:1 horizontally (4:2:2). */
  subsample: boolean;
  /** The input is RGB (converted to YCbCr); otherwise it is already YCbCr. */
  rgbInput: boolean;
  /** Restart interval in MCUs (0 = none). */
  restartInterval: number;
  /** 12-bit samples in 16-bit little-endian cells (extended process, SOF1; one component only). */
  precision?: 8 | 12;
  /**
   * Explicit quantisation tables instead of `quality`: luma (and chroma for colour; luma is reused when absent),
   * 64 values 1..255 each, in natural row-major order (the DQT is written in zig-zag order, T.81 B.2.4.1).
   */
  quantTables?: readonly (readonly number[] | Uint16Array)[];
}

/**
 * Encodes one 8-bit frame as a baseline JPEG (T.81 process 1) stream.
 * @returns the codestream (SOI..EOI)
 * @throws {RangeError} for arguments outside their ranges
 * @throws {DicomPixelError} MEMORY_LIMIT / SIZE_LIMIT when the scratch cannot be allocated
 */
export function encodeJpeg(src: Uint8Array, o: JpegKernelEncodeOptions): Uint8Array {
  const { rows, columns, components } = o;
  if (!Number.isInteger(rows) || rows < 1 || rows > 65535 || !Number.isInteger(columns) || columns < 1 || columns > 65535) {
    throw new RangeError(`JPEG encode: frame size ${rows} x ${columns} must be 1..65535 in both directions (T.81 B.2.2)`);
  }
  if (!Number.isInteger(o.quality) || o.quality < 1 || o.quality > 100) throw new RangeError(`JPEG encode: quality ${o.quality} must be an integer in 1..100`);
  if (!Number.isInteger(o.restartInterval) || o.restartInterval < 0 || o.restartInterval > 65535) {
    throw new RangeError(`JPEG encode: restart interval ${o.restartInterval} must be 0..65535`);
  }
  const wide = o.precision === 12;
  if (wide && components !== 1) throw new RangeError("JPEG encode: 12-bit (extended) encoding supports one component");
  const need = rows * columns * components * (wide ? 2 : 1);
  if (src.length < need) throw new RangeError(`JPEG encode: the frame has ${src.length} bytes, ${rows} x ${columns} x ${components} needs ${need}`);
  const explicit = o.quantTables !== undefined ? quantTableWords(o.quantTables) : undefined;
  const flags = (o.optimizeHuffman ? 1 : 0) | (o.subsample ? 2 : 0) | (o.rgbInput ? 4 : 0) | (wide ? 8 : 0) | (explicit ? 16 : 0);
  const { exports, arena } = getInstance();
  if (explicit) {
    arena.scoped(() => {
      const q = arena.copyIn(new Uint8Array(explicit.buffer));
      checkKernelStatus(exports.jpeg_encode_set_quant(q, 256), "JPEG encode quantisation tables");
    });
  }
  const work = exports.jpeg_encode_work_size(rows, columns, components, flags);
  if (work < 0) checkKernelStatus(work, "JPEG encode");
  // A generous first guess; worst-case streams (noise at quality 100) can exceed the raw size.
  let cap = Math.ceil(need * 1.25) + 4096;
  for (;;) {
    const out = arena.scoped(() => {
      const s = arena.copyIn(src.subarray(0, need));
      const w = arena.alloc(work);
      const d = arena.alloc(cap);
      const st = exports.jpeg_encode(s, need, d, cap, w, work, rows, columns, components, o.quality, flags, o.restartInterval);
      if (st === -101) return null;
      checkKernelStatus(st, "JPEG encode");
      return arena.copyOut(d, st);
    });
    if (out) return out;
    cap = need * 8 + 65536;
  }
}

/** Validates explicit quantisation tables and packs them as 128 u16 (luma, chroma). @throws {RangeError} */
function quantTableWords(tables: readonly (readonly number[] | Uint16Array)[]): Uint16Array {
  if (tables.length < 1 || tables.length > 2) throw new RangeError(`JPEG encode: ${tables.length} quantisation tables given, 1 or 2 expected`);
  const out = new Uint16Array(128);
  for (let t = 0; t < 2; t++) {
    const table = tables[t] ?? tables[0]!;
    if (table.length !== 64) throw new RangeError(`JPEG encode: quantisation table ${t} has ${table.length} values, 64 expected`);
    for (let i = 0; i < 64; i++) {
      const q = table[i]!;
      if (!Number.isInteger(q) || q < 1 || q > 255) {
        throw new RangeError(`JPEG encode: quantisation table ${t} value ${i} is ${q}; baseline tables hold 1..255 (T.81 B.2.4.1, Pq = 0)`);
      }
      out[t * 64 + i] = q;
    }
  }
  return out;
}

/**
 * One 8x8 islow inverse DCT (for tests and benchmarks): 64 coefficients and 64 quantisers in natural order.
 * @param simd the SIMD kernel (true) or the scalar one
 * @returns 64 samples (0..2^precision - 1)
 */
export function jpegIdctBlock(coefs: Int16Array, quant: Uint16Array, precision: 8 | 12, simd: boolean): Uint16Array {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.alloc(256);
    const d = arena.alloc(128);
    arena.u8().set(new Uint8Array(coefs.buffer, coefs.byteOffset, 128), s);
    arena.u8().set(new Uint8Array(quant.buffer, quant.byteOffset, 128), s + 128);
    checkKernelStatus(exports.jpeg_idct_block(s, 256, d, 128, simd ? 1 : 0, precision), "jpeg_idct_block");
    return new Uint16Array(arena.copyOut(d, 128).buffer);
  });
}

/**
 * One 8x8 islow forward DCT and quantisation (for tests): 64 samples (row-major) and 64 quantisers.
 * @returns 64 quantised coefficients, natural order
 */
export function jpegFdctBlock(samples: Uint8Array, quant: Uint16Array, simd: boolean): Int16Array {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.alloc(192);
    const d = arena.alloc(128);
    arena.u8().set(samples.subarray(0, 64), s);
    arena.u8().set(new Uint8Array(quant.buffer, quant.byteOffset, 128), s + 64);
    checkKernelStatus(exports.jpeg_fdct_block(s, 192, d, 128, simd ? 1 : 0), "jpeg_fdct_block");
    return new Int16Array(arena.copyOut(d, 128).buffer);
  });
}
