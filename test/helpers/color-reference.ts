/**
 * Plain TS references for the colour tests, written from libjpeg's published integer arithmetic (JFIF / T.871
 * equations, PS3.3 C.7.6.3.1.2, with FIX(x) = round(x * 65536) and a half added before the >> 16; jccolor.c /
 * jdcolor.c; h2v1 down-sampling bias 0, 1 per pair) — never from our own output — and the deterministic inputs
 * the tests feed them.
 */

/** libjpeg's 16-bit fixed-point constant. */
export const FIX = (x: number) => Math.floor(x * 65536 + 0.5);

/** RGB -> YCbCr (unclamped results are already in range), for `bits`-bit samples. */
export function refRgbToYcc(r: number, g: number, b: number, bits = 8): [number, number, number] {
  const c = 2 ** (bits - 1);
  const y = Math.floor((FIX(0.299) * r + FIX(0.587) * g + FIX(0.114) * b + 32768) / 65536);
  const cb = Math.floor((-FIX(0.16874) * r - FIX(0.33126) * g + FIX(0.5) * b + c * 65536 + 32767) / 65536);
  const cr = Math.floor((FIX(0.5) * r - FIX(0.41869) * g - FIX(0.08131) * b + c * 65536 + 32767) / 65536);
  return [y, cb, cr];
}

/**
 * Interleaved RGB rows -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pair): each pixel converted, then the pair's
 * chroma averaged with libjpeg's h2v1 bias (0 for even pairs, 1 for odd, counted from each row's start).
 */
export function refRgbTo422(src: Uint8Array, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols * 2);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols / 2; j++) {
      const p = (r * cols + 2 * j) * 3;
      const a = refRgbToYcc(src[p]!, src[p + 1]!, src[p + 2]!);
      const b = refRgbToYcc(src[p + 3]!, src[p + 4]!, src[p + 5]!);
      out.set([a[0], b[0], (a[1] + b[1] + (j & 1)) >> 1, (a[2] + b[2] + (j & 1)) >> 1], (r * cols + 2 * j) * 2);
    }
  }
  return out;
}

/** xorshift32, advanced once per call. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Deterministic bytes; with `extremes`, about a quarter of them 0 or 255 (clamping edges). */
export function seededBytes(n: number, seed: number, extremes = false): Uint8Array {
  const next = xorshift32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = next();
    out[i] = extremes && (x & 7) === 0 ? 0 : extremes && (x & 7) === 1 ? 255 : extremes ? (x >>> 8) & 0xff : x & 0xff;
  }
  return out;
}
