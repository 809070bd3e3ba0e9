/**
 * Exports of assembly/pixels (typed here; src/wasm/ is the only code that touches the raw exports) and
 * their typed wrappers. Each wrapper copies in through the arena, runs one or more kernels on linear
 * memory, checks every status and copies out once (or works on memory the caller already placed in the
 * arena: the `*InMemory` forms, for codecs that decode in the arena).
 */
import { checkKernelStatus, DicomPixelError } from "../../errors.js";
import { CHUNK_BYTES, chunked } from "../chunking.js";
import { getInstance } from "../module.js";

/** (srcPtr, srcLen, dstPtr, dstLen, ...scalars) -> bytes written or -status. */
type Kernel = (src: number, srcLen: number, dst: number, dstLen: number, ...scalars: number[]) => number;
/** (srcPtr, srcLen, bitsStored) -> index of the first misfit cell, or the cell count. */
type CheckKernel = (src: number, srcLen: number, bitsStored: number) => number;

export interface NativeExports {
  native_mask_u8: Kernel;
  native_mask_i8: Kernel;
  native_mask_u16: Kernel;
  native_mask_i16: Kernel;
  native_mask_u32: Kernel;
  native_mask_i32: Kernel;
  native_mask_u16_scalar: Kernel;
  native_swap16: Kernel;
  native_swap32: Kernel;
  native_swap64: Kernel;
  bits_unpack1: Kernel;
  bits_pack1: Kernel;
  planar_to_interleaved: Kernel;
  planar_to_planar: Kernel;
  native_ybr422_expand: Kernel;
  native_ybr422_pack: Kernel;
  native_check_u8: CheckKernel;
  native_check_i8: CheckKernel;
  native_check_u16: CheckKernel;
  native_check_i16: CheckKernel;
  native_check_u32: CheckKernel;
  native_check_i32: CheckKernel;
  native_shl_8: Kernel;
  native_shl_16: Kernel;
  native_shl_32: Kernel;
}

/** Cell size in bits the mask kernels handle. */
export type CellBits = 8 | 16 | 32;
/** Word size in bytes for byte swapping. */
export type SwapWord = 2 | 4 | 8;

function maskKernel(bitsAllocated: number, signed: boolean): Kernel {
  const e = getInstance().exports;
  switch (bitsAllocated) {
    case 8:
      return signed ? e.native_mask_i8 : e.native_mask_u8;
    case 16:
      return signed ? e.native_mask_i16 : e.native_mask_u16;
    case 32:
      return signed ? e.native_mask_i32 : e.native_mask_u32;
    default:
      throw new DicomPixelError("INVALID_ARGUMENT", `cell masking needs Bits Allocated 8, 16 or 32, not ${bitsAllocated}`);
  }
}

function swapKernel(word: number): Kernel {
  const e = getInstance().exports;
  if (word === 2) return e.native_swap16;
  if (word === 4) return e.native_swap32;
  if (word === 8) return e.native_swap64;
  throw new DicomPixelError("INVALID_ARGUMENT", `byte swapping needs a word of 2, 4 or 8 bytes, not ${word}`);
}

/**
 * Masks and sign-extends cells that are already in linear memory (for codecs that decode in the arena).
 * `srcPtr` may equal `dstPtr` (in place).
 * @throws {DicomPixelError} INVALID_ARGUMENT for impossible Bits Stored / High Bit or lengths
 */
export function maskCellsInMemory(
  srcPtr: number,
  byteLength: number,
  dstPtr: number,
  bitsAllocated: CellBits,
  bitsStored: number,
  highBit: number,
  signed: boolean,
): void {
  const k = maskKernel(bitsAllocated, signed);
  checkKernelStatus(k(srcPtr, byteLength, dstPtr, byteLength, bitsStored, highBit), "native cell masking");
}

/**
 * Masks cells to Bits Stored at High Bit, shifts the lowest stored bit to bit 0 and sign-extends when
 * `signed`: from `src` into `dst` (which may be `src` itself), through the kernel module.
 * @throws {DicomPixelError} INVALID_ARGUMENT / DESTINATION_TOO_SMALL
 */
export function maskCells(
  src: Uint8Array,
  dst: Uint8Array,
  bitsAllocated: CellBits,
  bitsStored: number,
  highBit: number,
  signed: boolean,
): void {
  const n = src.byteLength;
  needRoom(dst, n, "cell masking");
  const k = maskKernel(bitsAllocated, signed);
  chunked(src, dst, n, (p, len) => checkKernelStatus(k(p, len, p, len, bitsStored, highBit), "native cell masking"));
}

