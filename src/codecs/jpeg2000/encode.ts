/**
 * JPEG 2000 encoder (ITU-T T.800 | ISO/IEC 15444-1) for transfer syntaxes 1.2.840.10008.1.2.4.90 / .4.91:
 * one tile (the whole image), 64 x 64 code-blocks of style 0, one quality layer, LRCP progression, maximal
 * precincts. Lossless: reversible 5-3 wavelet, RCT for RGB, no quantisation, every coding pass. Lossy
 * (`irreversible`): ICT for RGB, irreversible 9-7 wavelet, scalar quantisation with one step per subband
 * (encode-quant.ts), every pass, or with `targetRatio` the blocks truncated by PCRD (encode-rate.ts).
 * The codestream is SOC, SIZ, COD, QCD, then SOT / SOD / packets / EOC (Annex A).
 *
 * Tier-1 (level shift, colour transform, DWT, quantisation, MQ-coded code-blocks) runs in
 * assembly/codecs/jpeg2000/enc-*.ts through src/wasm/kernels/jpeg2000.ts; tier-2 (packets) is
 * encode-packets.ts; the geometry is encode-layout.ts.
 */
import { DicomPixelError } from "../../errors.js";
import type { PixelModule } from "../../pixel-module.js";
import { j2kEncodeTile } from "../../wasm/kernels/jpeg2000.js";
import type { EncodedFrame, EncodeOptions } from "../codec.js";
import { bandGainLog2, CODE_BLOCK_LOG2, defaultLevels, encodeLayout } from "./encode-layout.js";
import { writePackets } from "./encode-packets.js";
import { truncateToBudget } from "./encode-rate.js";
import { bandNorm, baseStepOfQuality, DEFAULT_QUALITY, encoderStep, stepSizeOf, type StepSize } from "./encode-quant.js";

/** Options of the JPEG 2000 encoder. */
export interface Jpeg2000EncodeOptions extends EncodeOptions {
  /** Decomposition levels 0-32 (default: 5, fewer when a subband would be empty). */
  levels?: number;
  /** RGB only: apply the RCT (G.2) and label the result YBR_RCT (default true); false keeps RGB. */
  mct?: boolean;
  /** Zero-based frame index, for error messages. */
  frameIndex?: number;
  /** Refuse frames of more bytes than this, before allocating the wavelet buffers (default 1 GiB). */
  maxFrameBytes?: number;
  /**
   * Lossy coding: ICT (RGB), irreversible 9-7 wavelet and scalar quantisation (default false for
   * jpeg2000Encode; encodeFrame for .4.91 defaults to true).
   */
  irreversible?: boolean;
  /**
   * Irreversible only: the base quantisation step in sample values (each band's step is it divided by the
   * norm of the band's synthesis basis); overrides `quality`. Must be > 0.
   */
  baseStep?: number;
  /**
   * Irreversible only: a target compression ratio (native frame bytes / codestream bytes, > 1). The frame is
   * quantised finely (base step 1 unless `baseStep` / `quality` say otherwise) and its code-blocks truncated by
   * PCRD (encode-rate.ts) so that the codestream fits frameBytes / targetRatio; when the whole stream already
   * fits, it is returned as is (the ratio is then higher). With `stepSizes`, those steps are truncated.
   */
  targetRatio?: number;
  /**
   * Irreversible only: explicit QCD step sizes, one per subband (LL, then HL LH HH from the lowest level,
   * 3 * levels + 1 of them; A.6.4), overriding `baseStep` and `quality`.
   */
  stepSizes?: readonly StepSize[];
}

/** The largest image side with one precinct per resolution (PPx = PPy = 15). */
const MAX_SIDE = 32768;

class ByteWriter {
  readonly bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(Math.floor(v / 65536)).u16(v & 0xffff);
  }
}

function where(i: number | undefined): string {
  return i === undefined ? "" : ` of frame ${i}`;
}

