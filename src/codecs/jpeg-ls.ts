/**
 * JPEG-LS (ITU-T T.87 | ISO/IEC 14495-1): transfer syntaxes 1.2.840.10008.1.2.4.80 (lossless) and
 * 1.2.840.10008.1.2.4.81 (near-lossless). The work runs in assembly/codecs/jpeg-ls; this adapter checks the
 * stream against the pixel module, sizes buffers and normalises the cells to the canonical form.
 *
 * Samples come out of the decoder as the reconstructed P-bit values (0..MAXVAL) in cells of Bits Allocated
 * bits, then follow the canonical rule of src/pixel-module.ts (masked to Bits Stored at High Bit and
 * sign-extended when Pixel Representation is 1), applied in linear memory before the copy out. Every
 * interleave mode (ILV 0 planes, 1 lines, 2 samples) is written colour-by-pixel.
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { convertColorSpace } from "../transforms/color.js";
import { JPEGLS_WARN_NO_EOI, JPEGLS_WARN_TRUNCATED, jpeglsDecode, jpeglsEncode, jpeglsReadHeader, type JpegLsHeader } from "../wasm/kernels/jpeg-ls.js";
import { canonicalNormalize, planFrame, where, type StreamLabels } from "./common.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";

export const JPEG_LS_LOSSLESS_UID = "1.2.840.10008.1.2.4.80";
export const JPEG_LS_NEAR_LOSSLESS_UID = "1.2.840.10008.1.2.4.81";

const LABELS: StreamLabels = { stream: "JPEG-LS", syntax: "JPEG-LS", standard: "T.87" };

function toInfo(h: JpegLsHeader): FrameInfo {
  return {
    rows: h.rows,
    columns: h.columns,
    samplesPerPixel: h.components,
    bitsPerSample: h.precision,
    details: {
      process: "JPEG-LS (SOF55)",
      near: h.near,
      interleave: h.interleave,
      restartInterval: h.restartInterval,
      maxval: h.maxval,
      thresholds: [h.t1, h.t2, h.t3],
      reset: h.reset,
    },
  };
}

/** JPEG-LS encode options. */
export interface JpegLsEncodeOptions extends EncodeOptions {
  /**
   * Maximum absolute error NEAR (T.87 A.2.1): 0 (lossless, the only value .4.80 allows) up to
   * min(255, (2^BitsStored - 1) / 2). Default 0 for .4.80 and 2 for .4.81 (DCMTK's default).
   */
  near?: number;
  /** Interleave mode for colour: 0 none, 1 line, 2 sample (default 2); grey images always use 0. */
  interleave?: 0 | 1 | 2;
}

