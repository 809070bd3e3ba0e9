// Shared constants and checks of the imaging kernels (Modality LUT, VOI LUT, presentation; PS3.3 C.11).
//
// Sample types name the cell a kernel reads or writes (the canonical decoded form of src/pixel-module.ts,
// and the modality / VOI intermediate arrays). Output formats name the display buffers.
// Both lists are mirrored in src/wasm/kernels/imaging.ts.

export const T_U8: i32 = 0;
export const T_I8: i32 = 1;
export const T_U16: i32 = 2;
export const T_I16: i32 = 3;
export const T_U32: i32 = 4;
export const T_I32: i32 = 5;
export const T_F32: i32 = 6;
export const T_F64: i32 = 7;

/** One byte per pixel. */
export const OUT_GRAY8: i32 = 0;
/** One little-endian uint16 per pixel. */
export const OUT_GRAY16: i32 = 1;
/** R = G = B = grey level, A = 255: the layout of a canvas ImageData. */
export const OUT_RGBA8: i32 = 2;

/** log2 of the cell size of a sample type, or -1 when the type is unknown. */
@inline export function typeShift(t: i32): i32 {
  if (t == T_U8 || t == T_I8) return 0;
  if (t == T_U16 || t == T_I16) return 1;
  if (t == T_U32 || t == T_I32 || t == T_F32) return 2;
  if (t == T_F64) return 3;
  return -1;
}

/** log2 of the bytes per pixel of an output format, or -1 when unknown. */
@inline export function formatShift(f: i32): i32 {
  if (f == OUT_GRAY8) return 0;
  if (f == OUT_GRAY16) return 1;
  if (f == OUT_RGBA8) return 2;
  return -1;
}

/** True when [ptr, ptr + len) lies inside linear memory and len >= 0. */
@inline export function inMemory(ptr: usize, len: i32): bool {
  if (len < 0) return false;
  return <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
}

/**
 * Writes one grey level `v` (already within the format's range) as pixel `i` of an output buffer. The output
 * "type" O selects the format at compile time (u8 = gray8, u16 = gray16, u32 = rgba8), so every loop is
 * specialised per format: a runtime format argument was not folded by the optimiser and cost a branch per pixel.
 */
@inline export function putLevel<O>(dst: usize, i: usize, v: u32): void {
  if (sizeof<O>() == 1) {
    store<u8>(dst + i, <u8>v);
  } else if (sizeof<O>() == 2) {
    store<u16>(dst + (i << 1), <u16>v);
  } else {
    // RGBA little endian in memory: R, G, B, A bytes.
    store<u32>(dst + (i << 2), (v & 0xff) * 0x010101 | 0xff000000);
  }
}
