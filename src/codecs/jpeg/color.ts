/**
 * Which colour space a JPEG DCT stream holds, from its own signals (JFIF APP0, Adobe APP14 transform flag,
 * component identifiers), following the rules IJG libjpeg applies (and T.872 for JFIF), and how that compares
 * with the DICOM Photometric Interpretation.
 */
import type { PhotometricInterpretation } from "../../pixel-module.js";
import type { JpegHeader } from "../../wasm/kernels/jpeg.js";

export type JpegColorSpace = "grey" | "ycbcr" | "rgb" | "cmyk" | "ycck" | "unknown";

/** The colour space the stream itself signals; `explicit` is false when nothing in the stream says so. */
export function streamColorSpace(h: JpegHeader): { space: JpegColorSpace; explicit: boolean } {
  const n = h.components.length;
  if (n === 1) return { space: "grey", explicit: true };
  if (n === 3) {
    if (h.jfif) return { space: "ycbcr", explicit: true }; // JFIF mandates YCbCr (T.871)
    if (h.adobeTransform !== null) return { space: h.adobeTransform === 0 ? "rgb" : "ycbcr", explicit: true };
    const ids = h.components.map((c) => c.id);
    if (ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42) return { space: "rgb", explicit: true }; // 'R','G','B'
    return { space: "ycbcr", explicit: false }; // libjpeg's default for 3 components
  }
  if (n === 4) return { space: h.adobeTransform === 2 ? "ycck" : "cmyk", explicit: h.adobeTransform !== null };
  return { space: "unknown", explicit: false };
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
