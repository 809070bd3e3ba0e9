/**
 * Hostile arguments: every colour kernel export called with random sizes, counts and flags (negative, zero,
 * odd, larger than the buffers, larger than memory) must return a status or a byte count, never trap, and
 * never write outside [dst, dst + dstLen). Buffers are carved from one arena block with guard bytes.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { setupWasm } from "../helpers/wasm.js";

beforeAll(setupWasm);

const KERNELS: Array<[string, number]> = [
  // name, number of scalar arguments after (src, srcLen, dst, dstLen)
  ["color_ybr_full_to_rgb_u8", 2],
  ["color_ybr_full_to_rgb_u16", 3],
  ["color_rgb_to_ybr_full_u8", 2],
  ["color_rgb_to_ybr_full_u16", 3],
  ["color_ybr_partial_to_rgb_u8", 2],
  ["color_ybr_partial_to_rgb_u16", 3],
  ["color_ict_forward_u8", 3],
  ["color_ict_inverse_u16", 3],
  ["color_rct_forward_i32", 2],
  ["color_rct_inverse_i32", 2],
  ["color_expand_422_u8", 3],
  ["color_expand_422_u16", 3],
  ["color_ybr_full_422_to_rgb_u8", 3],
  ["color_rgb_to_ybr_422_u8", 2],
  ["color_rgb_to_ybr_422_u16", 3],
  ["color_upsample_h2v1_u8", 6],
  ["color_upsample_h2v2_u16", 7],
  ["color_downsample_h2v1_u16", 4],
  ["color_downsample_h2v2_u8", 4],
];

describe("colour kernels on hostile arguments", () => {
  it("return a status or a count, never trap, never write past dstLen", () => {
    const { exports, arena } = getInstance();
    const raw = exports as unknown as Record<string, (...a: number[]) => number>;
    const SRC = 4096, DST = 4096, GUARD = 64;
    arena.scoped(() => {
      const src = arena.alloc(SRC);
      const dst = arena.alloc(DST + GUARD);
      const scalar = fc.oneof(fc.integer({ min: -3, max: 70 }), fc.constantFrom(0, 1, 2, 8, 16, 17, 2 ** 31 - 1, -(2 ** 31), 65535, 65536));
      fc.assert(
        fc.property(
          fc.constantFrom(...KERNELS),
          fc.integer({ min: -8, max: SRC + 8 }),
          fc.integer({ min: -8, max: DST }),
          fc.array(scalar, { minLength: 7, maxLength: 7 }),
          ([name, count], srcLen, dstLen, scalars) => {
            arena.u8().fill(0xa5, dst, dst + DST + GUARD);
            const r = raw[name]!(src, srcLen, dst, dstLen, ...scalars.slice(0, count));
            expect(Number.isInteger(r)).toBe(true);
            if (r >= 0) expect(r).toBeLessThanOrEqual(Math.max(dstLen, 0));
            const u = arena.u8();
            const limit = dst + Math.max(dstLen, 0);
            for (let i = limit; i < dst + DST + GUARD; i++) if (u[i] !== 0xa5) throw new Error(`${name} wrote at dst+${i - dst} with dstLen ${dstLen}`);
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});
