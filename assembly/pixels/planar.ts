// Planar Configuration (PS3.3 C.7.6.3.1.3): 0 = colour-by-pixel (R1 G1 B1 R2 G2 B2 ...), 1 = colour-by-plane
// (R1 R2 ... G1 G2 ... B1 B2 ...). One loop per cell size for 3 samples (the only case in practice) and a
// generic loop for other sample counts.
//
//   planar  : [R0 R1 R2 .. Rn-1][G0 G1 .. Gn-1][B0 B1 .. Bn-1]
//   interl. :  R0 G0 B0  R1 G1 B1  ...  Rn-1 Gn-1 Bn-1
//
// ABI: (srcPtr, srcLen, dstPtr, dstLen, pixels, samples, cellBytes) -> bytes written or -status.
// src and dst must not overlap.
import { storeInterleaved3 } from "../common/simd";
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { inMemory } from "./common";

@inline function checkArgs(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, samples: i32, cell: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (pixels < 0 || samples < 1 || samples > 4 || (cell != 1 && cell != 2 && cell != 4 && cell != 8)) return -INVALID_ARGUMENT;
  const bytes = <i64>pixels * <i64>samples * <i64>cell;
  if (bytes > <i64>srcLen) return -TRUNCATED;
  if (bytes > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  if (src < dst + <usize>bytes && dst < src + <usize>bytes && bytes > 0) return -INVALID_ARGUMENT;
  return <i32>bytes;
}

@inline function toInterleaved3<T>(src: usize, dst: usize, n: usize): void {
  const s = <usize>sizeof<T>();
  const g = src + n * s;
  const b = g + n * s;
  for (let i: usize = 0; i < n; i++) {
    const o = dst + i * 3 * s;
    store<T>(o, load<T>(src + i * s));
    store<T>(o + s, load<T>(g + i * s));
    store<T>(o + 2 * s, load<T>(b + i * s));
  }
}

@inline function toPlanar3<T>(src: usize, dst: usize, n: usize): void {
  const s = <usize>sizeof<T>();
  const g = dst + n * s;
  const b = g + n * s;
  for (let i: usize = 0; i < n; i++) {
    const o = src + i * 3 * s;
    store<T>(dst + i * s, load<T>(o));
    store<T>(g + i * s, load<T>(o + s));
    store<T>(b + i * s, load<T>(o + 2 * s));
  }
}

/** 8-bit, 3 samples, planar -> interleaved: 16 pixels per step with byte gathers (common/simd.ts). */
function toInterleaved3x8(src: usize, dst: usize, n: usize): void {
  const g = src + n;
  const b = g + n;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    storeInterleaved3(dst + i * 3, v128.load(src + i), v128.load(g + i), v128.load(b + i));
  }
  for (; i < n; i++) {
    const o = dst + i * 3;
    store<u8>(o, load<u8>(src + i));
    store<u8>(o + 1, load<u8>(g + i));
    store<u8>(o + 2, load<u8>(b + i));
  }
}

function genericToInterleaved(src: usize, dst: usize, n: usize, spp: usize, cell: usize): void {
  for (let s: usize = 0; s < spp; s++) {
    const plane = src + s * n * cell;
    for (let i: usize = 0; i < n; i++) memory.copy(dst + (i * spp + s) * cell, plane + i * cell, cell);
  }
}

function genericToPlanar(src: usize, dst: usize, n: usize, spp: usize, cell: usize): void {
  for (let s: usize = 0; s < spp; s++) {
    const plane = dst + s * n * cell;
    for (let i: usize = 0; i < n; i++) memory.copy(plane + i * cell, src + (i * spp + s) * cell, cell);
  }
}

/** Colour-by-plane -> colour-by-pixel. */
export function planar_to_interleaved(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, samples: i32, cellBytes: i32): i32 {
  const bytes = checkArgs(src, srcLen, dst, dstLen, pixels, samples, cellBytes);
  if (bytes < 0) return bytes;
  const n = <usize>pixels;
  if (samples == 1) {
    memory.copy(dst, src, <usize>bytes);
  } else if (samples == 3 && cellBytes == 1) {
    toInterleaved3x8(src, dst, n);
  } else if (samples == 3 && cellBytes == 2) {
    toInterleaved3<u16>(src, dst, n);
  } else if (samples == 3 && cellBytes == 4) {
    toInterleaved3<u32>(src, dst, n);
  } else if (samples == 3 && cellBytes == 8) {
    toInterleaved3<u64>(src, dst, n);
  } else {
    genericToInterleaved(src, dst, n, <usize>samples, <usize>cellBytes);
  }
  return bytes;
}

/** Colour-by-pixel -> colour-by-plane. */
export function planar_to_planar(src: usize, srcLen: i32, dst: usize, dstLen: i32, pixels: i32, samples: i32, cellBytes: i32): i32 {
  const bytes = checkArgs(src, srcLen, dst, dstLen, pixels, samples, cellBytes);
  if (bytes < 0) return bytes;
  const n = <usize>pixels;
  if (samples == 1) {
    memory.copy(dst, src, <usize>bytes);
  } else if (samples == 3 && cellBytes == 1) {
    toPlanar3<u8>(src, dst, n);
  } else if (samples == 3 && cellBytes == 2) {
    toPlanar3<u16>(src, dst, n);
  } else if (samples == 3 && cellBytes == 4) {
    toPlanar3<u32>(src, dst, n);
  } else if (samples == 3 && cellBytes == 8) {
    toPlanar3<u64>(src, dst, n);
  } else {
    genericToPlanar(src, dst, n, <usize>samples, <usize>cellBytes);
  }
  return bytes;
}
