/**
 * What colour space a JPEG stream says it holds, from its own signals (header markers only; no entropy
 * decoding), and whether that agrees with the DICOM Photometric Interpretation.
 *
 * T.81 itself has no colour space; the conventions decoders follow (IJG libjpeg's jdapimin.c rules, which
 * DCMTK, GDCM and libjpeg-turbo share) are, for three components:
 *  1. a JFIF APP0 marker ("JFIF\0", T.871) means YCbCr;
 *  2. else an Adobe APP14 marker ("Adobe", DCT Encode Filter) decides by its transform flag:
 *     0 = no transform (RGB), 1 = YCbCr; other values are treated as YCbCr;
 *  3. else component identifiers 'R','G','B' (82, 71, 66) mean RGB; anything else (usually 1, 2, 3) YCbCr.
 * For four components, APP14 transform 2 means YCCK, otherwise CMYK. One component is greyscale.
 *
 * The corpus documents the mismatch this detects: GDCM has written YCbCr JPEG while keeping RGB in the
 * header, and some writers label an RGB (APP14 transform 0) stream YBR_FULL_422.
 */
import { DicomPixelError } from "../errors.js";
import type { PhotometricInterpretation } from "../pixel-module.js";

export type JpegColourSpace = "grayscale" | "YCbCr" | "RGB" | "CMYK" | "YCCK" | "unknown";

