/**
 * Rendering of greyscale frames for display: stored values -> Modality LUT -> VOI LUT -> Presentation (PS3.3 C.11,
 * PS3.4 Annex N's grayscale pipeline) -> RGBA8 (canvas ImageData), Gray8 or Gray16.
 *
 * For integer data with Bits Stored <= 16 the three stages are folded into one table indexed by stored value
 * (at most 65536 entries, built with the same kernels), so a frame costs one lookup per pixel; the table is built
 * once per renderer unless the window depends on the frame (min-max, percentile). Other data (float pixel data,
 * 32-bit integers) goes through the stages pixel by pixel.
 *
 * Presentation: MONOCHROME1 is inverted after VOI (its minimum is white, PS3.3 C.7.6.3.1.2); Presentation LUT
 * Shape INVERSE inverts too, but the two are not combined into a double inversion: a MONOCHROME1 image with
 * INVERSE (what DX/MG images are required to carry, PS3.3 C.8.11.1.1) is inverted once.
 */
import { DicomPixelError } from "../errors.js";
import { lookupSamples, windowSamples, type SampleArray, type VoiFunctionCode } from "../wasm/kernels/imaging.js";
import type { ImageDescription, ImagingAttributes, PresentationLutShape, VoiLutFunction } from "./attributes.js";
import { applyModalityTransform, resolveModality, storedRange, type ModalityTransform } from "./modality.js";
import { frameWindow, resolveVoi, type VoiChoice, type VoiTransform } from "./voi.js";

export type GreyOutputFormat = "rgba8" | "gray8" | "gray16";

export interface RenderOptions {
  /** Output layout; default "rgba8" (R = G = B, A = 255; ready for `new ImageData(data, width, height)`). */
  output?: GreyOutputFormat;
  /** Which VOI transform; default "auto" (first window, else first VOI LUT, else min-max). */
  voi?: VoiChoice;
  /** Overrides (0028,1056) VOI LUT Function for windows. */
  voiFunction?: VoiLutFunction;
  /** Apply the Modality LUT / rescale (default true; false is dcmj2pnm `-M`). */
  modality?: boolean;
  /** Overrides (2050,0020) Presentation LUT Shape. */
  presentationLutShape?: PresentationLutShape;
  /** Where LUT bits per entry come from (see decodeLut); default "descriptor". */
  lutBitsFrom?: "descriptor" | "data";
}

/** A rendered frame. */
export interface RenderedFrame {
  width: number;
  height: number;
  format: GreyOutputFormat;
  /** rgba8: Uint8ClampedArray (4 bytes per pixel); gray8: Uint8Array; gray16: Uint16Array. */
  data: Uint8ClampedArray | Uint8Array | Uint16Array;
  /** The VOI transform that was applied (min-max and percentile resolved to the window used). */
  voi: VoiTransform;
  /** Whether the output was inverted (MONOCHROME1 / Presentation LUT Shape INVERSE). */
  inverted: boolean;
  /** Repairs made to malformed LUTs. */
  warnings: string[];
}

const FUNC_CODE: Readonly<Record<VoiLutFunction, VoiFunctionCode>> = { LINEAR: 0, LINEAR_EXACT: 1, SIGMOID: 2 };
const GREY = new Set(["MONOCHROME1", "MONOCHROME2"]);

/** True when the output must be inverted (see the file comment). */
export function isInverted(desc: Pick<ImageDescription, "photometricInterpretation">, attrs: ImagingAttributes, shape?: PresentationLutShape): boolean {
  return desc.photometricInterpretation === "MONOCHROME1" || (shape ?? attrs.presentationLutShape) === "INVERSE";
}

function outMaxOf(format: GreyOutputFormat): number {
  return format === "gray16" ? 65535 : 255;
}

