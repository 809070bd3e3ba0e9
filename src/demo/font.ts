/**
 * A built-in 5x7 bitmap font for the digits 0-9 (drawn for dicompix; no external assets), used to burn the
 * frame number into the demo's synthetic frames.
 */

/** Seven rows per glyph, five bits per row, most significant bit = leftmost pixel. */
const GLYPHS: readonly (readonly number[])[] = [
  [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110], // 0
  [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110], // 1
  [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111], // 2
  [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110], // 3
  [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010], // 4
  [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110], // 5
  [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110], // 6
  [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000], // 7
  [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110], // 8
  [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100], // 9
];

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** True when pixel (x, y) of the glyph for `digit` is set. */
export function glyphPixel(digit: number, x: number, y: number): boolean {
  const row = GLYPHS[digit]?.[y];
  if (row === undefined || x < 0 || x >= GLYPH_WIDTH) return false;
  return ((row >>> (GLYPH_WIDTH - 1 - x)) & 1) === 1;
}

/**
 * Draws `text` (digits only; other characters leave a gap) into an interleaved RGB 8-bit image at (x0, y0),
 * each font pixel a `scale` x `scale` square, one blank font column between glyphs. Clipped to the image.
 */
export function drawDigits(
  rgb: Uint8Array,
  columns: number,
  rows: number,
  text: string,
  x0: number,
  y0: number,
  scale: number,
  color: readonly [number, number, number],
): void {
  for (let c = 0; c < text.length; c++) {
    const digit = text.charCodeAt(c) - 48;
    if (digit < 0 || digit > 9) continue;
    const gx = x0 + c * (GLYPH_WIDTH + 1) * scale;
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gxi = 0; gxi < GLYPH_WIDTH; gxi++) {
        if (!glyphPixel(digit, gxi, gy)) continue;
        const px = gx + gxi * scale;
        const py = y0 + gy * scale;
        for (let y = Math.max(py, 0); y < Math.min(py + scale, rows); y++) {
          for (let x = Math.max(px, 0); x < Math.min(px + scale, columns); x++) {
            const at = (y * columns + x) * 3;
            rgb[at] = color[0];
            rgb[at + 1] = color[1];
            rgb[at + 2] = color[2];
          }
        }
      }
    }
  }
}

/** Width in pixels of `length` digits at `scale`. */
export function textWidth(length: number, scale: number): number {
  return length === 0 ? 0 : (length * (GLYPH_WIDTH + 1) - 1) * scale;
}
