// Shared helpers of the colour kernels: argument checks and the fixed-point constants of the YCbCr
// conversions. Kernels never allocate; every length is checked against linear memory before a hot loop.

/** True when [ptr, ptr + len) lies inside linear memory and len >= 0. */
@inline export function inMem(ptr: usize, len: i32): bool {
  if (len < 0) return false;
  return <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
}

/** Clamp to [0, max] ("range limiting", T.81/JFIF decoders clamp after colour conversion). */
@inline export function clampI32(v: i32, max: i32): i32 {
  return v < 0 ? 0 : v > max ? max : v;
}

// --- libjpeg-compatible 16-bit fixed point (SCALEBITS = 16) -------------------------------------------------
// JFIF 1.02 / T.871 section 7 gives the full-range YCbCr equations that PS3.3 C.7.6.3.1.2 (YBR_FULL) repeats:
//   Y  =  0.299 R + 0.587 G + 0.114 B
//   Cb = -0.1687 R - 0.3313 G + 0.5 B + 2^(p-1)
//   Cr =  0.5 R - 0.4187 G - 0.0813 B + 2^(p-1)
//   R = Y + 1.402 (Cr - c),  G = Y - 0.34414 (Cb - c) - 0.71414 (Cr - c),  B = Y + 1.772 (Cb - c)
// libjpeg evaluates them with coefficients FIX(x) = round(x * 65536) and adds one half before an
// arithmetic right shift by 16. The exact integers matter: DCMTK's dcmdjpeg (libijg), GDCM and
// libjpeg-turbo all produce the same bytes, and so must we.

/** FIX(1.40200): Cr -> R */
export const K_CR_R: i32 = 91881;
/** FIX(1.77200): Cb -> B */
export const K_CB_B: i32 = 116130;
/** FIX(0.71414): Cr -> G (subtracted) */
export const K_CR_G: i32 = 46802;
/** FIX(0.34414): Cb -> G (subtracted) */
export const K_CB_G: i32 = 22554;
/** FIX(0.29900), FIX(0.58700), FIX(0.11400): R, G, B -> Y */
export const K_R_Y: i32 = 19595;
export const K_G_Y: i32 = 38470;
export const K_B_Y: i32 = 7471;
/** FIX(0.16874), FIX(0.33126): R, G -> Cb (subtracted); FIX(0.5) = 32768 for B -> Cb and R -> Cr */
export const K_R_CB: i32 = 11059;
export const K_G_CB: i32 = 21709;
/** FIX(0.41869), FIX(0.08131): G, B -> Cr (subtracted) */
export const K_G_CR: i32 = 27439;
export const K_B_CR: i32 = 5329;
export const ONE_HALF: i32 = 1 << 15;

// 8-bit (and up to 12-bit) samples: every product fits in i32 (|x| <= 2048, 116130 * 2048 < 2^31).

/** R = Y + round(1.402 (Cr - c)), unclamped. */
@inline export function ybrR(y: i32, crx: i32): i32 {
  return y + ((K_CR_R * crx + ONE_HALF) >> 16);
}
/** G = Y + ((-0.34414 (Cb - c) - 0.71414 (Cr - c) + 1/2) >> 16), unclamped (libjpeg sums the two terms first). */
@inline export function ybrG(y: i32, cbx: i32, crx: i32): i32 {
  return y + ((ONE_HALF - K_CB_G * cbx - K_CR_G * crx) >> 16);
}
/** B = Y + round(1.772 (Cb - c)), unclamped. */
@inline export function ybrB(y: i32, cbx: i32): i32 {
  return y + ((K_CB_B * cbx + ONE_HALF) >> 16);
}

// 13..16-bit samples: the same arithmetic in i64 (116130 * 32768 overflows i32).

@inline export function ybrR64(y: i64, crx: i64): i64 {
  return y + ((<i64>K_CR_R * crx + <i64>ONE_HALF) >> 16);
}
@inline export function ybrG64(y: i64, cbx: i64, crx: i64): i64 {
  return y + ((<i64>ONE_HALF - <i64>K_CB_G * cbx - <i64>K_CR_G * crx) >> 16);
}
@inline export function ybrB64(y: i64, cbx: i64): i64 {
  return y + ((<i64>K_CB_B * cbx + <i64>ONE_HALF) >> 16);
}
@inline export function clampI64(v: i64, max: i64): i64 {
  return v < 0 ? 0 : v > max ? max : v;
}

/** Forward (libjpeg jccolor arithmetic): Y = (0.299R + 0.587G + 0.114B + 1/2) >> 16. i64 so that it serves 16-bit too. */
@inline export function rgbY(r: i64, g: i64, b: i64): i64 {
  return (<i64>K_R_Y * r + <i64>K_G_Y * g + <i64>K_B_Y * b + <i64>ONE_HALF) >> 16;
}
/** Cb = (-0.16874R - 0.33126G + 0.5B + c + 1/2 - epsilon) >> 16 (libjpeg rounds with ONE_HALF - 1 here so Cb <= max). */
@inline export function rgbCb(r: i64, g: i64, b: i64, c: i64): i64 {
  return (<i64>32768 * b - <i64>K_R_CB * r - <i64>K_G_CB * g + (c << 16) + <i64>ONE_HALF - 1) >> 16;
}
/** Cr = (0.5R - 0.41869G - 0.08131B + c + 1/2 - epsilon) >> 16. */
@inline export function rgbCr(r: i64, g: i64, b: i64, c: i64): i64 {
  return (<i64>32768 * r - <i64>K_G_CR * g - <i64>K_B_CR * b + (c << 16) + <i64>ONE_HALF - 1) >> 16;
}

/** 8-bit forward conversion in i32 (all products < 2^31 for 8-bit samples). */
@inline export function rgbY32(r: i32, g: i32, b: i32): i32 {
  return (K_R_Y * r + K_G_Y * g + K_B_Y * b + ONE_HALF) >> 16;
}
@inline export function rgbCb32(r: i32, g: i32, b: i32): i32 {
  return (32768 * b - K_R_CB * r - K_G_CB * g + (128 << 16) + ONE_HALF - 1) >> 16;
}
@inline export function rgbCr32(r: i32, g: i32, b: i32): i32 {
  return (32768 * r - K_G_CR * g - K_B_CR * b + (128 << 16) + ONE_HALF - 1) >> 16;
}
