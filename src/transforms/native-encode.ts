/**
 * Encode direction: canonical values (src/pixel-module.ts) -> native Pixel Data bytes for a PixelModule
 * (PS3.5 section 8.1.1: value in bits High Bit − Bits Stored + 1 .. High Bit of its cell; 1-bit pixels
 * packed LSB first with frames not byte aligned; Annex A.3 big endian words).
 */
import { DicomPixelError } from "../errors.js";
import type { FrameArray, PixelModule } from "../pixel-module.js";
import {
  findMisfitKernel,
  reorderPlanesKernel,
  shiftLeftKernel,
  swapBytesKernel,
  ybr422Kernel,
  type CellBits,
  type SwapWord,
} from "../wasm/kernels/native.js";
import { packBits } from "./bits.js";

export interface NativeEncodeOptions {
  /** "little" (default) or "big" (Explicit VR Big Endian; 8-bit data is written for an OB element). */
  byteOrder?: "little" | "big";
  /** Planar Configuration of the output (default: the module's). Ignored for one sample per pixel. */
  planarConfiguration?: 0 | 1;
  /** Number of frames in `values` (default: the module's Number of Frames). */
  frames?: number;
}

function byteView(a: FrameArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Converts canonical values to native bytes: checks that every value fits Bits Stored with the module's
 * signedness, places it at High Bit, packs 1-bit data, reorders to colour-by-plane when asked and writes
 * big-endian words when asked. The result is not padded to even length (the writer pads).
 *
 * @param values canonical samples of all frames, colour-by-pixel: a typed array of the module's type
 *   (`module.frameArrayType()`), or a Uint8Array of the canonical little-endian bytes; 1-bit data is one
 *   byte (0 or 1) per pixel
 * @throws {DicomPixelError} VALUE_OUT_OF_RANGE naming the first offending frame, pixel, sample and value
 * @throws {DicomPixelError} INVALID_ARGUMENT when the array type or length does not match the module
 * @throws {DicomPixelError} INVALID_ATTRIBUTE for YBR_FULL_422 with an odd number of Columns
 *
 * For YBR_FULL_422, `values` are full-resolution Y Cb Cr triples; each pixel pair is written Y0 Y1 Cb Cr with
 * the pair's chroma averaged (rounded), which is exact for data that came from a 4:2:2 expansion.
 */
export function encodeNative(values: FrameArray, module: PixelModule, options: NativeEncodeOptions = {}): Uint8Array {
  const frames = options.frames ?? module.numberOfFrames;
  const ybr422 = module.photometricInterpretation === "YBR_FULL_422";
  if (ybr422 && module.columns % 2 !== 0) {
    throw new DicomPixelError(
      "INVALID_ATTRIBUTE",
      `(0028,0011) Columns ${module.columns} is invalid for native YBR_FULL_422: pixel pairs (PS3.3 C.7.6.3.1.2) need an even number of columns`,
      { tag: "(0028,0011)" },
    );
  }
  const expectedType = module.frameArrayType();
  if (!(values instanceof Uint8Array) && values.constructor !== expectedType) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `values must be a ${expectedType.name} (or the canonical bytes as a Uint8Array) for Bits Allocated ${module.bitsAllocated} and Pixel Representation ${module.pixelRepresentation}, not a ${values.constructor.name}`,
    );
  }
  const bytes = byteView(values);
  const frameBytes = module.frameByteLength();
  if (!Number.isInteger(frames) || frames < 1 || bytes.byteLength !== frameBytes * frames) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `values hold ${bytes.byteLength} bytes; ${frames} frame(s) of ${module.rows}x${module.columns}x${module.samplesPerPixel} samples of ${module.bytesPerSample()} byte(s) need ${frameBytes * frames}`,
    );
  }
  const isFloat = module.pixelDataElement !== "PixelData";
  const ba = module.bitsAllocated;
  if (!isFloat) checkRange(bytes, module);
  if (ba === 1) return packBits(bytes);

  const out = new Uint8Array(bytes.byteLength);
  const shift = module.highBit - module.bitsStored + 1;
  if (!isFloat && shift > 0) shiftLeftKernel(bytes, out, ba as CellBits, shift);
  else out.set(bytes);

  if (ybr422) {
    // PS3.3 C.7.6.3.1.2: Y0 Y1 Cb Cr per pixel pair, Planar Configuration 0; big endian words after.
    const packed = new Uint8Array((out.byteLength / 3) * 2);
    ybr422Kernel(out, packed, (module.pixelsPerFrame() / 2) * frames, ba / 8, "pack");
    if ((options.byteOrder ?? "little") === "big" && ba > 8) swapBytesKernel(packed, packed, (ba / 8) as SwapWord);
    return packed;
  }
  const planar = options.planarConfiguration ?? module.planarConfiguration;
  if (planar === 1 && module.samplesPerPixel > 1) {
    const tmp = out.slice();
    for (let f = 0; f < frames; f++) {
      const o = f * frameBytes;
      reorderPlanesKernel(tmp.subarray(o, o + frameBytes), out.subarray(o, o + frameBytes), module.pixelsPerFrame(), module.samplesPerPixel, ba / 8, "planar");
    }
  }
  if ((options.byteOrder ?? "little") === "big" && ba > 8) swapBytesKernel(out, out, (ba / 8) as SwapWord);
  return out;
}

/** @throws {DicomPixelError} VALUE_OUT_OF_RANGE at the first cell that does not fit Bits Stored. */
function checkRange(bytes: Uint8Array, module: PixelModule): void {
  const ba = module.bitsAllocated;
  const bs = module.bitsStored;
  const signed = module.pixelRepresentation === 1;
  if (!(ba === 1 || bs < ba)) return; // every cell value fits a full-width cell
  const cell = findMisfitKernel(bytes, (ba === 1 ? 8 : ba) as CellBits, bs, signed && ba !== 1);
  if (cell < 0) return;
  const spf = module.samplesPerFrame();
  const frame = Math.floor(cell / spf);
  const within = cell % spf;
  const pixel = Math.floor(within / module.samplesPerPixel);
  const sample = within % module.samplesPerPixel;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = cell * (ba === 1 ? 1 : ba / 8);
  let value: number;
  if (ba <= 8) value = signed && ba !== 1 ? dv.getInt8(at) : dv.getUint8(at);
  else if (ba === 16) value = signed ? dv.getInt16(at, true) : dv.getUint16(at, true);
  else value = signed ? dv.getInt32(at, true) : dv.getUint32(at, true);
  const lo = signed && ba !== 1 ? -(2 ** (bs - 1)) : 0;
  const hi = signed && ba !== 1 ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
  const row = Math.floor(pixel / module.columns);
  const col = pixel % module.columns;
  throw new DicomPixelError(
    "VALUE_OUT_OF_RANGE",
    `frame ${frame}, pixel ${pixel} (row ${row}, column ${col}), sample ${sample}: value ${value} does not fit (0028,0101) Bits Stored ${bs} with (0028,0103) Pixel Representation ${module.pixelRepresentation}: allowed ${lo}..${hi}`,
    { frameIndex: frame },
  );
}
