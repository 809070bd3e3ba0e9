/**
 * JPEG Lossless (ITU-T T.81 process 14, Huffman coding): transfer syntaxes 1.2.840.10008.1.2.4.57 (any
 * selection value) and 1.2.840.10008.1.2.4.70 (selection value 1). The work runs in
 * assembly/codecs/jpeg-lossless; this adapter checks the stream against the pixel module, sizes buffers and
 * normalises the cells to the canonical form.
 *
 * ## How stream samples become canonical cells (the precision / Bits Stored rule)
 *
 * The codestream carries each sample's stored bit pattern with P bits (the SOF precision). The decoder
 * writes the reconstructed P-bit values (shifted left by the point transform, T.81 H.1.2.1) into cells of
 * Bits Allocated bits, unchanged, and then applies the canonical rule of src/pixel-module.ts (the same rule
 * as src/transforms/cells.ts normalizeCells, fused into the kernel so that it costs no extra pass or copy):
 * mask to Bits Stored at High Bit and sign-extend when Pixel Representation is 1. So, following the stream:
 * - P 16 with Bits Stored 12 (real files): bits 12..15 of the decoded values are discarded by the mask;
 * - P 8 in 16-bit cells: the 8-bit values are placed in 16-bit cells, then masked as usual;
 * - P > Bits Allocated (12-bit stream in 8-bit cells) cannot be represented and is an error;
 * - signed data: the P-bit pattern is sign-extended from Bits Stored, so int16 −5 stored by a 16-bit
 *   signed encoder comes back as −5 (`raw: true` skips the mask and sign extension).
 */
import { DicomPixelError } from "../errors.js";
import { PixelModule } from "../pixel-module.js";
import {
  JPLL_WARN_NO_EOI,
  JPLL_WARN_OVERRUN,
  JPLL_WARN_RESTART,
  jpllDecode,
  jpllEncode,
  jpllReadHeader,
  type JpegLosslessHeader,
} from "../wasm/kernels/jpeg-lossless.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";
import { jpegCodec } from "./jpeg.js";
import { canonicalNormalize, checkSize, planFrame, where, type StreamLabels } from "./common.js";

export const JPEG_LOSSLESS_UID = "1.2.840.10008.1.2.4.57";
export const JPEG_LOSSLESS_SV1_UID = "1.2.840.10008.1.2.4.70";

const LABELS: StreamLabels = { stream: "JPEG lossless", syntax: "JPEG Lossless", standard: "T.81" };

/** JPEG lossless decode options. */
export interface JpegLosslessDecodeOptions extends DecodeOptions {
  /**
   * DCMTK `+wc`: after a difference of category 16 skip 16 extra bits, which an old Cornell-library
   * encoder wrote by mistake (default false: T.81 H.1.2.2 says SSSS 16 has no extra bits).
   */
  workaroundSsss16?: boolean;
  /**
   * DCMTK `+w6`: decode selection value 6 as `(int16)Rb + (((int16)Ra - (int16)Rc) >> 1)`, the overflowing
   * form some old 16-bit encoders used (default false: T.81 H.1.2.1 arithmetic).
   */
  workaroundPredictor6?: boolean;
}

/**
 * Turns the kernel's tolerated problems into errors, or into warnings in lenient mode.
 * @throws {DicomPixelError} TRUNCATED / INVALID_DATA unless `options.lenient`
 */
function handleWarnings(bits: number, options: DecodeOptions, frameIndex?: number): void {
  const problems: [number, "TRUNCATED" | "INVALID_DATA", string][] = [
    [JPLL_WARN_OVERRUN, "TRUNCATED", `JPEG lossless stream${where(frameIndex)} ended (or reached a marker) before all samples of a scan or restart interval were decoded`],
    [JPLL_WARN_RESTART, "INVALID_DATA", `JPEG lossless stream${where(frameIndex)} has a missing, out-of-sequence or misplaced restart marker (decoding resynchronised at the next marker)`],
  ];
  for (const [bit, code, message] of problems) {
    if ((bits & bit) === 0) continue;
    if (!options.lenient) throw new DicomPixelError(code, message, { frameIndex });
    options.onWarning?.(message);
  }
  if (bits & JPLL_WARN_NO_EOI) options.onWarning?.(`JPEG lossless stream${where(frameIndex)} has no EOI marker`);
}

function toInfo(h: JpegLosslessHeader): FrameInfo {
  return {
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.components,
    bitsPerSample: h.precision,
    details: {
      process: "lossless, Huffman (SOF3)",
      predictor: h.predictor,
      pointTransform: h.pointTransform,
      restartInterval: h.restartInterval,
      heightFromDnl: h.heightFromDnl,
      interleaved: h.firstScanComponents === h.components && h.components > 1,
    },
  };
}

