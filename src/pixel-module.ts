/**
 * The Image Pixel module (PS3.3 C.7.6.3) as a validated, typed object.
 *
 * ## The canonical decoded form
 *
 * Every decode path in dicompix (native, RLE, JPEG, ...) returns frames in one layout, the one
 * ../shared/conformance-data/README.md calls canonical:
 *
 * - cells of Bits Allocated bits (8, 16 or 32; 32/64-bit IEEE float for Float / Double Float Pixel Data),
 *   **little endian**, row-major;
 * - colour samples **interleaved per pixel** (R,G,B,R,G,B… = Planar Configuration 0), whatever the file's
 *   Planar Configuration or RLE segment order, unless the caller asks to keep the planar layout;
 * - sample values **masked to Bits Stored at High Bit**, shifted so that the lowest stored bit is bit 0, and
 *   **sign-extended** to the whole cell when Pixel Representation is 1 (a 12-bit −5 is int16 −5, 0xFFFB);
 * - **no colour-space conversion** (YCbCr stays YCbCr, palette stays indices, MONOCHROME1 stays
 *   MONOCHROME1); JPEG YBR_FULL_422 is returned with chroma upsampled to full resolution, native
 *   YBR_FULL_422 (Y0 Y1 Cb Cr per pixel pair) expanded to one Y,Cb,Cr triple per pixel;
 * - Bits Allocated 1: one byte (0 or 1) per pixel;
 * - no LUT applied.
 */

import { DicomPixelError } from "./errors.js";

export type PhotometricInterpretation =
  | "MONOCHROME1"
  | "MONOCHROME2"
  | "PALETTE COLOR"
  | "RGB"
  | "YBR_FULL"
  | "YBR_FULL_422"
  | "YBR_PARTIAL_422"
  | "YBR_PARTIAL_420"
  | "YBR_ICT"
  | "YBR_RCT"
  | "HSV"
  | "ARGB"
  | "CMYK"
  | "XYB";

export type PixelRepresentation = 0 | 1;
export type PlanarConfiguration = 0 | 1;
/** Which element holds the pixels: (7FE0,0010), (7FE0,0008) or (7FE0,0009). */
export type PixelDataElement = "PixelData" | "FloatPixelData" | "DoubleFloatPixelData";

/** Samples per Pixel each Photometric Interpretation requires (PS3.3 C.7.6.3.1.2). */
const SAMPLES_FOR_PHOTOMETRIC: Readonly<Record<PhotometricInterpretation, number>> = {
  MONOCHROME1: 1,
  MONOCHROME2: 1,
  "PALETTE COLOR": 1,
  RGB: 3,
  YBR_FULL: 3,
  YBR_FULL_422: 3,
  YBR_PARTIAL_422: 3,
  YBR_PARTIAL_420: 3,
  YBR_ICT: 3,
  YBR_RCT: 3,
  HSV: 3,
  ARGB: 4,
  CMYK: 4,
  XYB: 3,
};

/** Attribute values by keyword, as a caller or a data set reader supplies them. Text values are tolerated
 *  for numbers (IS/DS strings such as " 10 "). */
export interface PixelModuleAttributes {
  rows?: number | string;
  columns?: number | string;
  samplesPerPixel?: number | string;
  photometricInterpretation?: string;
  planarConfiguration?: number | string | null;
  numberOfFrames?: number | string | null;
  bitsAllocated?: number | string;
  bitsStored?: number | string | null;
  highBit?: number | string | null;
  pixelRepresentation?: number | string | null;
  pixelDataElement?: PixelDataElement;
}

export interface PixelModuleOptions {
  /**
   * Turn the known real-world deviations into warnings instead of errors (default false):
   * - Planar Configuration missing when Samples per Pixel > 1 (assumed 0, as DCMTK and pydicom do);
   * - Number of Frames 0 (assumed 1);
   * - Bits Stored / High Bit / Pixel Representation missing (assumed Bits Allocated, Bits Stored − 1, 0);
   * - Photometric Interpretation missing (MONOCHROME2 for 1 sample, RGB for 3);
   * - Samples per Pixel missing (taken from the Photometric Interpretation);
   * - Samples per Pixel inconsistent with the Photometric Interpretation (the photometric wins).
   * Never relaxed: Rows/Columns, Bits Allocated, Bits Stored > Bits Allocated, High Bit outside its range.
   */
  lenient?: boolean;
}

