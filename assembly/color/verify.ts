// Self-check of the 8-bit YCbCr round trip over every RGB triple, in one call (the exhaustive property test
// of test/property/color.property.test.ts). It drives the exported kernels themselves (SIMD path included)
// through static scratch buffers, 1024 triples at a time, so nothing is allocated.
import { INVALID_ARGUMENT } from "../common/status";
import { color_rgb_to_ybr_full_u8, color_ybr_full_to_rgb_u8 } from "./ybr";

const CHUNK: i32 = 1024;
const A = memory.data(CHUNK * 3);
const B = memory.data(CHUNK * 3);
const C = memory.data(CHUNK * 3);

/**
 * RGB triples with index lo..hi-1 (index = R << 16 | G << 8 | B) -> YBR_FULL -> RGB.
 * mode 0: returns the maximum absolute sample error; mode k > 0: the number of samples whose error is >= k.
 */
export function color_verify_roundtrip_u8(lo: i32, hi: i32, mode: i32): i32 {
  if (lo < 0 || hi > 1 << 24 || lo > hi || mode < 0) return -INVALID_ARGUMENT;
  let max: i32 = 0;
  let count: i32 = 0;
  for (let start = lo; start < hi; start += CHUNK) {
    const n = min(CHUNK, hi - start);
    for (let i = 0; i < n; i++) {
      const v = start + i;
      const p = A + <usize>(i * 3);
      store<u8>(p, <u8>(v >> 16));
      store<u8>(p, <u8>(v >> 8), 1);
      store<u8>(p, <u8>v, 2);
    }
    color_rgb_to_ybr_full_u8(A, n * 3, B, n * 3, n, 0);
    color_ybr_full_to_rgb_u8(B, n * 3, C, n * 3, n, 0);
    for (let k = 0; k < n * 3; k++) {
      const d = abs(<i32>load<u8>(A + <usize>k) - <i32>load<u8>(C + <usize>k));
      if (d > max) max = d;
      if (mode > 0 && d >= mode) count++;
    }
  }
  return mode == 0 ? max : count;
}
