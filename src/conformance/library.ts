/**
 * What the conformance runner needs from the library, over the public reading and decoding API: open a
 * source, decode frame i in the canonical form (with options), apply the Palette Color LUTs when the
 * colour module offers it, close.
 */
import type { DecodeOptions } from "../codecs/codec.js";
import { decodeFrame } from "../decode.js";
import { openDicom } from "../part10/open.js";
import { applyPalette, paletteFromDataSet, type PaletteLut } from "../transforms/palette.js";

export interface FrameReader {
  readonly numberOfFrames: number;
  decodeFrame(index: number, options: DecodeOptions): Promise<Uint8Array>;
  /** Palette Color indices -> RGB, when the file has a palette and the library can apply it. */
  applyPalette?: (indices: Uint8Array) => Uint8Array;
  close(): Promise<void>;
}

/** Opens a whole buffer or a file path (read lazily through a file handle). */
export async function openFrames(source: Uint8Array | string): Promise<FrameReader> {
  const file = await openDicom(source);
  const reader: FrameReader = {
    numberOfFrames: file.numberOfFrames,
    decodeFrame: async (index, options) => (await decodeFrame(file, index, options)).bytes,
    close: () => file.close(),
  };
  const module = file.pixelModule({ lenient: true });
  if (module.photometricInterpretation === "PALETTE COLOR") {
    // The corpus applies the LUTs as pydicom's apply_color_lut does: output at the LUT's bits per entry.
    let palette: PaletteLut | undefined;
    reader.applyPalette = (indices) => {
      palette ??= paletteFromDataSet(file.dataset);
      return applyPalette(indices, palette, { bitsAllocated: module.bitsAllocated, pixelRepresentation: module.pixelRepresentation }).data;
    };
  }
  return reader;
}
