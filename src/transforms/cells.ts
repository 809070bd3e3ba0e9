/**
 * The last step of every decode path: stored cells -> the canonical form (src/pixel-module.ts).
 */
import { DicomPixelError } from "../errors.js";
import type { PixelModule } from "../pixel-module.js";
import { maskCells, type CellBits } from "../wasm/kernels/native.js";

export interface NormalizeCellsOptions {
  /** Leave the cells exactly as stored (default false): the call does nothing. */
  raw?: boolean;
}

/**
 * True when masking would change nothing: the stored value fills the whole cell (Bits Stored = Bits
 * Allocated), or data that is not integer cells (1-bit, float).
 */
export function cellsAreCanonical(module: PixelModule): boolean {
  if (module.pixelDataElement !== "PixelData" || module.bitsAllocated === 1) return true;
  return module.bitsStored === module.bitsAllocated;
}

/**
 * In place, on little-endian cells of Bits Allocated bits (8, 16 or 32): masks every cell to Bits Stored at
 * High Bit, shifts so that the lowest stored bit is bit 0, and sign-extends from Bits Stored when Pixel
 * Representation is 1 (PS3.5 8.1.1, PS3.3 C.7.6.3.1). Whatever the unused bits held (overlays in old files)
 * is discarded: a 12-bit −5 becomes int16 −5 (0xFFFB). 1-bit data and Float / Double Float Pixel Data are
 * left unchanged, as are all cells when `options.raw` is true.
 *
 * Requires `await init()` (the work runs in the WebAssembly kernels).
 * @param cells one or more frames of cells, little endian; its length must be a multiple of the cell size
 * @throws {DicomPixelError} INVALID_ARGUMENT when the length is not a whole number of cells
 * @throws {DicomPixelError} NOT_INITIALIZED before `await init()`
 */
export function normalizeCells(cells: Uint8Array, module: PixelModule, options: NormalizeCellsOptions = {}): void {
  if (options.raw === true || cellsAreCanonical(module)) return;
  const ba = module.bitsAllocated as CellBits;
  if (cells.byteLength % (ba / 8) !== 0) {
    throw new DicomPixelError(
      "INVALID_ARGUMENT",
      `normalizeCells: ${cells.byteLength} bytes is not a whole number of ${ba}-bit cells`,
    );
  }
  if (cells.byteLength === 0) return;
  maskCells(cells, cells, ba, module.bitsStored, module.highBit, module.pixelRepresentation === 1);
}
