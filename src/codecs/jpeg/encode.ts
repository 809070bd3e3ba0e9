/**
 * JPEG baseline (T.81 process 1, transfer syntax 1.2.840.10008.1.2.4.50) frame encoder: 8-bit, 1 or 3
 * samples per pixel. Colour is written as YCbCr 4:2:2 and labelled YBR_FULL_422 (PS3.5 8.2.1); grey as one
 * component.
 */
import { DicomPixelError } from "../../errors.js";
import type { PixelModule } from "../../pixel-module.js";
import { encodeJpeg } from "../../wasm/kernels/jpeg.js";
import type { EncodedFrame, EncodeOptions } from "../codec.js";

const JPEG_EXTENDED_12BIT_UID = "1.2.840.10008.1.2.4.51";

/** Quality used when the caller gives none (the reference workload's value). */
export const DEFAULT_JPEG_QUALITY = 90;

/**
 * Encodes one canonical frame (colour-by-pixel, 8-bit cells) as JPEG baseline.
 * @param frame the frame in the canonical decoded form
 * @param module its pixel module (Bits Allocated 8, Bits Stored <= 8, unsigned; 1 or 3 samples)
 * @param options quality (1-100, default 90), optimizeHuffman (default true), restartInterval (MCUs, default 0)
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE when the pixel module cannot be coded as baseline JPEG
 * @throws {RangeError} for an invalid quality or restart interval
 */
export function encodeJpegFrame(frame: Uint8Array, module: PixelModule, options: EncodeOptions = {}): EncodedFrame {
  const spp = module.samplesPerPixel;
  const pi = module.photometricInterpretation;
  const extended = options.transferSyntaxUID === JPEG_EXTENDED_12BIT_UID && module.bitsAllocated === 16;
  if (extended) return encodeExtended(frame, module, options);
  const why =
    module.bitsAllocated !== 8
      ? `(0028,0100) Bits Allocated is ${module.bitsAllocated}: JPEG baseline codes 8-bit samples (12-bit: transfer syntax ${JPEG_EXTENDED_12BIT_UID})`
      : module.pixelRepresentation !== 0
        ? "(0028,0103) Pixel Representation is 1: JPEG baseline codes unsigned samples"
        : spp !== 1 && spp !== 3
          ? `(0028,0002) Samples per Pixel is ${spp}: 1 or 3 are supported`
          : spp === 3 && pi !== "RGB" && pi !== "YBR_FULL" && pi !== "YBR_FULL_422"
            ? `(0028,0004) Photometric Interpretation ${pi} cannot be coded (RGB, YBR_FULL or YBR_FULL_422 expected)`
            : spp === 1 && pi === "PALETTE COLOR"
              ? "(0028,0004) PALETTE COLOR indices must not be coded lossily"
              : undefined;
  if (why) throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG baseline encode: ${why}`);
  const data = encodeJpeg(frame, {
    rows: module.rows,
    columns: module.columns,
    components: spp as 1 | 3,
    quality: options.quality ?? DEFAULT_JPEG_QUALITY,
    optimizeHuffman: options.optimizeHuffman ?? true,
    subsample: spp === 3,
    rgbInput: pi === "RGB",
    restartInterval: options.restartInterval ?? 0,
    ...(options.quantTables ? { quantTables: options.quantTables } : {}),
  });
  return {
    data,
    photometricInterpretation: spp === 3 ? "YBR_FULL_422" : pi,
    planarConfiguration: 0,
    lossy: true,
  };
}

/**
 * JPEG Extended (process 2 & 4, 1.2.840.10008.1.2.4.51): one component, 12-bit samples (Bits Stored <= 12,
 * unsigned) in 16-bit cells, SOF1 with optimised Huffman tables.
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for colour, Bits Stored > 12 or signed data
 */
function encodeExtended(frame: Uint8Array, module: PixelModule, options: EncodeOptions): EncodedFrame {
  const why =
    module.samplesPerPixel !== 1
      ? `(0028,0002) Samples per Pixel is ${module.samplesPerPixel}: 12-bit JPEG encoding supports one sample`
      : module.bitsStored > 12
        ? `(0028,0101) Bits Stored is ${module.bitsStored}: JPEG Extended codes at most 12 bits`
        : module.pixelRepresentation !== 0
          ? "(0028,0103) Pixel Representation is 1: JPEG Extended codes unsigned samples"
          : undefined;
  if (why) throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG Extended encode: ${why}`);
  const data = encodeJpeg(frame, {
    rows: module.rows,
    columns: module.columns,
    components: 1,
    quality: options.quality ?? DEFAULT_JPEG_QUALITY,
    optimizeHuffman: true,
    subsample: false,
    rgbInput: false,
    restartInterval: options.restartInterval ?? 0,
    precision: 12,
    ...(options.quantTables ? { quantTables: options.quantTables } : {}),
  });
  return { data, photometricInterpretation: module.photometricInterpretation, planarConfiguration: 0, lossy: true };
}
