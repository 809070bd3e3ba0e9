/**
 * The demo's frame generator: synthetic RGB 8-bit pictures (a diagonal gradient that drifts with the frame
 * index, a moving disc, a rotating bar of colour steps) with the frame number burned in large digits.
 * Deterministic: frame i is always the same bytes, so the native file can be checked again at any time.
 */
import { drawDigits, GLYPH_HEIGHT, textWidth } from "./font.js";

export interface FrameGeometry {
  rows: number;
  columns: number;
}

/** Fills `out` (Rows x Columns x 3 bytes, colour-by-pixel) with frame `index` of `count`. */
export function renderFrame(out: Uint8Array, geometry: FrameGeometry, index: number, count: number): Uint8Array {
  const { rows, columns } = geometry;
  const need = rows * columns * 3;
  if (out.length < need) throw new RangeError(`frame buffer of ${out.length} bytes is smaller than ${need}`);
  const shift = Math.round((index / Math.max(count, 1)) * 255);
  // Background: red along x, green along y, blue drifting with the frame index.
  const rx = 255 / Math.max(columns - 1, 1);
  const gy = 255 / Math.max(rows - 1, 1);
  const row = new Uint8Array(columns * 3);
  for (let x = 0; x < columns; x++) {
    row[3 * x] = (x * rx) | 0;
    row[3 * x + 2] = (x + shift) & 0xff;
  }
  for (let y = 0; y < rows; y++) {
    const g = (y * gy) | 0;
    for (let x = 0; x < columns; x++) row[3 * x + 1] = g;
    out.set(row, y * columns * 3);
  }
  // A disc moving left to right.
  const radius = Math.max(2, Math.floor(Math.min(rows, columns) / 6));
  const cx = Math.floor(radius + ((columns - 2 * radius) * index) / Math.max(count - 1, 1));
  const cy = Math.floor(rows / 2);
  for (let y = Math.max(cy - radius, 0); y <= Math.min(cy + radius, rows - 1); y++) {
    const dy = y - cy;
    const half = Math.floor(Math.sqrt(radius * radius - dy * dy));
    for (let x = Math.max(cx - half, 0); x <= Math.min(cx + half, columns - 1); x++) {
      const at = (y * columns + x) * 3;
      out[at] = 255;
      out[at + 1] = 255 - (index & 0xff);
      out[at + 2] = 32;
    }
  }
  // Eight colour steps along the bottom band.
  const band = Math.max(1, Math.floor(rows / 10));
  for (let y = rows - band; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const step = Math.floor((x * 8) / columns + index) & 7;
      const at = (y * columns + x) * 3;
      out[at] = step & 1 ? 230 : 20;
      out[at + 1] = step & 2 ? 230 : 20;
      out[at + 2] = step & 4 ? 230 : 20;
    }
  }
  // Frame number (1-based), large, top left, on a dark box.
  const text = String(index + 1);
  const scale = Math.max(1, Math.floor(rows / 40));
  const w = textWidth(text.length, scale);
  const h = GLYPH_HEIGHT * scale;
  const pad = scale * 2;
  for (let y = 0; y < Math.min(h + 2 * pad, rows); y++) out.fill(0, y * columns * 3, (y * columns + Math.min(w + 2 * pad, columns)) * 3);
  drawDigits(out, columns, rows, text, pad, pad, scale, [255, 255, 255]);
  return out;
}

/**
 * Yields `count` frames, reusing ONE buffer: each yielded array is overwritten by the next frame, so
 * consumers must be done with it (the writer is) before asking for the next.
 */
export function* generateFrames(geometry: FrameGeometry, count: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(geometry.rows * geometry.columns * 3);
  for (let i = 0; i < count; i++) yield renderFrame(buffer, geometry, i, count);
}
