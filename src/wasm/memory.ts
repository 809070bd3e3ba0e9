/**
 * The TS-owned arena over the kernel module's linear memory. Kernels never allocate (runtime "stub"); every
 * byte above the module's static data is handed out here, by bump allocation, and released by mark/release.
 *
 * Growing memory detaches every view on the old `memory.buffer`, so views are never cached across calls:
 * `u8()` and `view()` always look at the current buffer.
 */
import { DicomPixelError } from "../errors.js";

const PAGE = 65536;
/** wasm32 limit: 65536 pages of 64 KiB = 4 GiB (asconfig.json maximumMemory). */
export const MAX_MEMORY_BYTES = 65536 * PAGE;

export class Arena {
  private top: number;
  private readonly base: number;
  private cachedBuffer: ArrayBuffer | undefined;
  private cachedView: Uint8Array | undefined;

  constructor(
    private readonly memory: WebAssembly.Memory,
    heapBase: number,
  ) {
    this.base = align(heapBase, 16);
    this.top = this.base;
  }

  /** Bytes currently handed out. */
  get used(): number {
    return this.top - this.base;
  }

  /** Current size of linear memory in bytes. */
  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * Reserves `bytes` bytes (aligned to `alignment`), growing memory when needed.
   * @returns the address of the block
   * @throws {DicomPixelError} MEMORY_LIMIT beyond the wasm32 limit of 4 GiB
   */
  alloc(bytes: number, alignment = 16): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`Arena.alloc: invalid size ${bytes}`);
    const ptr = align(this.top, alignment);
    const end = ptr + bytes;
    if (end > MAX_MEMORY_BYTES) {
      throw new DicomPixelError(
        "MEMORY_LIMIT",
        `WebAssembly memory limit reached: ${end} bytes needed, at most ${MAX_MEMORY_BYTES} (wasm32) are addressable`,
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size so that a sequence of frames does not grow page by page.
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil(have / PAGE / 4)), MAX_MEMORY_BYTES / PAGE - have / PAGE);
      try {
        this.memory.grow(Math.max(pages, need));
      } catch (cause) {
        throw new DicomPixelError("MEMORY_LIMIT", `WebAssembly memory could not grow to ${end} bytes`, { cause });
      }
    }
    this.top = end;
    return ptr;
  }

  /** Current allocation mark, for {@link release}. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated after `mark`. */
  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new RangeError(`Arena.release: invalid mark ${mark}`);
    this.top = mark;
  }

  /** Frees everything. */
  reset(): void {
    this.top = this.base;
  }

  /** A view of all of linear memory, valid until the next allocation. */
  u8(): Uint8Array {
    const buffer = this.memory.buffer;
    if (buffer !== this.cachedBuffer || this.cachedView === undefined) {
      this.cachedBuffer = buffer;
      this.cachedView = new Uint8Array(buffer);
    }
    return this.cachedView;
  }

  /** A view of `length` bytes at `ptr`, valid until the next allocation. */
  view(ptr: number, length: number): Uint8Array {
    return this.u8().subarray(ptr, ptr + length);
  }

  /** Allocates room for `src` and copies it in. */
  copyIn(src: ArrayBufferView): number {
    const bytes = src instanceof Uint8Array ? src : new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
    const ptr = this.alloc(bytes.byteLength);
    this.u8().set(bytes, ptr);
    return ptr;
  }

  /** Copies `length` bytes at `ptr` out into a new array (the API edge). */
  copyOut(ptr: number, length: number): Uint8Array {
    return this.u8().slice(ptr, ptr + length);
  }

  /** Runs `fn` and frees whatever it allocated, even when it throws. */
  scoped<T>(fn: () => T): T {
    const m = this.mark();
    try {
      return fn();
    } finally {
      this.release(m);
    }
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
