/**
 * Chunked streaming through linear memory, shared by the typed kernel wrappers of src/wasm/kernels/.
 *
 * A wrapper that copies a whole frame into linear memory, runs a kernel and copies the whole result out
 * touches every byte three times in main memory: a 1280 x 960 RGB frame (3.7 MB) leaves the cache between the
 * steps. Streaming it in chunks of {@link CHUNK_BYTES} (copy a chunk in, run the kernel on it, copy it out
 * while it is still in cache; L2 is 1 MiB per core on the benchmark machine) leaves main memory with one read
 * and one write per byte, as for memcpy. Only kernels whose output for a unit (a cell, a pixel, a row)
 * depends on that unit alone can be chunked, at unit boundaries.
 */
import { getInstance } from "./module.js";

/** Target bytes of linear memory one chunk occupies (input and output together). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Units per chunk: as many as fit `CHUNK_BYTES` at `bytesPerUnit` each, a multiple of `multipleOf` (SIMD
 * block size, pixel pair), at least `multipleOf` (so one huge unit still makes a chunk of one).
 */
export function unitsPerChunk(bytesPerUnit: number, multipleOf = 1): number {
  const fit = Math.floor(CHUNK_BYTES / Math.max(1, bytesPerUnit) / multipleOf) * multipleOf;
  return Math.max(multipleOf, fit);
}

/** Runs an in-place, element-wise kernel over `src` into `dst` chunk by chunk (n a multiple of the word size). */
export function chunked(src: Uint8Array, dst: Uint8Array, n: number, run: (ptr: number, len: number) => void): void {
  const { arena } = getInstance();
  arena.scoped(() => {
    const p = arena.alloc(Math.min(n, CHUNK_BYTES));
    for (let o = 0; o < n; o += CHUNK_BYTES) {
      const len = Math.min(CHUNK_BYTES, n - o);
      arena.u8().set(o === 0 && len === src.byteLength ? src : src.subarray(o, o + len), p);
      run(p, len);
      dst.set(arena.view(p, len), o);
    }
  });
}

/**
 * Streams `units` units (pixels, pixel pairs, rows) through a kernel, `step` units per chunk: `inUnit` bytes
 * of `src` and `outUnit` bytes of `dst` per unit, unit i of `src` giving unit i of `dst`. With `inPlace` the
 * kernel gets one block (its output written over its input: only for kernels that load every sample of a unit
 * before storing it, with `outUnit` <= `inUnit`); otherwise an input and an output block.
 * `run(srcPtr, srcLen, dstPtr, dstLen, count)` converts `count` units; it must check the kernel's status.
 * `src` must hold `units * inUnit` bytes and `dst` `units * outUnit` (the caller checks).
 */
export function chunkedUnits(
  src: Uint8Array,
  dst: Uint8Array,
  units: number,
  inUnit: number,
  outUnit: number,
  step: number,
  inPlace: boolean,
  run: (sp: number, sLen: number, dp: number, dLen: number, count: number) => void,
): void {
  const { arena } = getInstance();
  arena.scoped(() => {
    const first = Math.min(units, step);
    const sp = arena.alloc(first * (inPlace ? Math.max(inUnit, outUnit) : inUnit));
    const dp = inPlace ? sp : arena.alloc(first * outUnit);
    for (let u0 = 0; u0 < units; u0 += step) {
      const count = Math.min(step, units - u0);
      const sLen = count * inUnit;
      const dLen = count * outUnit;
      arena.u8().set(src.subarray(u0 * inUnit, u0 * inUnit + sLen), sp);
      run(sp, sLen, dp, dLen, count);
      dst.set(arena.view(dp, dLen), u0 * outUnit);
    }
  });
}

/**
 * The same for colour-by-plane frames of `planes` planes of `pixels` cells of `cellBytes` bytes, in and out
 * (Planar Configuration 1 kept): each chunk copies its slice of every plane in, forming a small planar frame
 * of `count` pixels at one address, runs the kernel on it in place (`run(ptr, len, count)`) and copies the
 * slices back out to their planes. `src` and `dst` hold `planes * pixels * cellBytes` bytes (caller checks).
 */
export function chunkedPlanes(
  src: Uint8Array,
  dst: Uint8Array,
  pixels: number,
  planes: number,
  cellBytes: number,
  step: number,
  run: (ptr: number, len: number, count: number) => void,
): void {
  const { arena } = getInstance();
  const plane = pixels * cellBytes;
  arena.scoped(() => {
    const p = arena.alloc(Math.min(pixels, step) * planes * cellBytes);
    for (let i0 = 0; i0 < pixels; i0 += step) {
      const count = Math.min(step, pixels - i0);
      const slice = count * cellBytes;
      const mem = arena.u8();
      for (let s = 0; s < planes; s++) {
        const from = s * plane + i0 * cellBytes;
        mem.set(src.subarray(from, from + slice), p + s * slice);
      }
      run(p, planes * slice, count);
      const out = arena.u8();
      for (let s = 0; s < planes; s++) {
        dst.set(out.subarray(p + s * slice, p + (s + 1) * slice), s * plane + i0 * cellBytes);
      }
    }
  });
}
