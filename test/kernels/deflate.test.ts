/**
 * The raw inflate kernel (assembly/codecs/deflate, RFC 1951) on raw bytes, with Node's zlib as the oracle:
 * zlib-deflated inputs of many shapes, levels and strategies; hand-made streams (test/kernels/deflate-writer.ts,
 * written from the RFC) for what zlib never emits; and hostile streams, each of which must end in a typed
 * error or status, never a trap or a hang. Runs on every kernel flavour (the debug build checks every
 * memory access).
 */
import { constants, deflateRawSync, inflateRawSync, type ZlibOptions } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { inflateRaw, inflateRawDetailed } from "../../src/wasm/kernels/deflate.js";
import { DicomPixelError, isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { BitWriter, dynamicHeader, fixedBlock, makeCode, rng, storedBlock, writeTokens, type Token } from "./deflate-writer.js";

// Kernel statuses (assembly/common/status.ts).
const TRUNCATED = 1;
const INVALID_BLOCK = 92;
const STORED_LENGTH = 93;
const CODE_LENGTHS = 94;
const INVALID_SYMBOL = 95;
const DISTANCE_TOO_FAR = 96;
const OUTPUT_SHORT = 97;
const OUTPUT_LONG = 98;
const INVALID_ARGUMENT = 100;

/** Calls the kernel directly: its status (negative) or the number of bytes written. */
function rawStatus(src: Uint8Array, dstLen: number, flags = 0): number {
  const { exports, arena } = getInstance();
  return arena.scoped(() => exports.deflate_inflate(arena.copyIn(src), src.length, arena.alloc(dstLen), dstLen, flags));
}

function expectCode(fn: () => unknown, code: ErrorCode): DicomPixelError {
  try {
    fn();
  } catch (e) {
    if (!isDicomPixelError(e)) throw e;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// --- inputs ---------------------------------------------------------------------------------------------
type Shape = "zeros" | "text" | "random" | "runs" | "periodic";
const WORDS = ["the ", "pixel ", "data ", "of ", "frame ", "DICOM ", "deflate ", "\n", "0x7FE0 ", "value, "];

function makeInput(shape: Shape, size: number, seed: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(size);
  let i = 0;
  while (i < size) {
    if (shape === "zeros") break;
    if (shape === "random") out[i++] = next() & 255;
    else if (shape === "text") {
      const w = WORDS[next() % WORDS.length]!;
      for (let k = 0; k < w.length && i < size; k++) out[i++] = w.charCodeAt(k);
    } else if (shape === "runs") {
      const b = next() & 255;
      const n = 1 + (next() % 600);
      for (let k = 0; k < n && i < size; k++) out[i++] = b;
    } else {
      // short periods: overlapping matches (distance < length)
      const period = 1 + (next() % 15);
      const pattern = Array.from({ length: period }, () => next() & 255);
      const n = 20 + (next() % 2000);
      for (let k = 0; k < n && i < size; k++) out[i++] = pattern[k % period]!;
    }
  }
  return out;
}

const OPTIONS: [string, ZlibOptions][] = [
  ["level 0 (stored)", { level: 0 }],
  ["level 1", { level: 1 }],
  ["level 6", { level: 6 }],
  ["level 9", { level: 9 }],
  ["Z_FIXED", { strategy: constants.Z_FIXED }],
  ["Z_HUFFMAN_ONLY", { strategy: constants.Z_HUFFMAN_ONLY }],
  ["Z_RLE", { strategy: constants.Z_RLE }],
];
const SHAPES: Shape[] = ["zeros", "text", "random", "runs", "periodic"];
const SIZES = [0, 1, 2, 3, 257, 4095, 65535, 65536, 65537, 300000];

const compressed = new Map<string, { data: Uint8Array; z: Uint8Array }>();
function sample(shape: Shape, size: number, name: string, options: ZlibOptions) {
  const key = `${shape}/${size}/${name}`;
  let s = compressed.get(key);
  if (!s) {
    const data = makeInput(shape, size, size * 31 + shape.length);
    s = { data, z: new Uint8Array(deflateRawSync(data, options)) };
    compressed.set(key, s);
  }
  return s;
}

/** Expands tokens the plain way (RFC 1951 3.2.3: byte by byte, so overlaps repeat). */
function expand(tokens: readonly Token[], prefix: number[] = []): number[] {
  const out = [...prefix];
  for (const t of tokens) {
    if (typeof t === "number") out.push(t);
    else if ("length" in t && "distance" in t) for (let k = 0; k < t.length; k++) out.push(out[out.length - t.distance]!);
  }
  return out;
}

describe.each(KERNEL_FLAVOURS)("raw inflate kernel (%s)", (flavour) => {
  beforeAll(() => useFlavour(flavour));
  const sizes = flavour === "debug" ? SIZES.filter((s) => s <= 65537) : SIZES;

  describe("zlib deflateRawSync as the oracle", () => {
    for (const [name, options] of OPTIONS) {
      it(`${name}: zeros, text, random, runs and short periods of ${sizes.length} sizes up to ${sizes.at(-1)} bytes`, () => {
        for (const shape of SHAPES) {
          for (const size of sizes) {
            const { data, z } = sample(shape, size, name, options);
            const got = inflateRaw(z, size);
            expect(got.length).toBe(size);
            expect(same(got, data), `${shape} ${size}`).toBe(true);
          }
        }
      });
    }

    it("decodes into a caller buffer (subarray of it returned) and reports trailing bytes", () => {
      const { data, z } = sample("text", 4095, "level 6", { level: 6 });
      const dst = new Uint8Array(5000).fill(7);
      const got = inflateRaw(z, 4095, dst);
      expect(got.buffer).toBe(dst.buffer);
      expect(same(got, data)).toBe(true);
      expect(dst[4095]).toBe(7);
      expect(inflateRawDetailed(z, 4095).trailingBytes).toBe(0);
      const padded = Uint8Array.from([...z, 0]);
      const r = inflateRawDetailed(padded, 4095);
      expect(same(r.bytes, data)).toBe(true);
      expect(r.trailingBytes).toBe(1);
      expect(inflateRawDetailed(Uint8Array.from([...z, 1, 2, 3, 4, 5]), 4095).trailingBytes).toBe(5);
    });
  });

  describe("hand-made streams (RFC 1951), checked against zlib too", () => {
    const check = (stream: Uint8Array, expected: number[]) => {
      expect(Array.from(new Uint8Array(inflateRawSync(stream)))).toEqual(expected); // the oracle agrees with the plain expansion
      expect(Array.from(inflateRaw(stream, expected.length))).toEqual(expected);
    };

    it("maximum distance 32768 with length 258, after stored blocks (several blocks, matches across them)", () => {
      const next = rng(5);
      const head = Array.from({ length: 32768 }, () => next() & 255);
      const w = new BitWriter();
      storedBlock(w, head.slice(0, 20000), false);
      storedBlock(w, head.slice(20000), false);
      const tokens: Token[] = [{ length: 258, distance: 32768 }, 1, 2, { length: 3, distance: 32768 }, { length: 257, distance: 1 }, { length: 10, distance: 300 }];
      fixedBlock(w, tokens, true);
      check(w.finish(), expand(tokens, head));
    });

    it("every length (3..258) and every distance code, overlapping copies of every period 1..40", () => {
      const w = new BitWriter();
      const tokens: Token[] = [];
      for (let i = 0; i < 40; i++) tokens.push((i * 37) & 255);
      for (let len = 3; len <= 258; len++) tokens.push({ length: len, distance: 1 + (len % 40) });
      for (let d = 1; d < 2000; d = Math.ceil(d * 1.3)) tokens.push({ length: 5, distance: d });
      fixedBlock(w, tokens, false);
      const tail: Token[] = [9, { length: 100, distance: 7000 }];
      fixedBlock(w, tail, true);
      check(w.finish(), expand([...tokens, ...tail]));
    });

    it("a dynamic block with codes of every length 1..15 (second-level tables) and a single one-bit distance code", () => {
      const lit = new Array<number>(258).fill(0);
      const order = [97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
      order.forEach((s, k) => (lit[s] = k + 1));
      lit[256] = 15;
      lit[257] = 15;
      const dist = [1];
      const tokens: Token[] = [];
      for (let i = 0; i < 300; i++) tokens.push(order[i % 14]!, i % 5 === 0 ? { length: 3, distance: 1 } : 97);
      const w = new BitWriter();
      storedBlock(w, [1, 2, 3], false);
      dynamicHeader(w, true, lit, dist);
      writeTokens(w, tokens, makeCode(lit), makeCode(dist));
      check(w.finish(), expand(tokens, [1, 2, 3]));
    });

    it("a dynamic block without distance codes (one zero length) holding only literals", () => {
      const lit = new Array<number>(257).fill(0);
      lit[0] = 1;
      lit[256] = 1;
      const w = new BitWriter();
      dynamicHeader(w, true, lit, [0]);
      writeTokens(w, [0, 0, 0], makeCode(lit), makeCode([0]));
      check(w.finish(), [0, 0, 0]);
    });

    it("empty blocks and an empty stream of zero bytes", () => {
      const w = new BitWriter();
      storedBlock(w, [], false);
      fixedBlock(w, [], true);
      check(w.finish(), []);
      expect(rawStatus(deflateRawSync(new Uint8Array(0)), 0)).toBe(0);
    });
  });

  describe("hostile streams: a typed error or status, never a trap", () => {
    const text = makeInput("text", 3000, 1);
    const streams: [string, Uint8Array, number][] = [
      ["dynamic", new Uint8Array(deflateRawSync(text, { level: 9 })), 3000],
      ["fixed", new Uint8Array(deflateRawSync(text, { strategy: constants.Z_FIXED })), 3000],
      ["stored", new Uint8Array(deflateRawSync(text.subarray(0, 300), { level: 0 })), 300],
    ];

    it("every truncation of a stored, a fixed and a dynamic stream is TRUNCATED", () => {
      for (const [name, z, n] of streams) {
        for (let cut = 0; cut < z.length; cut++) expect(rawStatus(z.subarray(0, cut), n), `${name} cut at ${cut}`).toBe(-TRUNCATED);
      }
      expectCode(() => inflateRaw(streams[0]![1].subarray(0, 100), 3000), "TRUNCATED");
    });

    it("bit flips and random bytes end in a DicomPixelError or a result, within the destination", () => {
      const next = rng(99);
      for (const [, z, n] of streams) {
        for (let k = 0; k < 300; k++) {
          const bad = z.slice();
          bad[next() % bad.length]! ^= 1 << (next() & 7);
          try {
            expect(inflateRaw(bad, n).length).toBe(n);
          } catch (e) {
            expect(isDicomPixelError(e), String(e)).toBe(true);
          }
        }
      }
      for (let k = 0; k < 300; k++) {
        const junk = Uint8Array.from({ length: next() % 300 }, () => next() & 255);
        const s = rawStatus(junk, 1000);
        expect(s === 1000 || (s < 0 && s > -100), `status ${s}`).toBe(true);
      }
    });

    it("a stored block whose LEN and NLEN disagree, a block of type 3", () => {
      const w = new BitWriter();
      storedBlock(w, [1, 2, 3], true, 0x1234);
      expect(rawStatus(w.finish(), 3)).toBe(-STORED_LENGTH);
      expectCode(() => inflateRaw(Uint8Array.from([0x07, 0, 0, 0]), 1), "DEFLATE_INVALID_STREAM");
      expect(rawStatus(Uint8Array.from([0x07, 0, 0, 0]), 1)).toBe(-INVALID_BLOCK);
    });

    it("a distance before the start of the output; reserved symbols 286, 287 and distance codes 30, 31", () => {
      const block = (tokens: Token[]) => {
        const w = new BitWriter();
        fixedBlock(w, tokens, true);
        return w.finish();
      };
      expect(rawStatus(block([65, { length: 3, distance: 2 }]), 4)).toBe(-DISTANCE_TOO_FAR);
      expect(rawStatus(block([{ length: 3, distance: 1 }]), 3)).toBe(-DISTANCE_TOO_FAR);
      expect(rawStatus(block([65, { litlenSymbol: 286 }]), 4)).toBe(-INVALID_SYMBOL);
      expect(rawStatus(block([65, { litlenSymbol: 287 }]), 4)).toBe(-INVALID_SYMBOL);
      expect(rawStatus(block([65, { distSymbol: 30, length: 3 }]), 4)).toBe(-INVALID_SYMBOL);
      expect(rawStatus(block([65, { distSymbol: 31, length: 3 }]), 4)).toBe(-INVALID_SYMBOL);
      // a distance from a block without distance codes
      const lit = new Array<number>(258).fill(0);
      lit[65] = 1;
      lit[256] = 2;
      lit[257] = 2;
      const w = new BitWriter();
      dynamicHeader(w, true, lit, [0]);
      writeTokens(w, [65, 65, { distSymbol: 0, length: 3 }], makeCode(lit), makeCode([1]));
      w.bits(0, 16); // an invalid code consumes a whole table index: keep those bits inside the stream
      expect(rawStatus(w.finish(), 5)).toBe(-INVALID_SYMBOL);
    });

    it("invalid dynamic code lengths: over-subscribed, incomplete, no end-of-block code, bad repeats, HLIT > 286", () => {
      const dyn = (lit: number[], dist: number[], options: Parameters<typeof dynamicHeader>[4] = {}) => {
        const w = new BitWriter();
        dynamicHeader(w, true, lit, dist, options);
        w.bits(0, 32);
        return rawStatus(w.finish(), 10);
      };
      const base = () => {
        const lit = new Array<number>(257).fill(0);
        lit[0] = 1;
        lit[256] = 1;
        return lit;
      };
      const over = base();
      over[1] = 1;
      expect(dyn(over, [1])).toBe(-CODE_LENGTHS);
      const incomplete = base();
      incomplete[0] = 2;
      expect(dyn(incomplete, [1])).toBe(-CODE_LENGTHS);
      const noEnd = base();
      noEnd[256] = 0;
      noEnd[1] = 1;
      expect(dyn(noEnd, [1])).toBe(-CODE_LENGTHS);
      expect(dyn(base(), [1, 1, 1])).toBe(-CODE_LENGTHS); // over-subscribed distance code
      expect(dyn(base(), [2, 2, 2])).toBe(-CODE_LENGTHS); // incomplete distance code (not a single one-bit code)
      expect(dyn(base(), [1], { hlit: 287 })).toBe(-CODE_LENGTHS);
      // code length code with 16 and 18: symbols 0..14 of 4 bits, 15, 16 and 18 of 6, 5... (complete: 15/16 + 2/32 ... )
      const clLengths = Array.from({ length: 19 }, (_, s) => (s < 15 ? 4 : s === 16 || s === 18 ? 5 : 0));
      expect(dyn(base(), [1], { clLengths, clSymbols: [[16, 0, 2]] })).toBe(-CODE_LENGTHS); // nothing to repeat
      expect(dyn(base(), [1], { clLengths, clSymbols: [[18, 127, 7], [18, 127, 7], [18, 127, 7]] })).toBe(-CODE_LENGTHS); // past HLIT + HDIST
      const clIncomplete = Array.from({ length: 19 }, (_, s) => (s < 15 ? 4 : 0));
      expect(dyn(base(), [1], { clLengths: clIncomplete, clSymbols: [[0, 0, 0]] })).toBe(-CODE_LENGTHS);
    });

    it("more output than dstLen, and a stream that ends before dstLen bytes", () => {
      for (const [name, z, n] of streams) {
        expect(rawStatus(z, n - 1), name).toBe(-OUTPUT_LONG);
        expect(rawStatus(z, n + 1), name).toBe(-OUTPUT_SHORT);
        expect(rawStatus(z, n + 1, 1), name).toBe(n);
        expectCode(() => inflateRaw(z, n - 1), "DEFLATE_SIZE_MISMATCH");
        expectCode(() => inflateRaw(z, n + 1), "DEFLATE_SIZE_MISMATCH");
        expect(same(inflateRawDetailed(z, n + 100, undefined, { allowShort: true }).bytes, text.subarray(0, n))).toBe(true);
      }
      expect(rawStatus(new Uint8Array(0), 0)).toBe(-TRUNCATED);
    });

    it("bad arguments: negative lengths, unknown flags, ranges outside memory, a short destination", () => {
      const { exports } = getInstance();
      const z = streams[2]![1];
      expect(rawStatus(z, 300, 2)).toBe(-INVALID_ARGUMENT);
      expect(exports.deflate_inflate(0, -1, 0, 10, 0)).toBe(-INVALID_ARGUMENT);
      expect(exports.deflate_inflate(0, 10, 0, -1, 0)).toBe(-INVALID_ARGUMENT);
      const end = exports.memory.buffer.byteLength;
      expect(exports.deflate_inflate(end - 4, 10, 0, 10, 0)).toBe(-INVALID_ARGUMENT);
      expect(exports.deflate_inflate(0, 10, end - 4, 10, 0)).toBe(-INVALID_ARGUMENT);
      expect(errorCode(() => inflateRaw(z, -1))).toBe("INVALID_ARGUMENT");
      expect(errorCode(() => inflateRaw(z, 1.5))).toBe("INVALID_ARGUMENT");
      expectCode(() => inflateRaw(z, 300, new Uint8Array(299)), "DESTINATION_TOO_SMALL");
    });
  });
});

/** The DicomPixelError code `f` throws, or undefined when it does not throw. */
function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return undefined;
}
