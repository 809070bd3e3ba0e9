/**
 * JPEG DCT transfer syntaxes (PS3.5 8.2.1, ITU-T T.81 processes 1, 2 & 4 and the retired progressive
 * syntaxes): 1.2.840.10008.1.2.4.50 (baseline 8-bit), .51 (extended 12-bit), .53 and .55 (progressive).
 * The work runs in assembly/codecs/jpeg; this adapter checks the stream against the pixel module, sizes
 * buffers before allocating, decides the colour handling, and normalises cells to the canonical form.
 *
 * Output (canonical): the stream's samples as decoded by IJG libjpeg's "islow" IDCT and "fancy" upsampling,
 * colour-by-pixel; YBR_FULL_422 is returned as YBR_FULL. With `colorSpace: "rgb"` YCbCr is converted with
 * libjpeg's integer YCbCr -> RGB (as DCMTK `dcmdjpeg +cp`). IDCT overshoot above Bits Stored is clamped.
 */
import { DicomPixelError } from "../errors.js";
import type { PhotometricInterpretation, PixelModule } from "../pixel-module.js";
import { decodeJpegInto, jpegDecodedBytes, jpegProcessName, readJpegHeader, type JpegHeader } from "../wasm/kernels/jpeg.js";
import { maskCells } from "../wasm/kernels/native.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";
import { decodedPhotometric, isYbr, streamColorSpace } from "./jpeg/color.js";
import { encodeJpegFrame } from "./jpeg/encode.js";

export const JPEG_BASELINE_UID = "1.2.840.10008.1.2.4.50";
export const JPEG_EXTENDED_UID = "1.2.840.10008.1.2.4.51";
export const JPEG_SPECTRAL_SELECTION_UID = "1.2.840.10008.1.2.4.53";
export const JPEG_FULL_PROGRESSION_UID = "1.2.840.10008.1.2.4.55";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

function headerOf(info: FrameInfo): JpegHeader {
  const h = info.details?.header as JpegHeader | undefined;
  if (!h) throw new DicomPixelError("INVALID_ARGUMENT", "JPEG decode: FrameInfo does not come from the JPEG codec's readInfo");
  return h;
}

/** Cell bytes of the canonical output: Bits Allocated / 8. */
function cellBytes(module: PixelModule): number {
  return module.bitsAllocated > 8 ? 2 : 1;
}

interface ColorPlan {
  /** Convert YCbCr to RGB in the kernel. */
  convert: boolean;
  photometric: PhotometricInterpretation;
  warning?: string;
}

function planColor(h: JpegHeader, module: PixelModule, options: DecodeOptions, frameIndex: number): ColorPlan {
  const pi = module.photometricInterpretation;
  if (h.components.length !== 3) return { convert: false, photometric: pi };
  const { space, explicit } = streamColorSpace(h);
  let ybr = isYbr(pi);
  let warning: string | undefined;
  const streamYbr = space === "ycbcr";
  // With colorSignals "stream" the stream decides as libjpeg does, its default (YCbCr for three components
  // without JFIF, Adobe or 'R','G','B' ids) included; otherwise only an explicit signal can contradict the header.
  const stream = options.lenient || options.colorSignals === "stream";
  if ((explicit || options.colorSignals === "stream") && streamYbr !== ybr) {
    const signal = h.jfif ? "JFIF APP0" : h.adobeTransform !== null ? `Adobe APP14 transform ${h.adobeTransform}` : explicit ? "component ids" : "no colour marker: libjpeg's default";
    warning =
      `frame ${frameIndex}: (0028,0004) Photometric Interpretation is ${pi} but the JPEG stream signals ` +
      `${streamYbr ? "YCbCr" : "RGB"} (${signal})`;
    if (stream) {
      ybr = streamYbr; // resolved in favour of the stream on request
      warning += "; the stream's colour space is used";
    } else {
      warning += "; the data set's value is used";
    }
  }
  if (ybr && options.colorSpace === "rgb") return { convert: true, photometric: "RGB", ...(warning ? { warning } : {}) };
  return { convert: false, photometric: ybr ? decodedPhotometric(pi.startsWith("YBR") ? pi : "YBR_FULL") : "RGB", ...(warning ? { warning } : {}) };
}

function checkGeometry(h: JpegHeader, module: PixelModule, options: DecodeOptions, frameIndex: number): void {
  // PS3.5 8.2.1: JPEG-compressed images have Bits Allocated 8 or 16; the output cells are 1 or 2 bytes, so
  // any other value (a hostile 32) would return a frame that is not the canonical form of the module.
  if (module.bitsAllocated !== 8 && module.bitsAllocated !== 16) {
    throw new DicomPixelError("INVALID_ATTRIBUTE", `JPEG frame ${frameIndex}: (0028,0100) Bits Allocated value ${module.bitsAllocated} is invalid for JPEG: must be 8 or 16 (PS3.5 8.2.1)`, {
      frameIndex,
      tag: "(0028,0100)",
    });
  }
  const problems: string[] = [];
  if (h.height !== module.rows) problems.push(`(0028,0010) Rows is ${module.rows} but the JPEG frame header (SOF) has ${h.height} lines`);
  if (h.width !== module.columns) problems.push(`(0028,0011) Columns is ${module.columns} but the SOF has ${h.width} samples per line`);
  if (h.components.length !== module.samplesPerPixel) {
    problems.push(`(0028,0002) Samples per Pixel is ${module.samplesPerPixel} but the SOF has ${h.components.length} components`);
  }
  if (h.precision > 8 && module.bitsAllocated < 16) {
    problems.push(`(0028,0100) Bits Allocated is ${module.bitsAllocated} but the JPEG precision is ${h.precision} bits`);
  }
  if (problems.length === 0) return;
  const message = `JPEG frame ${frameIndex}: ${problems.join("; ")}`;
  const fits = h.components.length === module.samplesPerPixel && jpegDecodedBytes(h) <= module.rows * module.columns * module.samplesPerPixel * (h.precision > 8 ? 2 : 1);
  if (options.lenient && fits && (h.precision <= 8 || module.bitsAllocated === 16)) {
    // DCMTK's behaviour: the stream's image is written from the start of the frame and the rest is zero.
    options.onWarning?.(`${message}; the decoded image is written from the start of the frame and the rest is zero-filled`);
    return;
  }
  throw new DicomPixelError("INVALID_DATA", message, { frameIndex });
}