/** @throws {DicomPixelError} UNSUPPORTED_FEATURE, INVALID_ARGUMENT */
function validate(frame: Uint8Array, module: PixelModule, options: Jpeg2000EncodeOptions): { levels: number; mct: boolean } {
  const fi = options.frameIndex;
  const ba = module.bitsAllocated;
  const bs = module.bitsStored;
  const pi = module.photometricInterpretation;
  const spp = module.samplesPerPixel;
  if (module.pixelDataElement !== "PixelData" || (ba !== 8 && ba !== 16)) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 encoding needs (0028,0100) Bits Allocated 8 or 16 in Pixel Data, got ${ba} in ${module.pixelDataElement}`, {
      tag: "(0028,0100)",
      frameIndex: fi,
    });
  }
  if (!Number.isInteger(bs) || bs < 1 || bs > 16 || bs > ba) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 encoding needs (0028,0101) Bits Stored in 1..${ba} (Bits Allocated), got ${bs}`, { tag: "(0028,0101)", frameIndex: fi });
  }
  const grey = (pi === "MONOCHROME1" || pi === "MONOCHROME2") && spp === 1;
  const rgb = pi === "RGB" && spp === 3;
  if (!grey && !rgb) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `JPEG 2000 encoding supports MONOCHROME1/MONOCHROME2 with 1 sample and RGB with 3: got (0028,0004) Photometric Interpretation ${pi} with (0028,0002) Samples per Pixel ${spp}`,
      { tag: "(0028,0004)", frameIndex: fi },
    );
  }
  if (module.columns > MAX_SIDE || module.rows > MAX_SIDE) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 encoding supports at most ${MAX_SIDE} x ${MAX_SIDE} samples: got (0028,0011) Columns ${module.columns}, (0028,0010) Rows ${module.rows}`, {
      frameIndex: fi,
    });
  }
  const need = module.frameByteLength();
  const max = options.maxFrameBytes ?? 2 ** 30;
  if (need > max) {
    throw new DicomPixelError("SIZE_LIMIT", `JPEG 2000 encode${where(fi)}: the frame has ${need} bytes, more than maxFrameBytes (${max}) allows`, { frameIndex: fi });
  }
  if (frame.byteLength < need) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 encode${where(fi)}: the frame has ${frame.byteLength} bytes, the pixel module needs ${need}`, { frameIndex: fi });
  }
  const levels = options.levels ?? defaultLevels(module.columns, module.rows);
  if (!Number.isInteger(levels) || levels < 0 || levels > 32) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 decomposition levels ${String(levels)} is invalid: must be an integer in 0..32 (T.800 A.6.1)`, { frameIndex: fi });
  }
  return { levels, mct: rgb && options.mct !== false };
}

/**
 * QCD values for reversible coding (A.6.4, E.1): the guard bits G (2, as OpenJPEG, up to 7) and per band the
 * exponent (its nominal dynamic range), raised where needed so that Mb = G + exponent - 1 (Equation E-2) covers
 * the magnitude bit-planes of every code-block of the band.
 * @param nominal per band: precision + log2 of the band's gain
 * @param needed per band: the most magnitude bit-planes of any of its code-blocks
 */
export function guardBitsAndExponents(nominal: readonly number[], needed: readonly number[]): { guard: number; exps: number[] } {
  let guard = 2;
  for (let i = 0; i < nominal.length; i++) guard = Math.max(guard, needed[i]! - nominal[i]! + 1);
  const exps = [...nominal];
  if (guard > 7) {
    for (let i = 0; i < exps.length; i++) exps[i] = Math.max(exps[i]!, needed[i]! - 7 + 1);
    guard = 7;
  }
  return { guard, exps };
}

/**
 * Irreversible step sizes per band (LL, then HL LH HH per level from the lowest): from `stepSizes`, else from
 * the base step (`baseStep`, else `quality`, else DEFAULT_QUALITY) over each band's synthesis norm.
 * @throws {DicomPixelError} INVALID_ARGUMENT for a bad base step, quality or step size list
 */
function lossySteps(bands: readonly { orient: number; level: number }[], prec: number, options: Jpeg2000EncodeOptions): StepSize[] {
  const fi = options.frameIndex;
  if (options.stepSizes !== undefined) {
    const list = options.stepSizes;
    const ok = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
    if (list.length !== bands.length || !list.every((q) => ok(q.exponent, 31) && ok(q.mantissa, 2047))) {
      throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 stepSizes must hold ${bands.length} (exponent 0..31, mantissa 0..2047) pairs, one per subband (T.800 A.6.4)`, {
        frameIndex: fi,
      });
    }
    return list.map((q) => ({ exponent: q.exponent, mantissa: q.mantissa }));
  }
  let base: number;
  if (options.baseStep !== undefined) {
    base = options.baseStep;
    if (typeof base !== "number" || !Number.isFinite(base) || base <= 0 || base > 2 ** 20) {
      throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 baseStep ${String(base)} is invalid: must be a number in (0, 2^20]`, { frameIndex: fi });
    }
  } else {
    base = baseStepOfQuality(options.quality ?? DEFAULT_QUALITY, fi);
  }
  return bands.map((b) => stepSizeOf(base / bandNorm(b.orient, b.level), prec));
}

/**
 * Encodes one frame as a JPEG 2000 codestream, lossless (default) or lossy (`irreversible`).
 * @param frame cells of Bits Allocated, little endian, colour-by-pixel (or planar when the module says
 *   Planar Configuration 1), masked to Bits Stored (sign-extended for Pixel Representation 1)
 * @returns the codestream (SOC ... EOC)
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for Bits Allocated other than 8/16, Bits Stored outside 1..16,
 *   a Photometric Interpretation other than MONOCHROME1/2 or RGB, or a side above 32768;
 *   INVALID_ARGUMENT for a short frame, levels outside 0..32, or a bad quality / baseStep / stepSizes;
 *   SIZE_LIMIT beyond `maxFrameBytes`; MEMORY_LIMIT
 */
export function jpeg2000Encode(frame: Uint8Array, module: PixelModule, options: Jpeg2000EncodeOptions = {}): Uint8Array {
  const { levels, mct } = validate(frame, module, options);
  const w = module.columns;
  const h = module.rows;
  const nc = module.samplesPerPixel;
  const prec = module.bitsStored;
  const signed = module.pixelRepresentation === 1;
  const layout = encodeLayout(w, h, levels);
  const bands = layout.resolutions.flat();
  const lossy = options.irreversible === true;
  // PCRD rate control (encode-rate.ts): a target ratio truncates the code-blocks of a finely quantised stream
  // (base step 1, OpenJPEG's default, unless baseStep / quality say otherwise).
  const pcrd = lossy && options.targetRatio !== undefined;
  const budget = pcrd ? ratioBudget(module, options) : 0;
  const steps = lossy ? lossySteps(bands, prec, pcrd && options.baseStep === undefined && options.quality === undefined ? { ...options, baseStep: 1 } : options) : [];
  let coded = j2kEncodeTile(
    frame.subarray(0, module.frameByteLength()),
    {
      columns: w,
      rows: h,
      samplesPerPixel: nc,
      cellBytes: module.bitsAllocated === 16 ? 2 : 1,
      precision: prec,
      signed,
      planar: nc > 1 && module.planarConfiguration === 1,
      mct,
      levels,
      ...(lossy ? { irreversible: { bands, steps: bands.map((b, i) => encoderStep(steps[i]!, prec, b.orient)) } } : {}),
      ...(pcrd ? { rd: true } : {}),
    },
    layout.blocks,
    options.frameIndex,
  );

  const bandOfBlock = new Int32Array(layout.blocks.length);
  for (const [i, b] of bands.entries()) for (let k = 0; k < b.blocksX * b.blocksY; k++) bandOfBlock[b.firstBlock + k] = i;
  const needed = bands.map(() => 0);
  for (const list of coded) for (const [i, blk] of list.entries()) needed[bandOfBlock[i]!] = Math.max(needed[bandOfBlock[i]!]!, blk.numBps);
  let guard: number;
  let exps: number[];
  if (lossy) {
    // E.1: Mb = G + exponent - 1 (Equation E-2) must cover every block's magnitude bit-planes; the exponent is
    // fixed by the step, so only the guard bits (2, as OpenJPEG, up to 7) can grow.
    exps = steps.map((q) => q.exponent);
    guard = 2;
    for (let i = 0; i < bands.length; i++) guard = Math.max(guard, needed[i]! - exps[i]! + 1);
    if (guard > 7) {
      throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 encode${where(options.frameIndex)}: the quantisation steps are too fine for the samples (${guard} guard bits needed, Sqcd holds 7)`, {
        frameIndex: options.frameIndex,
      });
    }
  } else {
    // E.1 / A.6.4: with no quantisation the exponent of a band is its nominal dynamic range, the precision plus
    // the band's gain; Mb = G + exponent - 1 (Equation E-2). Two guard bits (as OpenJPEG; they also hold the one
    // extra bit of the RCT's chroma differences), more if a block needs them (Sqcd holds up to 7), so that Mb
    // covers every block. With these values the codestream is the one OpenJPEG writes for the same parameters.
    ({ guard, exps } = guardBitsAndExponents(
      bands.map((b) => prec + bandGainLog2(b.orient)),
      needed,
    ));
  }
  const mb = coded.map(() => Int32Array.from(bandOfBlock, (bi) => guard + exps[bi]! - 1));
  if (pcrd) {
    // Distortion weights: squared step (E.1, the decoder's convention) times the band's squared synthesis norm,
    // times the inverse ICT's squared column norm for Y / Cb / Cr (G.3.2), so that the sum is the image MSE.
    const ictWeight = [3, 0.34413 ** 2 + 1.772 ** 2, 1.402 ** 2 + 0.71414 ** 2];
    const bandWeight = bands.map((b, i) => (2 ** (prec - steps[i]!.exponent) * (1 + steps[i]!.mantissa / 2048) * bandNorm(b.orient, b.level)) ** 2);
    const weights = coded.map((_, c) => Float64Array.from(bandOfBlock, (bi) => bandWeight[bi]! * (mct ? ictWeight[c]! : 1)));
    const headLen = 2 + 2 + 38 + 3 * nc + 14 + 5 + 2 * bands.length + 12 + 2;
    coded = truncateToBudget(coded, weights, budget, (cand) => headLen + writePackets(layout, cand, mb).reduce((n, p) => n + p.byteLength, 0) + 2);
  }
  const packets = writePackets(layout, coded, mb);

  const m = new ByteWriter();
  m.u16(0xff4f); // SOC
  // A.5.1 SIZ: Rsiz 0, the image and the one tile at the origin, Ssiz = precision - 1 (+ 0x80 signed).
  m.u16(0xff51).u16(38 + 3 * nc).u16(0).u32(w).u32(h).u32(0).u32(0).u32(w).u32(h).u32(0).u32(0).u16(nc);
  for (let c = 0; c < nc; c++) m.u8((prec - 1) | (signed ? 0x80 : 0)).u8(1).u8(1);
  // A.6.1 COD: Scod 0 (maximal precincts, no SOP / EPH); SGcod LRCP, 1 layer, MCT; SPcod levels, 64 x 64
  // code-blocks, style 0, transform (Table A.20) 1 = 5-3 reversible, 0 = 9-7 irreversible.
  m.u16(0xff52).u16(12).u8(0).u8(0).u16(1).u8(mct ? 1 : 0).u8(levels).u8(CODE_BLOCK_LOG2 - 2).u8(CODE_BLOCK_LOG2 - 2).u8(0).u8(lossy ? 0 : 1);
  if (lossy) {
    // A.6.4 QCD: Sqcd = guard bits << 5 | 2 (scalar expounded), one 16-bit exponent << 11 | mantissa per band.
    m.u16(0xff5c).u16(3 + 2 * steps.length).u8((guard << 5) | 2);
    for (const q of steps) m.u16((q.exponent << 11) | q.mantissa);
  } else {
    // A.6.4 QCD: Sqcd = guard bits << 5 | 0 (no quantisation), one exponent << 3 per band (LL, then HL LH HH per level).
    m.u16(0xff5c).u16(3 + exps.length).u8(guard << 5);
    for (const e of exps) m.u8(e << 3);
  }
  let dataLen = 0;
  for (const p of packets) dataLen += p.byteLength;
  // A.4.2 SOT: tile 0, Psot = the tile-part's length from SOT to the end of its data, part 0 of 1.
  m.u16(0xff90).u16(10).u16(0).u32(12 + 2 + dataLen).u8(0).u8(1);
  m.u16(0xff93); // SOD
  const head = m.bytes;
  const out = new Uint8Array(head.length + dataLen + 2);
  out.set(head, 0);
  let o = head.length;
  for (const p of packets) {
    out.set(p, o);
    o += p.byteLength;
  }
  out[o] = 0xff; // EOC
  out[o + 1] = 0xd9;
  return out;
}

