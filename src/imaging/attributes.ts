/**
 * The attributes of the grayscale display pipeline (PS3.3 C.11: Modality LUT, VOI LUT, Presentation LUT) as
 * plain typed values, independent of how they were read. {@link imagingFromDataSet} fills them from a data set;
 * callers holding other models (dcmjs, their own parser) can fill them by hand.
 */

/** VOI LUT Function (0028,1056), PS3.3 C.11.2.1.3. */
export type VoiLutFunction = "LINEAR" | "LINEAR_EXACT" | "SIGMOID";
/** Presentation LUT Shape (2050,0020), PS3.3 C.11.6.1.1. */
export type PresentationLutShape = "IDENTITY" | "INVERSE";

/**
 * One item of the Modality LUT Sequence (0028,3000) or the VOI LUT Sequence (0028,3010) as stored.
 * The descriptor is decoded later because its second value is signed or unsigned depending on the input
 * (PS3.3 C.11.1.1.1, C.11.2.1.1).
 */
export interface LutItem {
  /**
   * LUT Descriptor (0028,3002) as three 16-bit words read as unsigned (a value read as SS, e.g. -1024, is
   * accepted and taken modulo 65536): number of entries (0 means 65536), first input value mapped, bits per entry.
   */
  descriptor: readonly [number, number, number];
  /** LUT Data (0028,3006): the raw value bytes. */
  data: Uint8Array;
  /** VR of the LUT Data ("US", "SS" or "OW"); only informational, the words are read as unsigned 16-bit. */
  vr?: string;
  /** Byte order of `data` (true unless the data set is Explicit VR Big Endian). Default true. */
  littleEndian?: boolean;
  /** LUT Explanation (0028,3003). */
  explanation?: string;
  /** Modality LUT Type (0028,3004), Modality LUT items only. */
  modalityLutType?: string;
}

/** The attributes that drive Modality -> VOI -> Presentation. Everything is optional. */
export interface ImagingAttributes {
  /** (0028,1053) Rescale Slope; default 1. */
  rescaleSlope?: number;
  /** (0028,1052) Rescale Intercept; default 0. */
  rescaleIntercept?: number;
  /** (0028,1054) Rescale Type (HU, US, ...). Informational. */
  rescaleType?: string;
  /** (0028,3000) Modality LUT Sequence; when present it replaces rescale (PS3.3 C.11.1). */
  modalityLut?: readonly LutItem[];
  /** (0028,1050) Window Center values. */
  windowCenters?: readonly number[];
  /** (0028,1051) Window Width values (same count as the centers). */
  windowWidths?: readonly number[];
  /** (0028,1055) Window Center & Width Explanation values. */
  windowExplanations?: readonly string[];
  /** (0028,1056) VOI LUT Function; default LINEAR. */
  voiLutFunction?: VoiLutFunction;
  /** (0028,3010) VOI LUT Sequence items. */
  voiLuts?: readonly LutItem[];
  /** (2050,0020) Presentation LUT Shape. */
  presentationLutShape?: PresentationLutShape;
}

/** What the pipeline needs from the Image Pixel module; a {@link PixelModule} satisfies it. */
export interface ImageDescription {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  /** "FloatPixelData" / "DoubleFloatPixelData" for float frames; default "PixelData". */
  pixelDataElement?: string;
}
