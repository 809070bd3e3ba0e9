/**
 * Quantisation of the JPEG 2000 lossy encoder (ITU-T T.800 Annex E, irreversible 9-7 path): the step size of
 * each subband from one base step, its (exponent, mantissa) pair for QCD (A.6.4, Equation E-3), and the
 * mapping of EncodeOptions.quality to the base step.
 *
 * Step sizes: a quantisation error of e in a coefficient of band b adds e * ||s_b|| to the image, where s_b is
 * the band's synthesis basis function (the decoder's inverse 9-7 with lows scaled by K and highs by 2/K).
 * Dividing one base step by ||s_b|| gives every band the same contribution to the mean squared error per
 * coefficient, the usual choice of OpenJPEG and Kakadu. The norms below were computed with the Table F.4 filters
 * (test/kernels/jpeg2000-encode-lossy.test.ts recomputes them); past the table each level multiplies the 1-D
 * norm by sqrt(2).
 */
import { DicomPixelError } from "../../errors.js";

/** ||s|| of the 1-D low-pass synthesis basis after j levels, j = 0..9. */
const NORM_LOW = [1, 1.40211, 2.03037, 2.90116, 4.11529, 5.82451, 8.23876, 11.652, 16.4786, 23.3043];
/** ||s|| of the 1-D high-pass synthesis basis split off at level j, j = 1..9 (index 0 unused). */
const NORM_HIGH = [0, 1.44252, 1.96694, 2.88392, 4.14752, 5.89465, 8.34718, 11.8086, 16.7013, 23.6197];

function norm1d(table: readonly number[], j: number): number {
  const last = table.length - 1;
  return j <= last ? table[j]! : table[last]! * Math.SQRT2 ** (j - last);
}

/**
 * The L2 norm of a subband's 2-D synthesis basis function.
 * @param orient 0 LL, 1 HL, 2 LH, 3 HH
 * @param level decomposition level nb (B.5): NL for the LL band, else the level the band was split off at (1 = finest)
 */
export function bandNorm(orient: number, level: number): number {
  const lo = norm1d(NORM_LOW, level);
  if (orient === 0) return lo * lo;
  const hi = norm1d(NORM_HIGH, level);
  return orient === 3 ? hi * hi : lo * hi;
}

/** One QCD step size (A.6.4): exponent 0-31, mantissa 0-2047. */
export interface StepSize {
  exponent: number;
  mantissa: number;
}

/**
 * The (exponent, mantissa) pair of a step size in the decoder's convention (E.1.1.1, Equation E-3 with
 * R_b = precision: delta = 2^(precision - exponent) (1 + mantissa / 2^11)); the mantissa is truncated, so
 * the coded step is at most the requested one. Steps outside what 5 + 11 bits hold are clamped.
 */
export function stepSizeOf(step: number, precision: number): StepSize {
  let e = Math.floor(Math.log2(step));
  if (2 ** e > step) e--; // guard against log2 rounding up
  if (2 ** (e + 1) <= step) e++;
  let exponent = precision - e;
  let mantissa = Math.floor((step / 2 ** e - 1) * 2048);
  if (exponent < 0) {
    exponent = 0;
    mantissa = 2047;
  } else if (exponent > 31) {
    exponent = 31;
    mantissa = 0;
  }
  return { exponent, mantissa: Math.min(2047, Math.max(0, mantissa)) };
}

/**
 * The f32 step the encoder divides band coefficients by: the QCD step scaled by the band's nominal gain
 * (Table E.1: LL 1, HL / LH 2, HH 4), because the forward 9-7 kernel scales highs by K (F.4.8.2) while the
 * decoder's convention (R_b = precision, highs by 2/K on reconstruction) leaves the gain out of the step.
 */
export function encoderStep(s: StepSize, precision: number, orient: number): number {
  const gain = orient === 0 ? 0 : orient === 3 ? 2 : 1;
  return Math.fround((1 + s.mantissa / 2048) * 2 ** (precision + gain - s.exponent));
}

/** The quality used when none is given (see {@link baseStepOfQuality}). */
export const DEFAULT_QUALITY = 70;

/**
 * EncodeOptions.quality 1-99 to the base step, in sample values: 2^((80 - quality) / 10), so quality 80 is a
 * step of one grey level (OpenJPEG's `-I` default), every 10 points halve or double it, 99 is 0.27 and 1 is
 * 239. The default (70: a step of 2) keeps 8-bit images above 45 dB PSNR (52 dB on the WG04 US1 RGB frame,
 * 7.5:1; the CT1 frame: 3.6:1, no sample off by more than 3); deeper samples get the same absolute
 * step, so their PSNR relative to full scale is higher still. Quality 100 is lossless (handled by the caller).
 * @throws {DicomPixelError} INVALID_ARGUMENT when quality is not a number in 1..100
 */
export function baseStepOfQuality(quality: number, frameIndex?: number): number {
  if (typeof quality !== "number" || !Number.isFinite(quality) || quality < 1 || quality > 100) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 quality ${String(quality)} is invalid: must be a number in 1..100 (100 = lossless)`, { frameIndex });
  }
  return 2 ** ((80 - quality) / 10);
}
