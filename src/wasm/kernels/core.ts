/** Exports of assembly/common/memory.ts and their wrappers. */
import { checkKernelStatus } from "../../errors.js";
import { getInstance } from "../module.js";

export interface CoreExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  xor_bytes(src: number, dst: number, len: number, key: number): number;
}

/**
 * XORs every byte with `key` in the kernel module: the smallest real kernel, used by the browser smoke test
 * and the boundary benchmark (copy in, one pass, copy out).
 */
export function xorBytes(src: Uint8Array, key: number, dst: Uint8Array = new Uint8Array(src.length)): Uint8Array {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const d = arena.alloc(src.length);
    checkKernelStatus(exports.xor_bytes(s, d, src.length, key), "xor_bytes");
    dst.set(arena.view(d, src.length));
    return dst;
  });
}

/** Copies `src` into linear memory and back out into `dst`: the interop floor (no kernel runs). */
export function roundTripThroughMemory(src: Uint8Array, dst: Uint8Array): Uint8Array {
  const { arena } = getInstance();
  return arena.scoped(() => {
    const p = arena.copyIn(src);
    dst.set(arena.view(p, src.length));
    return dst;
  });
}
