/**
 * JPEG 2000 lossless encoder (ITU-T T.800 | ISO/IEC 15444-1) for transfer syntax 1.2.840.10008.1.2.4.90:
 * one tile (the whole image), reversible 5-3 wavelet, RCT for RGB, no quantisation, 64 x 64 code-blocks of
 * style 0, one quality layer with every coding pass, LRCP progression, maximal precincts. The codestream is
 * SOC, SIZ, COD, QCD, then SOT / SOD / packets / EOC (Annex A).
 *
 * Tier-1 (level shift, RCT, DWT, MQ-coded code-blocks) runs in assembly/codecs/jpeg2000/enc-*.ts through
 * src/wasm/kernels/jpeg2000.ts; tier-2 (packets) is encode-packets.ts; the geometry is encode-layout.ts.
 */
import { DicomPixelError } from "../../errors.js";
import type { PixelModule } from "../../pixel-module.js";
import { j2kEncodeTile } from "../../wasm/kernels/jpeg2000.js";
import type { EncodedFrame, EncodeOptions } from "../codec.js";
import { bandGainLog2, CODE_BLOCK_LOG2, defaultLevels, encodeLayout } from "./encode-layout.js";
import { writePackets } from "./encode-packets.js";

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
 * Encodes one frame as a lossless JPEG 2000 codestream.
 * @param frame cells of Bits Allocated, little endian, colour-by-pixel (or planar when the module says
 *   Planar Configuration 1), masked to Bits Stored (sign-extended for Pixel Representation 1)
 * @returns the codestream (SOC ... EOC)
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for Bits Allocated other than 8/16, Bits Stored outside 1..16,
 *   a Photometric Interpretation other than MONOCHROME1/2 or RGB, or a side above 32768;
 *   INVALID_ARGUMENT for a short frame or levels outside 0..32; SIZE_LIMIT beyond `maxFrameBytes`; MEMORY_LIMIT
 */
export function jpeg2000Encode(frame: Uint8Array, module: PixelModule, options: Jpeg2000EncodeOptions = {}): Uint8Array {
  const { levels, mct } = validate(frame, module, options);
  const w = module.columns;
  const h = module.rows;
  const nc = module.samplesPerPixel;
  const prec = module.bitsStored;
  const signed = module.pixelRepresentation === 1;
  const layout = encodeLayout(w, h, levels);
  const coded = j2kEncodeTile(
    frame.subarray(0, module.frameByteLength()),
    { columns: w, rows: h, samplesPerPixel: nc, cellBytes: module.bitsAllocated === 16 ? 2 : 1, precision: prec, signed, planar: nc > 1 && module.planarConfiguration === 1, mct, levels },
    layout.blocks,
    options.frameIndex,
  );

  // E.1 / A.6.4: with no quantisation the exponent of a band is its nominal dynamic range, the precision plus
  // the band's gain; Mb = G + exponent - 1 (Equation E-2). Two guard bits (as OpenJPEG; they also hold the one
  // extra bit of the RCT's chroma differences), more if a block needs them (Sqcd holds up to 7), so that Mb
  // covers every block. With these values the codestream is the one OpenJPEG writes for the same parameters.
  const bandOfBlock = new Int32Array(layout.blocks.length);
  const bands = layout.resolutions.flat();
  for (const [i, b] of bands.entries()) for (let k = 0; k < b.blocksX * b.blocksY; k++) bandOfBlock[b.firstBlock + k] = i;
  const needed = bands.map(() => 0);
  for (const list of coded) for (const [i, blk] of list.entries()) needed[bandOfBlock[i]!] = Math.max(needed[bandOfBlock[i]!]!, blk.numBps);
  const { guard, exps } = guardBitsAndExponents(
    bands.map((b) => prec + bandGainLog2(b.orient)),
    needed,
  );
  const mb = coded.map(() => Int32Array.from(bandOfBlock, (bi) => guard + exps[bi]! - 1));
  const packets = writePackets(layout, coded, mb);

  const m = new ByteWriter();
  m.u16(0xff4f); // SOC
  // A.5.1 SIZ: Rsiz 0, the image and the one tile at the origin, Ssiz = precision - 1 (+ 0x80 signed).
  m.u16(0xff51).u16(38 + 3 * nc).u16(0).u32(w).u32(h).u32(0).u32(0).u32(w).u32(h).u32(0).u32(0).u16(nc);
  for (let c = 0; c < nc; c++) m.u8((prec - 1) | (signed ? 0x80 : 0)).u8(1).u8(1);
  // A.6.1 COD: Scod 0 (maximal precincts, no SOP / EPH); SGcod LRCP, 1 layer, MCT; SPcod levels, 64 x 64
  // code-blocks, style 0, 5-3 reversible transform.
  m.u16(0xff52).u16(12).u8(0).u8(0).u16(1).u8(mct ? 1 : 0).u8(levels).u8(CODE_BLOCK_LOG2 - 2).u8(CODE_BLOCK_LOG2 - 2).u8(0).u8(1);
  // A.6.4 QCD: Sqcd = guard bits << 5 | 0 (no quantisation), one exponent << 3 per band (LL, then HL LH HH per level).
  m.u16(0xff5c).u16(3 + exps.length).u8(guard << 5);
  for (const e of exps) m.u8(e << 3);
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
 * {@link jpeg2000Encode} as the codec's encodeFrame: lossless, labelled YBR_RCT for RGB with the RCT (PS3.5
 * 8.2.4), else the input's Photometric Interpretation; Planar Configuration 0.
 * @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX for a target other than .4.90 / .4.91, and the errors of jpeg2000Encode
 */
export function encodeJpeg2000Frame(frame: Uint8Array, module: PixelModule, options: Jpeg2000EncodeOptions = {}): EncodedFrame {
  const ts = options.transferSyntaxUID;
  if (ts !== undefined && ts !== "1.2.840.10008.1.2.4.90" && ts !== "1.2.840.10008.1.2.4.91") {
    throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `The JPEG 2000 Part 1 encoder writes 1.2.840.10008.1.2.4.90 / .4.91, not ${ts}`);
  }
  const data = jpeg2000Encode(frame, module, options);
  const mct = module.photometricInterpretation === "RGB" && options.mct !== false;
  return { data, photometricInterpretation: mct ? "YBR_RCT" : module.photometricInterpretation, planarConfiguration: 0, lossy: false };
}
