// Native YBR_FULL_422 (PS3.3 C.7.6.3.1.2): chroma is subsampled horizontally by two, and each pair of
// pixels is stored as four samples, Y0 Y1 Cb Cr (Planar Configuration 0). Expansion repeats the chroma
// pair for both pixels, giving one Y Cb Cr triple per pixel (output photometric YBR_FULL):
//
//   stored:   Y0 Y1 Cb Cr | Y2 Y3 Cb' Cr' ...
//   expanded: Y0 Cb Cr  Y1 Cb Cr | Y2 Cb' Cr'  Y3 Cb' Cr' ...
//
// Pairs are formed along each row, so Columns must be even (checked by the TS caller, which names the
// attribute); the kernel only needs the pair count.
// native_ybr422_pack is the inverse for writing: each pair's chroma is the rounded mean of its two pixels'
// chroma (exact when the two are equal, as after expansion).
// ABI: (srcPtr, srcLen, dstPtr, dstLen, pairs, cellBytes) -> bytes written or -status. No overlap.
import { DESTINATION_TOO_SMALL, INVALID_ARGUMENT, TRUNCATED } from "../common/status";
import { inMemory } from "./common";

@inline function expand<T>(src: usize, dst: usize, pairs: usize): void {
  const s = <usize>sizeof<T>();
  for (let i: usize = 0; i < pairs; i++) {
    const p = src + i * 4 * s;
    const o = dst + i * 6 * s;
    const cb = load<T>(p + 2 * s);
    const cr = load<T>(p + 3 * s);
    store<T>(o, load<T>(p));
    store<T>(o + s, cb);
    store<T>(o + 2 * s, cr);
    store<T>(o + 3 * s, load<T>(p + s));
    store<T>(o + 4 * s, cb);
    store<T>(o + 5 * s, cr);
  }
}

/** Y0 Y1 Cb Cr per pixel pair -> Y Cb Cr per pixel. */
export function native_ybr422_expand(src: usize, srcLen: i32, dst: usize, dstLen: i32, pairs: i32, cellBytes: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (pairs < 0 || (cellBytes != 1 && cellBytes != 2 && cellBytes != 4)) return -INVALID_ARGUMENT;
  const inBytes = <i64>pairs * 4 * <i64>cellBytes;
  const outBytes = <i64>pairs * 6 * <i64>cellBytes;
  if (inBytes > <i64>srcLen) return -TRUNCATED;
  if (outBytes > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const n = <usize>pairs;
  if (cellBytes == 1) expand<u8>(src, dst, n);
  else if (cellBytes == 2) expand<u16>(src, dst, n);
  else expand<u32>(src, dst, n);
  return <i32>outBytes;
}

@inline function pack<T>(src: usize, dst: usize, pairs: usize): void {
  const s = <usize>sizeof<T>();
  for (let i: usize = 0; i < pairs; i++) {
    const p = src + i * 6 * s;
    const o = dst + i * 4 * s;
    store<T>(o, load<T>(p));
    store<T>(o + s, load<T>(p + 3 * s));
    // Rounded mean in 64-bit so that 32-bit cells cannot overflow.
    store<T>(o + 2 * s, <T>((<u64>load<T>(p + s) + <u64>load<T>(p + 4 * s) + 1) >> 1));
    store<T>(o + 3 * s, <T>((<u64>load<T>(p + 2 * s) + <u64>load<T>(p + 5 * s) + 1) >> 1));
  }
}

/** Y Cb Cr per pixel -> Y0 Y1 Cb Cr per pixel pair (unsigned cells). */
export function native_ybr422_pack(src: usize, srcLen: i32, dst: usize, dstLen: i32, pairs: i32, cellBytes: i32): i32 {
  if (!inMemory(src, srcLen) || !inMemory(dst, dstLen)) return -INVALID_ARGUMENT;
  if (pairs < 0 || (cellBytes != 1 && cellBytes != 2 && cellBytes != 4)) return -INVALID_ARGUMENT;
  const inBytes = <i64>pairs * 6 * <i64>cellBytes;
  const outBytes = <i64>pairs * 4 * <i64>cellBytes;
  if (inBytes > <i64>srcLen) return -TRUNCATED;
  if (outBytes > <i64>dstLen) return -DESTINATION_TOO_SMALL;
  const n = <usize>pairs;
  if (cellBytes == 1) pack<u8>(src, dst, n);
  else if (cellBytes == 2) pack<u16>(src, dst, n);
  else pack<u32>(src, dst, n);
  return <i32>outBytes;
}