/**
 * The byte budget of `targetRatio`: the frame's native bytes over the ratio.
 * @throws {DicomPixelError} INVALID_ARGUMENT when targetRatio is not a number > 1
 */
function ratioBudget(module: PixelModule, options: Jpeg2000EncodeOptions): number {
  const target = options.targetRatio;
  if (typeof target !== "number" || !Number.isFinite(target) || target <= 1) {
    throw new DicomPixelError("INVALID_ARGUMENT", `JPEG 2000 targetRatio ${String(target)} is invalid: must be a number > 1`, { frameIndex: options.frameIndex });
  }
  return Math.floor(module.frameByteLength() / target);
}

/**
 * {@link jpeg2000Encode} as the codec's encodeFrame. 1.2.840.10008.1.2.4.90 is always lossless (5-3, RCT,
 * labelled YBR_RCT for RGB). 1.2.840.10008.1.2.4.91 is lossy unless `quality` is 100 or `irreversible` is false:
 * 9-7 with the ICT, labelled YBR_ICT for RGB (PS3.5 8.2.4), at `quality` (default 70, see encode-quant.ts) or
 * `baseStep` / `stepSizes`. Other Photometric Interpretations are kept; Planar Configuration 0.
 * @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX for a target other than .4.90 / .4.91, and the errors of jpeg2000Encode
 */
export function encodeJpeg2000Frame(frame: Uint8Array, module: PixelModule, options: Jpeg2000EncodeOptions = {}): EncodedFrame {
  const ts = options.transferSyntaxUID;
  if (ts !== undefined && ts !== "1.2.840.10008.1.2.4.90" && ts !== "1.2.840.10008.1.2.4.91") {
    throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `The JPEG 2000 Part 1 encoder writes 1.2.840.10008.1.2.4.90 / .4.91, not ${ts}`);
  }
  if (options.quality !== undefined) baseStepOfQuality(options.quality, options.frameIndex);
  const lossy = ts === "1.2.840.10008.1.2.4.91" && options.irreversible !== false && options.quality !== 100;
  const data = jpeg2000Encode(frame, module, { ...options, irreversible: lossy });
  const mct = module.photometricInterpretation === "RGB" && options.mct !== false;
  return { data, photometricInterpretation: mct ? (lossy ? "YBR_ICT" : "YBR_RCT") : module.photometricInterpretation, planarConfiguration: 0, lossy };
}
