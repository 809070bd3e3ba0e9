// Static state of the JPEG DCT codec (ITU-T T.81 processes 1, 2, 4): quantisation and Huffman tables,
// frame and component parameters. Everything lives in fixed static memory (memory.data): kernels never
// allocate, and the TS side passes every image-sized buffer in by pointer.

/** Zig-zag order -> natural (row-major) position, T.81 Figure A.6, with 16 extra entries that map to 63 so
 *  that a corrupt run length (k + r > 63) can never index outside a block (the libjpeg safety margin). */
export const ZIGZAG: usize = memory.data<u8>([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
  63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
]);

@inline export function zz(k: i32): i32 {
  return <i32>load<u8>(ZIGZAG + <usize>k);
}

/** Four quantisation tables (T.81 B.2.4.1), 64 x u16 each, natural order. */
export const QUANT: usize = memory.data(4 * 64 * 2, 16);
/** Which quantisation tables a DQT defined (one i32 per table). */
export const QUANT_DEFINED: usize = memory.data(4 * 4, 4);

// Huffman tables (T.81 Annex C): 4 DC (ids 0-3) then 4 AC (ids 4-7). Per table, HT_STRIDE bytes:
//   [0, 1024)    lookup: 512 x u16, indexed by the next 9 bits: (code length << 8) | symbol, 0 = longer code
//   [1024, 1096) maxcode: 18 x i32, the largest code of each length (-1 when none), T.81 F.2.2.3
//   [1096, 1168) valoff:  18 x i32, index of a length's first symbol minus its first code
//   [1168, 1424) values:  256 x u8 (HUFFVAL)
//   [1424, 1428) defined flag
//   [1440, 3488) AC only: 512 x i32 "fast AC" entries for codes whose code and magnitude bits together fit in
//                9 bits: (coefficient << 16) | (run << 8) | total bits, 0 = use the general path
export const HT_STRIDE: i32 = 3488;
export const HT_FASTAC: usize = 1440;
export const HT_LOOKUP: usize = 0;
export const HT_MAXCODE: usize = 1024;
export const HT_VALOFF: usize = 1096;
export const HT_VALUES: usize = 1168;
export const HT_DEFINED: usize = 1424;
export const HUFF: usize = memory.data(8 * HT_STRIDE, 16);

@inline export function huffTable(isAc: i32, id: i32): usize {
  return HUFF + <usize>(((isAc << 2) + id) * HT_STRIDE);
}

// Frame parameters (one i32 each).
export const FR_WIDTH = 0;
export const FR_HEIGHT = 1;
export const FR_PRECISION = 2;
export const FR_NCOMP = 3;
export const FR_SOF = 4; // marker code 0xC0..0xCF
export const FR_RESTART = 5; // current restart interval (DRI), in MCUs
export const FR_JFIF = 6;
export const FR_ADOBE = 7;
export const FR_ADOBE_TRANSFORM = 8;
export const FR_HMAX = 9;
export const FR_VMAX = 10;
export const FR_MCUSX = 11;
export const FR_MCUSY = 12;
export const FR_PROGRESSIVE = 13;
export const FR_DNL = 14; // 1 when the height came from a DNL marker (T.81 B.2.5)
export const FR_HAVE_SOF = 15;
export const FR_SCANS = 16; // scans decoded so far
export const FR_FIRST_RESTART = 17; // restart interval in force at the first scan
export const FR_ERROR_OFFSET = 18; // byte offset of the last error, -1 when unknown
export const FR_ROWBUF = 19; // address of the upsampling row buffers
export const FR_ROWBUF_STRIDE = 20; // bytes per row buffer
const FRAME: usize = memory.data(32 * 4, 16);
/** Work bytes the frame needs (f64: can exceed i32 for hostile headers). */
const WORK_NEEDED: usize = memory.data(8, 8);

@inline export function fget(f: i32): i32 {
  return load<i32>(FRAME + (<usize>f << 2));
}
@inline export function fset(f: i32, v: i32): void {
  store<i32>(FRAME + (<usize>f << 2), v);
}
export function workNeeded(): f64 {
  return load<f64>(WORK_NEEDED);
}
export function setWorkNeeded(v: f64): void {
  store<f64>(WORK_NEEDED, v);
}

// Component parameters, 32 i32 slots per component, 4 components.
export const C_ID = 0;
export const C_H = 1;
export const C_V = 2;
export const C_TQ = 3;
export const C_TD = 4; // DC table of the current scan
export const C_TA = 5; // AC table of the current scan
export const C_BW = 6; // blocks per row in the plane (MCUs across x H)
export const C_BH = 7; // block rows in the plane
export const C_PLANE = 8; // address of the u16 sample plane (BW*8 x BH*8)
export const C_COEF = 9; // address of the i16 coefficient buffer (progressive only)
export const C_CW = 10; // component width in samples, ceil(X * H / Hmax) (T.81 A.1.1)
export const C_CH = 11; // component height in samples
export const C_PRED = 12; // DC predictor
export const C_NBW = 13; // blocks per row of a non-interleaved scan, ceil(CW / 8)
export const C_NBH = 14;
const COMP: usize = memory.data(4 * 32 * 4, 16);

@inline export function cget(c: i32, f: i32): i32 {
  return load<i32>(COMP + (<usize>((c << 5) + f) << 2));
}
@inline export function cset(c: i32, f: i32, v: i32): void {
  store<i32>(COMP + (<usize>((c << 5) + f) << 2), v);
}

/** One block of coefficients (baseline decode), 64 x i16 natural order. */
export const BLOCK: usize = memory.data(64 * 2, 16);
/** IDCT intermediate (T.81 A.3.3, libjpeg islow workspace), 64 x i32. */
export const WS: usize = memory.data(64 * 4, 16);

/** Forgets everything a previous stream defined. */
export function resetState(): void {
  memory.fill(FRAME, 0, 32 * 4);
  memory.fill(COMP, 0, 4 * 32 * 4);
  memory.fill(QUANT_DEFINED, 0, 16);
  for (let t: i32 = 0; t < 8; t++) store<i32>(HUFF + <usize>(t * HT_STRIDE) + HT_DEFINED, 0);
  fset(FR_ERROR_OFFSET, -1);
  setWorkNeeded(0);
}