/**
 * The SOF marker of a DCT process (SOF0/1/2) when the stream's frame header says so, else 0. Real files
 * labelled JPEG Lossless sometimes hold a baseline stream (corpus: dcmjs/sample-op.dcm); such frames are
 * decoded by the DCT codec, as DCMTK does, with a warning: the stream, not the label, says what it is.
 */
function dctProcessOf(src: Uint8Array): number {
  let i = 2;
  if (src[0] !== 0xff || src[1] !== 0xd8) return 0;
  while (i + 3 < src.length) {
    if (src[i] !== 0xff) return 0;
    const m = src[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0xc0 || m === 0xc1 || m === 0xc2) return m;
    if ((m >= 0xc3 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xda || m === 0xd9) return 0;
    i += 2 + ((src[i + 2]! << 8) | src[i + 3]!);
  }
  return 0;
}

function mislabelled(sof: number, context: FrameContext, options: DecodeOptions): void {
  options.onWarning?.(
    `frame ${context.frameIndex} is labelled JPEG Lossless (${context.transferSyntaxUID}) but holds a DCT stream (SOF${sof - 0xc0}, lossy); decoded as such`,
  );
}

/** The JPEG Lossless codec (decode and encode) for .4.57 and .4.70. */
export const jpegLosslessCodec: FrameCodec = {
  name: "jpeg-lossless",
  transferSyntaxes: [JPEG_LOSSLESS_UID, JPEG_LOSSLESS_SV1_UID],

  /** @throws {DicomPixelError} JPEG_* header errors, JPEG_UNSUPPORTED_PROCESS, TRUNCATED */
  readInfo(src: Uint8Array, module: PixelModule, context: FrameContext): FrameInfo {
    if (dctProcessOf(src)) return jpegCodec.readInfo(src, module, context);
    return toInfo(jpllReadHeader(src, context.frameIndex));
  },

  decodedSize(info: FrameInfo, module: PixelModule, options?: DecodeOptions): number {
    if (info.details?.sof !== undefined) return jpegCodec.decodedSize(info, module, options);
    return module.frameByteLength();
  },

  /**
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL, SIZE_LIMIT, INVALID_DATA (stream does not match the pixel
   *   module), TRUNCATED, JPEG_HUFFMAN_CODE and the header errors of readInfo
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: JpegLosslessDecodeOptions = {}): DecodedFrame {
    const dct = dctProcessOf(src);
    if (dct) {
      mislabelled(dct, context, options);
      return jpegCodec.decodeInto(src, module, dst, context, options);
    }
    const fi = context.frameIndex;
    let size = 0;
    const r = jpllDecode(
      src,
      (h) => {
        const plan = planFrame(LABELS, h, module, dst, options, fi);
        size = plan.size;
        return { dst: dst.subarray(0, size), cellBytes: plan.cellBytes };
      },
      {
        workaroundSsss16: options.workaroundSsss16,
        workaroundPredictor6: options.workaroundPredictor6,
        frameIndex: fi,
        // The canonical mask / sign extension (src/transforms/cells.ts rule) runs in the kernel, before the copy out.
        normalize: canonicalNormalize(module, options),
      },
    );
    handleWarnings(r.warnings, options, fi);
    return { bytesWritten: size, photometricInterpretation: module.photometricInterpretation, planarConfiguration: 0 };
  },

  /**
   * Encodes one canonical frame (interleaved, sign-extended when Pixel Representation is 1) with precision
   * = Bits Stored. `.4.70` forces selection value 1.
   * @throws {DicomPixelError} INVALID_ARGUMENT for a predictor / point transform / restart interval out of range,
   *   UNSUPPORTED_FEATURE for Bits Stored < 2 or Bits Allocated other than 8/16 or more than 4 samples,
   *   VALUE_OUT_OF_RANGE when a sample does not fit in Bits Stored
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, options: EncodeOptions = {}): EncodedFrame {
    return encodeJpegLosslessFrame(frame, module, options);
  },
};

/** Validates an integer option. @throws {DicomPixelError} INVALID_ARGUMENT */
function intOption(name: string, v: number | undefined, dflt: number, lo: number, hi: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < lo || x > hi) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG lossless ${name} ${x} is invalid: must be an integer between ${lo} and ${hi}`);
  }
  return x;
}

/** See {@link jpegLosslessCodec}.encodeFrame. */
export function encodeJpegLosslessFrame(frame: Uint8Array, module: PixelModule, options: EncodeOptions = {}): EncodedFrame {
  const ba = module.bitsAllocated;
  const p = module.bitsStored;
  if (module.pixelDataElement !== "PixelData" || (ba !== 8 && ba !== 16) || p < 2 || module.samplesPerPixel > 4) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `JPEG lossless encoding needs Bits Allocated 8 or 16, Bits Stored 2..16 and at most 4 samples per pixel ` +
        `(got ${ba}, ${module.bitsStored}, ${module.samplesPerPixel}) (T.81 H.1.2)`,
    );
  }
  const sv1 = options.transferSyntaxUID === JPEG_LOSSLESS_SV1_UID;
  const predictor = intOption("predictor (selection value)", options.predictor, 1, 1, 7);
  if (sv1 && predictor !== 1) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG lossless predictor ${predictor} is invalid for ${JPEG_LOSSLESS_SV1_UID} (SV1): must be 1`);
  }
  const pt = intOption("point transform", options.pointTransform, 0, 0, p - 1);
  if (sv1 && pt !== 0) throw new DicomPixelError("INVALID_ARGUMENT", `JPEG lossless point transform ${pt} is invalid for ${JPEG_LOSSLESS_SV1_UID}: must be 0`);
  const ri = intOption("restart interval", options.restartInterval, 0, 0, 65535);
  // IJG-derived decoders (DCMTK, GDCM) refuse lossless restart intervals that are not whole MCU rows; T.81
  // itself allows them and our decoder reads them, but the encoder writes only what every reader accepts.
  if (ri % module.columns !== 0) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `JPEG lossless restart interval ${ri} is invalid: must be a multiple of (0028,0011) Columns (${module.columns}), whole lines, which DCMTK and GDCM require`,
    );
  }
  const need = module.frameByteLength();
  if (frame.byteLength < need) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG lossless encode: the frame has ${frame.byteLength} bytes, the pixel module needs ${need}`);
  }
  const data = jpllEncode(frame.subarray(0, need), {
    rows: module.rows,
    columns: module.columns,
    components: module.samplesPerPixel,
    precision: p,
    cellBytes: ba === 8 ? 1 : 2,
    predictor,
    pointTransform: pt,
    restartInterval: ri,
    standardTables: options.optimizeHuffman === false,
    signed: module.pixelRepresentation === 1,
  });
  const pi = module.photometricInterpretation;
  return {
    data,
    // The decoded frame is full resolution and interleaved: 4:2:2 labels do not apply any more.
    photometricInterpretation: pi === "YBR_FULL_422" ? "YBR_FULL" : pi,
    planarConfiguration: 0,
    lossy: pt > 0,
  };
}

/** Result of {@link decodeJpegLossless}. */
export interface BareJpegLosslessImage {
  /** Canonical cells: 8-bit for precision <= 8, else 16-bit little endian; interleaved components. */
  data: Uint8Array;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  precision: number;
  bitsAllocated: 8 | 16;
  predictor: number;
  pointTransform: number;
  /** The pixel module the image was decoded with (Bits Stored = precision). */
  module: PixelModule;
}

export interface BareJpegLosslessOptions extends JpegLosslessDecodeOptions {
  /** Interpret the samples as two's complement (Pixel Representation 1): sign-extend from the precision. */
  signed?: boolean;
}

/**
 * Decodes a bare JPEG lossless codestream (no DICOM wrapper), with DICOM .4.57 semantics: Bits Stored =
 * precision, Bits Allocated 8 or 16, MONOCHROME2 for one component and RGB for three.
 * Requires `await init()`.
 * @throws {DicomPixelError} SIZE_LIMIT before allocating more than `maxFrameBytes`, and the errors of
 *   {@link jpegLosslessCodec}.decodeInto
 */
export function decodeJpegLossless(bytes: Uint8Array, options: BareJpegLosslessOptions = {}): BareJpegLosslessImage {
  const h = jpllReadHeader(bytes);
  const ba: 8 | 16 = h.precision <= 8 ? 8 : 16;
  const photometric = h.components === 1 ? "MONOCHROME2" : h.components === 3 ? "RGB" : h.components === 4 ? "CMYK" : undefined;
  if (photometric === undefined) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG lossless stream has ${h.components} components: only 1, 3 or 4 map to a DICOM image`);
  }
  const size = h.rows * h.columns * h.components * (ba / 8);
  checkSize(LABELS, size, options);
  const module = PixelModule.from({
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.components,
    photometricInterpretation: photometric,
    planarConfiguration: h.components > 1 ? 0 : null,
    bitsAllocated: ba,
    bitsStored: h.precision,
    highBit: h.precision - 1,
    pixelRepresentation: options.signed ? 1 : 0,
  });
  const data = new Uint8Array(size);
  jpegLosslessCodec.decodeInto(bytes, module, data, { transferSyntaxUID: JPEG_LOSSLESS_UID, frameIndex: 0 }, options);
  return {
    data,
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.components,
    precision: h.precision,
    bitsAllocated: ba,
    predictor: h.predictor,
    pointTransform: h.pointTransform,
    module,
  };
}
