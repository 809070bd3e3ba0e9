/**
 * Display of colour frames. Colour images are never Modality- or VOI-transformed (PS3.3 C.11 applies to
 * greyscale only): RGB samples go to the output as they are, scaled to 8 or 16 bits when Bits Stored differs.
 *
 * YBR_* frames must be decoded to RGB first (the decoder's `colorSpace: "rgb"` option). PALETTE COLOR frames go
 * through the Palette Color LUTs (src/transforms/palette.ts) with {@link renderPaletteFrame}.
 */
import { DicomPixelError } from "../errors.js";
import type { SampleArray } from "../wasm/kernels/imaging.js";
import type { ImageDescription } from "./attributes.js";
import { applyPalette, type PaletteLut } from "../transforms/palette.js";

export type ColorOutputFormat = "rgba8" | "rgb8" | "rgb16";

export interface RenderedColorFrame {
  width: number;
  height: number;
  format: ColorOutputFormat;
  /** rgba8: Uint8ClampedArray; rgb8: Uint8Array; rgb16: Uint16Array. */
  data: Uint8ClampedArray | Uint8Array | Uint16Array;
}

/**
 * Renders an RGB frame (canonical form: interleaved R, G, B) to RGBA8, RGB8 or RGB16.
 * Values are scaled from Bits Stored: to 8 bits by dropping the low bits, to 16 bits by v × 65535 / (2^BS - 1).
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for photometric interpretations other than RGB
 */
export function renderColorFrame(frame: SampleArray, desc: ImageDescription, format: ColorOutputFormat = "rgba8"): RenderedColorFrame {
  const pi = desc.photometricInterpretation;
  if (pi !== "RGB" || desc.samplesPerPixel !== 3) {
    const hint = pi.startsWith("YBR")
      ? "decode with colorSpace \"rgb\" first"
      : pi === "PALETTE COLOR"
        ? "use renderPaletteFrame with the Palette Color LUTs"
        : "only RGB colour frames can be rendered";
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `(0028,0004) Photometric Interpretation ${pi} cannot be rendered: ${hint}`, {
      tag: "(0028,0004)",
    });
  }
  const pixels = desc.rows * desc.columns;
  if (frame.length !== pixels * 3) {
    throw new DicomPixelError("INVALID_ARGUMENT", `frame has ${frame.length} samples, expected Rows × Columns × 3 = ${pixels * 3}`);
  }
  const bs = desc.bitsStored;
  const max = 2 ** bs - 1;
  const clamp = (v: number) => (v < 0 ? 0 : v > max ? max : v);
  if (format === "rgb16") {
    const out = new Uint16Array(pixels * 3);
    const k = 65535 / max;
    for (let i = 0; i < out.length; i++) out[i] = Math.round(clamp(frame[i]!) * k);
    return { width: desc.columns, height: desc.rows, format, data: out };
  }
  const shift = Math.max(0, bs - 8);
  const to8 = (v: number) => (bs >= 8 ? clamp(v) >>> shift : Math.round((clamp(v) * 255) / max));
  if (format === "rgb8") {
    const out = new Uint8Array(pixels * 3);
    for (let i = 0; i < out.length; i++) out[i] = to8(frame[i]!);
    return { width: desc.columns, height: desc.rows, format, data: out };
  }
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0, i = 0, j = 0; p < pixels; p++, i += 3, j += 4) {
    out[j] = to8(frame[i]!);
    out[j + 1] = to8(frame[i + 1]!);
    out[j + 2] = to8(frame[i + 2]!);
    out[j + 3] = 255;
  }
  return { width: desc.columns, height: desc.rows, format, data: out };
}

/**
 * Renders a PALETTE COLOR frame (indices, canonical form) through its Palette Color LUTs (PS3.3 C.7.6.3.1.5):
 * RGB8 (16-bit entries reduced to their high byte, as DCMTK's 8-bit output), RGB16, or RGBA8.
 * @throws {DicomPixelError} as applyPalette (UNSUPPORTED_FEATURE for Bits Allocated other than 8 or 16)
 */
export function renderPaletteFrame(frame: SampleArray, desc: ImageDescription, palette: PaletteLut, format: ColorOutputFormat = "rgba8"): RenderedColorFrame {
  const rgb = applyPalette(frame, palette, {
    bitsAllocated: desc.bitsAllocated,
    pixelRepresentation: desc.pixelRepresentation === 1 ? 1 : 0,
    outputBits: format === "rgb16" ? 16 : 8,
  });
  const base = { width: desc.columns, height: desc.rows };
  if (format === "rgb16") return { ...base, format, data: new Uint16Array(rgb.data.buffer, rgb.data.byteOffset, rgb.data.byteLength >> 1) };
  if (format === "rgb8") return { ...base, format, data: rgb.data };
  return renderColorFrame(rgb.data, { ...desc, photometricInterpretation: "RGB", samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0 }, "rgba8");
}