export interface JpegColourSignals {
  /** A JFIF APP0 segment is present. */
  jfif: boolean;
  /** An APP14 segment starting with "Adobe" is present (whatever its length). */
  adobeMarker: boolean;
  /**
   * The Adobe APP14 transform flag (0, 1, 2), or null when there is no APP14 segment or it is shorter than
   * the 12 bytes that carry the flag (libjpeg ignores such a segment too).
   */
  adobeTransform: number | null;
  /** Component identifiers of the frame header (SOF), in order. */
  componentIds: number[];
  /** Horizontal and vertical sampling factors per component. */
  sampling: Array<[number, number]>;
  /** SOF marker (0xC0..0xCF). */
  sofMarker: number;
  /** The colour space the signals indicate (libjpeg's rules, see the module comment). */
  colourSpace: JpegColourSpace;
  /**
   * Which rule decided: "jfif", "adobe", "component-ids", "components" (1 or 4 components) or "default"
   * (no signal at all: libjpeg assumes YCbCr, but that is a guess, not a signal).
   */
  decidedBy: "jfif" | "adobe" | "component-ids" | "default" | "components";
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function truncated(at: number): DicomPixelError {
  return new DicomPixelError("TRUNCATED", `JPEG header: the stream ends inside a marker segment at byte ${at}`, { byteOffset: at });
}

/**
 * Reads the colour signals of a JPEG stream (markers up to the first SOS).
 * @param stream the codestream, starting with SOI (FFD8)
 * @throws {DicomPixelError} JPEG_INVALID_MARKER when it does not start with SOI or a marker is malformed
 * @throws {DicomPixelError} JPEG_NO_FRAME when no SOF is found before SOS/EOI
 * @throws {DicomPixelError} TRUNCATED when a segment runs past the end
 */
export function readJpegColourSignals(stream: Uint8Array): JpegColourSignals {
  if (stream.length < 2 || stream[0] !== 0xff || stream[1] !== 0xd8) {
    throw new DicomPixelError("JPEG_INVALID_MARKER", "JPEG header: the stream does not start with SOI (FFD8) at byte 0", { byteOffset: 0 });
  }
  let jfif = false;
  let adobeTransform: number | null = null;
  let adobeMarker = false;
  let componentIds: number[] | undefined;
  let sampling: Array<[number, number]> = [];
  let sofMarker = 0;
  let p = 2;
  for (;;) {
    // T.81 B.1.1.2: a marker is 0xFF followed by a code; any number of 0xFF fill bytes may precede it.
    if (p >= stream.length) break;
    if (stream[p] !== 0xff) {
      throw new DicomPixelError("JPEG_INVALID_MARKER", `JPEG header: expected a marker at byte ${p}, found 0x${stream[p]!.toString(16)}`, { byteOffset: p });
    }
    while (p < stream.length && stream[p] === 0xff) p++;
    if (p >= stream.length) break;
    const marker = stream[p]!;
    p++;
    if (marker === 0xd9 || marker === 0xda) break; // EOI, SOS: no more header
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (p + 2 > stream.length) throw truncated(p);
    const len = (stream[p]! << 8) | stream[p + 1]!;
    if (len < 2) throw new DicomPixelError("JPEG_INVALID_MARKER", `JPEG header: marker FF${marker.toString(16).toUpperCase()} has length ${len} at byte ${p}`, { byteOffset: p });
    if (p + len > stream.length) throw truncated(p);
    const seg = stream.subarray(p + 2, p + len);
    if (marker === 0xe0 && seg.length >= 5 && seg[0] === 0x4a && seg[1] === 0x46 && seg[2] === 0x49 && seg[3] === 0x46 && seg[4] === 0) {
      jfif = true; // "JFIF\0"
    } else if (marker === 0xee && seg.length >= 5 && seg[0] === 0x41 && seg[1] === 0x64 && seg[2] === 0x6f && seg[3] === 0x62 && seg[4] === 0x65) {
      adobeMarker = true;
      if (seg.length >= 12) adobeTransform = seg[11]!; // "Adobe", version(2), flags0(2), flags1(2), transform(1)
    } else if (SOF_MARKERS.has(marker) && componentIds === undefined) {
      // T.81 B.2.2: P(1) Y(2) X(2) Nf(1) then Nf x (Ci, HiVi, Tqi)
      if (seg.length < 6) throw truncated(p);
      const nf = seg[5]!;
      if (seg.length < 6 + 3 * nf) throw truncated(p);
      componentIds = [];
      sampling = [];
      for (let i = 0; i < nf; i++) {
        componentIds.push(seg[6 + 3 * i]!);
        const hv = seg[7 + 3 * i]!;
        sampling.push([hv >> 4, hv & 15]);
      }
      sofMarker = 0xff00 | marker;
    }
    p += len;
  }
  if (componentIds === undefined) {
    throw new DicomPixelError("JPEG_NO_FRAME", "JPEG header: no frame header (SOF) before the first scan or the end");
  }
  const { colourSpace, decidedBy } = jpegColourSpaceOf(componentIds, jfif, adobeTransform);
  return { jfif, adobeMarker, adobeTransform, componentIds, sampling, sofMarker: sofMarker & 0xff, colourSpace, decidedBy };
}

/**
 * libjpeg's colour-space rules (the module comment), the single implementation in dicompix: the JPEG codec
 * (src/codecs/jpeg/color.ts) applies it to the header its kernel parsed.
 * @param componentIds the frame header's component identifiers, in order
 * @param jfif a JFIF APP0 segment is present
 * @param adobeTransform the Adobe APP14 transform flag, or null without a (complete) APP14 segment
 */
export function jpegColourSpaceOf(
  componentIds: readonly number[],
  jfif: boolean,
  adobeTransform: number | null,
): { colourSpace: JpegColourSpace; decidedBy: JpegColourSignals["decidedBy"] } {
  const ids = componentIds;
  if (ids.length === 1) return { colourSpace: "grayscale", decidedBy: "components" };
  if (ids.length === 3) {
    if (jfif) return { colourSpace: "YCbCr", decidedBy: "jfif" }; // T.871: JFIF is YCbCr
    if (adobeTransform !== null) return { colourSpace: adobeTransform === 0 ? "RGB" : "YCbCr", decidedBy: "adobe" };
    if (ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42) return { colourSpace: "RGB", decidedBy: "component-ids" }; // 'R','G','B'
    return { colourSpace: "YCbCr", decidedBy: "default" }; // libjpeg's guess for three components
  }
  if (ids.length === 4) {
    if (adobeTransform === 2) return { colourSpace: "YCCK", decidedBy: "adobe" };
    return { colourSpace: "CMYK", decidedBy: adobeTransform !== null ? "adobe" : "default" };
  }
  return { colourSpace: "unknown", decidedBy: "components" };
}

export interface JpegPhotometricDecision {
  /** The Photometric Interpretation to decode with. */
  photometricInterpretation: PhotometricInterpretation;
  /** True when the stream's signals contradict the header. */
  mismatch: boolean;
  /** A sentence for a warning when there is a mismatch. */
  message?: string;
  signals: JpegColourSignals;
}

const YBR_FORMS = new Set<string>(["YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT"]);

/**
 * Compares the header's Photometric Interpretation with the stream's signals. Only explicit signals count
 * (JFIF, a complete Adobe APP14, 'R','G','B' component ids): a stream with none of them (libjpeg's
 * "default" YCbCr guess) never contradicts the header. With `trust: "header"`
 * (default) the header wins and a mismatch is only reported; with `"stream"` the stream's colour space
 * decides (RGB, or YBR_FULL for YCbCr; the header's YBR form is kept when it already says YCbCr).
 * Only three-component DCT streams are judged: lossless JPEG (SOF3/SOF7/SOF11/SOF15) has no colour
 * transform in DICOM (PS3.5 8.2.1) and other component counts are not YCbCr/RGB questions.
 * @param header the data set's Photometric Interpretation
 * @param stream the frame's codestream
 * @throws {DicomPixelError} as {@link readJpegColourSignals}
 */
export function resolveJpegPhotometric(header: PhotometricInterpretation, stream: Uint8Array, trust: "header" | "stream" = "header"): JpegPhotometricDecision {
  const signals = readJpegColourSignals(stream);
  const lossless = signals.sofMarker === 0xc3 || signals.sofMarker === 0xc7 || signals.sofMarker === 0xcb || signals.sofMarker === 0xcf;
  if (signals.componentIds.length !== 3 || lossless) return { photometricInterpretation: header, mismatch: false, signals };
  if (signals.decidedBy === "default") return { photometricInterpretation: header, mismatch: false, signals };
  const streamYcc = signals.colourSpace === "YCbCr";
  const headerYcc = YBR_FORMS.has(header);
  const headerRgb = header === "RGB";
  const mismatch = (headerRgb && streamYcc) || (headerYcc && signals.colourSpace === "RGB");
  if (!mismatch) return { photometricInterpretation: header, mismatch: false, signals };
  const message =
    `the JPEG stream signals ${signals.colourSpace} (${signals.decidedBy}: JFIF ${signals.jfif ? "present" : "absent"}, ` +
    `APP14 transform ${signals.adobeTransform ?? "absent"}, component ids ${signals.componentIds.join(",")}) ` +
    `but (0028,0004) Photometric Interpretation is ${header}`;
  const photometricInterpretation: PhotometricInterpretation = trust === "header" ? header : streamYcc ? "YBR_FULL" : "RGB";
  return { photometricInterpretation, mismatch, message, signals };
}
