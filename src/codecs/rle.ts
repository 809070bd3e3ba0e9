/**
 * RLE Lossless (PS3.5 Annex G, transfer syntax 1.2.840.10008.1.2.5): one fragment per frame, one
 * PackBits segment per byte plane. The work runs in assembly/codecs/rle; this adapter validates the pixel
 * module against the fragment header, sizes buffers, and normalises the cells to the canonical form.
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { cellsAreCanonical } from "../transforms/cells.js";
import { convertColorSpace } from "../transforms/color.js";
import { rleDecodeFrameInto, rleEncodeFrame, type RleFrameShape } from "../wasm/kernels/rle.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";

export const RLE_LOSSLESS_UID = "1.2.840.10008.1.2.5";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;
const HEADER_BYTES = 64;

/** RLE-specific decode options. */
export interface RleDecodeOptions extends DecodeOptions {
  /**
   * Order of the byte segments of each sample: "msb-first" (default, PS3.5 G.2), "lsb-first" (the reversed
   * order some old writers produced; DCMTK dcmdrle +br), or "auto": lsb-first when, for every sample, the
   * first byte segment is more than twice as long as the last one (the most significant byte plane of real
   * images is the smoother one and compresses better), with a warning; msb-first otherwise.
   */
  segmentOrder?: "msb-first" | "lsb-first" | "auto";
}

/** What the 64-byte RLE header (PS3.5 G.5) says. */
export interface RleHeader {
  segmentCount: number;
  /** Offsets of the segments in the fragment (segmentCount of them). */
  offsets: number[];
}

/**
 * Parses and validates the RLE header of one fragment (PS3.5 G.5): segment count 1..15, offsets not
 * decreasing, at least 64 and within the fragment.
 * @throws {DicomPixelError} TRUNCATED when the fragment is shorter than 64 bytes
 * @throws {DicomPixelError} RLE_SEGMENT_COUNT when the count is not 1..15
 * @throws {DicomPixelError} RLE_SEGMENT_OFFSET when an offset is out of order or past the end
 */
export function readRleHeader(src: Uint8Array, frameIndex?: number): RleHeader {
  const at = frameIndex === undefined ? "" : ` of frame ${frameIndex}`;
  if (src.byteLength < HEADER_BYTES) {
    throw new DicomPixelError(
      "TRUNCATED",
      `RLE fragment${at} is ${src.byteLength} bytes long: the RLE header alone is ${HEADER_BYTES} bytes (PS3.5 G.5)`,
      { frameIndex, byteOffset: src.byteLength },
    );
  }
  const view = new DataView(src.buffer, src.byteOffset, HEADER_BYTES);
  const segmentCount = view.getUint32(0, true);
  if (segmentCount < 1 || segmentCount > 15) {
    throw new DicomPixelError(
      "RLE_SEGMENT_COUNT",
      `RLE header${at}: number of segments ${segmentCount} is invalid: must be between 1 and 15 (PS3.5 G.5)`,
      { frameIndex, byteOffset: 0 },
    );
  }
  const offsets: number[] = [];
  let prev = HEADER_BYTES;
  for (let k = 0; k < segmentCount; k++) {
    const o = view.getUint32(4 + 4 * k, true);
    if (o < prev || o > src.byteLength) {
      throw new DicomPixelError(
        "RLE_SEGMENT_OFFSET",
        `RLE header${at}: offset of segment ${k + 1} is ${o}: must be between ${prev} (the previous segment's offset or the ` +
          `64-byte header) and the fragment length ${src.byteLength} (PS3.5 G.5)`,
        { frameIndex, byteOffset: 4 + 4 * k },
      );
    }
    offsets.push(o);
    prev = o;
  }
  return { segmentCount, offsets };
}

