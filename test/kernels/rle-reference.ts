/**
 * A plain TypeScript reference for RLE Lossless (PS3.5 Annex G), written from the standard for the tests:
 * straightforward loops, no cleverness, so that it is an independent oracle for the kernels.
 */

export interface Shape {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bytesPerSample: number;
}

/** Builds a fragment from raw segment bytes: header (count + 15 offsets, PS3.5 G.5), then the segments. */
export function buildFragment(segments: ArrayLike<number>[], options: { count?: number; offsets?: number[] } = {}): Uint8Array {
  const total = 64 + segments.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.count ?? segments.length, true);
  let at = 64;
  segments.forEach((s, k) => {
    view.setUint32(4 + 4 * k, options.offsets?.[k] ?? at, true);
    out.set(Array.from(s, (b) => b & 0xff), at);
    at += s.length;
  });
  return out;
}

/** PackBits decode of one segment (G.3.2), returning every byte it produces (no plane limit). */
export function refDecodeSegment(seg: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < seg.length) {
    const h = (seg[i]! << 24) >> 24;
    i++;
    if (h >= 0) {
      for (let k = 0; k <= h && i < seg.length; k++) out.push(seg[i++]!);
    } else if (h !== -128) {
      if (i >= seg.length) break;
      const v = seg[i++]!;
      for (let k = 0; k < 1 - h; k++) out.push(v);
    }
  }
  return out;
}

/** Decodes a well-formed fragment to LE colour-by-pixel cells, trimming each plane to its size. */
export function refDecodeFrame(fragment: Uint8Array, shape: Shape): Uint8Array {
  const view = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  const count = view.getUint32(0, true);
  const pixels = shape.rows * shape.columns;
  const bps = shape.bytesPerSample;
  const spp = shape.samplesPerPixel;
  const out = new Uint8Array(pixels * spp * bps);
  for (let k = 0; k < count; k++) {
    const start = view.getUint32(4 + 4 * k, true);
    const end = k + 1 < count ? view.getUint32(8 + 4 * k, true) : fragment.byteLength;
    const plane = refDecodeSegment(fragment.subarray(start, end));
    const s = Math.floor(k / bps);
    const b = k % bps; // 0 = most significant byte
    for (let i = 0; i < pixels; i++) out[(i * spp + s) * bps + (bps - 1 - b)] = plane[i] ?? 0;
  }
  return out;
}

/** LE colour-by-pixel cells -> colour-by-plane cells. */
export function toPlanar(cells: Uint8Array, shape: Shape): Uint8Array {
  const pixels = shape.rows * shape.columns;
  const { samplesPerPixel: spp, bytesPerSample: bps } = shape;
  const out = new Uint8Array(cells.length);
  for (let i = 0; i < pixels; i++) {
    for (let s = 0; s < spp; s++) {
      for (let b = 0; b < bps; b++) out[(s * pixels + i) * bps + b] = cells[(i * spp + s) * bps + b]!;
    }
  }
  return out;
}

/** Checks the encoder rules of G.3.1 on a fragment; returns a list of violations (empty when fine). */
export function checkEncoderRules(fragment: Uint8Array, shape: Shape): string[] {
  const problems: string[] = [];
  const view = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  const count = view.getUint32(0, true);
  if (count !== shape.samplesPerPixel * shape.bytesPerSample) problems.push(`segment count ${count}`);
  for (let k = count; k < 15; k++) if (view.getUint32(4 + 4 * k, true) !== 0) problems.push(`unused offset ${k} not 0`);
  if (view.getUint32(4, true) !== 64) problems.push("first offset not 64");
  for (let k = 0; k < count; k++) {
    const start = view.getUint32(4 + 4 * k, true);
    const end = k + 1 < count ? view.getUint32(8 + 4 * k, true) : fragment.byteLength;
    if ((end - start) % 2 !== 0) problems.push(`segment ${k} has odd length ${end - start}`);
    // walk the runs and check that none crosses a row
    let i = start;
    let produced = 0;
    const cols = shape.columns;
    const planeLength = shape.rows * cols;
    while (i < end && produced < planeLength) {
      const h = (fragment[i]! << 24) >> 24;
      i++;
      let n = 0;
      if (h >= 0) {
        n = h + 1;
        i += n;
      } else if (h !== -128) {
        n = 1 - h;
        i++;
      } else {
        problems.push(`segment ${k} uses a -128 no-op`);
      }
      const row = Math.floor(produced / cols);
      if (n > 0 && Math.floor((produced + n - 1) / cols) !== row) problems.push(`segment ${k}: run crosses row ${row}`);
      produced += n;
    }
    if (produced !== planeLength) problems.push(`segment ${k} decodes to ${produced} bytes, plane is ${planeLength}`);
    if (end - i > 1) problems.push(`segment ${k} has ${end - i} trailing bytes`);
  }
  return problems;
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
