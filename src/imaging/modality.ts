/**
 * The Modality LUT stage (PS3.3 C.11.1): stored values -> modality values (e.g. Hounsfield units), by the Modality
 * LUT Sequence when present (it replaces rescale) or by Rescale Slope / Intercept.
 *
 * Results go into a type that holds them, chosen from the stored range and the slope/intercept: never clamped
 * into uint16, so a CT with intercept -1024 keeps its negative values.
 */
import { DicomPixelError } from "../errors.js";
import { lookupSamples, rescaleSamples, type ModalityArray, type SampleArray } from "../wasm/kernels/imaging.js";
import type { ImageDescription, ImagingAttributes } from "./attributes.js";
import { decodeLut, type DecodedLut } from "./lut-descriptor.js";

export interface ModalityOptions {
  /** Ignore the Modality LUT and rescale (dcmj2pnm `-M`). Default false. */
  disabled?: boolean;
  /** Where LUT bits per entry come from (see {@link decodeLut}). Default "descriptor". */
  lutBitsFrom?: "descriptor" | "data";
}

/** The modality transform of an image, resolved. */
export type ModalityTransform =
  | { kind: "identity"; min: number; max: number; integer: boolean }
  | { kind: "rescale"; slope: number; intercept: number; min: number; max: number; integer: boolean }
  | { kind: "lut"; lut: DecodedLut; min: number; max: number; integer: true };

/** Range of the stored values: [0, 2^BS - 1] or [-2^(BS-1), 2^(BS-1) - 1] (PS3.5 8.1.1). */
export function storedRange(desc: Pick<ImageDescription, "bitsStored" | "pixelRepresentation">): [number, number] {
  const bs = desc.bitsStored;
  return desc.pixelRepresentation === 1 ? [-(2 ** (bs - 1)), 2 ** (bs - 1) - 1] : [0, 2 ** bs - 1];
}

function isFloatImage(desc: ImageDescription): boolean {
  return desc.pixelDataElement === "FloatPixelData" || desc.pixelDataElement === "DoubleFloatPixelData";
}

/**
 * Resolves the modality transform: LUT (first item of the Modality LUT Sequence) > rescale > identity. `min`/`max`
 * are the range of possible modality values (from the stored range; the LUT's output range for a LUT).
 * @throws {DicomPixelError} INVALID_ATTRIBUTE when Rescale Slope is 0 or not finite, or the LUT is malformed
 */
export function resolveModality(desc: ImageDescription, attrs: ImagingAttributes, options: ModalityOptions = {}): ModalityTransform {
  const float = isFloatImage(desc);
  const [smin, smax] = float ? [-Infinity, Infinity] : storedRange(desc);
  if (options.disabled) return { kind: "identity", min: smin, max: smax, integer: !float };
  const item = attrs.modalityLut?.[0];
  if (item !== undefined && !float) {
    const lut = decodeLut(item, {
      signedInput: desc.pixelRepresentation === 1,
      context: "(0028,3000) Modality LUT Sequence item 1",
      ...(options.lutBitsFrom ? { bitsFrom: options.lutBitsFrom } : {}),
    });
    return { kind: "lut", lut, min: 0, max: 2 ** lut.bits - 1, integer: true };
  }
  const slope = attrs.rescaleSlope ?? 1;
  const intercept = attrs.rescaleIntercept ?? 0;
  if (!Number.isFinite(slope) || slope === 0) {
    throw new DicomPixelError("INVALID_ATTRIBUTE", `(0028,1053) Rescale Slope ${slope} is invalid: must be a finite non-zero number`, {
      tag: "(0028,1053)",
    });
  }
  if (!Number.isFinite(intercept)) {
    throw new DicomPixelError("INVALID_ATTRIBUTE", `(0028,1052) Rescale Intercept ${intercept} is invalid: must be a finite number`, {
      tag: "(0028,1052)",
    });
  }
  if (slope === 1 && intercept === 0) return { kind: "identity", min: smin, max: smax, integer: !float };
  const a = smin * slope + intercept;
  const b = smax * slope + intercept;
  const integer = !float && Number.isInteger(slope) && Number.isInteger(intercept);
  return { kind: "rescale", slope, intercept, min: Math.min(a, b), max: Math.max(a, b), integer };
}

/** The array type that holds every modality value of the transform without loss. */
export function modalityArrayType(t: ModalityTransform): "int16" | "uint16" | "int32" | "float32" | "float64" {
  if (t.kind === "lut") return "uint16";
  if (!t.integer) return "float32";
  if (t.min >= -32768 && t.max <= 32767) return "int16";
  if (t.min >= -(2 ** 31) && t.max <= 2 ** 31 - 1) return "int32";
  return "float64";
}

function allocate(type: ReturnType<typeof modalityArrayType>, n: number): ModalityArray {
  switch (type) {
    case "int16":
      return new Int16Array(n);
    case "uint16":
      return new Uint16Array(n);
    case "int32":
      return new Int32Array(n);
    case "float32":
      return new Float32Array(n);
    default:
      return new Float64Array(n);
  }
}

/**
 * Applies a resolved modality transform to samples (any integer or float typed array).
 * Identity returns the input unchanged (no copy).
 */
export function applyModalityTransform(samples: SampleArray, t: ModalityTransform): SampleArray {
  if (t.kind === "identity") return samples;
  const out = allocate(modalityArrayType(t), samples.length);
  if (t.kind === "lut") return lookupSamples(samples, "gray16", t.lut.data, t.lut.firstMapped, out as Uint16Array);
  return rescaleSamples(samples, t.slope, t.intercept, out);
}

/**
 * Modality values of one greyscale frame (canonical decoded form): Modality LUT when present, else rescale.
 * The result is Int16Array/Int32Array for integer slope and intercept (Float64Array beyond int32), Float32Array
 * otherwise, Uint16Array for a Modality LUT; the input itself when there is nothing to apply.
 * @throws {DicomPixelError} INVALID_ATTRIBUTE for a zero/non-finite slope or a malformed Modality LUT
 */
export function applyModalityLut(
  frame: SampleArray,
  desc: ImageDescription,
  attrs: ImagingAttributes,
  options: ModalityOptions = {},
): SampleArray {
  return applyModalityTransform(frame, resolveModality(desc, attrs, options));
}