/**
 * Decodes one JPEG DCT frame into `dst` in the canonical form (see the module doc).
 * @throws {DicomPixelError} SIZE_LIMIT when the decoded frame or the scratch would exceed `maxFrameBytes`
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL, INVALID_DATA (stream vs pixel module), and the stream errors
 *   of the kernel (TRUNCATED, JPEG_HUFFMAN_CODE, JPEG_INVALID_MARKER, JPEG_INVALID_HEADER, JPEG_MISSING_TABLE,
 *   JPEG_INVALID_QUANT_TABLE, JPEG_UNSUPPORTED_PROCESS)
 */
function decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: DecodeOptions = {}): DecodedFrame {
  const frameIndex = context.frameIndex;
  const h = readJpegHeader(src, frameIndex);
  checkGeometry(h, module, options, frameIndex);
  const size = module.rows * module.columns * module.samplesPerPixel * cellBytes(module);
  const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (jpegDecodedBytes(h) > max || size > max || h.workBytes > 2 * max + 2 ** 20) {
    throw new DicomPixelError("SIZE_LIMIT", `JPEG frame ${frameIndex}: ${h.width} x ${h.height} x ${h.components.length} needs ${jpegDecodedBytes(h)} bytes (plus ${h.workBytes} of scratch), over maxFrameBytes ${max}`, { frameIndex });
  }
  if (dst.length < size) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `JPEG frame ${frameIndex}: destination holds ${dst.length} bytes, the frame needs ${size}`, { frameIndex });
  }
  const plan = planColor(h, module, options, frameIndex);
  if (plan.warning && (options.lenient || options.colorSignals === "stream")) options.onWarning?.(plan.warning);
  const raw = options.raw ?? false;
  const maxValue = !raw && module.bitsStored < h.precision ? 2 ** module.bitsStored - 1 : 0xffff;
  const kernelBytes = jpegDecodedBytes(h);
  const widen = h.precision <= 8 && cellBytes(module) === 2;
  const target = widen ? new Uint8Array(kernelBytes) : dst;
  decodeJpegInto(src, h, target, { rgb: plan.convert, lenient: options.lenient ?? false, maxValue, frameIndex, ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
  let written = kernelBytes;
  if (widen) {
    const out = new Uint16Array(dst.buffer, dst.byteOffset, kernelBytes);
    for (let i = 0; i < kernelBytes; i++) out[i] = target[i]!;
    written = kernelBytes * 2;
  }
  if (written < size) dst.fill(0, written, size); // lenient geometry mismatch (see checkGeometry)
  if (!raw && module.pixelRepresentation === 1) signExtend(dst, size, module);
  return { bytesWritten: size, photometricInterpretation: plan.photometric, planarConfiguration: 0 };
}

/**
 * Pixel Representation 1: sign-extend from Bits Stored to the cell (canonical form, PS3.5 8.1.1). JPEG samples
 * come out at bit 0, so this is the native cell mask with the stored bits at bit 0 (High Bit = Bits Stored - 1).
 */
function signExtend(dst: Uint8Array, size: number, module: PixelModule): void {
  const bs = module.bitsStored;
  const ba = module.bitsAllocated > 8 ? 16 : 8;
  if (bs >= ba) return;
  maskCells(dst.subarray(0, size), dst.subarray(0, size), ba, bs, bs - 1, true);
}

/** The JPEG DCT codec: decode .50/.51/.53/.55, encode .50 (baseline 8-bit). */
export const jpegCodec: FrameCodec = {
  name: "jpeg",
  transferSyntaxes: [JPEG_BASELINE_UID, JPEG_EXTENDED_UID, JPEG_SPECTRAL_SELECTION_UID, JPEG_FULL_PROGRESSION_UID],

  /**
   * Reads the frame header of one JPEG DCT codestream.
   * @throws {DicomPixelError} TRUNCATED, JPEG_INVALID_MARKER, JPEG_INVALID_HEADER, JPEG_UNSUPPORTED_PROCESS
   */
  readInfo(src: Uint8Array, _module: PixelModule, context: FrameContext): FrameInfo {
    const h = readJpegHeader(src, context.frameIndex);
    const { space } = streamColorSpace(h);
    return {
      rows: h.height,
      columns: h.width,
      samplesPerPixel: h.components.length,
      bitsPerSample: h.precision,
      details: {
        process: jpegProcessName(h.sof),
        sof: h.sof,
        components: h.components,
        restartInterval: h.restartInterval,
        jfif: h.jfif,
        adobeTransform: h.adobeTransform,
        colorSpace: space,
        header: h,
      },
    };
  },

  /** Bytes decodeInto writes: the pixel module's frame (a lenient decode of a smaller stream image is zero-padded). */
  decodedSize(info: FrameInfo, module: PixelModule): number {
    headerOf(info);
    return module.rows * module.columns * module.samplesPerPixel * cellBytes(module);
  },

  decodeInto,

  encodeFrame(frame: Uint8Array, module: PixelModule, options: EncodeOptions = {}): EncodedFrame {
    return encodeJpegFrame(frame, module, options);
  },
};