export interface PixelModuleWarning {
  tag: string;
  keyword: string;
  message: string;
}

interface AttributeInfo {
  tag: string;
  name: string;
}

const ATTR: Readonly<Record<string, AttributeInfo>> = {
  samplesPerPixel: { tag: "(0028,0002)", name: "Samples per Pixel" },
  photometricInterpretation: { tag: "(0028,0004)", name: "Photometric Interpretation" },
  planarConfiguration: { tag: "(0028,0006)", name: "Planar Configuration" },
  numberOfFrames: { tag: "(0028,0008)", name: "Number of Frames" },
  rows: { tag: "(0028,0010)", name: "Rows" },
  columns: { tag: "(0028,0011)", name: "Columns" },
  bitsAllocated: { tag: "(0028,0100)", name: "Bits Allocated" },
  bitsStored: { tag: "(0028,0101)", name: "Bits Stored" },
  highBit: { tag: "(0028,0102)", name: "High Bit" },
  pixelRepresentation: { tag: "(0028,0103)", name: "Pixel Representation" },
};

function invalid(keyword: string, value: unknown, rule: string): DicomPixelError {
  const a = ATTR[keyword]!;
  return new DicomPixelError("INVALID_ATTRIBUTE", `${a.tag} ${a.name} ${JSON.stringify(value)} is invalid: ${rule}`, {
    tag: a.tag,
  });
}

function missing(keyword: string, why = "it is required"): DicomPixelError {
  const a = ATTR[keyword]!;
  return new DicomPixelError("MISSING_ATTRIBUTE", `${a.tag} ${a.name} is missing: ${why}`, { tag: a.tag });
}

/** Parses an integer attribute given as a number, IS text or a one-element array; undefined when absent. */
function integerValue(keyword: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let v: unknown = raw;
  if (Array.isArray(v)) v = v[0];
  if (typeof v === "string") {
    const text = v.replace(/[\0 ]+$/, "").trim();
    if (text === "") return undefined;
    if (!/^[+-]?\d+$/.test(text)) throw invalid(keyword, raw, "must be an integer");
    v = Number(text);
  }
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(keyword, raw, "must be an integer");
  return v;
}

function inRange(keyword: string, v: number, lo: number, hi: number, rule?: string): number {
  if (v < lo || v > hi) throw invalid(keyword, v, rule ?? `must be between ${lo} and ${hi}`);
  return v;
}

export type FrameArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
export type FrameArrayConstructor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** A validated Image Pixel module. Construct with {@link PixelModule.from}. */
export class PixelModule {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: PhotometricInterpretation;
  /** 0 when Samples per Pixel is 1. */
  readonly planarConfiguration: PlanarConfiguration;
  readonly numberOfFrames: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly pixelRepresentation: PixelRepresentation;
  readonly pixelDataElement: PixelDataElement;
  /** Deviations accepted in lenient mode. */
  readonly warnings: readonly PixelModuleWarning[];

  private constructor(v: Omit<PixelModule, "warnings" | keyof PixelModuleMethods> & { warnings: PixelModuleWarning[] }) {
    this.rows = v.rows;
    this.columns = v.columns;
    this.samplesPerPixel = v.samplesPerPixel;
    this.photometricInterpretation = v.photometricInterpretation;
    this.planarConfiguration = v.planarConfiguration;
    this.numberOfFrames = v.numberOfFrames;
    this.bitsAllocated = v.bitsAllocated;
    this.bitsStored = v.bitsStored;
    this.highBit = v.highBit;
    this.pixelRepresentation = v.pixelRepresentation;
    this.pixelDataElement = v.pixelDataElement;
    this.warnings = Object.freeze(v.warnings);
    Object.freeze(this);
  }

