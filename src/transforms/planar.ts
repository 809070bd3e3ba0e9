/**
 * Planar Configuration (PS3.3 C.7.6.3.1.3): colour-by-plane (1) <-> colour-by-pixel (0).
 */
import { DicomPixelError } from "../errors.js";
import type { FrameArray } from "../pixel-module.js";
import { reorderPlanesKernel } from "../wasm/kernels/native.js";

function bytesOf(a: FrameArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function reorder<T extends FrameArray>(src: T, samplesPerPixel: number, dst: T | undefined, direction: "interleave" | "planar"): T {
  if (!Number.isInteger(samplesPerPixel) || samplesPerPixel < 1 || samplesPerPixel > 4) {
    throw new DicomPixelError("INVALID_ARGUMENT", `samplesPerPixel ${samplesPerPixel} is invalid: must be 1..4`);
  }
  if (src.length % samplesPerPixel !== 0) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `${src.length} samples is not a whole number of pixels of ${samplesPerPixel} samples`,
    );
  }
  const out = dst ?? (new (src.constructor as new (n: number) => T)(src.length));
  if (out.BYTES_PER_ELEMENT !== src.BYTES_PER_ELEMENT) {
    throw new DicomPixelError("INVALID_ARGUMENT", "destination cells must be the same size as the source cells");
  }
  if (out.length < src.length) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `destination holds ${out.length} samples, ${src.length} needed`);
  }
  if (src.length === 0) return out;
  reorderPlanesKernel(bytesOf(src), bytesOf(out), src.length / samplesPerPixel, samplesPerPixel, src.BYTES_PER_ELEMENT, direction);
  return out;
}

/**
 * Colour-by-plane (R R ... G G ... B B ...) -> colour-by-pixel (R G B R G B ...), for one frame.
 * @param planar the frame's samples, planes one after the other
 * @param samplesPerPixel 1..4
 * @param dst optional destination of the same type (must not overlap `planar`)
 * @throws {DicomPixelError} INVALID_ARGUMENT when the length is not a whole number of pixels
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL
 */
export function toInterleaved<T extends FrameArray>(planar: T, samplesPerPixel: number, dst?: T): T {
  return reorder(planar, samplesPerPixel, dst, "interleave");
}

/**
 * Colour-by-pixel -> colour-by-plane, for one frame. The inverse of {@link toInterleaved}.
 * @throws {DicomPixelError} INVALID_ARGUMENT when the length is not a whole number of pixels
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL
 */
export function toPlanar<T extends FrameArray>(interleaved: T, samplesPerPixel: number, dst?: T): T {
  return reorder(interleaved, samplesPerPixel, dst, "planar");
}
