/**
 * Reads {@link ImagingAttributes} from a data set (src/part10/dataset.ts). Tags (PS3.3 C.11, C.7.6.16):
 * (0028,1052/1053/1054) Rescale Intercept/Slope/Type, (0028,3000) Modality LUT Sequence with (0028,3002) LUT
 * Descriptor, (0028,3003) LUT Explanation, (0028,3004) Modality LUT Type and (0028,3006) LUT Data,
 * (0028,1050/1051) Window Center/Width, (0028,1055) their explanations, (0028,1056) VOI LUT Function,
 * (0028,3010) VOI LUT Sequence, (2050,0020) Presentation LUT Shape.
 *
 * Enhanced multi-frame images carry rescale and window per frame in functional groups (PS3.3 C.7.6.16.2.9-10):
 * (0028,9145) Pixel Value Transformation Sequence and (0028,9132) Frame VOI LUT Sequence, in the Per-frame
 * (5200,9230) or Shared (5200,9229) Functional Groups Sequence. With `frameIndex` those win over the top level.
 */
import type { DataSet } from "../part10/dataset.js";
import type { ImagingAttributes, LutItem, PresentationLutShape, VoiLutFunction } from "./attributes.js";

const T = {
  WindowCenter: 0x00281050,
  WindowWidth: 0x00281051,
  RescaleIntercept: 0x00281052,
  RescaleSlope: 0x00281053,
  RescaleType: 0x00281054,
  WindowExplanation: 0x00281055,
  VoiLutFunction: 0x00281056,
  ModalityLutSequence: 0x00283000,
  LutDescriptor: 0x00283002,
  LutExplanation: 0x00283003,
  ModalityLutType: 0x00283004,
  LutData: 0x00283006,
  VoiLutSequence: 0x00283010,
  FrameVoiLutSequence: 0x00289132,
  PixelValueTransformationSequence: 0x00289145,
  PresentationLutShape: 0x20500020,
  SharedFunctionalGroups: 0x52009229,
  PerFrameFunctionalGroups: 0x52009230,
} as const;

export interface ImagingFromDataSetOptions {
  /** Zero-based frame whose functional groups to use (enhanced multi-frame images). */
  frameIndex?: number;
}

function lutItems(ds: DataSet, seqTag: number): LutItem[] {
  const out: LutItem[] = [];
  for (const item of ds.sequence(seqTag)) {
    const d = item.bytes(T.LutDescriptor);
    const data = item.bytes(T.LutData);
    if (d === undefined || d.length < 6 || data === undefined) continue;
    // Three 16-bit words in the data set's byte order, whatever the VR (US or SS; PS3.3 C.11.1.1.1).
    const le = item.littleEndian;
    const w = (i: number) => (le ? d[2 * i]! | (d[2 * i + 1]! << 8) : (d[2 * i]! << 8) | d[2 * i + 1]!);
    const lut: LutItem = { descriptor: [w(0), w(1), w(2)], data, vr: item.get(T.LutData)?.vr ?? "US", littleEndian: le };
    const explanation = item.string(T.LutExplanation);
    if (explanation !== undefined) lut.explanation = explanation;
    const type = item.string(T.ModalityLutType);
    if (type !== undefined) lut.modalityLutType = type;
    out.push(lut);
  }
  return out;
}

function finite(values: number[]): number[] | undefined {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length > 0 ? v : undefined;
}

/** Copies the rescale / window attributes of one data set level (top level or a functional group item). */
function readLevel(ds: DataSet, out: ImagingAttributes): void {
  const slope = ds.number(T.RescaleSlope);
  const intercept = ds.number(T.RescaleIntercept);
  if (slope !== undefined && Number.isFinite(slope)) out.rescaleSlope = slope;
  if (intercept !== undefined && Number.isFinite(intercept)) out.rescaleIntercept = intercept;
  const type = ds.string(T.RescaleType);
  if (type !== undefined) out.rescaleType = type;
  const centers = finite(ds.numbers(T.WindowCenter));
  const widths = finite(ds.numbers(T.WindowWidth));
  if (centers && widths) {
    out.windowCenters = centers;
    out.windowWidths = widths;
    const ex = ds.strings(T.WindowExplanation);
    if (ex.length > 0) out.windowExplanations = ex;
  }
  const fn = ds.string(T.VoiLutFunction)?.toUpperCase();
  if (fn === "LINEAR" || fn === "LINEAR_EXACT" || fn === "SIGMOID") out.voiLutFunction = fn as VoiLutFunction;
}

/**
 * Collects the imaging attributes of a data set (see the file comment for the tags).
 * Unreadable numbers are skipped, not fatal: a missing or malformed window simply is not offered.
 */
export function imagingFromDataSet(ds: DataSet, options: ImagingFromDataSetOptions = {}): ImagingAttributes {
  const out: ImagingAttributes = {};
  readLevel(ds, out);
  const modalityLut = lutItems(ds, T.ModalityLutSequence);
  if (modalityLut.length > 0) out.modalityLut = modalityLut;
  const voiLuts = lutItems(ds, T.VoiLutSequence);
  if (voiLuts.length > 0) out.voiLuts = voiLuts;
  const shape = ds.string(T.PresentationLutShape)?.toUpperCase();
  if (shape === "IDENTITY" || shape === "INVERSE") out.presentationLutShape = shape as PresentationLutShape;

  if (options.frameIndex !== undefined) {
    const groups = [ds.sequence(T.SharedFunctionalGroups)[0], ds.sequence(T.PerFrameFunctionalGroups)[options.frameIndex]];
    for (const g of groups) {
      if (g === undefined) continue;
      const pvt = g.sequence(T.PixelValueTransformationSequence)[0];
      if (pvt !== undefined) readLevel(pvt, out);
      const voi = g.sequence(T.FrameVoiLutSequence)[0];
      if (voi !== undefined) readLevel(voi, out);
    }
  }
  return out;
}