/** Runs the scalar (non-SIMD) 16-bit unsigned mask kernel; benchmark use only. */
export function maskCellsU16Scalar(src: Uint8Array, dst: Uint8Array, bitsStored: number, highBit: number): void {
  const { exports } = getInstance();
  chunked(src, dst, src.byteLength, (p, len) =>
    checkKernelStatus(exports.native_mask_u16_scalar(p, len, p, len, bitsStored, highBit), "native cell masking"),
  );
}

/**
 * Colour-by-plane -> colour-by-pixel chunk by chunk of pixels: the chunk's slice of every plane is copied in
 * (forming a small planar block), `before` runs on it in place (byte swap), the kernel interleaves it into a
 * second block, `after` runs on that in place (masking) and it is copied out, all while in cache.
 */
function chunkedInterleave(
  src: Uint8Array,
  dst: Uint8Array,
  pixels: number,
  samples: number,
  cellBytes: number,
  context: string,
  details: { frameIndex?: number },
  before?: (ptr: number, len: number) => void,
  after?: (ptr: number, len: number) => void,
): void {
  const { exports, arena } = getInstance();
  const pixelBytes = samples * cellBytes;
  const step = Math.max(16, Math.floor(CHUNK_BYTES / pixelBytes / 16) * 16);
  const plane = pixels * cellBytes;
  arena.scoped(() => {
    const blockBytes = Math.min(pixels, step) * pixelBytes;
    const p = arena.alloc(blockBytes);
    const q = arena.alloc(blockBytes);
    for (let i0 = 0; i0 < pixels; i0 += step) {
      const count = Math.min(step, pixels - i0);
      const len = count * pixelBytes;
      const mem = arena.u8();
      for (let s = 0; s < samples; s++) {
        const from = s * plane + i0 * cellBytes;
        mem.set(src.subarray(from, from + count * cellBytes), p + s * count * cellBytes);
      }
      before?.(p, len);
      checkKernelStatus(exports.planar_to_interleaved(p, len, q, len, count, samples, cellBytes), `${context}: planar reorder`, details);
      after?.(q, len);
      dst.set(arena.view(q, len), i0 * pixelBytes);
    }
  });
}

function needRoom(dst: Uint8Array, n: number, what: string): void {
  if (dst.byteLength < n) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `${what}: destination holds ${dst.byteLength} bytes, ${n} needed`);
  }
}

/**
 * Reverses the byte order of every `word`-byte word of `src` into `dst` (may be `src`).
 * @throws {DicomPixelError} INVALID_ARGUMENT when the length is not a multiple of `word`
 */
export function swapBytesKernel(src: Uint8Array, dst: Uint8Array, word: SwapWord): void {
  const n = src.byteLength;
  needRoom(dst, n, "byte swap");
  const k = swapKernel(word);
  if (n % word !== 0) checkKernelStatus(k(0, n, 0, n), `${word * 8}-bit byte swap`);
  chunked(src, dst, n, (p, len) => checkKernelStatus(k(p, len, p, len), `${word * 8}-bit byte swap`));
}

/**
 * Unpacks `count` 1-bit pixels, LSB first, starting `bitOffset` (0-7) bits into `src`, to one byte each.
 * @throws {DicomPixelError} TRUNCATED when `src` holds fewer bits, DESTINATION_TOO_SMALL
 */
export function unpackBitsKernel(src: Uint8Array, bitOffset: number, count: number, dst: Uint8Array, details: { frameIndex?: number } = {}): void {
  needRoom(dst, count, "1-bit unpack");
  const need = Math.ceil((bitOffset + count) / 8);
  if (src.byteLength < need) checkKernelStatus(-1, "1-bit unpack", details); // TRUNCATED
  const { exports, arena } = getInstance();
  // Chunks of CHUNK_BYTES pixels (a multiple of 8, so every chunk starts at the same bit offset).
  arena.scoped(() => {
    const first = Math.min(count, CHUNK_BYTES);
    const s = arena.alloc(Math.ceil(first / 8) + 1);
    const d = arena.alloc(first);
    for (let i0 = 0; i0 < count; i0 += CHUNK_BYTES) {
      const n = Math.min(CHUNK_BYTES, count - i0);
      const from = i0 / 8;
      const bytes = Math.ceil((bitOffset + n) / 8);
      arena.u8().set(src.subarray(from, from + bytes), s);
      checkKernelStatus(exports.bits_unpack1(s, bytes, d, n, bitOffset, n), "1-bit unpack", details);
      dst.set(arena.view(d, n), i0);
    }
  });
}

