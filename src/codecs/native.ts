/**
 * The FrameCodec for native (uncompressed) Pixel Data: Implicit and Explicit VR Little Endian, Deflated
 * Explicit VR Little Endian (the reader inflates; frames arrive as plain little-endian bytes), Explicit VR
 * Big Endian, and Encapsulated Uncompressed Explicit VR Little Endian (each fragment a native LE frame).
 *
 * Decisions on the ambiguous cases (../shared/conformance-data/README.md, "Surprises"):
 * - 8-bit data in an OW element under big endian is stored as 16-bit words, so byte pairs are exchanged
 *   (PS3.5 A.3); the codec swaps them back, as dcmtk and GDCM do. Set `context.pixelDataVR` to "OB" when the
 *   element is OB (no swap) or when the reader has already undone the swap on the whole value. Word pairs
 *   are formed from the start of the value, so a frame at an odd byte offset of the value is refused, and a
 *   frame of odd length needs its padding byte in `src`.
 * - 32-bit data in OW under big endian: by default each 32-bit value is read big endian (the writer's
 *   intent; matches the little-endian original and pydicom). `bigEndianOW32: "words"` instead swaps 16-bit
 *   words only, as dcmtk and GDCM do (the manifest's `alternatives`).
 * - Native YBR_FULL_422 (Y0 Y1 Cb Cr per pair, PS3.3 C.7.6.3.1.2) is expanded to one Y Cb Cr triple per pixel
 *   (output photometric YBR_FULL); pairs run along rows, so an odd number of Columns is refused.
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian } from "../uids.js";
import { decodeNativeKernel, type CellBits, type NativePlan, type SwapWord } from "../wasm/kernels/native.js";
import { encodeNative } from "../transforms/native-encode.js";
import { convertColorSpace } from "../transforms/color.js";
import type { DecodedFrame, DecodeOptions, EncodedFrame, EncodeOptions, FrameCodec, FrameContext, FrameInfo } from "./codec.js";

export const EncapsulatedUncompressedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.98";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

/** What the native codec may use beyond FrameContext. */
export interface NativeFrameContext extends FrameContext {
  /**
   * VR of the Pixel Data element, "OB" or "OW". Matters only for 8- and 1-bit data under big endian, where OW
   * means byte pairs are exchanged. Default: "OW", except "OB" for 1-bit data.
   */
  pixelDataVR?: string;
  /** Offset of `src` in the Pixel Data value (default 0); word-swapped OW data needs it to be even. */
  valueByteOffset?: number;
}

export interface NativeDecodeOptions extends DecodeOptions {
  /** 32-bit data in OW under big endian: "value" (default) reads 32-bit big-endian values, "words" swaps 16-bit words. */
  bigEndianOW32?: "value" | "words";
}

/** Bytes of `src` one frame occupies, from the frame's first byte (1-bit: including the bit offset). */
function storedBytes(module: PixelModule, bitOffset: number): number {
  return Math.ceil((bitOffset + module.nativeFrameBitLength()) / 8);
}

function checkLayout(module: PixelModule, frameIndex: number): void {
  if (module.photometricInterpretation === "YBR_FULL_422") {
    if (module.columns % 2 !== 0) {
      throw new DicomPixelError(
        "INVALID_ATTRIBUTE",
        `(0028,0011) Columns ${module.columns} is invalid for native YBR_FULL_422: pixel pairs (Y0 Y1 Cb Cr, PS3.3 C.7.6.3.1.2) need an even number of columns`,
        { tag: "(0028,0011)", frameIndex },
      );
    }
    if (module.planarConfiguration !== 0) {
      throw new DicomPixelError(
        "INVALID_ATTRIBUTE",
        "(0028,0006) Planar Configuration 1 is invalid for YBR_FULL_422: it must be 0 (PS3.3 C.7.6.3.1.3)",
        { tag: "(0028,0006)", frameIndex },
      );
    }
  }
}