function shapeOf(module: PixelModule, frameIndex?: number): RleFrameShape {
  const ba = module.bitsAllocated;
  if (module.pixelDataElement !== "PixelData" || (ba !== 8 && ba !== 16 && ba !== 32)) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `(0028,0100) Bits Allocated ${ba} is not supported for RLE Lossless: must be 8, 16 or 32 (PS3.5 G.2)`,
      { tag: "(0028,0100)", frameIndex },
    );
  }
  const bps = ba / 8;
  if (module.samplesPerPixel * bps > 15) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `(0028,0002) Samples per Pixel ${module.samplesPerPixel} with Bits Allocated ${ba} needs ${module.samplesPerPixel * bps} ` +
        `RLE segments: at most 15 are possible (PS3.5 G.2)`,
      { tag: "(0028,0002)", frameIndex },
    );
  }
  return { rows: module.rows, columns: module.columns, samplesPerPixel: module.samplesPerPixel, bytesPerSample: bps };
}

function checkSegmentCount(header: RleHeader, module: PixelModule, frameIndex: number): void {
  const need = module.samplesPerPixel * (module.bitsAllocated / 8);
  if (header.segmentCount !== need) {
    throw new DicomPixelError(
      "RLE_SEGMENT_COUNT",
      `RLE header of frame ${frameIndex}: ${header.segmentCount} segments, but (0028,0100) Bits Allocated ${module.bitsAllocated} ` +
        `x (0028,0002) Samples per Pixel ${module.samplesPerPixel} needs ${need} (one per byte plane, PS3.5 G.2)`,
      { frameIndex, byteOffset: 0 },
    );
  }
}

/**
 * The "auto" segment-order guess: true (least significant first) when every sample's first byte segment is
 * more than twice as long as its last. Only meaningful for Bits Allocated 16 or 32.
 */
export function looksLsbFirst(src: Uint8Array, header: RleHeader, samplesPerPixel: number, bytesPerSample: number): boolean {
  if (bytesPerSample < 2) return false;
  const length = (k: number) => (header.offsets[k + 1] ?? src.byteLength) - header.offsets[k]!;
  for (let s = 0; s < samplesPerPixel; s++) {
    const first = length(s * bytesPerSample);
    const last = length(s * bytesPerSample + bytesPerSample - 1);
    if (!(first > 2 * last)) return false;
  }
  return true;
}

/** True when the output keeps the file's colour-by-plane layout. */
function planarOutput(module: PixelModule, options: DecodeOptions): boolean {
  return options.planar === "preserve" && module.samplesPerPixel > 1 && module.planarConfiguration === 1;
}