  /**
   * Validates attribute values (by keyword, or a dcmjs naturalized data set with PascalCase keywords) per
   * PS3.3 C.7.6.3 and PS3.5 section 8.
   * @throws {DicomPixelError} INVALID_ATTRIBUTE / MISSING_ATTRIBUTE naming tag, keyword, value and range.
   */
  static from(attrs: PixelModuleAttributes | Record<string, unknown>, options: PixelModuleOptions = {}): PixelModule {
    const a = normaliseKeys(attrs);
    const lenient = options.lenient ?? false;
    const warnings: PixelModuleWarning[] = [];
    const warn = (keyword: string, message: string) => {
      const info = ATTR[keyword]!;
      warnings.push({ tag: info.tag, keyword, message: `${info.tag} ${info.name} ${message}` });
    };

    const element: PixelDataElement = a.pixelDataElement ?? "PixelData";
    const isFloat = element !== "PixelData";

    const rows = integerValue("rows", a.rows);
    if (rows === undefined) throw missing("rows");
    inRange("rows", rows, 1, 65535);
    const columns = integerValue("columns", a.columns);
    if (columns === undefined) throw missing("columns");
    inRange("columns", columns, 1, 65535);

    // Photometric Interpretation and Samples per Pixel (C.7.6.3.1.1-2)
    let spp = integerValue("samplesPerPixel", a.samplesPerPixel);
    let pi = typeof a.photometricInterpretation === "string" ? a.photometricInterpretation.replace(/[\0 ]+$/, "").trim() : undefined;
    if (Array.isArray(a.photometricInterpretation)) pi = String(a.photometricInterpretation[0]).trim();
    if (pi === undefined || pi === "") {
      if (!lenient) throw missing("photometricInterpretation");
      pi = (spp ?? 1) === 1 ? "MONOCHROME2" : "RGB";
      warn("photometricInterpretation", `is missing; assumed ${pi}`);
    }
    if (!(pi in SAMPLES_FOR_PHOTOMETRIC)) {
      throw invalid("photometricInterpretation", pi, `must be one of ${Object.keys(SAMPLES_FOR_PHOTOMETRIC).join(", ")}`);
    }
    const photometric = pi as PhotometricInterpretation;
    const required = SAMPLES_FOR_PHOTOMETRIC[photometric];
    if (spp === undefined) {
      if (!lenient) throw missing("samplesPerPixel");
      spp = required;
      warn("samplesPerPixel", `is missing; assumed ${spp} from Photometric Interpretation ${photometric}`);
    }
    if (spp !== required) {
      if (!lenient || spp < 1) {
        throw invalid("samplesPerPixel", spp, `must be ${required} for Photometric Interpretation ${photometric}`);
      }
      warn("samplesPerPixel", `${spp} does not match Photometric Interpretation ${photometric}; assumed ${required}`);
      spp = required;
    }

    // Planar Configuration (C.7.6.3.1.3): required, 0 or 1, when Samples per Pixel > 1.
    let planar: PlanarConfiguration = 0;
    const pc = integerValue("planarConfiguration", a.planarConfiguration);
    if (spp > 1) {
      if (pc === undefined) {
        if (!lenient) throw missing("planarConfiguration", `it is required when Samples per Pixel is ${spp}`);
        warn("planarConfiguration", "is missing; assumed 0 (colour-by-pixel)");
      } else {
        planar = inRange("planarConfiguration", pc, 0, 1, "must be 0 (colour-by-pixel) or 1 (colour-by-plane)") as PlanarConfiguration;
      }
    }

    // Number of Frames (C.7.6.6): IS, >= 1; absent means one frame.
    let frames = integerValue("numberOfFrames", a.numberOfFrames) ?? 1;
    if (frames === 0 && lenient) {
      warn("numberOfFrames", "is 0; assumed 1");
      frames = 1;
    }
    inRange("numberOfFrames", frames, 1, 2 ** 31 - 1, "must be 1 or more");

    // Bits Allocated (C.7.6.3.1.x, PS3.5 8.1.1): 1 or a multiple of 8; float 32, double float 64.
    const ba = integerValue("bitsAllocated", a.bitsAllocated);
    if (ba === undefined) throw missing("bitsAllocated");
    if (element === "FloatPixelData" && ba !== 32) throw invalid("bitsAllocated", ba, "must be 32 for Float Pixel Data (7FE0,0008)");
    if (element === "DoubleFloatPixelData" && ba !== 64) {
      throw invalid("bitsAllocated", ba, "must be 64 for Double Float Pixel Data (7FE0,0009)");
    }
    if (!isFloat) {
      if (ba !== 1 && (ba < 8 || ba % 8 !== 0)) throw invalid("bitsAllocated", ba, "must be 1 or a multiple of 8");
      if (ba !== 1 && ba !== 8 && ba !== 16 && ba !== 32) {
        throw new DicomPixelError(
          "UNSUPPORTED_FEATURE",
          `(0028,0100) Bits Allocated ${ba} is not supported: integer Pixel Data must have 1, 8, 16 or 32 bits allocated`,
          { tag: "(0028,0100)" },
        );
      }
    }

    // Bits Stored and High Bit (C.7.6.3.1): 1 <= BS <= BA, BS - 1 <= HB < BA.
    let bs = integerValue("bitsStored", a.bitsStored);
    if (bs === undefined) {
      if (!lenient && !isFloat) throw missing("bitsStored");
      bs = ba;
      if (!isFloat) warn("bitsStored", `is missing; assumed Bits Allocated (${ba})`);
    }
    inRange("bitsStored", bs, 1, ba, `must be between 1 and Bits Allocated (${ba})`);
    let hb = integerValue("highBit", a.highBit);
    if (hb === undefined) {
      if (!lenient && !isFloat) throw missing("highBit");
      hb = bs - 1;
      if (!isFloat) warn("highBit", `is missing; assumed Bits Stored - 1 (${hb})`);
    }
    inRange("highBit", hb, bs - 1, ba - 1, `must be between Bits Stored - 1 (${bs - 1}) and Bits Allocated - 1 (${ba - 1})`);
    if (isFloat && (bs !== ba || hb !== ba - 1)) {
      throw invalid("bitsStored", bs, `must equal Bits Allocated (${ba}) for floating-point pixel data`);
    }

    let pr = integerValue("pixelRepresentation", a.pixelRepresentation);
    if (pr === undefined) {
      if (!lenient && !isFloat) throw missing("pixelRepresentation");
      pr = 0;
      if (!isFloat) warn("pixelRepresentation", "is missing; assumed 0 (unsigned)");
    }
    inRange("pixelRepresentation", pr, 0, 1, "must be 0 (unsigned) or 1 (two's complement)");

    if (ba === 1 && spp !== 1) throw invalid("samplesPerPixel", spp, "must be 1 when Bits Allocated is 1");

    return new PixelModule({
      rows,
      columns,
      samplesPerPixel: spp,
      photometricInterpretation: photometric,
      planarConfiguration: planar,
      numberOfFrames: frames,
      bitsAllocated: ba,
      bitsStored: bs,
      highBit: hb,
      pixelRepresentation: pr as PixelRepresentation,
      pixelDataElement: element,
      warnings,
    });
  }