function planFor(src: Uint8Array, module: PixelModule, context: NativeFrameContext, options: NativeDecodeOptions): NativePlan {
  const bigEndian = context.transferSyntaxUID.replace(/[\0 ]+$/, "") === ExplicitVRBigEndian;
  const ba = module.bitsAllocated;
  // Without a known VR, Pixel Data is taken as OW (the VR Implicit VR dictionaries give it), except 1-bit data,
  // which is word-swapped only when the element is known to be OW.
  const ow = (context.pixelDataVR ?? (ba === 1 ? "OB" : "OW")).toUpperCase() === "OW";
  const bitOffset = ba === 1 ? (context.bitOffset ?? 0) : 0;
  const outBytes = module.frameByteLength();
  let inBytes = storedBytes(module, bitOffset);
  const plan: NativePlan = { inBytes, outBytes };

  if (module.pixelDataElement !== "PixelData") {
    if (bigEndian) plan.swap = (ba / 8) as SwapWord;
  } else if (bigEndian) {
    if (ba <= 8 && ow) {
      if ((context.valueByteOffset ?? 0) % 2 !== 0) {
        throw new DicomPixelError(
          "UNSUPPORTED_FEATURE",
          `frame ${context.frameIndex} starts at odd byte offset ${context.valueByteOffset} of 8-bit OW big-endian Pixel Data: undo the word swap on the whole value (swapBytes) and pass pixelDataVR "OB"`,
          { frameIndex: context.frameIndex },
        );
      }
      // PS3.5 A.3: OW is a stream of 16-bit words; 8-bit cells come in exchanged pairs. The last pair of an
      // odd-length frame includes the value's padding byte.
      inBytes += inBytes & 1;
      plan.inBytes = inBytes;
      plan.swap = 2;
    } else if (ba === 16) {
      plan.swap = 2;
    } else if (ba === 32) {
      plan.swap = ow && options.bigEndianOW32 === "words" ? 2 : 4;
    }
  }

  if (ba === 1) {
    plan.layout = { kind: "unpack1", bitOffset, count: module.pixelsPerFrame() };
  } else if (module.photometricInterpretation === "YBR_FULL_422") {
    plan.layout = { kind: "ybr422", pairs: module.pixelsPerFrame() / 2, cellBytes: ba / 8 };
  } else if (module.planarConfiguration === 1 && module.samplesPerPixel > 1 && options.planar !== "preserve") {
    plan.layout = { kind: "interleave", pixels: module.pixelsPerFrame(), samples: module.samplesPerPixel, cellBytes: ba / 8 };
  }
  if (module.pixelDataElement === "PixelData" && ba !== 1 && module.bitsStored < ba && options.raw !== true) {
    plan.mask = {
      bitsAllocated: ba as CellBits,
      bitsStored: module.bitsStored,
      highBit: module.highBit,
      signed: module.pixelRepresentation === 1,
    };
  }
  if (src.byteLength < inBytes) {
    throw new DicomPixelError(
      "NOT_ENOUGH_PIXEL_DATA",
      `frame ${context.frameIndex} of native Pixel Data needs ${inBytes} bytes (${module.rows} rows x ${module.columns} columns x ${module.samplesPerPixel} samples, Bits Allocated ${ba}${bitOffset ? `, from bit ${bitOffset}` : ""}), only ${src.byteLength} are present`,
      { frameIndex: context.frameIndex },
    );
  }
  return plan;
}

