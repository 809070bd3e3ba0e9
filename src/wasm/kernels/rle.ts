/**
 * Exports of assembly/codecs/rle (PS3.5 Annex G) and their typed wrappers. src/wasm/ is the only code that
 * touches the raw exports; these wrappers copy in, call, check the status and copy out.
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { getInstance } from "../module.js";
import { frameOperation } from "../call.js";
import { maskCellsInMemory, type CellBits } from "./native.js";

export interface RleExports {
  rle_decode_frame(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    scratchPtr: number,
    scratchLen: number,
    rows: number,
    cols: number,
    spp: number,
    bps: number,
    flags: number,
  ): number;
  rle_decode_warnings(): number;
  rle_decode_error_offset(): number;
  rle_encode_frame(
    srcPtr: number,
    srcLen: number,
    dstPtr: number,
    dstLen: number,
    scratchPtr: number,
    scratchLen: number,
    rows: number,
    cols: number,
    spp: number,
    bps: number,
    flags: number,
  ): number;
}

/** Frame geometry the RLE kernels need: the fragment itself says nothing about it (PS3.5 G.2). */
export interface RleFrameShape {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Bits Allocated / 8: 1, 2 or 4. */
  bytesPerSample: number;
}

export interface RleKernelDecodeOptions {
  /** Write colour-by-plane (Planar Configuration 1) instead of colour-by-pixel. */
  planar?: boolean;
  /** Segments hold the least significant byte of each sample first (DCMTK +br). */
  reversedSegmentOrder?: boolean;
  /** Zero-pad short or truncated segments and ignore excess data, reporting them in `warnings`. */
  lenient?: boolean;
  /** Frame index, for error details. */
  frameIndex?: number;
  /**
   * Mask the cells to Bits Stored at High Bit and sign-extend (the canonical form) in linear memory before
   * copying out, saving the copies a separate pass would need. Omit to get the cells as stored.
   */
  mask?: { bitsStored: number; highBit: number; signed: boolean };
}

export interface RleKernelDecodeResult {
  bytesWritten: number;
  /** Lenient mode: segments (0-based) that were short and zero-padded. */
  paddedSegments: number[];
  /** Lenient mode: segments (0-based) that held more than one plane; the excess was ignored. */
  excessSegments: number[];
}

const FLAG_PLANAR = 1;
const FLAG_REVERSED = 2;
const FLAG_LENIENT = 4;

function frameBytes(shape: RleFrameShape): number {
  return shape.rows * shape.columns * shape.samplesPerPixel * shape.bytesPerSample;
}

function checkShape(shape: RleFrameShape, what: string): void {
  const { rows, columns, samplesPerPixel: spp, bytesPerSample: bps } = shape;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(columns) || columns < 1) {
    throw new RangeError(`${what}: invalid frame size ${rows} x ${columns}`);
  }
  if (bps !== 1 && bps !== 2 && bps !== 4) throw new RangeError(`${what}: bytes per sample ${bps} must be 1, 2 or 4`);
  if (!Number.isInteger(spp) || spp < 1 || spp * bps > 15) {
    throw new RangeError(`${what}: ${spp} samples of ${bps} bytes need more than the 15 segments RLE allows (PS3.5 G.2)`);
  }
  if (frameBytes(shape) > 0x7fffffff) throw new RangeError(`${what}: frame of ${frameBytes(shape)} bytes exceeds 2 GiB`);
}

/** The 1-based segment that byte `at` of a fragment belongs to (0 for the header or an unknown offset). */
function segmentAt(src: Uint8Array, at: number): number {
  if (at < 64 || src.byteLength < 64) return 0;
  const view = new DataView(src.buffer, src.byteOffset, 64);
  const count = Math.min(view.getUint32(0, true), 15);
  let segment = 0;
  for (let k = 0; k < count; k++) if (view.getUint32(4 + 4 * k, true) <= at) segment = k + 1;
  return segment;
}

/** True when the byte planes are the output itself (no scratch needed). */
function planesAreOutput(shape: RleFrameShape, planar: boolean): boolean {
  return shape.bytesPerSample === 1 && (shape.samplesPerPixel === 1 || planar);
}

