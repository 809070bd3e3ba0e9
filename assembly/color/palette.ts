// Palette Color lookup (PS3.3 C.7.6.3.1.5, C.7.9): every stored index is replaced by an R,G,B triple.
//
// The TS side (src/transforms/palette.ts) expands the three LUTs - descriptors, first mapped value, 8/16-bit
// entries, segmented data, clamping below/above the mapped range - into one dense table indexed by the raw
// cell value, so the kernel is a single load per pixel whatever the LUT shape:
//   8-bit cells: 256 entries, 16-bit cells: 65536 entries;
//   8-bit output: entry = u32 little endian  R | G << 8 | B << 16          (4 bytes)
//   16-bit output: entry = u64 little endian R | G << 16 | B << 32         (8 bytes)
// The entry is stored whole (4 or 8 bytes) at the pixel's 3- or 6-byte slot; the spare high bytes are
// overwritten by the next pixel, and the last pixel is stored sample by sample so nothing past dstLen is
// touched.
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, tablePtr, tableLen, pixels) -> bytes written or -status.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { inMem } from "./common";

@inline function lookup<I, E>(src: usize, srcLen: i32, dst: usize, dstLen: i32, table: usize, tableLen: i32, pixels: i32): i32 {
  if (pixels < 0 || !inMem(src, srcLen) || !inMem(dst, dstLen) || !inMem(table, tableLen)) return -INVALID_ARGUMENT;
  const entries = <i64>1 << (sizeof<I>() * 8);
  if (<i64>tableLen < entries * <i64>sizeof<E>()) return -INVALID_ARGUMENT;
  const os = <i64>((sizeof<E>() * 3) >> 2); // 3 or 6 output bytes per pixel
  const need = <i64>pixels * os;
  if (need > <i64>i32.MAX_VALUE) return -INVALID_ARGUMENT;
  if (<i64>srcLen < <i64>pixels * <i64>sizeof<I>()) return -TRUNCATED;
  if (<i64>dstLen < need) return -DESTINATION_TOO_SMALL;
  if (pixels == 0) return 0;
  const n = <usize>pixels - 1;
  const step = <usize>os;
  let i: usize = 0;
  // Four pixels per iteration: independent loads let the table reads overlap.
  for (; i + 4 <= n; i += 4) {
    const p = src + i * sizeof<I>();
    const e0 = load<E>(table + <usize>load<I>(p) * sizeof<E>());
    const e1 = load<E>(table + <usize>load<I>(p + sizeof<I>()) * sizeof<E>());
    const e2 = load<E>(table + <usize>load<I>(p + 2 * sizeof<I>()) * sizeof<E>());
    const e3 = load<E>(table + <usize>load<I>(p + 3 * sizeof<I>()) * sizeof<E>());
    const q = dst + i * step;
    store<E>(q, e0);
    store<E>(q + step, e1);
    store<E>(q + 2 * step, e2);
    store<E>(q + 3 * step, e3);
  }
  for (; i < n; i++) store<E>(dst + i * step, load<E>(table + <usize>load<I>(src + i * sizeof<I>()) * sizeof<E>()));
  // Last pixel: exactly 3 (or 6) bytes.
  const e = load<E>(table + <usize>load<I>(src + n * sizeof<I>()) * sizeof<E>());
  const q = dst + n * step;
  if (sizeof<E>() == 4) {
    store<u16>(q, <u16>e);
    store<u8>(q + 2, <u8>(e >> 16));
  } else {
    store<u32>(q, <u32>e);
    store<u16>(q + 4, <u16>(e >> 32));
  }
  return <i32>need;
}

/** 8-bit indices -> 8-bit RGB (table: 256 x u32). */
export function palette_lookup_u8_rgb8(src: usize, srcLen: i32, dst: usize, dstLen: i32, table: usize, tableLen: i32, pixels: i32): i32 {
  return lookup<u8, u32>(src, srcLen, dst, dstLen, table, tableLen, pixels);
}
/** 8-bit indices -> 16-bit RGB (table: 256 x u64). */
export function palette_lookup_u8_rgb16(src: usize, srcLen: i32, dst: usize, dstLen: i32, table: usize, tableLen: i32, pixels: i32): i32 {
  return lookup<u8, u64>(src, srcLen, dst, dstLen, table, tableLen, pixels);
}
/** 16-bit indices -> 8-bit RGB (table: 65536 x u32). */
export function palette_lookup_u16_rgb8(src: usize, srcLen: i32, dst: usize, dstLen: i32, table: usize, tableLen: i32, pixels: i32): i32 {
  return lookup<u16, u32>(src, srcLen, dst, dstLen, table, tableLen, pixels);
}
/** 16-bit indices -> 16-bit RGB (table: 65536 x u64). */
export function palette_lookup_u16_rgb16(src: usize, srcLen: i32, dst: usize, dstLen: i32, table: usize, tableLen: i32, pixels: i32): i32 {
  return lookup<u16, u64>(src, srcLen, dst, dstLen, table, tableLen, pixels);
}
