/**
 * Colour-space conversion of decoded frames (PS3.3 C.7.6.3.1.2): YBR_FULL, YBR_FULL_422, YBR_PARTIAL_422,
 * YBR_PARTIAL_420 and YBR_ICT to RGB, and RGB to YBR_FULL, YBR_FULL_422 and YBR_ICT. Every conversion returns
 * the Photometric Interpretation and Planar Configuration of its output, so that nothing gets mislabelled.
 *
 * Arithmetic (assembly/color):
 * - YBR_FULL <-> RGB: IJG libjpeg's 16-bit fixed point (jdcolor/jccolor), bit-exact with DCMTK `dcmdjpeg +cp`,
 *   GDCM and libjpeg-turbo; 16-bit cells use the same arithmetic with centre 2^(Bits Stored - 1);
 * - YBR_PARTIAL: the inverse of the PS3.3 matrix (BT.601 "studio" range), 16-bit fixed point, rounded, clamped;
 * - YBR_ICT: T.800 G.3 in f32, rounded to nearest and clamped; YBR_RCT: see {@link rctInverse}.
 *
 * Chroma sub-sampling: the input of YBR_FULL_422 / YBR_PARTIAL_422 is the native layout (Y0 Y1 Cb Cr per
 * pixel pair) unless `chroma: "full"` says a decoder already up-sampled it. Native 4:2:2 means each chroma
 * pair belongs to both pixels, so the default expansion is `"replicate"`; `"fancy"` applies libjpeg's
 * triangular filter along each row instead. Output of RGB -> YBR_FULL_422 is the native layout with
 * libjpeg's h2v1 chroma averaging.
 */
import { DicomPixelError } from "../errors.js";
import type { PhotometricInterpretation, PlanarConfiguration } from "../pixel-module.js";
import { expand422, rctTransform, rgbToYbr422, transformPixels, ybr422ToRgb8, type PixelTransform } from "../wasm/kernels/color.js";

/** What the converter needs to know about the frame. */
export interface ColorFrameInfo {
  rows: number;
  columns: number;
  /** 8 or 16 (cells little endian, canonical: masked to Bits Stored). */
  bitsAllocated: number;
  /** Precision of the samples (default Bits Allocated). */
  bitsStored?: number;
  /** Layout of the input, 0 colour-by-pixel (default) or 1 colour-by-plane. Ignored for native 4:2:2. */
  planarConfiguration?: PlanarConfiguration;
}

export type ChromaUpsampling = "replicate" | "fancy";

export interface ConvertColorOptions {
  /**
   * For YBR_FULL_422 / YBR_PARTIAL_422 input: `"native"` (default) when the frame is in the native 4:2:2
   * layout (Y0 Y1 Cb Cr per pair), `"full"` when a decoder already returned one Y,Cb,Cr triple per pixel
   * (JPEG output). YBR_PARTIAL_420 input is always full resolution (only compressed data can be 4:2:0).
   */
  chroma?: "native" | "full";
  /** How native 4:2:2 chroma is expanded: `"replicate"` (default; what native 4:2:2 means) or `"fancy"` (libjpeg h2v1). */
  upsampling?: ChromaUpsampling;
  /** Caller-owned output buffer (any typed array view with enough bytes). */
  dst?: ArrayBufferView;
  /** Refuse outputs larger than this many bytes before allocating (default 1 GiB). */
  maxFrameBytes?: number;
}

export interface ColorConversionResult {
  /** The converted frame (a view on `options.dst` when one was given). */
  data: Uint8Array;
  /** Photometric Interpretation of `data`. */
  photometricInterpretation: PhotometricInterpretation;
  /** Planar Configuration of `data`. */
  planarConfiguration: PlanarConfiguration;
}

const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024 * 1024;

function invalid(message: string): DicomPixelError {
  return new DicomPixelError("INVALID_ARGUMENT", message);
}

interface Checked {
  cellBits: 8 | 16;
  bits: number;
  pixels: number;
  planar: PlanarConfiguration;
}

function check(info: ColorFrameInfo): Checked {
  const { rows, columns, bitsAllocated } = info;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(columns) || columns < 0) {
    throw invalid(`colour conversion: Rows ${rows} / Columns ${columns} must be non-negative integers`);
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `colour conversion: (0028,0100) Bits Allocated ${bitsAllocated} is not supported: must be 8 or 16`,
      { tag: "(0028,0100)" },
    );
  }
  const bits = info.bitsStored ?? bitsAllocated;
  if (!Number.isInteger(bits) || bits < 1 || bits > bitsAllocated) {
    throw invalid(`colour conversion: (0028,0101) Bits Stored ${bits} is invalid: must be in 1..${bitsAllocated}`);
  }
  const planar = info.planarConfiguration ?? 0;
  if (planar !== 0 && planar !== 1) throw invalid(`colour conversion: (0028,0006) Planar Configuration ${String(planar)} must be 0 or 1`);
  return { cellBits: bitsAllocated, bits, pixels: rows * columns, planar };
}

