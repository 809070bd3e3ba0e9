/**
 * Raw inflate properties (fast-check), with Node's zlib as the independent deflater and inflater:
 * - inflateRaw(deflateRawSync(x, any level / strategy / window / memLevel)) is x;
 * - on any mutation of a valid stream (cut, bit flips, spliced bytes) the kernel agrees with zlib on success
 *   and on the bytes produced, and otherwise throws a DicomPixelError (never a trap).
 */
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { setupWasm } from "../helpers/wasm.js";
import { inflateRaw, inflateRawDetailed } from "../../src/wasm/kernels/deflate.js";
import { isDicomPixelError } from "../../src/errors.js";

beforeAll(setupWasm);

/** Byte arrays with structure: repeated chunks (matches, overlaps) and runs, not only random bytes. */
const dataArb = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc
    .array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 60 })), { maxLength: 40 })
    .map((parts) => Uint8Array.from(parts.flatMap(([bytes, times]) => Array.from({ length: times }, () => Array.from(bytes)).flat()))),
);

const optionsArb = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED),
  windowBits: fc.integer({ min: 9, max: 15 }),
  memLevel: fc.integer({ min: 1, max: 9 }),
});

describe("raw inflate properties (zlib as the oracle)", () => {
  it("inflateRaw(deflateRawSync(x)) is x for any level, strategy, window and memory level", () => {
    fc.assert(
      fc.property(dataArb, optionsArb, (data, options) => {
        const z = deflateRawSync(data, options);
        expect(Array.from(inflateRaw(z, data.length))).toEqual(Array.from(data));
      }),
      { numRuns: 300 },
    );
  });

  it("on mutated streams the kernel fails with a DicomPixelError or produces what zlib produces", () => {
    fc.assert(
      fc.property(
        dataArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        (data, flips, cut) => {
          const bad = new Uint8Array(deflateRawSync(data, { level: 6 }));
          for (const [at, bit] of flips) bad[at % bad.length]! ^= 1 << bit;
          const stream = cut === undefined ? bad : bad.subarray(0, cut % (bad.length + 1));
          let zlib: Uint8Array | undefined;
          try {
            zlib = new Uint8Array(inflateRawSync(stream, { maxOutputLength: 1 << 20 }));
          } catch {
            zlib = undefined; // zlib refuses it (or it is cut short)
          }
          try {
            const ours = inflateRawDetailed(stream, 1 << 16, undefined, { allowShort: true }).bytes;
            // A stream we accept is a complete, valid deflate stream: zlib must produce the same bytes.
            expect(zlib, "zlib refused a stream the kernel accepted").toBeDefined();
            expect(Array.from(ours)).toEqual(Array.from(zlib!.subarray(0, ours.length)));
            expect(ours.length).toBe(Math.min(zlib!.length, 1 << 16));
          } catch (e) {
            if (!isDicomPixelError(e)) throw e;
            // zlib may accept what we refuse only when the output does not fit the 64 KiB we allowed
            if (zlib !== undefined) expect(zlib.length).toBeGreaterThan(1 << 16);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