function allocateOutput(format: GreyOutputFormat, pixels: number): Uint8ClampedArray | Uint8Array | Uint16Array {
  if (format === "rgba8") return new Uint8ClampedArray(pixels * 4);
  if (format === "gray8") return new Uint8Array(pixels);
  return new Uint16Array(pixels);
}

/**
 * Grey levels (0..outMax) for modality values under a VOI transform that is a window, a LUT or none.
 * LUT and "none" scale as DCMTK does: level = floor(v × (outMax + 1) / range), then invert.
 */
function levelsFor(
  modalityValues: SampleArray,
  voi: Extract<VoiTransform, { kind: "window" | "lut" | "none" }>,
  modality: ModalityTransform,
  outMax: number,
  invert: boolean,
): Uint16Array {
  const n = modalityValues.length;
  const out = new Uint16Array(n);
  if (voi.kind === "window") {
    return windowSamples(modalityValues, "gray16", FUNC_CODE[voi.function], voi.center, voi.width, invert ? outMax : 0, invert ? 0 : outMax, out);
  }
  let lo: number;
  let range: number;
  let src: ArrayLike<number> = modalityValues;
  if (voi.kind === "lut") {
    src = lookupSamples(modalityValues, "gray16", voi.lut.data, voi.lut.firstMapped, new Uint16Array(n));
    lo = 0;
    range = 2 ** voi.lut.bits;
  } else {
    let min = modality.min;
    let max = modality.max;
    if (!Number.isFinite(min) || !Number.isFinite(max)) {
      min = Infinity;
      max = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = modalityValues[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!(min <= max)) [min, max] = [0, 0];
    }
    lo = min;
    range = modality.integer ? max - min + 1 : Math.max(max - min, Number.MIN_VALUE);
  }
  const scale = (outMax + 1) / range;
  for (let i = 0; i < n; i++) {
    let y = Math.floor((src[i]! - lo) * scale);
    y = y < 0 ? 0 : y > outMax ? outMax : y;
    out[i] = invert ? outMax - y : y;
  }
  return out;
}

/** Writes grey levels into the output layout (used by the per-pixel path). */
function writeLevels(levels: Uint16Array, format: GreyOutputFormat, dst: Uint8ClampedArray | Uint8Array | Uint16Array): void {
  if (format === "gray16") (dst as Uint16Array).set(levels);
  else if (format === "gray8") (dst as Uint8Array).set(levels);
  else {
    for (let i = 0, j = 0; i < levels.length; i++, j += 4) {
      const v = levels[i]!;
      dst[j] = v;
      dst[j + 1] = v;
      dst[j + 2] = v;
      dst[j + 3] = 255;
    }
  }
}

/** A renderer for the frames of one image: resolves attributes once and caches the stored-value table. */
export interface FrameRenderer {
  readonly modality: ModalityTransform;
  readonly voi: VoiTransform;
  readonly inverted: boolean;
  /**
   * Renders one frame (canonical decoded form: masked, sign-extended, little-endian typed array of Rows × Columns
   * samples). Pass `dst` to reuse an output buffer.
   * @throws {DicomPixelError} INVALID_ARGUMENT when the frame has the wrong number of samples
   */
  render(frame: SampleArray, dst?: Uint8ClampedArray | Uint8Array | Uint16Array): RenderedFrame;
}

/**
 * Creates a renderer for greyscale images (MONOCHROME1/2). Colour images are never modality- or VOI-transformed;
 * use {@link renderColorFrame} for them.
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for a non-greyscale photometric interpretation;
 *   INVALID_ATTRIBUTE / INVALID_ARGUMENT as {@link resolveModality} and {@link resolveVoi}
 */