function output(bytes: number, options: ConvertColorOptions): Uint8Array {
  const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (bytes > max) {
    throw new DicomPixelError("SIZE_LIMIT", `colour conversion: the output needs ${bytes} bytes, more than maxFrameBytes (${max})`);
  }
  if (options.dst === undefined) return new Uint8Array(bytes);
  const d = options.dst;
  if (d.byteLength < bytes) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `colour conversion: destination holds ${d.byteLength} bytes, ${bytes} needed`);
  }
  return new Uint8Array(d.buffer, d.byteOffset, bytes);
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function needInput(src: Uint8Array, bytes: number, what: string): void {
  if (src.byteLength < bytes) {
    throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `colour conversion: ${what} needs ${bytes} bytes, the frame has ${src.byteLength}`);
  }
}

/**
 * Converts one frame between colour spaces.
 *
 * Supported (`from` -> `to`): YBR_FULL, YBR_FULL_422, YBR_PARTIAL_422, YBR_PARTIAL_420, YBR_ICT -> RGB;
 * YBR_FULL_422 / YBR_PARTIAL_422 (native) -> YBR_FULL / YBR_PARTIAL_422 expanded (label YBR_FULL for full
 * range; partial range keeps its label with one triple per pixel is not expressible, so it is refused);
 * RGB -> YBR_FULL, YBR_FULL_422 (native layout), YBR_ICT; any X -> X (a copy).
 *
 * @param frame the frame's cells (8-bit or little-endian 16-bit)
 * @param from the frame's Photometric Interpretation
 * @param to the wanted Photometric Interpretation
 * @param info rows, columns, Bits Allocated / Stored, Planar Configuration of `frame`
 * @param options see {@link ConvertColorOptions}
 * @returns the converted cells with their new Photometric Interpretation and Planar Configuration
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE when the pair of colour spaces or the Bits Allocated is not supported
 * @throws {DicomPixelError} INVALID_ARGUMENT for impossible dimensions, odd Columns for 4:2:2, bad options
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA when `frame` is shorter than the frame
 * @throws {DicomPixelError} SIZE_LIMIT / DESTINATION_TOO_SMALL
 * @throws {DicomPixelError} NOT_INITIALIZED before `await init()`
 */