/** The JPEG-LS codec (decode and encode) for .4.80 and .4.81. */
export const jpegLsCodec: FrameCodec = {
  name: "jpeg-ls",
  transferSyntaxes: [JPEG_LS_LOSSLESS_UID, JPEG_LS_NEAR_LOSSLESS_UID],

  /** @throws {DicomPixelError} TRUNCATED, JPEGLS_INVALID_MARKER, JPEGLS_INVALID_HEADER, UNSUPPORTED_FEATURE, JPEG_UNSUPPORTED_PROCESS */
  readInfo(src: Uint8Array, _module: PixelModule, context: FrameContext): FrameInfo {
    return toInfo(jpeglsReadHeader(src, context.frameIndex));
  },

  decodedSize(_info: FrameInfo, module: PixelModule): number {
    return module.frameByteLength();
  },

  /**
   * Decodes one frame into `dst` in the canonical form; with `colorSpace: "rgb"`, YBR_FULL data is then
   * converted to RGB (src/transforms/color.ts).
   * With `lenient`, coded data that ends early is completed with zero bits, with a warning.
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL, SIZE_LIMIT, INVALID_DATA (stream does not match the pixel
   *   module), TRUNCATED (unless lenient), JPEGLS_INVALID_CODE and the header errors of readInfo
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: DecodeOptions = {}): DecodedFrame {
    const fi = context.frameIndex;
    let size = 0;
    const toRgb = options.colorSpace === "rgb" && module.photometricInterpretation.startsWith("YBR");
    let out = dst;
    const r = jpeglsDecode(
      src,
      (h) => {
        const plan = planFrame(LABELS, h, module, dst, options, fi);
        size = plan.size;
        out = toRgb ? new Uint8Array(size) : dst.subarray(0, size);
        return { dst: out, cellBytes: plan.cellBytes };
      },
      {
        frameIndex: fi,
        lenient: options.lenient ?? false,
        normalize: canonicalNormalize(module, options),
      },
    );
    if (r.warnings & JPEGLS_WARN_NO_EOI) options.onWarning?.(`JPEG-LS stream${where(fi)} has no EOI marker after its last scan`);
    if (r.warnings & JPEGLS_WARN_TRUNCATED) {
      options.onWarning?.(`JPEG-LS stream${where(fi)} ended before all samples were coded; the rest was decoded from zero bits (lenient)`);
    }
    if (toRgb) {
      const c = convertColorSpace(
        out,
        module.photometricInterpretation,
        "RGB",
        { rows: module.rows, columns: module.columns, bitsAllocated: module.bitsAllocated, bitsStored: module.bitsStored, planarConfiguration: 0 },
        { chroma: "full", dst },
      );
      return { bytesWritten: size, photometricInterpretation: c.photometricInterpretation, planarConfiguration: c.planarConfiguration };
    }
    return { bytesWritten: size, photometricInterpretation: module.photometricInterpretation, planarConfiguration: 0 };
  },

  /**
   * Encodes one canonical frame (interleaved, sign-extended when Pixel Representation is 1) with precision
   * = Bits Stored and default coding parameters; lossless unless the target is .4.81 or `near` > 0;
   * `restartInterval` counts lines (T.87 C.2.5).
   * @throws {DicomPixelError} INVALID_ARGUMENT for NEAR / interleave / restart interval out of range (NEAR > 0 with .4.80) or a short frame,
   *   UNSUPPORTED_FEATURE for Bits Allocated other than 8/16, Bits Stored < 2 or more than 4 samples,
   *   VALUE_OUT_OF_RANGE when a sample does not fit in Bits Stored
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, options: JpegLsEncodeOptions = {}): EncodedFrame {
    return encodeJpegLsFrame(frame, module, options);
  },
};

/** See {@link jpegLsCodec}.encodeFrame. */
export function encodeJpegLsFrame(frame: Uint8Array, module: PixelModule, options: JpegLsEncodeOptions = {}): EncodedFrame {
  const ba = module.bitsAllocated;
  const p = module.bitsStored;
  if (module.pixelDataElement !== "PixelData" || (ba !== 8 && ba !== 16) || p < 2 || module.samplesPerPixel > 4) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `JPEG-LS encoding needs Bits Allocated 8 or 16, Bits Stored 2..16 and at most 4 samples per pixel ` +
        `(got ${ba}, ${p}, ${module.samplesPerPixel}) (T.87 C.2.2)`,
    );
  }
  const nearLossless = options.transferSyntaxUID === JPEG_LS_NEAR_LOSSLESS_UID;
  const near = options.near ?? (nearLossless ? 2 : 0);
  const maxNear = Math.min(255, Math.floor(((1 << p) - 1) / 2));
  if (!Number.isInteger(near) || near < 0 || near > maxNear || (near > 0 && options.transferSyntaxUID === JPEG_LS_LOSSLESS_UID)) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `JPEG-LS NEAR ${near} is invalid: must be an integer between 0 and ${maxNear} for Bits Stored ${p}` +
        (options.transferSyntaxUID === JPEG_LS_LOSSLESS_UID ? `, and 0 for ${JPEG_LS_LOSSLESS_UID} (lossless)` : ""),
    );
  }
  const interleave = options.interleave ?? 2;
  if (interleave !== 0 && interleave !== 1 && interleave !== 2) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG-LS interleave mode ${String(interleave)} is invalid: must be 0, 1 or 2`);
  }
  const ri = options.restartInterval ?? 0;
  if (!Number.isInteger(ri) || ri < 0 || ri > 65535) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG-LS restart interval ${ri} is invalid: must be an integer between 0 and 65535 (lines)`);
  }
  const need = module.frameByteLength();
  if (frame.byteLength < need) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG-LS encode: the frame has ${frame.byteLength} bytes, the pixel module needs ${need}`);
  }
  const data = jpeglsEncode(frame.subarray(0, need), {
    rows: module.rows,
    columns: module.columns,
    components: module.samplesPerPixel,
    precision: p,
    cellBytes: ba === 8 ? 1 : 2,
    interleave: module.samplesPerPixel > 1 ? interleave : 0,
    near,
    signed: module.pixelRepresentation === 1,
    restartInterval: ri,
  });
  const pi = module.photometricInterpretation;
  return {
    data,
    photometricInterpretation: pi === "YBR_FULL_422" ? "YBR_FULL" : pi,
    planarConfiguration: 0,
    lossy: near > 0,
  };
}
