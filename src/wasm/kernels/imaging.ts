/** Exports of assembly/imaging (typed here; src/wasm/ is the only code that touches the raw exports). */
import { checkKernelStatus } from "../../errors.js";
import { getInstance } from "../module.js";

export interface ImagingExports {
  imaging_rescale(src: number, srcLen: number, dst: number, dstLen: number, srcType: number, dstType: number, slope: number, intercept: number): number;
  imaging_window(
    src: number, srcLen: number, dst: number, dstLen: number,
    srcType: number, dstFormat: number, func: number, center: number, width: number, yMin: number, yMax: number,
  ): number;
  imaging_lut(
    src: number, srcLen: number, dst: number, dstLen: number,
    srcType: number, dstFormat: number, lut: number, lutEntries: number, firstMapped: number,
  ): number;
  imaging_min_max(src: number, srcLen: number, dst: number, dstLen: number, srcType: number): number;
}

/** Numeric arrays the imaging kernels read (assembly/imaging/common.ts sample types). */
export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
/** Arrays a rescale can write. */
export type ModalityArray = Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;
/** Display buffers: gray8 and rgba8 in a Uint8Array / Uint8ClampedArray, gray16 in a Uint16Array. */
export type LevelFormat = "gray8" | "gray16" | "rgba8";
export type VoiFunctionCode = 0 | 1 | 2;

const FORMAT_CODE: Readonly<Record<LevelFormat, number>> = { gray8: 0, gray16: 1, rgba8: 2 };
const BYTES_PER_PIXEL: Readonly<Record<LevelFormat, number>> = { gray8: 1, gray16: 2, rgba8: 4 };

/** The kernel's sample-type code of a typed array (T_* in assembly/imaging/common.ts). */
export function sampleTypeCode(a: ArrayBufferView): number {
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return 0;
  if (a instanceof Int8Array) return 1;
  if (a instanceof Uint16Array) return 2;
  if (a instanceof Int16Array) return 3;
  if (a instanceof Uint32Array) return 4;
  if (a instanceof Int32Array) return 5;
  if (a instanceof Float32Array) return 6;
  if (a instanceof Float64Array) return 7;
  throw new TypeError(`unsupported sample array type ${Object.prototype.toString.call(a)}`);
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function checkDst(dst: ArrayBufferView, need: number, what: string): void {
  if (dst.byteLength < need) throw new RangeError(`${what}: destination holds ${dst.byteLength} bytes, ${need} needed`);
}

/**
 * Rescale slope/intercept into `dst` (one element per sample; int16/uint16/int32 are rounded to nearest and
 * saturate; float32/float64 are exact up to float rounding).
 * @throws {DicomPixelError} INVALID_ARGUMENT when slope or intercept is not finite
 */
export function rescaleSamples<T extends ModalityArray>(src: SampleArray, slope: number, intercept: number, dst: T): T {
  const { exports, arena } = getInstance();
  const dstBytes = src.length * dst.BYTES_PER_ELEMENT;
  checkDst(dst, dstBytes, "rescale");
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(dstBytes);
    checkKernelStatus(
      exports.imaging_rescale(s, src.byteLength, d, dstBytes, sampleTypeCode(src), sampleTypeCode(dst), slope, intercept),
      "modality rescale",
    );
    bytesOf(dst).set(arena.view(d, dstBytes));
    return dst;
  });
}

/**
 * VOI window (0 LINEAR, 1 LINEAR_EXACT, 2 SIGMOID; PS3.3 C.11.2.1.2-3) into grey levels. yMin > yMax inverts.
 * @throws {DicomPixelError} INVALID_ARGUMENT when the width is out of range for the function or yMin/yMax do not fit the format
 */
export function windowSamples<T extends Uint8Array | Uint8ClampedArray | Uint16Array>(
  src: SampleArray,
  format: LevelFormat,
  func: VoiFunctionCode,
  center: number,
  width: number,
  yMin: number,
  yMax: number,
  dst: T,
): T {
  const { exports, arena } = getInstance();
  const dstBytes = src.length * BYTES_PER_PIXEL[format];
  checkDst(dst, dstBytes, "VOI window");
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(dstBytes);
    checkKernelStatus(
      exports.imaging_window(s, src.byteLength, d, dstBytes, sampleTypeCode(src), FORMAT_CODE[format], func, center, width, yMin, yMax),
      `VOI window (center ${center}, width ${width})`,
    );
    bytesOf(dst).set(arena.view(d, dstBytes));
    return dst;
  });
}

/**
 * Table lookup with clamping (PS3.3 C.11.1.1.1 / C.11.2.1.1): index = clamp(x - firstMapped, 0, lut.length - 1).
 * gray8 writes the low byte of each entry; rgba8 writes it to R, G and B with A = 255.
 * @throws {DicomPixelError} INVALID_ARGUMENT when the table is empty or longer than 131072 entries
 */
export function lookupSamples<T extends Uint8Array | Uint8ClampedArray | Uint16Array>(
  src: SampleArray,
  format: LevelFormat,
  lut: Uint16Array,
  firstMapped: number,
  dst: T,
): T {
  const { exports, arena } = getInstance();
  const dstBytes = src.length * BYTES_PER_PIXEL[format];
  checkDst(dst, dstBytes, "LUT lookup");
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const l = arena.copyIn(lut);
    const d = arena.alloc(dstBytes);
    checkKernelStatus(
      exports.imaging_lut(s, src.byteLength, d, dstBytes, sampleTypeCode(src), FORMAT_CODE[format], l, lut.length, firstMapped),
      "LUT lookup",
    );
    bytesOf(dst).set(arena.view(d, dstBytes));
    return dst;
  });
}

/** Minimum and maximum sample value (NaN skipped; [Infinity, -Infinity] for an empty array). */
export function sampleMinMax(src: SampleArray): [number, number] {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(16, 8);
    checkKernelStatus(exports.imaging_min_max(s, src.byteLength, d, 16, sampleTypeCode(src)), "min/max");
    const v = new Float64Array(arena.u8().buffer, d, 2);
    return [v[0]!, v[1]!];
  });
}
