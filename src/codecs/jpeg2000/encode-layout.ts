/**
 * Geometry of the lossless encoder's single tile (the whole image, anchored at (0, 0) of the reference grid):
 * resolution levels and subbands (ITU-T T.800 B.5), and the code-block partition of each subband (B.7) with
 * 64 x 64 code-blocks. Precincts are the maximal default (PPx = PPy = 15, B.6), so each resolution of each
 * component is one precinct and one packet while the image is at most 32768 samples wide and high.
 */
import type { J2kEncodeBlockPlan } from "../../wasm/kernels/jpeg2000.js";

/** Code-block size exponent (xcb = ycb = 6: 64 x 64; COD SPcod stores xcb - 2 = 4). */
export const CODE_BLOCK_LOG2 = 6;

/** One subband: its rectangle in the resolution-nested tile-component buffer and its code-block grid. */
export interface EncodeBand {
  /** 0 LL, 1 HL, 2 LH, 3 HH. */
  orient: number;
  /** Decomposition level nb (B.5): NL for LL, else the level the band was split off at. */
  level: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Code-blocks across / down (0 for an empty band). */
  blocksX: number;
  blocksY: number;
  /** Index of this band's first code-block in the tile's block list. */
  firstBlock: number;
}

export interface EncodeLayout {
  levels: number;
  /** resolutions[r] lists the bands of resolution r (r = 0: LL; r > 0: HL, LH, HH of level NL - r + 1). */
  resolutions: EncodeBand[][];
  /** Every code-block, band by band, raster order within each band (the order of B.10.7 within a packet). */
  blocks: J2kEncodeBlockPlan[];
}

/**
 * The default number of decomposition levels: at most `max`, fewer for small images so that no subband is
 * empty (each level's input is at least 2 samples wide and high).
 */
export function defaultLevels(columns: number, rows: number, max = 5): number {
  let l = 0;
  while (l < max && Math.ceil(columns / 2 ** l) >= 2 && Math.ceil(rows / 2 ** l) >= 2) l++;
  return l;
}

function addBand(out: EncodeLayout, orient: number, level: number, x: number, y: number, w: number, h: number): EncodeBand {
  const cb = 1 << CODE_BLOCK_LOG2;
  const band: EncodeBand = {
    orient,
    level,
    x,
    y,
    w,
    h,
    blocksX: w > 0 && h > 0 ? Math.ceil(w / cb) : 0,
    blocksY: w > 0 && h > 0 ? Math.ceil(h / cb) : 0,
    firstBlock: out.blocks.length,
  };
  // B.7: the partition is anchored at the band origin (0 for a tile at the grid origin).
  for (let by = 0; by < band.blocksY; by++) {
    for (let bx = 0; bx < band.blocksX; bx++) {
      const x0 = bx * cb;
      const y0 = by * cb;
      out.blocks.push({ x: x + x0, y: y + y0, w: Math.min(cb, w - x0), h: Math.min(cb, h - y0), orient });
    }
  }
  return band;
}

/** Bands and code-blocks of a columns x rows tile-component with `levels` decomposition levels (B.5, B.7). */
export function encodeLayout(columns: number, rows: number, levels: number): EncodeLayout {
  const out: EncodeLayout = { levels, resolutions: [], blocks: [] };
  // B.5 (Equation B-15) with tx0 = ty0 = 0: the LL of level n is ceil(W / 2^n) x ceil(H / 2^n).
  const dim = (v: number, n: number) => Math.ceil(v / 2 ** n);
  out.resolutions.push([addBand(out, 0, levels, 0, 0, dim(columns, levels), dim(rows, levels))]);
  for (let n = levels; n >= 1; n--) {
    const pw = dim(columns, n - 1);
    const ph = dim(rows, n - 1);
    const lw = dim(columns, n);
    const lh = dim(rows, n);
    out.resolutions.push([
      addBand(out, 1, n, lw, 0, pw - lw, lh),
      addBand(out, 2, n, 0, lh, lw, ph - lh),
      addBand(out, 3, n, lw, lh, pw - lw, ph - lh),
    ]);
  }
  return out;
}

/** log2 of the nominal gain of a band (E.1.1.1, Table E.1 for the 5-3 filter): LL 0, HL / LH 1, HH 2. */
export function bandGainLog2(orient: number): number {
  return orient === 0 ? 0 : orient === 3 ? 2 : 1;
}
