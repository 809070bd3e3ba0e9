/**
 * A bare JPEG codestream (SOI at byte 0, not DICOM) seen as a single-frame image: the Image Pixel attributes
 * are derived from the frame header (ITU-T T.81 B.2.2) the way the conformance corpus does — Bits Allocated 8
 * for precision <= 8 else 16, Bits Stored = precision, unsigned; one component MONOCHROME2; three components
 * RGB when an Adobe APP14 marker says "no transform" (transform flag 0), YBR_FULL otherwise (JFIF).
 */
import { DicomPixelError } from "../errors.js";
import { DataSet } from "./dataset.js";
import { Tag } from "./tags.js";

export interface BareJpegHeader {
  /** Transfer syntax the stream corresponds to: SOF3 -> .57, SOF0 -> .50, SOF1/2 -> .51, SOF55 (JPEG-LS) -> .80. */
  transferSyntaxUID: string;
  rows: number;
  columns: number;
  components: number;
  precision: number;
  photometricInterpretation: string;
}

/** True when the bytes start with a JPEG SOI marker followed by another marker. */
export function isBareJpeg(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

const SOF_TS: Readonly<Record<number, string>> = {
  0xc0: "1.2.840.10008.1.2.4.50",
  0xc1: "1.2.840.10008.1.2.4.51",
  0xc2: "1.2.840.10008.1.2.4.51",
  0xc3: "1.2.840.10008.1.2.4.57",
  0xf7: "1.2.840.10008.1.2.4.80",
};

/**
 * Parses the markers up to the frame header.
 * @throws {DicomPixelError} JPEG_NO_FRAME when there is no frame header, TRUNCATED when a segment runs past the end
 */
export function parseBareJpeg(bytes: Uint8Array): BareJpegHeader {
  let pos = 2;
  let adobeTransform: number | undefined;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) {
      throw new DicomPixelError("JPEG_INVALID_MARKER", `bare JPEG: expected a marker at byte ${pos}`, { byteOffset: pos });
    }
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte (T.81 B.1.1.2)
      continue;
    }
    const len = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    if (pos + 2 + len > bytes.length) {
      throw new DicomPixelError("TRUNCATED", `bare JPEG: the segment of marker FF${marker.toString(16).toUpperCase()} at byte ${pos} runs past the end`, {
        byteOffset: pos,
      });
    }
    if (marker === 0xee && len >= 12 && String.fromCharCode(...bytes.subarray(pos + 4, pos + 9)) === "Adobe") {
      adobeTransform = bytes[pos + 15]; // APP14 "Adobe": version(2) flags0(2) flags1(2) transform(1)
    }
    const ts = SOF_TS[marker];
    if (ts !== undefined) {
      if (len < 8) throw new DicomPixelError("JPEG_INVALID_HEADER", `bare JPEG: frame header at byte ${pos} is too short`, { byteOffset: pos });
      const precision = bytes[pos + 4]!;
      let rows = (bytes[pos + 5]! << 8) | bytes[pos + 6]!;
      const columns = (bytes[pos + 7]! << 8) | bytes[pos + 8]!;
      const components = bytes[pos + 9]!;
      if (rows === 0) rows = findDnl(bytes, pos + 2 + len);
      const photometricInterpretation = components === 1 ? "MONOCHROME2" : components === 3 && adobeTransform !== 0 ? "YBR_FULL" : "RGB";
      return { transferSyntaxUID: ts, rows, columns, components, precision, photometricInterpretation };
    }
    pos += 2 + len;
  }
  throw new DicomPixelError("JPEG_NO_FRAME", "bare JPEG: no frame header (SOFn) found", { byteOffset: pos });
}

/** Number of lines from a DNL marker (T.81 B.2.5), searched after the first scan; 0 when absent. */
function findDnl(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 5 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xdc && bytes[i + 2] === 0 && bytes[i + 3] === 4) return (bytes[i + 4]! << 8) | bytes[i + 5]!;
  }
  return 0;
}

/** The Image Pixel attributes of a bare JPEG stream as a data set (Explicit VR LE). */
export function bareJpegDataSet(h: BareJpegHeader): DataSet {
  const ds = new DataSet({ littleEndian: true, explicitVR: true });
  ds.setValue(Tag.SamplesPerPixel, "US", h.components);
  ds.setValue(Tag.PhotometricInterpretation, "CS", h.photometricInterpretation);
  if (h.components > 1) ds.setValue(Tag.PlanarConfiguration, "US", 0);
  ds.setValue(Tag.NumberOfFrames, "IS", "1");
  ds.setValue(Tag.Rows, "US", h.rows);
  ds.setValue(Tag.Columns, "US", h.columns);
  ds.setValue(Tag.BitsAllocated, "US", h.precision <= 8 ? 8 : 16);
  ds.setValue(Tag.BitsStored, "US", h.precision);
  ds.setValue(Tag.HighBit, "US", h.precision - 1);
  ds.setValue(Tag.PixelRepresentation, "US", 0);
  return ds;
}