/**
 * Decodes one RLE Lossless fragment into `dst` as little-endian cells (colour-by-pixel unless `planar`),
 * not masked to Bits Stored.
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` is shorter than one frame
 * @throws {DicomPixelError} TRUNCATED, RLE_SEGMENT_COUNT, RLE_SEGMENT_OFFSET, RLE_SEGMENT_LENGTH for malformed
 *   fragments (`byteOffset` is the offset in the fragment)
 */
export function rleDecodeFrameInto(
  src: Uint8Array,
  dst: Uint8Array,
  shape: RleFrameShape,
  options: RleKernelDecodeOptions = {},
): RleKernelDecodeResult {
  checkShape(shape, "rleDecodeFrameInto");
  const size = frameBytes(shape);
  if (dst.byteLength < size) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `RLE decode needs ${size} bytes of destination, got ${dst.byteLength}`, {
      frameIndex: options.frameIndex,
    });
  }
  const planar = options.planar ?? false;
  const flags = (planar ? FLAG_PLANAR : 0) | (options.reversedSegmentOrder ? FLAG_REVERSED : 0) | (options.lenient ? FLAG_LENIENT : 0);
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(size);
    const scratchLen = planesAreOutput(shape, planar) ? 0 : size;
    const scratch = arena.alloc(scratchLen);
    const status = exports.rle_decode_frame(
      s,
      src.byteLength,
      d,
      size,
      scratch,
      scratchLen,
      shape.rows,
      shape.columns,
      shape.samplesPerPixel,
      shape.bytesPerSample,
      flags,
    );
    if (status < 0) {
      const at = exports.rle_decode_error_offset();
      const segment = segmentAt(src, at);
      const inSegment = segment > 0 ? `, segment ${segment}` : "";
      checkKernelStatus(status, `${frameOperation("RLE decode", options.frameIndex)} (fragment of ${src.byteLength} bytes${inSegment})`, {
        frameIndex: options.frameIndex,
        byteOffset: at >= 0 ? at : undefined,
      });
    }
    const w = exports.rle_decode_warnings();
    if (options.mask) {
      const { bitsStored, highBit, signed } = options.mask;
      maskCellsInMemory(d, size, d, (shape.bytesPerSample * 8) as CellBits, bitsStored, highBit, signed);
    }
    dst.set(arena.view(d, size));
    const paddedSegments: number[] = [];
    const excessSegments: number[] = [];
    for (let k = 0; k < 15; k++) {
      if (w & (1 << k)) paddedSegments.push(k);
      if (w & (1 << (k + 16))) excessSegments.push(k);
    }
    return { bytesWritten: size, paddedSegments, excessSegments };
  });
}

/** Largest possible RLE fragment for a frame: header, one extra header byte per 128 bytes of a row, pads. */
export function rleEncodedBound(shape: RleFrameShape): number {
  const segments = shape.samplesPerPixel * shape.bytesPerSample;
  return 64 + segments * (shape.rows * (shape.columns + Math.ceil(shape.columns / 128)) + 1);
}

/**
 * Encodes one frame of little-endian cells (colour-by-pixel, or colour-by-plane with `planar`) as one RLE
 * Lossless fragment (PS3.5 G.3-G.5): one segment per byte plane, most significant first, even lengths.
 * @throws {RangeError} when `src` is shorter than one frame or the shape is invalid
 */
export function rleEncodeFrame(src: Uint8Array, shape: RleFrameShape, options: { planar?: boolean } = {}): Uint8Array {
  checkShape(shape, "rleEncodeFrame");
  const size = frameBytes(shape);
  if (src.byteLength < size) throw new RangeError(`rleEncodeFrame: the frame needs ${size} bytes, got ${src.byteLength}`);
  const planar = options.planar ?? false;
  const bound = rleEncodedBound(shape);
  if (bound > 0x7fffffff) throw new RangeError(`rleEncodeFrame: encoded frame may exceed 2 GiB (${bound} bytes)`);
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src.byteLength === size ? src : src.subarray(0, size));
    const d = arena.alloc(bound);
    const scratchLen = planesAreOutput(shape, planar) ? 0 : size;
    const scratch = arena.alloc(scratchLen);
    const n = checkKernelStatus(
      exports.rle_encode_frame(
        s,
        size,
        d,
        bound,
        scratch,
        scratchLen,
        shape.rows,
        shape.columns,
        shape.samplesPerPixel,
        shape.bytesPerSample,
        planar ? 1 : 0,
      ),
      "RLE encode",
    );
    return arena.copyOut(d, n);
  });
}