  /** Rows × Columns. */
  pixelsPerFrame(): number {
    return this.rows * this.columns;
  }

  /** Samples in one decoded frame: Rows × Columns × Samples per Pixel. */
  samplesPerFrame(): number {
    return this.rows * this.columns * this.samplesPerPixel;
  }

  /** Bytes of one canonical cell (1-bit data is unpacked to one byte). */
  bytesPerSample(): number {
    return this.bitsAllocated === 1 ? 1 : this.bitsAllocated / 8;
  }

  /** Bytes of one frame in the canonical decoded form. */
  frameByteLength(): number {
    return this.samplesPerFrame() * this.bytesPerSample();
  }

  /**
   * Bits of one frame as stored natively (PS3.5 8.1.1). 1-bit frames follow each other without byte
   * alignment, so the frame's start is at frameIndex × this value in bits. Native YBR_FULL_422 stores two
   * samples per pixel (Y0 Y1 Cb Cr per pair, PS3.3 C.7.6.3.1.2).
   */
  nativeFrameBitLength(): number {
    const samples = this.photometricInterpretation === "YBR_FULL_422" ? 2 : this.samplesPerPixel;
    return this.pixelsPerFrame() * samples * this.bitsAllocated;
  }

  /** Bytes one native frame occupies (rounded up for 1-bit data). */
  nativeFrameByteLength(): number {
    return Math.ceil(this.nativeFrameBitLength() / 8);
  }

