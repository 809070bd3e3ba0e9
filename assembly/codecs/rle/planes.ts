// Byte planes <-> canonical cells for RLE Lossless (PS3.5 Annex G).
//
// PS3.5 G.2: a frame of Samples per Pixel (spp) samples of Bits Allocated / 8 (bps) bytes each is split into
// spp x bps "byte planes". Plane slot k = s * bps + b holds byte b of sample s of every pixel, in pixel
// order, where b = 0 is the MOST significant byte (G.2: "the most significant byte first").
// The canonical cells are little endian, colour-by-pixel:
//
//   planes (bps = 2, spp = 1):      cells (LE):
//   slot 0: H0 H1 H2 ...            L0 H0 | L1 H1 | L2 H2 ...
//   slot 1: L0 L1 L2 ...
//
//   planes (bps = 1, spp = 3):      cells:
//   slot 0: R0 R1 ...               R0 G0 B0 | R1 G1 B1 ...
//   slot 1: G0 G1 ...
//   slot 2: B0 B1 ...
//
// One specialised loop per common layout (16-bit grey, 32-bit grey, 8-bit RGB) with v128 shuffles; the rest
// go through the scalar loop, which is also the tail of every SIMD loop. Callers have validated every
// pointer and length: these helpers read `pixels * spp * bps` bytes and write as many.

/** Scalar planes -> cells from pixel `from` on (the generic path and the SIMD tail). */
function planesToCellsScalar(planes: usize, dst: usize, pixels: i32, spp: i32, bps: i32, from: i32): void {
  const cell = spp * bps;
  for (let s = 0; s < spp; s++) {
    for (let b = 0; b < bps; b++) {
      const plane = planes + <usize>(s * bps + b) * <usize>pixels;
      // little-endian cell: byte b (MSB-first) lands at offset bps - 1 - b of the sample
      let d = dst + <usize>from * <usize>cell + <usize>(s * bps + bps - 1 - b);
      for (let i = from; i < pixels; i++) {
        store<u8>(d, load<u8>(plane + <usize>i));
        d += <usize>cell;
      }
    }
  }
}

