// JPEG-LS encoder input: the range screen of the whole frame, and the widening of one row of interleaved
// little-endian cells into the i32 line buffers (P-bit values; two's complement masked for signed input,
// T.87 works on unsigned P-bit samples). v128 where the layout allows: one component (contiguous lines)
// and three 8-bit components (RGB, de-interleaved by byte shuffles).
import { MAXVAL } from "./params";

/** Widens 16 bytes to 16 i32 at d, masked by vm. */
@inline function widen8(d: usize, v: v128, signed: bool, vm: v128): void {
  const lo = signed ? i16x8.extend_low_i8x16_s(v) : i16x8.extend_low_i8x16_u(v);
  const hi = signed ? i16x8.extend_high_i8x16_s(v) : i16x8.extend_high_i8x16_u(v);
  v128.store(d, v128.and(i32x4.extend_low_i16x8_s(lo), vm));
  v128.store(d + 16, v128.and(i32x4.extend_high_i16x8_s(lo), vm));
  v128.store(d + 32, v128.and(i32x4.extend_low_i16x8_s(hi), vm));
  v128.store(d + 48, v128.and(i32x4.extend_high_i16x8_s(hi), vm));
}

/** Widens 8 16-bit cells to 8 i32 at d, masked by vm. */
@inline function widen16(d: usize, v: v128, signed: bool, vm: v128): void {
  v128.store(d, v128.and(signed ? i32x4.extend_low_i16x8_s(v) : i32x4.extend_low_i16x8_u(v), vm));
  v128.store(d + 16, v128.and(signed ? i32x4.extend_high_i16x8_s(v) : i32x4.extend_high_i16x8_u(v), vm));
}

/** Plain loop for cells x0..cols-1 of one component: `p` at cell x0, `step` bytes apart. */
@inline function loadTail(p: usize, step: usize, d: usize, x0: i32, cols: i32, cellBytes: i32, signed: bool): void {
  const m = MAXVAL;
  for (let x = x0; x < cols; x++) {
    let v: i32;
    if (cellBytes == 1) v = signed ? <i32>load<i8>(p) : <i32>load<u8>(p);
    else v = signed ? <i32>load<i16>(p) : <i32>load<u16>(p);
    store<i32>(d + (<usize>x << 2), v & m);
    p += step;
  }
}

@inline function loadComponent(p: usize, step: usize, d: usize, cols: i32, cellBytes: i32, signed: bool): void {
  if (cellBytes == 1) {
    if (signed) loadTail(p, step, d, 0, cols, 1, true);
    else loadTail(p, step, d, 0, cols, 1, false);
  } else {
    if (signed) loadTail(p, step, d, 0, cols, 2, true);
    else loadTail(p, step, d, 0, cols, 2, false);
  }
}

/**
 * Loads row y of components first .. first + ns - 1 (of nc interleaved ones) into the line buffers at
 * dst + s cs (s = 0 .. ns - 1).
 */
export function loadRow(
  src: usize, dst: usize, cs: usize, y: i32, first: i32, ns: i32, cols: i32, nc: i32, cellBytes: i32, signed: bool,
): void {
  const row = src + <usize>y * <usize>cols * <usize>nc * <usize>cellBytes;
  const vm = i32x4.splat(MAXVAL);
  let x: i32 = 0;
  if (nc == 1) {
    // One component: the line is contiguous
    let p = row;
    if (cellBytes == 2) {
      for (; x + 8 <= cols; x += 8) {
        widen16(dst + (<usize>x << 2), v128.load(p), signed, vm);
        p += 16;
      }
    } else {
      for (; x + 16 <= cols; x += 16) {
        widen8(dst + (<usize>x << 2), v128.load(p), signed, vm);
        p += 16;
      }
    }
    loadTail(p, <usize>cellBytes, dst, x, cols, cellBytes, signed);
    return;
  }
  if (nc == 3 && ns == 3 && cellBytes == 1) {
    // Three 8-bit components (RGB): 16 pixels = 48 bytes, split by two shuffles per component
    let p = row;
    for (; x + 16 <= cols; x += 16) {
      const v0 = v128.load(p);
      const v1 = v128.load(p + 16);
      const v2 = v128.load(p + 32);
      const r = i8x16.shuffle(i8x16.shuffle(v0, v1, 0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0), v2,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 20, 23, 26, 29);
      const g = i8x16.shuffle(i8x16.shuffle(v0, v1, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 0, 0, 0, 0, 0), v2,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 21, 24, 27, 30);
      const b = i8x16.shuffle(i8x16.shuffle(v0, v1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 0, 0, 0, 0, 0, 0), v2,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 19, 22, 25, 28, 31);
      const o = <usize>x << 2;
      widen8(dst + o, r, signed, vm);
      widen8(dst + cs + o, g, signed, vm);
      widen8(dst + (cs << 1) + o, b, signed, vm);
      p += 48;
    }
    for (let s: i32 = 0; s < 3; s++) loadTail(row + <usize>(x * 3 + s), 3, dst + <usize>s * cs, x, cols, 1, signed);
    return;
  }
  const step = <usize>(nc * cellBytes);
  for (let s: i32 = 0; s < ns; s++) {
    loadComponent(row + <usize>((first + s) * cellBytes), step, dst + <usize>s * cs, cols, cellBytes, signed);
  }
}

/**
 * Index of the first of `total` cells outside lo..hi, or -1: a v128 screen of the whole input, and a plain
 * search only when it finds something.
 */
export function firstOutOfRange(src: usize, total: i32, cellBytes: i32, signed: bool, lo: i32, hi: i32): i32 {
  const bytes = <usize>total * <usize>cellBytes;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  if (cellBytes == 2) {
    const vlo = i16x8.splat(<i16>lo);
    const vhi = i16x8.splat(<i16>hi);
    if (signed) {
      for (; i + 16 <= bytes; i += 16) {
        const v = v128.load(src + i);
        bad = v128.or(bad, v128.or(i16x8.lt_s(v, vlo), i16x8.gt_s(v, vhi)));
      }
    } else {
      for (; i + 16 <= bytes; i += 16) bad = v128.or(bad, i16x8.gt_u(v128.load(src + i), vhi));
    }
  } else {
    const vlo = i8x16.splat(<i8>lo);
    const vhi = i8x16.splat(<i8>hi);
    if (signed) {
      for (; i + 16 <= bytes; i += 16) {
        const v = v128.load(src + i);
        bad = v128.or(bad, v128.or(i8x16.lt_s(v, vlo), i8x16.gt_s(v, vhi)));
      }
    } else {
      for (; i + 16 <= bytes; i += 16) bad = v128.or(bad, i8x16.gt_u(v128.load(src + i), vhi));
    }
  }
  const start = v128.any_true(bad) ? 0 : <i32>(i / <usize>cellBytes);
  for (let j = start; j < total; j++) {
    let v: i32;
    const p = src + <usize>j * <usize>cellBytes;
    if (cellBytes == 1) v = signed ? <i32>load<i8>(p) : <i32>load<u8>(p);
    else v = signed ? <i32>load<i16>(p) : <i32>load<u16>(p);
    if (v < lo || v > hi) return j;
  }
  return -1;
}
