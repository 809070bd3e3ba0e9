/**
 * Raw inflate properties (fast-check), with Node's zlib as the independent deflater and inflater:
 * - inflateRaw(deflateRawSync(x, any level / strategy / window / memLevel)) is x;
 * - on any mutation of a valid stream (cut, bit flips, spliced bytes) the kernel agrees with zlib on success
 *   and on the bytes produced, and otherwise throws a DicomPixelError (never a trap);
 * - our compressor: zlib's inflateRawSync(deflateRaw(x, any level)) is x, and no stream is larger than its
 *   blocks stored (5 bytes per block of at least 16 Ki, RFC 1951 3.2.4) plus one byte.
 */
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { setupWasm } from "../helpers/wasm.js";
import { deflateRaw, inflateRaw, inflateRawDetailed } from "../../src/wasm/kernels/deflate.js";
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

/**
 * Larger inputs (up to 300 KB: several blocks and windows) built from repeated chunks of up to 2000 bytes,
 * with small edits: long matches, far distances, changes of statistics between blocks.
 */
const bigArb = fc
  .tuple(
    fc.array(fc.uint8Array({ minLength: 1, maxLength: 2000 }), { minLength: 1, maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 })), { maxLength: 100, size: "large" }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 30 }),
  )
  .map(([chunks, picks, edits]) => {
    const cap = 300_000;
    const out = new Uint8Array(cap);
    let n = 0;
    for (const [c, times] of picks) {
      const chunk = chunks[c % chunks.length]!;
      for (let t = 0; t < times && n + chunk.length <= cap; t++, n += chunk.length) out.set(chunk, n);
    }
    for (const [at, v] of edits) if (n > 0) out[at % n] = v;
    return out.subarray(0, n);
  });

describe("raw deflate compressor properties (zlib as the oracle)", () => {
  it("inflateRawSync(deflateRaw(x, level)) is x, for any bytes and level; never larger than its stored blocks", () => {
    fc.assert(
      fc.property(fc.oneof(dataArb, bigArb), fc.integer({ min: 0, max: 9 }), (data, level) => {
        const z = deflateRaw(data, { level });
        expect(Buffer.from(inflateRawSync(z)).equals(Buffer.from(data))).toBe(true);
        // No block is larger than its stored form (5 header bytes, RFC 1951 3.2.4); every block but the last
        // spans at least 16 Ki input bytes; one byte of bit alignment at the end.
        expect(z.length).toBeLessThanOrEqual(data.length + 5 * (Math.floor(data.length / 16384) + 1) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("our own inflater agrees on every stream we write", () => {
    fc.assert(
      fc.property(fc.oneof(dataArb, bigArb), fc.integer({ min: 1, max: 9 }), (data, level) => {
        expect(Buffer.from(inflateRaw(deflateRaw(data, { level }), data.length)).equals(Buffer.from(data))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
