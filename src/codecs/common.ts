/**
 * Checks the predictive-codec adapters share (JPEG Lossless, JPEG-LS): a stream whose header gives
 * lines, samples per line, components and precision is decoded into cells of Bits Allocated bits. Before
 * anything is allocated, the header is checked against the pixel module, the frame size against
 * `maxFrameBytes` and the caller's destination. Messages name the stream through {@link StreamLabels}.
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { cellsAreCanonical } from "../transforms/cells.js";
import type { DecodeOptions } from "./codec.js";

/** Default `maxFrameBytes`: 1 GiB. */
export const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

/** How a codec names itself in messages. */
export interface StreamLabels {
  /** Before "stream" / "frame": "JPEG lossless", "JPEG-LS". */
  stream: string;
  /** In the Bits Allocated message: "JPEG Lossless", "JPEG-LS". */
  syntax: string;
  /** Standard that limits the precision to 16: "T.81", "T.87". */
  standard: string;
}

/** The header fields the checks read. */
export interface StreamGeometry {
  rows: number;
  columns: number;
  components: number;
  precision: number;
}

/** " of frame N", or "" without a frame index. */
export function where(frameIndex?: number): string {
  return frameIndex === undefined ? "" : ` of frame ${frameIndex}`;
}

/**
 * Cell size for the stream in the module's Bits Allocated.
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE when Bits Allocated is not 8 or 16 (or the data is Float Pixel Data)
 * @throws {DicomPixelError} INVALID_DATA when the precision does not fit Bits Allocated 8
 */
export function cellBytesFor(labels: StreamLabels, h: StreamGeometry, module: PixelModule, frameIndex?: number): 1 | 2 {
  const ba = module.bitsAllocated;
  if (module.pixelDataElement !== "PixelData" || (ba !== 8 && ba !== 16)) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `(0028,0100) Bits Allocated ${ba} is not supported for ${labels.syntax}: must be 8 or 16 (${labels.standard} precision is at most 16)`,
      { tag: "(0028,0100)", frameIndex },
    );
  }
  if (ba === 8 && h.precision > 8) {
    throw new DicomPixelError(
      "INVALID_DATA",
      `${labels.stream} stream${where(frameIndex)} has precision ${h.precision}, which does not fit (0028,0100) Bits Allocated 8`,
      { tag: "(0028,0100)", frameIndex },
    );
  }
  return ba === 8 ? 1 : 2;
}

/** @throws {DicomPixelError} INVALID_DATA when the frame header disagrees with Rows, Columns or Samples per Pixel */
export function checkGeometry(labels: StreamLabels, h: StreamGeometry, module: PixelModule, frameIndex?: number): void {
  const mismatch = (what: string, tag: string, attr: number, stream: number) =>
    new DicomPixelError("INVALID_DATA", `${labels.stream} stream${where(frameIndex)} has ${what} ${stream} but ${tag} says ${attr}`, {
      tag: tag.slice(0, 11),
      frameIndex,
    });
  if (h.rows !== module.rows) throw mismatch("lines (Y)", "(0028,0010) Rows", module.rows, h.rows);
  if (h.columns !== module.columns) throw mismatch("samples per line (X)", "(0028,0011) Columns", module.columns, h.columns);
  if (h.components !== module.samplesPerPixel) {
    throw mismatch("components (Nf)", "(0028,0002) Samples per Pixel", module.samplesPerPixel, h.components);
  }
}

/** @throws {DicomPixelError} SIZE_LIMIT when `bytes` exceeds `options.maxFrameBytes` (default 1 GiB) */
export function checkSize(labels: StreamLabels, bytes: number, options: DecodeOptions, frameIndex?: number): void {
  const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (bytes > max) {
    throw new DicomPixelError("SIZE_LIMIT", `${labels.stream} frame${where(frameIndex)} decodes to ${bytes} bytes, more than maxFrameBytes (${max})`, {
      frameIndex,
    });
  }
}

/**
 * The decoder's prepare step: checks the header against the module ({@link checkGeometry}), picks the cell
 * size ({@link cellBytesFor}), and checks the frame size against the cap and the destination.
 * @returns the frame size in bytes and the cell size
 * @throws {DicomPixelError} INVALID_DATA, UNSUPPORTED_FEATURE, SIZE_LIMIT, DESTINATION_TOO_SMALL
 */
export function planFrame(
  labels: StreamLabels,
  h: StreamGeometry,
  module: PixelModule,
  dst: Uint8Array,
  options: DecodeOptions,
  frameIndex?: number,
): { size: number; cellBytes: 1 | 2 } {
  checkGeometry(labels, h, module, frameIndex);
  const cellBytes = cellBytesFor(labels, h, module, frameIndex);
  const size = h.rows * h.columns * h.components * cellBytes;
  checkSize(labels, size, options, frameIndex);
  if (dst.byteLength < size) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `${labels.stream} frame${where(frameIndex)} needs ${size} bytes, the destination has ${dst.byteLength}`, {
      frameIndex,
    });
  }
  return { size, cellBytes };
}

/**
 * The canonical mask / sign extension (src/transforms/cells.ts rule) for the kernel to apply in linear
 * memory before the copy out, or undefined when the cells are already canonical or `options.raw` is set.
 */
export function canonicalNormalize(module: PixelModule, options: DecodeOptions): { bitsStored: number; highBit: number; signed: boolean } | undefined {
  return options.raw || cellsAreCanonical(module)
    ? undefined
    : { bitsStored: module.bitsStored, highBit: module.highBit, signed: module.pixelRepresentation === 1 };
}
