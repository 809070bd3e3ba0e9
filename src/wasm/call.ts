/**
 * Small pieces the typed kernel wrappers in src/wasm/kernels/ share: naming the operation in error
 * messages, turning a negative kernel status into its DicomPixelError, and reading a header kernel's
 * Int32 info block. Each wrapper keeps its own copy-in / call / copy-out, which differ in scratch and
 * destination handling.
 */
import { checkKernelStatus, DicomPixelError, type DicomPixelErrorDetails } from "../errors.js";
import type { Arena } from "./memory.js";
import { getInstance } from "./module.js";

/** "`operation` of frame `frameIndex`", or just `operation` when no frame index is known. */
export function frameOperation(operation: string, frameIndex: number | undefined): string {
  return `${operation}${frameIndex === undefined ? "" : ` of frame ${frameIndex}`}`;
}

/**
 * Throws the DicomPixelError that a negative kernel status stands for (see {@link checkKernelStatus}).
 * @param status a negative kernel status
 * @param what the operation, first in the message
 * @throws {DicomPixelError} the status's code (from KERNEL_STATUS), INTERNAL_ERROR for an unknown one
 */
export function throwKernelStatus(status: number, what: string, details: DicomPixelErrorDetails = {}): never {
  checkKernelStatus(status, what, details);
  // Only reached for a non-negative status, which callers never pass.
  throw new DicomPixelError("INTERNAL_ERROR", `${what}: status ${status}`, details);
}

/**
 * Runs a header kernel that fills an info block of `infoBytes` bytes (Int32 fields) and parses the block,
 * inside the caller's arena scope. The view is built after the call and only read by `parse`, never kept.
 * @param read calls the kernel with the block's address and length, returning its status
 * @param onError throws for a negative status
 */
export function readInfoBlock<T>(
  arena: Arena,
  infoBytes: number,
  read: (infoPtr: number, infoLen: number) => number,
  onError: (status: number) => never,
  parse: (info: Int32Array) => T,
): T {
  const info = arena.alloc(infoBytes);
  const r = read(info, infoBytes);
  if (r < 0) onError(r);
  return parse(new Int32Array(arena.u8().buffer, info, infoBytes / 4));
}

/**
 * Copies `src` into linear memory and runs a header kernel on it through {@link readInfoBlock}, in its own
 * arena scope.
 * @param kernel the raw export: (srcPtr, srcLen, infoPtr, infoLen) -> status
 */
export function readStreamHeader<T>(
  src: Uint8Array,
  infoBytes: number,
  kernel: (srcPtr: number, srcLen: number, infoPtr: number, infoLen: number) => number,
  onError: (status: number) => never,
  parse: (info: Int32Array) => T,
): T {
  const { arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    return readInfoBlock(arena, infoBytes, (info, infoLen) => kernel(s, src.byteLength, info, infoLen), onError, parse);
  });
}