/**
 * Packs the bytes of `src` (non-zero = 1) to bits, LSB first, starting `bitOffset` bits into `dst`; bits of
 * `dst` outside the written range are kept.
 * @returns the number of bytes of `dst` touched
 */
export function packBitsKernel(src: Uint8Array, bitOffset: number, dst: Uint8Array): number {
  const count = src.byteLength;
  const touched = Math.ceil((bitOffset + count) / 8);
  needRoom(dst, touched, "1-bit pack");
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.copyIn(dst.subarray(0, touched));
    checkKernelStatus(exports.bits_pack1(s, count, d, touched, bitOffset, count), "1-bit pack");
    dst.set(arena.view(d, touched));
    return touched;
  });
}

/**
 * Reorders `pixels` pixels of `samples` cells of `cellBytes` bytes between colour-by-plane and
 * colour-by-pixel. `src` and `dst` must be different buffers.
 */
export function reorderPlanesKernel(
  src: Uint8Array,
  dst: Uint8Array,
  pixels: number,
  samples: number,
  cellBytes: number,
  direction: "interleave" | "planar",
): void {
  const n = pixels * samples * cellBytes;
  needRoom(dst, n, "planar reorder");
  if (direction === "interleave" && samples > 1) {
    chunkedInterleave(src, dst, pixels, samples, cellBytes, "planar reorder", {});
    return;
  }
  const { exports, arena } = getInstance();
  const k = direction === "interleave" ? exports.planar_to_interleaved : exports.planar_to_planar;
  arena.scoped(() => {
    const s = arena.copyIn(src.subarray(0, n));
    const d = arena.alloc(n);
    checkKernelStatus(k(s, n, d, n, pixels, samples, cellBytes), "planar reorder");
    dst.set(arena.view(d, n));
  });
}

/** What {@link decodeNativeKernel} does to one frame, in this order. */
export interface NativePlan {
  /** Bytes of the stored frame that the plan reads. */
  inBytes: number;
  /** Bytes written to the destination. */
  outBytes: number;
  /** Byte-swap words of this size first (big endian sources). */
  swap?: SwapWord;
  /** Then reorder or expand. */
  layout?:
    | { kind: "interleave"; pixels: number; samples: number; cellBytes: number }
    | { kind: "ybr422"; pairs: number; cellBytes: number }
    | { kind: "unpack1"; bitOffset: number; count: number };
  /** Then mask and sign-extend. */
  mask?: { bitsAllocated: CellBits; bitsStored: number; highBit: number; signed: boolean };
}

/**
 * Runs a native decode plan on one frame: one copy in, the kernels on linear memory, one copy out into `dst`.
 * @throws {DicomPixelError} from the kernels (TRUNCATED, DESTINATION_TOO_SMALL, INVALID_ARGUMENT)
 */
export function decodeNativeKernel(src: Uint8Array, dst: Uint8Array, plan: NativePlan, context: string, frameIndex: number): void {
  needRoom(dst, plan.outBytes, context);
  const { exports, arena } = getInstance();
  const details = { frameIndex };
  if (plan.layout === undefined && plan.inBytes === plan.outBytes) {
    // Byte swap and masking work cell by cell: run them chunk by chunk while the chunk is in cache.
    const sw = plan.swap;
    const m = plan.mask;
    const swap = sw === undefined ? undefined : swapKernel(sw);
    const mask = m === undefined ? undefined : maskKernel(m.bitsAllocated, m.signed);
    chunked(src, dst, plan.outBytes, (p, len) => {
      if (swap !== undefined) checkKernelStatus(swap(p, len, p, len), `${context}: byte swap`, details);
      if (mask !== undefined && m !== undefined) checkKernelStatus(mask(p, len, p, len, m.bitsStored, m.highBit), `${context}: masking`, details);
    });
    return;
  }
  const layout0 = plan.layout;
  if (layout0 !== undefined && layout0.kind === "unpack1" && plan.swap === undefined) {
    unpackBitsKernel(src, layout0.bitOffset, layout0.count, dst, details);
    return;
  }
  if (layout0 !== undefined && layout0.kind === "interleave" && plan.inBytes === plan.outBytes) {
    const sw = plan.swap;
    const m = plan.mask;
    const swap = sw === undefined ? undefined : swapKernel(sw);
    const mask = m === undefined ? undefined : maskKernel(m.bitsAllocated, m.signed);
    chunkedInterleave(
      src,
      dst,
      layout0.pixels,
      layout0.samples,
      layout0.cellBytes,
      context,
      details,
      swap === undefined ? undefined : (p, len) => checkKernelStatus(swap(p, len, p, len), `${context}: byte swap`, details),
      mask === undefined || m === undefined
        ? undefined
        : (p, len) => checkKernelStatus(mask(p, len, p, len, m.bitsStored, m.highBit), `${context}: masking`, details),
    );
    return;
  }
  arena.scoped(() => {
    const inBytes = plan.inBytes;
    let p = arena.copyIn(src.subarray(0, inBytes));
    if (plan.swap !== undefined) {
      const sw = plan.swap;
      checkKernelStatus(swapKernel(sw)(p, inBytes, p, inBytes), `${context}: byte swap`, details);
    }
    const layout = plan.layout;
    if (layout !== undefined) {
      const q = arena.alloc(plan.outBytes);
      const n = plan.outBytes;
      if (layout.kind === "interleave") {
        checkKernelStatus(
          exports.planar_to_interleaved(p, inBytes, q, n, layout.pixels, layout.samples, layout.cellBytes),
          `${context}: planar reorder`,
          details,
        );
      } else if (layout.kind === "ybr422") {
        checkKernelStatus(exports.native_ybr422_expand(p, inBytes, q, n, layout.pairs, layout.cellBytes), `${context}: YBR_FULL_422 expansion`, details);
      } else {
        checkKernelStatus(exports.bits_unpack1(p, inBytes, q, n, layout.bitOffset, layout.count), `${context}: 1-bit unpack`, details);
      }
      p = q;
    }
    const m = plan.mask;
    if (m !== undefined) {
      const k = maskKernel(m.bitsAllocated, m.signed);
      checkKernelStatus(k(p, plan.outBytes, p, plan.outBytes, m.bitsStored, m.highBit), `${context}: masking`, details);
    }
    dst.set(arena.view(p, plan.outBytes));
  });
}

