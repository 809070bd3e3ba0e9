/**
 * JPEG 2000 Part 1 (ITU-T T.800 | ISO/IEC 15444-1): transfer syntaxes 1.2.840.10008.1.2.4.90 (lossless only)
 * and 1.2.840.10008.1.2.4.91. Marker and packet headers are parsed in src/codecs/jpeg2000/; the MQ decoder,
 * coding passes, inverse DWT, inverse RCT/ICT and DC level shift run in assembly/codecs/jpeg2000.
 *
 * HTJ2K (ITU-T T.814, .4.201-.4.203, htj2kCodec below) shares all of it; only code-blocks with style bit 6 go
 * to the HT block decoder (assembly/codecs/jpeg2000/ht-*.ts) instead of EBCOT.
 *
 * Output: samples in cells of Bits Allocated, RCT/ICT inverted (RGB for YBR_RCT / YBR_ICT streams), then the
 * canonical rule of src/pixel-module.ts (masked to Bits Stored at High Bit, sign-extended for Pixel
 * Representation 1). A signed codestream (SIZ Ssiz bit 7) is written as its two's complement bit pattern.
 */
import { DicomPixelError } from "../errors.js";
import type { PhotometricInterpretation, PixelModule } from "../pixel-module.js";
import { cellsAreCanonical } from "../transforms/cells.js";
import { maskCellsInMemory } from "../wasm/kernels/native.js";
import { j2kDecodeTiles } from "../wasm/kernels/jpeg2000.js";
import { getInstance } from "../wasm/module.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, FrameCodec, FrameContext, FrameInfo } from "./codec.js";
import { parseCodestream, unwrapJp2, type J2kCodestream } from "./jpeg2000/codestream.js";
import { buildTilePlan } from "./jpeg2000/packets.js";
import { encodeJpeg2000Frame, type Jpeg2000EncodeOptions } from "./jpeg2000/encode.js";

export const JPEG_2000_LOSSLESS_UID = "1.2.840.10008.1.2.4.90";
export const JPEG_2000_UID = "1.2.840.10008.1.2.4.91";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

function where(frameIndex?: number): string {
  return frameIndex === undefined ? "" : ` of frame ${frameIndex}`;
}

