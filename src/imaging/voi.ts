/**
 * The VOI LUT stage (PS3.3 C.11.2): choosing a window or a VOI LUT, and the automatic windows used when the data
 * set has none.
 */
import { DicomPixelError } from "../errors.js";
import type { SampleArray } from "../wasm/kernels/imaging.js";
import { sampleMinMax } from "../wasm/kernels/imaging.js";
import type { ImagingAttributes, VoiLutFunction } from "./attributes.js";
import { decodeLut, type DecodedLut } from "./lut-descriptor.js";
import type { ModalityTransform } from "./modality.js";

/**
 * Which VOI transform to use. Indices count from 0 (the CLI counts from 1, as dcmj2pnm does).
 * - "auto" (default): the first window if present, else the first VOI LUT, else min-max;
 * - "none": no VOI; the full range of possible modality values is scaled linearly to the output (dcmj2pnm `-W`);
 * - "min-max": a window from the smallest and largest modality value of the frame (dcmj2pnm `+Wm`);
 * - `{ window: i }` / `{ windowExplanation }`: a window of (0028,1050/1051), by index or by explanation (0028,1055);
 * - `{ lut: i }` / `{ lutExplanation }`: an item of the VOI LUT Sequence (0028,3010), by index or LUT Explanation;
 * - `{ center, width }`: an explicit window;
 * - `{ percentile: [lo, hi] }`: a window from two percentiles (0..100) of the frame's modality values, which
 *   ignores outliers (e.g. [1, 99]).
 */
export type VoiChoice =
  | "auto"
  | "none"
  | "min-max"
  | { window: number }
  | { windowExplanation: string }
  | { lut: number }
  | { lutExplanation: string }
  | { center: number; width: number }
  | { percentile: readonly [number, number] };

/** A resolved VOI transform. min-max and percentile are turned into windows per frame by {@link frameWindow}. */
export type VoiTransform =
  | { kind: "window"; center: number; width: number; function: VoiLutFunction; explanation?: string }
  | { kind: "lut"; lut: DecodedLut }
  | { kind: "min-max"; function: VoiLutFunction }
  | { kind: "percentile"; low: number; high: number; function: VoiLutFunction }
  | { kind: "none" };

export interface VoiOptions {
  /** Receives a sentence for each window "auto" had to pass over (e.g. Window Width 0). */
  onWarning?: (message: string) => void;
  /** Overrides (0028,1056) VOI LUT Function for windows (dcmj2pnm `+Wfl` / `+Wfs`). */
  voiFunction?: VoiLutFunction;
  /** Where VOI LUT bits per entry come from (see decodeLut). */
  lutBitsFrom?: "descriptor" | "data";
}

function fileWindows(attrs: ImagingAttributes): { center: number; width: number; explanation?: string }[] {
  const c = attrs.windowCenters ?? [];
  const w = attrs.windowWidths ?? [];
  const out: { center: number; width: number; explanation?: string }[] = [];
  for (let i = 0; i < Math.min(c.length, w.length); i++) {
    const e = attrs.windowExplanations?.[i];
    out.push(e === undefined ? { center: c[i]!, width: w[i]! } : { center: c[i]!, width: w[i]!, explanation: e });
  }
  return out;
}

function checkWindow(center: number, width: number, func: VoiLutFunction, what: string): void {
  if (!Number.isFinite(center)) {
    throw new DicomPixelError("INVALID_ATTRIBUTE", `${what}: (0028,1050) Window Center ${center} is invalid: must be a finite number`, {
      tag: "(0028,1050)",
    });
  }
  const ok = func === "LINEAR" ? width >= 1 : width > 0;
  if (!Number.isFinite(width) || !ok) {
    throw new DicomPixelError(
      "INVALID_ATTRIBUTE",
      `${what}: (0028,1051) Window Width ${width} is invalid: must be ${func === "LINEAR" ? ">= 1" : "> 0"} for VOI LUT Function ${func} (PS3.3 C.11.2.1.2)`,
      { tag: "(0028,1051)" },
    );
  }
}

function notFound(what: string, have: string): DicomPixelError {
  return new DicomPixelError("INVALID_ARGUMENT", `${what} not found: the data set has ${have}`);
}

/**
 * Resolves a {@link VoiChoice} against the data set's attributes.
 * @throws {DicomPixelError} INVALID_ARGUMENT when the chosen window or LUT does not exist; INVALID_ATTRIBUTE when
 *   it is malformed (Window Width < 1 for LINEAR, a bad LUT Descriptor)
 */