/**
 * Checks that every cell of `src` (little endian, `bitsAllocated` bits) fits `bitsStored` bits with the
 * given signedness.
 * @returns the index of the first cell that does not fit, or -1 when all fit
 */
export function findMisfitKernel(src: Uint8Array, bitsAllocated: CellBits, bitsStored: number, signed: boolean): number {
  const e = getInstance().exports;
  const k =
    bitsAllocated === 8
      ? signed
        ? e.native_check_i8
        : e.native_check_u8
      : bitsAllocated === 16
        ? signed
          ? e.native_check_i16
          : e.native_check_u16
        : signed
          ? e.native_check_i32
          : e.native_check_u32;
  const { arena } = getInstance();
  const cells = src.byteLength / (bitsAllocated / 8);
  return arena.scoped(() => {
    const p = arena.copyIn(src);
    const r = checkKernelStatus(k(p, src.byteLength, bitsStored), "native range check");
    return r === cells ? -1 : r;
  });
}

/** Shifts every cell left by `shift` bits (encode with High Bit above Bits Stored − 1), `src` into `dst`. */
export function shiftLeftKernel(src: Uint8Array, dst: Uint8Array, bitsAllocated: CellBits, shift: number): void {
  const e = getInstance().exports;
  const k = bitsAllocated === 8 ? e.native_shl_8 : bitsAllocated === 16 ? e.native_shl_16 : e.native_shl_32;
  const n = src.byteLength;
  needRoom(dst, n, "cell shift");
  const { arena } = getInstance();
  arena.scoped(() => {
    const p = arena.copyIn(src);
    checkKernelStatus(k(p, n, p, n, shift), "cell shift");
    dst.set(arena.view(p, n));
  });
}

/**
 * Full-resolution Y Cb Cr triples -> native YBR_FULL_422 (Y0 Y1 Cb Cr per pixel pair; chroma = rounded mean
 * of the pair), or the reverse expansion.
 */
export function ybr422Kernel(src: Uint8Array, dst: Uint8Array, pairs: number, cellBytes: number, direction: "pack" | "expand"): void {
  const inBytes = pairs * cellBytes * (direction === "pack" ? 6 : 4);
  const outBytes = pairs * cellBytes * (direction === "pack" ? 4 : 6);
  needRoom(dst, outBytes, "YBR_FULL_422");
  const { exports, arena } = getInstance();
  const k = direction === "pack" ? exports.native_ybr422_pack : exports.native_ybr422_expand;
  arena.scoped(() => {
    const s = arena.copyIn(src.subarray(0, inBytes));
    const d = arena.alloc(outBytes);
    checkKernelStatus(k(s, inBytes, d, outBytes, pairs, cellBytes), `YBR_FULL_422 ${direction}`);
    dst.set(arena.view(d, outBytes));
  });
}