  /** Expected native Pixel Data value length for all frames, and its even-padded length (PS3.5 7.1.1). */
  expectedNativeLength(): { bytes: number; padded: number } {
    const bytes = Math.ceil((this.nativeFrameBitLength() * this.numberOfFrames) / 8);
    return { bytes, padded: bytes + (bytes & 1) };
  }

  /** The typed-array class that holds one canonical frame. */
  frameArrayType(): FrameArrayConstructor {
    if (this.pixelDataElement === "FloatPixelData") return Float32Array;
    if (this.pixelDataElement === "DoubleFloatPixelData") return Float64Array;
    const signed = this.pixelRepresentation === 1;
    switch (this.bitsAllocated) {
      case 1:
        return Uint8Array;
      case 8:
        return signed ? Int8Array : Uint8Array;
      case 16:
        return signed ? Int16Array : Uint16Array;
      default:
        return signed ? Int32Array : Uint32Array;
    }
  }

  /** A copy with some attributes changed, validated again (e.g. after a colour conversion). */
  with(changes: PixelModuleAttributes, options: PixelModuleOptions = {}): PixelModule {
    return PixelModule.from({ ...this.toAttributes(), ...changes }, options);
  }

  /** Plain attribute values by keyword. */
  toAttributes(): Required<Omit<PixelModuleAttributes, never>> {
    return {
      rows: this.rows,
      columns: this.columns,
      samplesPerPixel: this.samplesPerPixel,
      photometricInterpretation: this.photometricInterpretation,
      planarConfiguration: this.planarConfiguration,
      numberOfFrames: this.numberOfFrames,
      bitsAllocated: this.bitsAllocated,
      bitsStored: this.bitsStored,
      highBit: this.highBit,
      pixelRepresentation: this.pixelRepresentation,
      pixelDataElement: this.pixelDataElement,
    };
  }
}

type PixelModuleMethods = Pick<
  PixelModule,
  | "pixelsPerFrame"
  | "samplesPerFrame"
  | "bytesPerSample"
  | "frameByteLength"
  | "nativeFrameBitLength"
  | "nativeFrameByteLength"
  | "expectedNativeLength"
  | "frameArrayType"
  | "with"
  | "toAttributes"
>;

const PASCAL_TO_CAMEL: Readonly<Record<string, keyof PixelModuleAttributes>> = {
  Rows: "rows",
  Columns: "columns",
  SamplesPerPixel: "samplesPerPixel",
  PhotometricInterpretation: "photometricInterpretation",
  PlanarConfiguration: "planarConfiguration",
  NumberOfFrames: "numberOfFrames",
  BitsAllocated: "bitsAllocated",
  BitsStored: "bitsStored",
  HighBit: "highBit",
  PixelRepresentation: "pixelRepresentation",
};

/** Accepts camelCase keywords or a dcmjs naturalized data set (PascalCase keywords, FloatPixelData keys). */
function normaliseKeys(attrs: PixelModuleAttributes | Record<string, unknown>): PixelModuleAttributes {
  const src = attrs as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    const camel = PASCAL_TO_CAMEL[k];
    if (camel !== undefined) out[camel] = v;
    else if (k in ATTR || k === "pixelDataElement") out[k] = v;
  }
  if (out.pixelDataElement === undefined) {
    if (src.FloatPixelData !== undefined) out.pixelDataElement = "FloatPixelData";
    else if (src.DoubleFloatPixelData !== undefined) out.pixelDataElement = "DoubleFloatPixelData";
  }
  return out as PixelModuleAttributes;
}