/** The RLE Lossless codec (decode and encode). */
export const rleCodec: FrameCodec = {
  name: "rle",
  transferSyntaxes: [RLE_LOSSLESS_UID],

  /** @throws {DicomPixelError} TRUNCATED, RLE_SEGMENT_COUNT, RLE_SEGMENT_OFFSET, UNSUPPORTED_FEATURE */
  readInfo(src: Uint8Array, module: PixelModule, context: FrameContext): FrameInfo {
    shapeOf(module, context.frameIndex);
    const header = readRleHeader(src, context.frameIndex);
    checkSegmentCount(header, module, context.frameIndex);
    const lengths = header.offsets.map((o, k) => (header.offsets[k + 1] ?? src.byteLength) - o);
    return {
      rows: module.rows,
      columns: module.columns,
      samplesPerPixel: module.samplesPerPixel,
      bitsPerSample: module.bitsAllocated,
      details: { segmentCount: header.segmentCount, segmentOffsets: header.offsets, segmentLengths: lengths },
    };
  },

  decodedSize(_info: FrameInfo, module: PixelModule): number {
    return module.frameByteLength();
  },

  /**
   * Decodes one fragment into `dst` in the canonical form; with `colorSpace: "rgb"`, YBR_FULL data is then
   * converted to RGB (src/transforms/color.ts).
   * @throws {DicomPixelError} SIZE_LIMIT when the frame exceeds `maxFrameBytes`
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` is shorter than one frame
   * @throws {DicomPixelError} TRUNCATED, RLE_SEGMENT_COUNT, RLE_SEGMENT_OFFSET, RLE_SEGMENT_LENGTH for malformed data
   * @throws {DicomPixelError} UNSUPPORTED_FEATURE when the colour module cannot convert this YBR form / depth
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: RleDecodeOptions = {}): DecodedFrame {
    const frameIndex = context.frameIndex;
    const shape = shapeOf(module, frameIndex);
    const size = module.frameByteLength();
    const cap = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (size > cap) {
      throw new DicomPixelError("SIZE_LIMIT", `RLE frame ${frameIndex} decodes to ${size} bytes, more than maxFrameBytes (${cap})`, {
        frameIndex,
      });
    }
    if (dst.byteLength < size) {
      throw new DicomPixelError(
        "DESTINATION_TOO_SMALL",
        `RLE frame ${frameIndex} needs ${size} bytes of destination, got ${dst.byteLength}`,
        { frameIndex },
      );
    }
    const header = readRleHeader(src, frameIndex);
    checkSegmentCount(header, module, frameIndex);
    const planar = planarOutput(module, options);
    // With a colour conversion to follow, decode into a scratch frame and convert into dst.
    const toRgb = options.colorSpace === "rgb" && module.photometricInterpretation.startsWith("YBR");
    const out = toRgb ? new Uint8Array(size) : dst.subarray(0, size);
    let reversed = options.segmentOrder === "lsb-first";
    if (options.segmentOrder === "auto" && looksLsbFirst(src, header, shape.samplesPerPixel, shape.bytesPerSample)) {
      reversed = true;
      options.onWarning?.(
        `RLE frame ${frameIndex}: the byte segments look least significant first (segment lengths ` +
          `${header.offsets.map((o, k) => (header.offsets[k + 1] ?? src.byteLength) - o).join(", ")}); decoded in that order`,
      );
    }
    const result = rleDecodeFrameInto(src, out, shape, {
      planar,
      reversedSegmentOrder: reversed,
      lenient: options.lenient ?? false,
      frameIndex,
      // normalizeCells' masking kernel, run on the decoded cells while they are still in linear memory
      mask:
        options.raw === true || cellsAreCanonical(module)
          ? undefined
          : { bitsStored: module.bitsStored, highBit: module.highBit, signed: module.pixelRepresentation === 1 },
    });
    if (options.onWarning) {
      for (const k of result.paddedSegments) {
        options.onWarning(`RLE frame ${frameIndex}: segment ${k + 1} decoded to fewer bytes than one byte plane (${module.pixelsPerFrame()}); padded with zeros`);
      }
      for (const k of result.excessSegments) {
        options.onWarning(`RLE frame ${frameIndex}: segment ${k + 1} holds more data than one byte plane (${module.pixelsPerFrame()} bytes); the excess was ignored`);
      }
    }
    if (toRgb) {
      const r = convertColorSpace(
        out,
        module.photometricInterpretation,
        "RGB",
        { rows: module.rows, columns: module.columns, bitsAllocated: module.bitsAllocated, bitsStored: module.bitsStored, planarConfiguration: planar ? 1 : 0 },
        { chroma: "full", dst },
      );
      return { bytesWritten: size, photometricInterpretation: r.photometricInterpretation, planarConfiguration: r.planarConfiguration };
    }
    return {
      bytesWritten: size,
      photometricInterpretation: module.photometricInterpretation,
      planarConfiguration: planar ? 1 : 0,
    };
  },

  /**
   * Encodes one canonical frame (little endian, colour-by-pixel) as one RLE fragment: one segment per byte
   * plane, most significant first (PS3.5 G.2-G.5). Colour data is labelled Planar Configuration 1, as the
   * note in PS3.5 G.2 asks, since RLE segments are colour-by-plane whatever the input layout.
   * @throws {DicomPixelError} INVALID_ARGUMENT when `frame` is shorter than one frame
   * @throws {DicomPixelError} UNSUPPORTED_FEATURE for Bits Allocated other than 8/16/32
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, _options?: EncodeOptions): EncodedFrame {
    const shape = shapeOf(module);
    const size = module.frameByteLength();
    if (frame.byteLength < size) {
      throw new DicomPixelError("INVALID_ARGUMENT", `RLE encode: the frame has ${frame.byteLength} bytes, one frame is ${size}`);
    }
    return {
      data: rleEncodeFrame(frame, shape),
      photometricInterpretation: module.photometricInterpretation,
      planarConfiguration: module.samplesPerPixel > 1 ? 1 : 0,
      lossy: false,
    };
  },
};