/** The native codec; registered for the five native transfer syntaxes. */
export const nativeCodec: FrameCodec = {
  name: "native",
  transferSyntaxes: [
    ImplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    EncapsulatedUncompressedExplicitVRLittleEndian,
  ],

  /**
   * Checks that `src` holds a whole frame; there is no codestream header.
   * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA when `src` is shorter than one frame
   * @throws {DicomPixelError} INVALID_ATTRIBUTE for native YBR_FULL_422 with odd Columns or Planar Configuration 1
   */
  readInfo(src: Uint8Array, module: PixelModule, context: FrameContext): FrameInfo {
    checkLayout(module, context.frameIndex);
    const plan = planFor(src, module, context, {});
    return {
      rows: module.rows,
      columns: module.columns,
      samplesPerPixel: module.samplesPerPixel,
      bitsPerSample: module.bitsAllocated,
      details: { storedBytes: plan.inBytes, bitOffset: module.bitsAllocated === 1 ? (context.bitOffset ?? 0) : 0 },
    };
  },

  decodedSize(_info: FrameInfo, module: PixelModule): number {
    return module.frameByteLength();
  },

  /**
   * Decodes one native frame to the canonical form (little endian, colour-by-pixel unless
   * `planar: "preserve"`, masked and sign-extended unless `raw`, 1-bit unpacked, YBR_FULL_422 expanded).
   * With `colorSpace: "rgb"`, YBR data is converted to RGB (src/transforms/color.ts) after that.
   * @throws {DicomPixelError} SIZE_LIMIT when the frame exceeds `maxFrameBytes`
   * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA when `src` is shorter than the frame
   * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` cannot hold the frame
   * @throws {DicomPixelError} INVALID_ATTRIBUTE for native YBR_FULL_422 with odd Columns
   * @throws {DicomPixelError} UNSUPPORTED_FEATURE when `colorSpace: "rgb"` meets a YBR form or depth the colour module refuses
   */
  decodeInto(src: Uint8Array, module: PixelModule, dst: Uint8Array, context: FrameContext, options: DecodeOptions = {}): DecodedFrame {
    const size = module.frameByteLength();
    const cap = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (size > cap) {
      throw new DicomPixelError("SIZE_LIMIT", `native frame ${context.frameIndex} is ${size} bytes, more than maxFrameBytes (${cap})`, {
        frameIndex: context.frameIndex,
      });
    }
    if (dst.byteLength < size) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `native frame ${context.frameIndex}: destination holds ${dst.byteLength} bytes, ${size} needed`, {
        frameIndex: context.frameIndex,
      });
    }
    checkLayout(module, context.frameIndex);
    const plan = planFor(src, module, context, options);
    const photometric = module.photometricInterpretation === "YBR_FULL_422" ? "YBR_FULL" : module.photometricInterpretation;
    const toRgb = options.colorSpace === "rgb" && photometric.startsWith("YBR");
    if (toRgb && plan.swap === undefined && plan.mask === undefined && (plan.layout === undefined || plan.layout.kind === "ybr422")) {
      // Cells already canonical (no swap, no mask): convert straight from src in one pass (for native
      // YBR_FULL_422 8-bit, the fused expand + convert kernel) instead of decoding into a scratch frame first.
      // Only YBR_FULL_422 is stored as pixel pairs here (PixelModule.nativeFrameByteLength); the other YBR
      // labels hold one triple per pixel, so the colour module is told their chroma is full.
      const pairs = plan.layout !== undefined;
      const r = convertColorSpace(
        src,
        pairs ? "YBR_FULL_422" : photometric,
        "RGB",
        {
          rows: module.rows,
          columns: module.columns,
          bitsAllocated: module.bitsAllocated,
          bitsStored: module.bitsStored,
          planarConfiguration: pairs ? 0 : module.planarConfiguration,
        },
        { chroma: pairs ? "native" : "full", dst },
      );
      return { bytesWritten: size, photometricInterpretation: r.photometricInterpretation, planarConfiguration: r.planarConfiguration };
    }
    // With a colour conversion to follow, decode into a scratch frame and convert into dst.
    const canonical = toRgb ? new Uint8Array(size) : dst;
    if (plan.swap === undefined && plan.layout === undefined && plan.mask === undefined) {
      canonical.set(src.subarray(0, size)); // already canonical: one copy, no kernel
    } else {
      decodeNativeKernel(src, canonical, plan, `native frame ${context.frameIndex}`, context.frameIndex);
    }
    const preserved = plan.layout === undefined && module.planarConfiguration === 1 && module.samplesPerPixel > 1;
    const planarConfiguration = preserved ? 1 : 0;
    if (toRgb) {
      const r = convertColorSpace(
        canonical,
        photometric,
        "RGB",
        { rows: module.rows, columns: module.columns, bitsAllocated: module.bitsAllocated, bitsStored: module.bitsStored, planarConfiguration },
        { chroma: "full", dst },
      );
      return { bytesWritten: size, photometricInterpretation: r.photometricInterpretation, planarConfiguration: r.planarConfiguration };
    }
    return { bytesWritten: size, photometricInterpretation: photometric, planarConfiguration };
  },

  /**
   * Encodes one canonical frame to native bytes: little endian (big endian when
   * `options.transferSyntaxUID` is Explicit VR Big Endian), Planar Configuration 0. A YBR_FULL_422 module is
   * written as YBR_FULL (the canonical frame has full-resolution chroma). 1-bit frames are packed from bit 0;
   * a writer joining several 1-bit frames must pack them contiguously (packBits with a bit offset).
   * @throws {DicomPixelError} VALUE_OUT_OF_RANGE when a value does not fit Bits Stored
   */
  encodeFrame(frame: Uint8Array, module: PixelModule, options: EncodeOptions = {}): EncodedFrame {
    const ybr422 = module.photometricInterpretation === "YBR_FULL_422";
    const target = ybr422 ? module.with({ photometricInterpretation: "YBR_FULL", planarConfiguration: 0, numberOfFrames: 1 }) : module;
    const bigEndian = (options.transferSyntaxUID ?? "").replace(/[\0 ]+$/, "") === ExplicitVRBigEndian;
    const data = encodeNative(frame.subarray(0, target.frameByteLength()), target, {
      frames: 1,
      planarConfiguration: 0,
      byteOrder: bigEndian ? "big" : "little",
    });
    return { data, photometricInterpretation: target.photometricInterpretation, planarConfiguration: 0, lossy: false };
  },
};