/** @throws {DicomPixelError} INVALID_DATA, UNSUPPORTED_FEATURE, SIZE_LIMIT */
function check(cs: J2kCodestream, module: PixelModule, options: DecodeOptions, frameIndex?: number): 1 | 2 {
  const { siz } = cs;
  const w = siz.xsiz - siz.x0;
  const h = siz.ysiz - siz.y0;
  const nc = siz.components.length;
  const ba = module.bitsAllocated;
  const cell = ba === 16 ? 2 : 1;
  const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (w * h * nc * cell > max || w * h * nc * 4 > 4 * max) {
    throw new DicomPixelError("SIZE_LIMIT", `JPEG 2000 frame${where(frameIndex)} declares ${w}x${h}x${nc} samples, more than maxFrameBytes (${max}) allows`, {
      frameIndex,
    });
  }
  if (w !== module.columns || h !== module.rows || nc !== module.samplesPerPixel) {
    throw new DicomPixelError(
      "INVALID_DATA",
      `JPEG 2000 SIZ${where(frameIndex)} says ${w}x${h} with ${nc} components, but (0028,0011) Columns ${module.columns}, (0028,0010) Rows ${module.rows}, (0028,0002) Samples per Pixel ${module.samplesPerPixel}`,
      { frameIndex },
    );
  }
  if (ba !== 1 && ba !== 8 && ba !== 16) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `(0028,0100) Bits Allocated ${ba} is not supported for JPEG 2000: must be 1, 8 or 16`, { tag: "(0028,0100)", frameIndex });
  }
  for (const [i, c] of siz.components.entries()) {
    if (c.dx !== 1 || c.dy !== 1) throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 component ${i} is subsampled (XRsiz ${c.dx}, YRsiz ${c.dy})`, { frameIndex });
    if (c.precision > 16 || (cell === 1 && c.precision > 8)) {
      throw new DicomPixelError("INVALID_DATA", `JPEG 2000 component ${i} precision ${c.precision} does not fit (0028,0100) Bits Allocated ${ba}`, { tag: "(0028,0100)", frameIndex });
    }
  }
  const st = cs.main.styles;
  if (cs.main.cod.mct && (nc < 3 || st[0]!.reversible !== st[1]!.reversible || st[0]!.reversible !== st[2]!.reversible)) {
    throw new DicomPixelError("INVALID_DATA", `JPEG 2000 multiple component transform needs 3 components with one wavelet${where(frameIndex)}`, { frameIndex });
  }
  return cell;
}

/** The JPEG 2000 decoder for .4.90 and .4.91. */
export const jpeg2000Codec: FrameCodec = {
  name: "jpeg2000",
  transferSyntaxes: [JPEG_2000_LOSSLESS_UID, JPEG_2000_UID],

  /** @throws {DicomPixelError} INVALID_DATA, TRUNCATED, UNSUPPORTED_FEATURE (POC, PPM/PPT, RGN, Part 2) */
  readInfo(src: Uint8Array, _module: PixelModule, context: FrameContext): FrameInfo {
    const cs = parseCodestream(unwrapJp2(src, context.frameIndex), true, context.frameIndex);
    const { siz, main } = cs;
    return {
      rows: siz.ysiz - siz.y0,
      columns: siz.xsiz - siz.x0,
      samplesPerPixel: siz.components.length,
      bitsPerSample: siz.components[0]!.precision,
      details: {
        signed: siz.components[0]!.signed,
        tiles: cs.numXTiles * cs.numYTiles,
        layers: main.cod.layers,
        progression: ["LRCP", "RLCP", "RPCL", "PCRL", "CPRL"][main.cod.progression],
        decompositionLevels: main.styles[0]!.levels,
        wavelet: main.styles[0]!.reversible ? "5-3 reversible" : "9-7 irreversible",
        multipleComponentTransform: main.cod.mct,
        blockCoder: main.styles[0]!.style & 0x40 ? "HT (T.814)" : "EBCOT (T.800)",
      },
    };
  },

  decodedSize(_info: FrameInfo, module: PixelModule): number {
    return module.frameByteLength();
  },

  /**
   * Decodes one frame into `dst` in the canonical form.
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL, SIZE_LIMIT, INVALID_DATA (stream does not match the pixel module),
   *   TRUNCATED, J2K_INVALID_CODEBLOCK, UNSUPPORTED_FEATURE and the header errors of readInfo
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: DecodeOptions = {}): DecodedFrame {
    const fi = context.frameIndex;
    const cs = parseCodestream(unwrapJp2(src, fi), false, fi);
    const cell = check(cs, module, options, fi);
    const size = module.rows * module.columns * module.samplesPerPixel * cell;
    if (dst.byteLength < size) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `JPEG 2000 frame${where(fi)} needs ${size} bytes, the destination has ${dst.byteLength}`, { frameIndex: fi });
    }
    const out = dst.subarray(0, size);
    const tiles = (function* () {
      for (const t of cs.tiles) yield buildTilePlan(cs, t, fi);
    })();
    j2kDecodeTiles(tiles, out, { columns: module.columns, rows: module.rows, samplesPerPixel: module.samplesPerPixel, cellBytes: cell }, fi);
    if (!options.raw && module.bitsAllocated !== 1 && !cellsAreCanonical(module)) {
      const { arena } = getInstance();
      arena.scoped(() => {
        const p = arena.copyIn(out);
        maskCellsInMemory(p, size, p, module.bitsAllocated as 8 | 16, module.bitsStored, module.highBit, module.pixelRepresentation === 1);
        out.set(arena.view(p, size));
      });
    }
    let pi: PhotometricInterpretation = module.photometricInterpretation;
    if (cs.main.cod.mct && (pi === "YBR_RCT" || pi === "YBR_ICT")) pi = "RGB";
    return { bytesWritten: size, photometricInterpretation: pi, planarConfiguration: 0 };
  },

  /**
   * Lossless encode (reversible 5-3, RCT for RGB labelled YBR_RCT): src/codecs/jpeg2000/encode.ts.
   * @throws {DicomPixelError} UNSUPPORTED_FEATURE, INVALID_ARGUMENT, UNSUPPORTED_TRANSFER_SYNTAX (a target other than .4.90 / .4.91)
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, options?: Jpeg2000EncodeOptions): EncodedFrame {
    return encodeJpeg2000Frame(frame, module, options);
  },
};

export const HTJ2K_LOSSLESS_UID = "1.2.840.10008.1.2.4.201";
export const HTJ2K_LOSSLESS_RPCL_UID = "1.2.840.10008.1.2.4.202";
export const HTJ2K_UID = "1.2.840.10008.1.2.4.203";

/**
 * High-Throughput JPEG 2000 (ITU-T T.814 | ISO/IEC 15444-15): .201 / .202 (lossless only) and .203. The Part 1
 * codestream, packets, wavelet and colour transforms are shared with jpeg2000Codec; code-blocks whose style has
 * bit 6 (0x40) are decoded by the HT block decoder (assembly/codecs/jpeg2000/ht-*.ts).
 */
export const htj2kCodec: FrameCodec = {
  name: "htj2k",
  transferSyntaxes: [HTJ2K_LOSSLESS_UID, HTJ2K_LOSSLESS_RPCL_UID, HTJ2K_UID],
  // Decode only: the shared JPEG 2000 decoder (the encoder writes Part 1 code-blocks, not HT ones).
  readInfo: jpeg2000Codec.readInfo,
  decodedSize: jpeg2000Codec.decodedSize,
  decodeInto: jpeg2000Codec.decodeInto,
};

/** A bare JPEG 2000 codestream (or JP2 file) decoded without a pixel module. */
export interface Jpeg2000Image {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Precision of component 0 (SIZ Ssiz). */
  precision: number;
  signed: boolean;
  /** Cells of 1 byte (precision <= 8) or 2 bytes (little endian), colour-by-pixel, RCT/ICT inverted. */
  data: Uint8Array;
}

/**
 * Decodes a bare codestream: cells of 1 byte for precision <= 8, else 2; signed samples as two's complement.
 * @throws {DicomPixelError} SIZE_LIMIT beyond `maxFrameBytes` (default 1 GiB), UNSUPPORTED_FEATURE, INVALID_DATA,
 *   TRUNCATED, J2K_INVALID_CODEBLOCK
 */
export function decodeJpeg2000(src: Uint8Array, options: { maxFrameBytes?: number } = {}): Jpeg2000Image {
  const cs = parseCodestream(unwrapJp2(src), false);
  const { siz } = cs;
  const c0 = siz.components[0]!;
  const rows = siz.ysiz - siz.y0;
  const columns = siz.xsiz - siz.x0;
  const spp = siz.components.length;
  const cell = c0.precision <= 8 ? 1 : 2;
  const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (rows * columns * spp * cell > max) {
    throw new DicomPixelError("SIZE_LIMIT", `JPEG 2000 image ${columns}x${rows}x${spp} needs ${rows * columns * spp * cell} bytes, more than maxFrameBytes (${max})`);
  }
  for (const [i, c] of siz.components.entries()) {
    if (c.dx !== 1 || c.dy !== 1) throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 component ${i} is subsampled (XRsiz ${c.dx}, YRsiz ${c.dy})`);
    if (c.precision > 8 * cell) throw new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 component ${i} precision ${c.precision} differs from component 0 (${c0.precision})`);
  }
  const data = new Uint8Array(rows * columns * spp * cell);
  const tiles = (function* () {
    for (const t of cs.tiles) yield buildTilePlan(cs, t);
  })();
  j2kDecodeTiles(tiles, data, { columns, rows, samplesPerPixel: spp, cellBytes: cell });
  return { rows, columns, samplesPerPixel: spp, precision: c0.precision, signed: c0.signed, data };
}
