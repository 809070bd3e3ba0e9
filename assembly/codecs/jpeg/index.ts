// JPEG DCT kernels (ITU-T T.81 processes 1, 2, 4 and the progressive processes 10-12 with Huffman coding).
// Re-exported by assembly/index.ts. ABI: (srcPtr, srcLen, dstPtr, dstLen, ...scalars) -> i32, >= 0 success,
// < 0 the negated status of assembly/common/status.ts.
import { C_H, C_ID, C_TQ, C_V, cget, fget, FR_ADOBE, FR_ADOBE_TRANSFORM, FR_DNL, FR_ERROR_OFFSET, FR_FIRST_RESTART,
  FR_HEIGHT, FR_HMAX, FR_JFIF, FR_NCOMP, FR_PRECISION, FR_SOF, FR_VMAX, FR_WIDTH, workNeeded } from "./state";
import { lastWarnings, run } from "./decode";
import { idctBlock } from "./idct";
import { idctBlockSimd } from "./idct-simd";
import { fdctQuantBlock } from "./fdct";
import { fdctQuantBlockSimd, setDivisors } from "./fdct-simd";
export { jpeg_encode, jpeg_encode_planes, jpeg_encode_work_size, jpeg_encode_set_quant } from "./encode";
import { INVALID_ARGUMENT } from "../../common/status";



/** Bytes of the info record jpeg_read_header writes. */
export const JPEG_INFO_BYTES: i32 = 136;

/**
 * Reads the stream up to its first scan header and writes the frame description to `dstPtr` (i32 slots):
 * 0 width, 1 height (from DNL when the SOF says 0), 2 precision, 3 components, 4 SOF marker (0xC0..0xC2),
 * 5 restart interval, 6 JFIF APP0 present, 7 Adobe APP14 present, 8 Adobe transform flag, 9 Hmax, 10 Vmax,
 * 11 height came from DNL, 12-27 per component (id, H, V, Tq); f64 at byte 128: work bytes jpeg_decode needs.
 * Returns 0 or a negated status (the SOF marker is written even for unsupported processes when it was read).
 */
export function jpeg_read_header(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32): i32 {
  if (srcLen < 0 || dstLen < JPEG_INFO_BYTES) return -INVALID_ARGUMENT;
  const st = run(srcPtr, srcLen, 0, 0, 0, 0, 0, 0, false);
  store<i32>(dstPtr, fget(FR_WIDTH));
  store<i32>(dstPtr, fget(FR_HEIGHT), 4);
  store<i32>(dstPtr, fget(FR_PRECISION), 8);
  store<i32>(dstPtr, fget(FR_NCOMP), 12);
  store<i32>(dstPtr, fget(FR_SOF), 16);
  store<i32>(dstPtr, fget(FR_FIRST_RESTART), 20);
  store<i32>(dstPtr, fget(FR_JFIF), 24);
  store<i32>(dstPtr, fget(FR_ADOBE), 28);
  store<i32>(dstPtr, fget(FR_ADOBE_TRANSFORM), 32);
  store<i32>(dstPtr, fget(FR_HMAX), 36);
  store<i32>(dstPtr, fget(FR_VMAX), 40);
  store<i32>(dstPtr, fget(FR_DNL), 44);
  for (let c: i32 = 0; c < 4; c++) {
    const p = dstPtr + 48 + <usize>(c << 4);
    store<i32>(p, cget(c, C_ID));
    store<i32>(p, cget(c, C_H), 4);
    store<i32>(p, cget(c, C_V), 8);
    store<i32>(p, cget(c, C_TQ), 12);
  }
  store<f64>(dstPtr, workNeeded(), 128);
  return st;
}

/**
 * Decodes one frame into `dstPtr`: rows x columns x components cells, colour-by-pixel, 8-bit cells for
 * precision 8 and 16-bit little-endian cells for precision 12. `workPtr`/`workLen` is scratch of at least the
 * size jpeg_read_header reported. `flags`: 1 = convert YCbCr to RGB, 2 = accept a missing EOI. Samples above
 * `maxValue` are clamped to it. Returns bytes written or a negated status.
 */
export function jpeg_decode(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, workPtr: usize, workLen: i32, flags: i32, maxValue: i32): i32 {
  if (srcLen < 0 || dstLen < 0 || workLen < 0) return -INVALID_ARGUMENT;
  return run(srcPtr, srcLen, dstPtr, dstLen, workPtr, workLen, flags, maxValue, true);
}

/** Byte offset in the source of the last error jpeg_read_header / jpeg_decode reported (-1 when unknown). */
export function jpeg_error_offset(): i32 {
  return fget(FR_ERROR_OFFSET);
}

/**
 * One 8x8 inverse DCT, for tests and benchmarks: src = 64 i16 coefficients then 64 u16 quantisers (natural
 * order, 256 bytes); dst = 64 u16 samples (128 bytes). `simd` selects the SIMD or the scalar form, `precision`
 * 8 or 12. Returns 128 or a negated status.
 */
export function jpeg_idct_block(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, simd: i32, precision: i32): i32 {
  if (srcLen < 256 || dstLen < 128 || (precision != 8 && precision != 12)) return -INVALID_ARGUMENT;
  const p1 = precision > 8 ? 1 : 2;
  const maxv = (1 << precision) - 1;
  if (simd != 0) idctBlockSimd(srcPtr, srcPtr + 128, dstPtr, 16, p1, maxv);
  else idctBlock(srcPtr, srcPtr + 128, dstPtr, 16, p1, maxv);
  return 128;
}

/**
 * One 8x8 forward DCT and quantisation, for tests: src = 64 u8 samples then 64 u16 quantisers (natural order,
 * 192 bytes); dst = 64 i16 coefficients (natural order). `simd` selects the form. Returns 128 or a status.
 */
export function jpeg_fdct_block(srcPtr: usize, srcLen: i32, dstPtr: usize, dstLen: i32, simd: i32): i32 {
  if (srcLen < 192 || dstLen < 128) return -INVALID_ARGUMENT;
  if (simd != 0) {
    setDivisors(0, srcPtr + 64);
    fdctQuantBlockSimd(srcPtr, 8, 0, dstPtr);
  } else fdctQuantBlock(srcPtr, 8, srcPtr + 64, dstPtr);
  return 128;
}

/** Deviations the last lenient jpeg_decode accepted: 1 entropy-coded data truncated (zero-filled), 2 no EOI,
 *  4 a restart marker missing. 0 after a clean decode. */
export function jpeg_decode_warnings(): i32 {
  return lastWarnings();
}
