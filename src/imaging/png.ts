/**
 * PNG output of rendered frames through fast-png (a maintained pure-JS encoder that writes 8- and 16-bit grey,
 * RGB and RGBA; no native code, so it works in Node and browsers alike).
 */
import { encode } from "fast-png";
import { DicomPixelError } from "../errors.js";
import type { RenderedColorFrame } from "./color.js";
import type { RenderedFrame } from "./render.js";

const CHANNELS: Readonly<Record<string, number>> = { gray8: 1, gray16: 1, rgb8: 3, rgb16: 3, rgba8: 4 };

/**
 * Encodes a rendered frame as PNG: gray8/gray16 as greyscale, rgb8/rgb16 as RGB, rgba8 as RGBA (8 or 16 bits per
 * sample as the format says).
 * @throws {DicomPixelError} INVALID_ARGUMENT when the data length does not match width × height × channels
 */
export function encodePng(image: Pick<RenderedFrame, "width" | "height" | "data"> & { format: RenderedFrame["format"] | RenderedColorFrame["format"] }): Uint8Array {
  const channels = CHANNELS[image.format];
  if (channels === undefined) throw new DicomPixelError("INVALID_ARGUMENT", `unknown image format ${image.format}`);
  const depth = image.format.endsWith("16") ? 16 : 8;
  if (image.data.length !== image.width * image.height * channels) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `image data has ${image.data.length} samples, expected ${image.width} × ${image.height} × ${channels}`,
    );
  }
  return encode({ width: image.width, height: image.height, data: image.data, depth, channels });
}