export function resolveVoi(attrs: ImagingAttributes, choice: VoiChoice, modality: ModalityTransform, options: VoiOptions = {}): VoiTransform {
  const func: VoiLutFunction = options.voiFunction ?? attrs.voiLutFunction ?? "LINEAR";
  const windows = fileWindows(attrs);
  const luts = attrs.voiLuts ?? [];
  const lutAt = (i: number): VoiTransform => ({
    kind: "lut",
    lut: decodeLut(luts[i]!, {
      signedInput: modality.min < 0,
      context: `(0028,3010) VOI LUT Sequence item ${i + 1}`,
      ...(options.lutBitsFrom ? { bitsFrom: options.lutBitsFrom } : {}),
    }),
  });
  const windowAt = (i: number): VoiTransform => {
    const w = windows[i]!;
    checkWindow(w.center, w.width, func, `window ${i + 1}`);
    return { kind: "window", center: w.center, width: w.width, function: func, ...(w.explanation !== undefined ? { explanation: w.explanation } : {}) };
  };
  if (choice === "auto") {
    // The first usable window: files with Window Width 0 exist (PS3.3 requires >= 1 for LINEAR); skip them.
    for (let i = 0; i < windows.length; i++) {
      try {
        return windowAt(i);
      } catch (e) {
        options.onWarning?.(`${(e as Error).message}; window ${i + 1} ignored`);
      }
    }
    if (luts.length > 0) return lutAt(0);
    return { kind: "min-max", function: options.voiFunction ?? "LINEAR" };
  }
  if (choice === "none") return { kind: "none" };
  if (choice === "min-max") return { kind: "min-max", function: options.voiFunction ?? "LINEAR" };
  if ("window" in choice) {
    if (!Number.isInteger(choice.window) || choice.window < 0 || choice.window >= windows.length) {
      throw notFound(`VOI window index ${choice.window} (counted from 0)`, `${windows.length} window(s) in (0028,1050)/(0028,1051)`);
    }
    return windowAt(choice.window);
  }
  if ("windowExplanation" in choice) {
    const want = choice.windowExplanation.trim().toUpperCase();
    const i = windows.findIndex((w) => (w.explanation ?? "").trim().toUpperCase() === want);
    if (i < 0) throw notFound(`VOI window with explanation ${JSON.stringify(choice.windowExplanation)}`, `explanations ${JSON.stringify(windows.map((w) => w.explanation ?? ""))} in (0028,1055)`);
    return windowAt(i);
  }
  if ("lut" in choice) {
    if (!Number.isInteger(choice.lut) || choice.lut < 0 || choice.lut >= luts.length) {
      throw notFound(`VOI LUT index ${choice.lut} (counted from 0)`, `${luts.length} item(s) in (0028,3010) VOI LUT Sequence`);
    }
    return lutAt(choice.lut);
  }
  if ("lutExplanation" in choice) {
    const want = choice.lutExplanation.trim().toUpperCase();
    const i = luts.findIndex((l) => (l.explanation ?? "").trim().toUpperCase() === want);
    if (i < 0) throw notFound(`VOI LUT with explanation ${JSON.stringify(choice.lutExplanation)}`, `explanations ${JSON.stringify(luts.map((l) => l.explanation ?? ""))} in (0028,3003)`);
    return lutAt(i);
  }
  if ("percentile" in choice) {
    const [lo, hi] = choice.percentile;
    if (!(lo >= 0 && hi <= 100 && lo < hi)) {
      throw new DicomPixelError("INVALID_ARGUMENT", `percentile window [${lo}, ${hi}] is invalid: need 0 <= low < high <= 100`);
    }
    return { kind: "percentile", low: lo, high: hi, function: options.voiFunction ?? "LINEAR" };
  }
  const f = options.voiFunction ?? "LINEAR";
  checkWindow(choice.center, choice.width, f, "explicit window");
  return { kind: "window", center: choice.center, width: choice.width, function: f };
}

/**
 * The window that selects [min, max]: for integer values center (min + max + 1) / 2 and width max - min + 1
 * (Supplement 33: center 2^n - 1 ... "selects the range of input values from 0 to 2^n - 1"; DCMTK's min-max rule),
 * for non-integer values center (min + max) / 2 and width max - min (at least a tiny positive width).
 */
export function windowForRange(min: number, max: number, integer: boolean): { center: number; width: number } {
  if (integer) return { center: (min + max + 1) / 2, width: max - min + 1 };
  const width = max - min;
  return { center: (min + max) / 2, width: width > 0 ? width : Number.EPSILON * Math.max(1, Math.abs(min)) };
}

function isIntegerArray(a: SampleArray): boolean {
  return !(a instanceof Float32Array || a instanceof Float64Array);
}

/** The value at percentile p (0..100) of the sorted values (nearest rank). */
function percentileValues(values: SampleArray, lo: number, hi: number): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  const rank = (p: number) => Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  const [min, max] = sampleMinMax(values);
  if (isIntegerArray(values) && max - min <= 1 << 20) {
    const hist = new Uint32Array(max - min + 1);
    for (let i = 0; i < n; i++) hist[values[i]! - min]!++;
    const want = [rank(lo), rank(hi)];
    const out: number[] = [];
    let acc = 0;
    let k = 0;
    for (let v = 0; v < hist.length && k < 2; v++) {
      acc += hist[v]!;
      while (k < 2 && acc > want[k]!) out[k++] = v + min;
    }
    return [out[0] ?? min, out[1] ?? max];
  }
  const sorted = Float64Array.from(values).sort();
  return [sorted[rank(lo)]!, sorted[rank(hi)]!];
}

/**
 * Turns min-max / percentile into a concrete window for one frame's modality values; windows pass through.
 */
export function frameWindow(
  voi: Extract<VoiTransform, { kind: "min-max" | "percentile" }>,
  modalityValues: SampleArray,
  integer: boolean,
): { center: number; width: number; function: VoiLutFunction } {
  let [min, max] = voi.kind === "min-max" ? sampleMinMax(modalityValues) : percentileValues(modalityValues, voi.low, voi.high);
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 0];
  const w = windowForRange(min, max, integer);
  // SIGMOID and LINEAR_EXACT only need width > 0; LINEAR needs >= 1, which the integer rule guarantees.
  return { ...w, function: integer ? voi.function : voi.function === "LINEAR" ? "LINEAR_EXACT" : voi.function };
}