/** Planes -> cells for one sample per pixel (also used per sample for planar output). */
export function planesToCellsMono(planes: usize, dst: usize, pixels: i32, bps: i32): void {
  const n = <usize>pixels;
  if (bps == 1) {
    memory.copy(dst, planes, n);
    return;
  }
  let i: i32 = 0;
  if (bps == 2) {
    const hi = planes;
    const lo = planes + n;
    for (; i + 16 <= pixels; i += 16) {
      const L = v128.load(lo + <usize>i);
      const H = v128.load(hi + <usize>i);
      const d = dst + (<usize>i << 1);
      v128.store(d, i8x16.shuffle(L, H, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
      v128.store(d + 16, i8x16.shuffle(L, H, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
  } else if (bps == 4) {
    const p0 = planes; // most significant
    const p1 = planes + n;
    const p2 = planes + 2 * n;
    const p3 = planes + 3 * n; // least significant
    for (; i + 16 <= pixels; i += 16) {
      const b3 = v128.load(p3 + <usize>i);
      const b2 = v128.load(p2 + <usize>i);
      const b1 = v128.load(p1 + <usize>i);
      const b0 = v128.load(p0 + <usize>i);
      // low halves (bytes 0,1 of each cell) and high halves (bytes 2,3), 16-bit lanes
      const lo0 = i8x16.shuffle(b3, b2, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const lo1 = i8x16.shuffle(b3, b2, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const hi0 = i8x16.shuffle(b1, b0, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const hi1 = i8x16.shuffle(b1, b0, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const d = dst + (<usize>i << 2);
      v128.store(d, i8x16.shuffle(lo0, hi0, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23));
      v128.store(d + 16, i8x16.shuffle(lo0, hi0, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31));
      v128.store(d + 32, i8x16.shuffle(lo1, hi1, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23));
      v128.store(d + 48, i8x16.shuffle(lo1, hi1, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31));
    }
  }
  planesToCellsScalar(planes, dst, pixels, 1, bps, i);
}

/** Planes -> colour-by-pixel cells. */
export function planesToCellsInterleaved(planes: usize, dst: usize, pixels: i32, spp: i32, bps: i32): void {
  if (spp == 1) {
    planesToCellsMono(planes, dst, pixels, bps);
    return;
  }
  let i: i32 = 0;
  if (spp == 3 && bps == 1) {
    const n = <usize>pixels;
    const pr = planes;
    const pg = planes + n;
    const pb = planes + 2 * n;
    for (; i + 16 <= pixels; i += 16) {
      const R = v128.load(pr + <usize>i);
      const G = v128.load(pg + <usize>i);
      const B = v128.load(pb + <usize>i);
      const d = dst + <usize>i * 3;
      const t0 = i8x16.shuffle(R, G, 0, 16, 0, 1, 17, 0, 2, 18, 0, 3, 19, 0, 4, 20, 0, 5);
      v128.store(d, i8x16.shuffle(t0, B, 0, 1, 16, 3, 4, 17, 6, 7, 18, 9, 10, 19, 12, 13, 20, 15));
      const t1 = i8x16.shuffle(R, G, 21, 0, 6, 22, 0, 7, 23, 0, 8, 24, 0, 9, 25, 0, 10, 26);
      v128.store(d + 16, i8x16.shuffle(t1, B, 0, 21, 2, 3, 22, 5, 6, 23, 8, 9, 24, 11, 12, 25, 14, 15));
      const t2 = i8x16.shuffle(R, G, 0, 11, 27, 0, 12, 28, 0, 13, 29, 0, 14, 30, 0, 15, 31, 0);
      v128.store(d + 32, i8x16.shuffle(t2, B, 26, 1, 2, 27, 4, 5, 28, 7, 8, 29, 10, 11, 30, 13, 14, 31));
    }
  }
  planesToCellsScalar(planes, dst, pixels, spp, bps, i);
}

/** Scalar cells -> planes from pixel `from` on. */
function cellsToPlanesScalar(src: usize, planes: usize, pixels: i32, spp: i32, bps: i32, from: i32): void {
  const cell = spp * bps;
  for (let s = 0; s < spp; s++) {
    for (let b = 0; b < bps; b++) {
      const plane = planes + <usize>(s * bps + b) * <usize>pixels;
      let p = src + <usize>from * <usize>cell + <usize>(s * bps + bps - 1 - b);
      for (let i = from; i < pixels; i++) {
        store<u8>(plane + <usize>i, load<u8>(p));
        p += <usize>cell;
      }
    }
  }
}

/** Cells of one sample per pixel -> byte planes, most significant plane first (PS3.5 G.2). */
export function cellsToPlanesMono(src: usize, planes: usize, pixels: i32, bps: i32): void {
  const n = <usize>pixels;
  if (bps == 1) {
    memory.copy(planes, src, n);
    return;
  }
  let i: i32 = 0;
  if (bps == 2) {
    const hi = planes;
    const lo = planes + n;
    for (; i + 16 <= pixels; i += 16) {
      const s = src + (<usize>i << 1);
      const c0 = v128.load(s);
      const c1 = v128.load(s + 16);
      v128.store(lo + <usize>i, i8x16.shuffle(c0, c1, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
      v128.store(hi + <usize>i, i8x16.shuffle(c0, c1, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31));
    }
  } else if (bps == 4) {
    for (; i + 16 <= pixels; i += 16) {
      const s = src + (<usize>i << 2);
      const c0 = v128.load(s);
      const c1 = v128.load(s + 16);
      const c2 = v128.load(s + 32);
      const c3 = v128.load(s + 48);
      // bytes 0 and 1 of cells 0-7 / 8-15, then split
      const a0 = i8x16.shuffle(c0, c1, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
      const a1 = i8x16.shuffle(c2, c3, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
      const b0 = i8x16.shuffle(c0, c1, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
      const b1 = i8x16.shuffle(c2, c3, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
      const o = <usize>i;
      v128.store(planes + 3 * n + o, i8x16.shuffle(a0, a1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
      v128.store(planes + 2 * n + o, i8x16.shuffle(a0, a1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
      v128.store(planes + n + o, i8x16.shuffle(b0, b1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
      v128.store(planes + o, i8x16.shuffle(b0, b1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
    }
  }
  cellsToPlanesScalar(src, planes, pixels, 1, bps, i);
}

/** Colour-by-pixel cells -> byte planes. */
export function cellsToPlanesInterleaved(src: usize, planes: usize, pixels: i32, spp: i32, bps: i32): void {
  if (spp == 1) {
    cellsToPlanesMono(src, planes, pixels, bps);
    return;
  }
  let i: i32 = 0;
  if (spp == 3 && bps == 1) {
    const n = <usize>pixels;
    for (; i + 16 <= pixels; i += 16) {
      const s = src + <usize>i * 3;
      const v0 = v128.load(s);
      const v1 = v128.load(s + 16);
      const v2 = v128.load(s + 32);
      const tr = i8x16.shuffle(v0, v1, 0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0);
      v128.store(planes + <usize>i, i8x16.shuffle(tr, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 20, 23, 26, 29));
      const tg = i8x16.shuffle(v0, v1, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 0, 0, 0, 0, 0);
      v128.store(planes + n + <usize>i, i8x16.shuffle(tg, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 21, 24, 27, 30));
      const tb = i8x16.shuffle(v0, v1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 0, 0, 0, 0, 0, 0);
      v128.store(planes + 2 * n + <usize>i, i8x16.shuffle(tb, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 19, 22, 25, 28, 31));
    }
  }
  cellsToPlanesScalar(src, planes, pixels, spp, bps, i);
}