export function convertColorSpace(
  frame: ArrayBufferView,
  from: PhotometricInterpretation,
  to: PhotometricInterpretation,
  info: ColorFrameInfo,
  options: ConvertColorOptions = {},
): ColorConversionResult {
  const c = check(info);
  const src = bytesOf(frame);
  const cb = c.cellBits / 8;
  const full = c.pixels * 3 * cb;
  const chroma = options.chroma ?? "native";
  if (chroma !== "native" && chroma !== "full") throw invalid(`colour conversion: chroma "${String(chroma)}" must be "native" or "full"`);
  const upsampling = options.upsampling ?? "replicate";
  if (upsampling !== "replicate" && upsampling !== "fancy") {
    throw invalid(`colour conversion: upsampling "${String(upsampling)}" must be "replicate" or "fancy"`);
  }
  const native422 = (from === "YBR_FULL_422" || from === "YBR_PARTIAL_422") && chroma === "native";

  if (from === to && !native422) {
    const len = full;
    needInput(src, len, from);
    const out = output(len, options);
    out.set(src.subarray(0, len));
    return { data: out, photometricInterpretation: to, planarConfiguration: c.planar };
  }

  // Native 4:2:2 input: expand first (always colour-by-pixel).
  let fullSrc = src;
  let fromFull: PhotometricInterpretation = from;
  let planar = c.planar;
  if (native422) {
    if (info.columns % 2 !== 0) {
      throw invalid(`colour conversion: native ${from} needs an even (0028,0011) Columns, not ${info.columns}`);
    }
    if (to !== "RGB" && !(from === "YBR_FULL_422" && to === "YBR_FULL")) {
      throw new DicomPixelError("UNSUPPORTED_FEATURE", `colour conversion from native ${from} to ${to} is not supported`);
    }
    needInput(src, c.pixels * 2 * cb, `native ${from}`);
    const out = output(full, options);
    if (from === "YBR_FULL_422" && to === "RGB" && c.cellBits === 8 && c.bits === 8) {
      // One fused kernel (v128): expansion and conversion in a single pass.
      ybr422ToRgb8(src, out, info.rows, info.columns, upsampling === "fancy");
      return { data: out, photometricInterpretation: "RGB", planarConfiguration: 0 };
    }
    expand422(src, out, info.rows, info.columns, c.cellBits, upsampling === "fancy");
    if (to === "YBR_FULL") return { data: out, photometricInterpretation: "YBR_FULL", planarConfiguration: 0 };
    fullSrc = out;
    fromFull = from === "YBR_FULL_422" ? "YBR_FULL" : "YBR_PARTIAL_420";
    planar = 0;
  }

  let transform: PixelTransform | undefined;
  if (to === "RGB") {
    if (fromFull === "YBR_FULL" || fromFull === "YBR_FULL_422") transform = "ybrFullToRgb";
    else if (fromFull === "YBR_PARTIAL_420" || fromFull === "YBR_PARTIAL_422") transform = "ybrPartialToRgb";
    else if (fromFull === "YBR_ICT") transform = "ictInverse";
  } else if (fromFull === "RGB") {
    if (to === "YBR_FULL") transform = "rgbToYbrFull";
    else if (to === "YBR_ICT") transform = "ictForward";
    else if (to === "YBR_FULL_422") {
      if (c.planar !== 0) throw invalid("colour conversion: RGB -> YBR_FULL_422 needs colour-by-pixel input (Planar Configuration 0)");
      if (info.columns % 2 !== 0) throw invalid(`colour conversion: YBR_FULL_422 needs an even (0028,0011) Columns, not ${info.columns}`);
      needInput(src, full, "RGB");
      const out = output(c.pixels * 2 * cb, options);
      rgbToYbr422(src, out, info.rows, info.columns, c.cellBits, c.bits);
      return { data: out, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0 };
    }
  }
  if (transform === undefined) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `colour conversion from ${from} to ${to} is not supported`);
  }
  if (transform === "ybrPartialToRgb" && c.bits < 8) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `colour conversion: YBR_PARTIAL needs at least 8 bits, not ${c.bits}`);
  }
  needInput(fullSrc, full, fromFull);
  const out = fullSrc === src ? output(full, options) : (fullSrc as Uint8Array);
  if (c.cellBits === 8 && c.bits < 8 && (transform === "ybrFullToRgb" || transform === "rgbToYbrFull")) {
    // The 8-bit kernels assume 8-bit precision (offset 128, range 0..255). With fewer Bits Stored, convert in
    // 16-bit cells, which take the precision (offset 2^(bits-1), clamped to 2^bits - 1), and narrow back.
    const wide = Uint16Array.from(fullSrc.subarray(0, full));
    const wideBytes = new Uint8Array(wide.buffer);
    transformPixels(transform, wideBytes, wideBytes, c.pixels, 16, c.bits, planar);
    for (let i = 0; i < full; i++) out[i] = wide[i]!;
    return { data: out, photometricInterpretation: to, planarConfiguration: planar };
  }
  transformPixels(transform, fullSrc.subarray(0, full), out, c.pixels, c.cellBits, c.bits, planar);
  return { data: out, photometricInterpretation: to, planarConfiguration: planar };
}

/**
 * Converts any YBR form (and RGB, as a copy) to RGB; see {@link convertColorSpace}.
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for photometric interpretations that are not YBR or RGB
 */
export function toRgb(frame: ArrayBufferView, from: PhotometricInterpretation, info: ColorFrameInfo, options: ConvertColorOptions = {}): ColorConversionResult {
  return convertColorSpace(frame, from, "RGB", info, options);
}

/**
 * JPEG 2000 reversible component transform, forward (RGB -> YBR_RCT; T.800 G.2): Y = floor((R + 2G + B) / 4),
 * Cb = B - G, Cr = R - G, on Int32 samples (Cb and Cr need one bit more than the input).
 * @param src three samples per pixel, colour-by-pixel (`planar` 0) or three planes (1)
 * @returns `dst` (a new Int32Array unless given)
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA / DESTINATION_TOO_SMALL / NOT_INITIALIZED
 */
export function rctForward(src: Int32Array, pixels: number, planar: PlanarConfiguration = 0, dst: Int32Array = new Int32Array(pixels * 3)): Int32Array {
  if (src.length < pixels * 3) throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `RCT: ${pixels} pixels need ${pixels * 3} samples, got ${src.length}`);
  rctTransform(src.subarray(0, pixels * 3), dst, pixels, planar, false);
  return dst;
}

/**
 * JPEG 2000 reversible component transform, inverse (YBR_RCT -> RGB; T.800 G.2): G = Y - floor((Cb + Cr) / 4),
 * R = Cr + G, B = Cb + G. Exact inverse of {@link rctForward}.
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA / DESTINATION_TOO_SMALL / NOT_INITIALIZED
 */
export function rctInverse(src: Int32Array, pixels: number, planar: PlanarConfiguration = 0, dst: Int32Array = new Int32Array(pixels * 3)): Int32Array {
  if (src.length < pixels * 3) throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `RCT: ${pixels} pixels need ${pixels * 3} samples, got ${src.length}`);
  rctTransform(src.subarray(0, pixels * 3), dst, pixels, planar, true);
  return dst;
}
