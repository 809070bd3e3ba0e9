import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { getInstance, init } from "../../src/wasm/module.js";
import { xorBytes } from "../../src/wasm/kernels/core.js";
import { isDicomPixelError } from "../../src/errors.js";

beforeAll(async () => {
  await init();
});

describe("kernel module", () => {
  it("runs a kernel: xor_bytes matches a JS loop", () => {
    const src = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff);
    const out = xorBytes(src, 0x5a);
    expect(Array.from(out)).toEqual(Array.from(src, (v) => v ^ 0x5a));
  });

  it("init() is idempotent and returns the cached instance", async () => {
    const a = await init();
    const b = await init();
    expect(a).toBe(b);
  });
});

describe("arena", () => {
  it("keeps data valid across memory growth (property)", () => {
    const { arena } = getInstance();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 12 }), (sizes) => {
        const mark = arena.mark();
        try {
          const blocks = sizes.map((n, k) => {
            const data = new Uint8Array(n);
            for (let i = 0; i < n; i++) data[i] = (i * 7 + k * 13) & 0xff;
            return { ptr: arena.copyIn(data), data };
          });
          // Every earlier block is intact after later allocations grew memory, read through fresh views.
          for (const b of blocks) expect(Buffer.compare(arena.view(b.ptr, b.data.length), b.data)).toBe(0);
          // Blocks do not overlap and are 16-byte aligned.
          const sorted = [...blocks].sort((x, y) => x.ptr - y.ptr);
          for (let i = 0; i < sorted.length; i++) {
            expect(sorted[i]!.ptr % 16).toBe(0);
            if (i > 0) expect(sorted[i]!.ptr).toBeGreaterThanOrEqual(sorted[i - 1]!.ptr + sorted[i - 1]!.data.length);
          }
        } finally {
          arena.release(mark);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a view taken before growth is detached; u8() after growth sees the data", () => {
    const { arena } = getInstance();
    arena.scoped(() => {
      const p = arena.copyIn(new Uint8Array([1, 2, 3]));
      const before = arena.u8();
      arena.alloc(arena.capacity + 65536); // forces growth
      expect(before.byteLength).toBe(0); // the old ArrayBuffer is detached by memory.grow
      expect(Array.from(arena.view(p, 3))).toEqual([1, 2, 3]);
    });
  });

  it("refuses to grow past the wasm32 limit with MEMORY_LIMIT", () => {
    const { arena } = getInstance();
    try {
      arena.alloc(5 * 1024 ** 3);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "MEMORY_LIMIT")).toBe(true);
      expect(String(e)).toMatch(/4294967296/);
    }
  });
});
