/**
 * Which colour space a JPEG DCT stream holds, from its own signals (JFIF APP0, Adobe APP14 transform flag,
 * component identifiers), and how that compares with the DICOM Photometric Interpretation. The rules
 * themselves (IJG libjpeg's, T.871 for JFIF) are implemented once, in src/transforms/jpeg-colour-signals.ts;
 * this file applies them to the header the JPEG kernel parsed.
 */
import type { PhotometricInterpretation } from "../../pixel-module.js";
import { jpegColourSpaceOf, type JpegColourSpace } from "../../transforms/jpeg-colour-signals.js";
import type { JpegHeader } from "../../wasm/kernels/jpeg.js";

export type JpegColorSpace = "grey" | "ycbcr" | "rgb" | "cmyk" | "ycck" | "unknown";

const SPACE: Readonly<Record<JpegColourSpace, JpegColorSpace>> = {
  grayscale: "grey",
  YCbCr: "ycbcr",
  RGB: "rgb",
  CMYK: "cmyk",
  YCCK: "ycck",
  unknown: "unknown",
};

/**
 * The colour space the stream itself signals; `explicit` is false when nothing in the stream says so
 * (libjpeg's default guess, or an unknown component count).
 */
export function streamColorSpace(h: JpegHeader): { space: JpegColorSpace; explicit: boolean } {
  const { colourSpace, decidedBy } = jpegColourSpaceOf(
    h.components.map((c) => c.id),
    h.jfif,
    h.adobeTransform,
  );
  return { space: SPACE[colourSpace], explicit: decidedBy !== "default" && colourSpace !== "unknown" };
}

/** True when the DICOM photometric describes YCbCr samples. */
export function isYbr(p: PhotometricInterpretation): boolean {
  return p.startsWith("YBR_");
}

/**
 * Photometric Interpretation of the decoded (upsampled, interleaved) output: YBR_FULL_422 and YBR_FULL become
 * YBR_FULL (chroma at full resolution), others are kept.
 */
export function decodedPhotometric(p: PhotometricInterpretation): PhotometricInterpretation {
  return p === "YBR_FULL_422" || p === "YBR_PARTIAL_422" || p === "YBR_PARTIAL_420" ? "YBR_FULL" : p;
}