export function createRenderer(desc: ImageDescription, attrs: ImagingAttributes = {}, options: RenderOptions = {}): FrameRenderer {
  if (!GREY.has(desc.photometricInterpretation) || desc.samplesPerPixel !== 1) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `(0028,0004) Photometric Interpretation ${desc.photometricInterpretation} is not greyscale: Modality and VOI LUTs apply to MONOCHROME1/MONOCHROME2 only (PS3.3 C.11)`,
      { tag: "(0028,0004)" },
    );
  }
  const format = options.output ?? "rgba8";
  const outMax = outMaxOf(format);
  const modality = resolveModality(desc, attrs, {
    disabled: options.modality === false,
    ...(options.lutBitsFrom ? { lutBitsFrom: options.lutBitsFrom } : {}),
  });
  const voiWarnings: string[] = [];
  const voi = resolveVoi(attrs, options.voi ?? "auto", modality, {
    onWarning: (m) => voiWarnings.push(m),
    ...(options.voiFunction ? { voiFunction: options.voiFunction } : {}),
    ...(options.lutBitsFrom ? { lutBitsFrom: options.lutBitsFrom } : {}),
  });
  const inverted = isInverted(desc, attrs, options.presentationLutShape);
  const warnings = [...(modality.kind === "lut" ? modality.lut.warnings : []), ...voiWarnings, ...(voi.kind === "lut" ? voi.lut.warnings : [])];
  const pixels = desc.rows * desc.columns;
  const float = desc.pixelDataElement === "FloatPixelData" || desc.pixelDataElement === "DoubleFloatPixelData";
  const tablePath = !float && desc.bitsStored <= 16;
  const [smin, smax] = float ? [0, 0] : storedRange(desc);

  let inputs: Int32Array | undefined;
  let modalityTable: SampleArray | undefined;
  let cachedTable: Uint16Array | undefined;
  const tableModality = (): SampleArray => {
    if (modalityTable === undefined) {
      inputs = new Int32Array(smax - smin + 1);
      for (let i = 0; i < inputs.length; i++) inputs[i] = smin + i;
      modalityTable = applyModalityTransform(inputs, modality);
    }
    return modalityTable;
  };

  const render = (frame: SampleArray, dst?: Uint8ClampedArray | Uint8Array | Uint16Array): RenderedFrame => {
    if (frame.length !== pixels) {
      throw new DicomPixelError("INVALID_ARGUMENT", `frame has ${frame.length} samples, expected Rows × Columns = ${desc.rows} × ${desc.columns} = ${pixels}`);
    }
    const out = dst ?? allocateOutput(format, pixels);
    let used: VoiTransform = voi;
    let frameModality: SampleArray | undefined;
    if (voi.kind === "min-max" || voi.kind === "percentile") {
      frameModality = applyModalityTransform(frame, modality);
      used = { kind: "window", ...frameWindow(voi, frameModality, modality.integer) };
    }
    const concrete = used as Extract<VoiTransform, { kind: "window" | "lut" | "none" }>;
    if (tablePath) {
      let table = used === voi ? cachedTable : undefined;
      if (table === undefined) {
        table = levelsFor(tableModality(), concrete, modality, outMax, inverted);
        if (used === voi) cachedTable = table;
      }
      lookupSamples(frame, format, table, smin, out);
    } else {
      const values = frameModality ?? applyModalityTransform(frame, modality);
      if (concrete.kind === "window") {
        const [y0, y1] = inverted ? [outMax, 0] : [0, outMax];
        windowSamples(values, format, FUNC_CODE[concrete.function], concrete.center, concrete.width, y0, y1, out);
      } else {
        writeLevels(levelsFor(values, concrete, modality, outMax, inverted), format, out);
      }
    }
    return { width: desc.columns, height: desc.rows, format, data: out, voi: used, inverted, warnings };
  };
  return { modality, voi, inverted, render };
}

/**
 * Renders one greyscale frame (see {@link createRenderer}; for many frames of one image create the renderer once).
 * @throws {DicomPixelError} as {@link createRenderer}
 */
export function renderFrame(frame: SampleArray, desc: ImageDescription, attrs: ImagingAttributes = {}, options: RenderOptions = {}): RenderedFrame {
  return createRenderer(desc, attrs, options).render(frame);
}
