/**
 * The raw deflate compressor kernel (assembly/codecs/deflate/deflate-*.ts, RFC 1951) on raw bytes. Node's
 * zlib (native C zlib) is the oracle: `inflateRawSync` must return exactly the input for every stream we
 * write, and our compressed size on image-like data must stay within 5% of `deflateRawSync` at the same
 * level. Every stream is also inflated by our own kernel. Sizes straddle the block, window and match-length
 * boundaries (3, 258, 32 KiB, 64 KiB); data kinds cover stored fallback (random), long runs, text, 8- and
 * 16-bit image-like frames and periodic data (matches at the largest distance and length). Runs on every
 * kernel flavour (the debug build checks every memory access).
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { deflateRaw, inflateRaw } from "../../src/wasm/kernels/deflate.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";

const INVALID_ARGUMENT = 100;
const DESTINATION_TOO_SMALL = 101;

/** xorshift32: deterministic, independent of the code under test. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

type Kind = "zeros" | "random" | "text" | "image8" | "image16" | "runs" | "period2" | "period3" | "period258" | "period32768";
const KINDS: Kind[] = ["zeros", "random", "text", "image8", "image16", "runs", "period2", "period3", "period258", "period32768"];
const WORDS = ["the ", "pixel ", "data ", "of ", "frame ", "DICOM ", "deflate ", "\n", "(7FE0,0010) ", "value, ", "Rows ", "512 "];

/** An 8-bit image-like plane: smooth gradients plus a little noise, `width` samples per row. */
function image8(n: number, seed: number, width = 512): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    out[i] = (64 + 0.2 * x + 0.15 * y + 40 * Math.sin(x / 37) * Math.cos(y / 23) + (next() % 7)) & 255;
  }
  return out;
}

/** A 16-bit CT-like slice (little endian): a zero border around a noisy disc of tissue values. */
function image16(n: number, seed: number, width = 256): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(n);
  const height = Math.max(1, Math.ceil(n / 2 / width));
  for (let p = 0; 2 * p < n; p++) {
    const x = p % width;
    const y = Math.floor(p / width);
    const r = Math.hypot(x - width / 2, y - height / 2) / (width / 2);
    const v = r < 0.85 ? 1024 + Math.round(300 * Math.cos(x / 19) + 80 * Math.sin(y / 11)) + (next() % 24) : 0;
    out[2 * p] = v & 255;
    if (2 * p + 1 < n) out[2 * p + 1] = v >> 8;
  }
  return out;
}

function makeInput(kind: Kind, n: number, seed: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(n);
  switch (kind) {
    case "zeros":
      return out;
    case "random":
      for (let i = 0; i < n; i++) out[i] = next() & 255;
      return out;
    case "text": {
      let i = 0;
      while (i < n) {
        const w = WORDS[next() % WORDS.length]!;
        for (let k = 0; k < w.length && i < n; k++) out[i++] = w.charCodeAt(k);
      }
      return out;
    }
    case "image8":
      return image8(n, seed);
    case "image16":
      return image16(n, seed);
    case "runs": {
      let i = 0;
      while (i < n) {
        const b = next() & 255;
        const len = 1 + (next() % 1000);
        for (let k = 0; k < len && i < n; k++) out[i++] = b;
      }
      return out;
    }
    default: {
      // A random pattern repeated: matches at distance = period, of the largest length.
      const period = Number(kind.slice("period".length));
      for (let i = 0; i < Math.min(period, n); i++) out[i] = next() & 255;
      for (let i = period; i < n; i++) out[i] = out[i - period]!;
      return out;
    }
  }
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Deflates with our kernel and checks the stream with zlib (the oracle) and with our inflater. */
function roundTrip(data: Uint8Array, level: number, what: string): Uint8Array {
  const z = deflateRaw(data, { level });
  const back = new Uint8Array(inflateRawSync(z));
  expect(back.length, `${what}: zlib inflated length`).toBe(data.length);
  expect(same(back, data), `${what}: zlib inflated bytes`).toBe(true);
  expect(same(inflateRaw(z, data.length), data), `${what}: our inflate`).toBe(true);
  return z;
}

/** The stored-block bound: 5 bytes of header per 65535 input bytes (RFC 1951 3.2.4). */
const storedBound = (n: number) => n + 5 * Math.max(1, Math.ceil(n / 65535));

/** The compressor's code lengths for `freqs` through the test hook export. */
function codeLengths(freqs: number[], limit: number): number[] {
  const { exports, arena } = getInstance();
  return arena.scoped(() => {
    const f = arena.copyIn(new Uint8Array(Uint32Array.from(freqs).buffer));
    const l = arena.alloc(freqs.length);
    const st = exports.deflate_code_lengths(f, freqs.length, l, freqs.length, limit);
    if (st < 0) return [st];
    return Array.from(arena.view(l, freqs.length));
  });
}

/** Optimal (unlimited) Huffman cost: the sum of all merged weights (plain two-smallest merging). */
function huffmanCost(freqs: number[]): number {
  const w = freqs.filter((f) => f > 0).sort((a, b) => a - b);
  if (w.length < 2) return w.reduce((a, b) => a + b, 0);
  let cost = 0;
  while (w.length > 1) {
    const m = w.shift()! + w.shift()!;
    cost += m;
    let i = 0;
    while (i < w.length && w[i]! < m) i++;
    w.splice(i, 0, m);
  }
  return cost;
}

/** Optimal length-limited code lengths by package-merge (Larmore & Hirschberg), the plain way. */
function packageMerge(freqs: number[], limit: number): number[] {
  const leaves = freqs.map((f, s) => ({ w: f, syms: [s] })).filter((x) => x.w > 0).sort((a, b) => a.w - b.w);
  let list = leaves;
  for (let level = 1; level < limit; level++) {
    const packages = [];
    for (let i = 0; i + 1 < list.length; i += 2) packages.push({ w: list[i]!.w + list[i + 1]!.w, syms: [...list[i]!.syms, ...list[i + 1]!.syms] });
    list = [...leaves, ...packages].sort((a, b) => a.w - b.w);
  }
  const lens = freqs.map(() => 0);
  for (const item of list.slice(0, 2 * leaves.length - 2)) for (const s of item.syms) lens[s]!++;
  return lens;
}

const cost = (freqs: number[], lens: number[]) => freqs.reduce((a, f, s) => a + f * lens[s]!, 0);

const SIZES = [0, 1, 2, 3, 257, 258, 259, 32767, 32768, 32769, 65535, 65536, 65537];
const LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

const inputs = new Map<string, Uint8Array>();
function input(kind: Kind, n: number): Uint8Array {
  const key = `${kind}/${n}`;
  let d = inputs.get(key);
  if (!d) inputs.set(key, (d = makeInput(kind, n, n * 7 + kind.length)));
  return d;
}

describe.each(KERNEL_FLAVOURS)("raw deflate compressor (%s)", (flavour) => {
  beforeAll(() => useFlavour(flavour));
  const debug = flavour === "debug";
  const levels = debug ? [0, 1, 4, 6, 9] : LEVELS;

  for (const level of levels) {
    it(`level ${level}: every kind of ${SIZES.length} sizes from 0 to 65537 bytes inflates back with zlib and our inflater`, () => {
      for (const kind of KINDS) {
        for (const n of SIZES) roundTrip(input(kind, n), level, `${kind} ${n} level ${level}`);
      }
    });
  }

  it("1 MB inputs of every kind round-trip at levels 1, 6 and 9", () => {
    const n = 1_000_000;
    const kinds: Kind[] = debug ? ["zeros", "image16", "period32768"] : KINDS;
    for (const kind of kinds) {
      for (const level of debug ? [6] : [1, 6, 9]) roundTrip(input(kind, n), level, `${kind} 1 MB level ${level}`);
    }
  });

  it("random bytes fall back to stored blocks: at most 5 bytes per 64 KiB over the input (+1)", () => {
    for (const n of [1, 1000, 65535, 65536, 200_000, 1_000_000]) {
      for (const level of debug ? [1, 6] : LEVELS) {
        const z = roundTrip(input("random", n), level, `random ${n} level ${level}`);
        expect(z.length, `random ${n} level ${level}`).toBeLessThanOrEqual(storedBound(n) + 1);
      }
    }
    // Level 0 is exactly the stored form.
    expect(deflateRaw(input("random", 200_000), { level: 0 }).length).toBe(storedBound(200_000));
    expect(deflateRaw(new Uint8Array(0), { level: 0 }).length).toBe(5);
  });

  it("incompressible stretches between compressible ones: round trip, and no larger than zlib's stream (+0.5%)", () => {
    const parts = [input("random", 100_000), input("zeros", 100_000), input("random", 65537), input("text", 50_000), input("random", 1000)];
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (data.set(p, at), at + p.length), 0);
    for (const level of debug ? [1, 6] : [1, 4, 6, 9]) {
      const z = roundTrip(data, level, `mixed level ${level}`);
      // The random parts are stored (in runs: few headers), the zeros and the text compressed.
      const zlib = deflateRawSync(data, { level }).length;
      expect(z.length, `level ${level}: ours ${z.length}, zlib ${zlib}`).toBeLessThanOrEqual(Math.ceil(zlib * 1.005));
    }
  });

  it("matches of the largest distance (32768) and length (258) are used", () => {
    const n = 200_000;
    const z = roundTrip(input("period32768", n), 6, "period 32768");
    // After the first random 32 KiB, everything is a copy from 32768 back: a few bits per 258 bytes.
    expect(z.length).toBeLessThan(32768 + 5000);
    const zeros = roundTrip(input("zeros", n), 6, "zeros");
    expect(zeros.length).toBeLessThan(n / 150);
  });

  it.skipIf(debug)("image-like data compresses within 5% of zlib at the same level (skipped on the debug build: too slow with assertions on; release and relaxed run it)", () => {
    const cases: [string, Uint8Array][] = [
      ["8-bit gradient + noise, 512 KiB", image8(512 * 1024, 3)],
      ["16-bit CT-like with zero border, 512 KiB", image16(512 * 1024, 5)],
      ["RGB-like interleaved, 300 KB", image8(300_000, 9, 3 * 400)],
    ];
    for (const [name, data] of cases) {
      for (const level of [1, 3, 6, 9]) {
        const ours = roundTrip(data, level, `${name} level ${level}`).length;
        const zlib = deflateRawSync(data, { level }).length;
        expect(ours, `${name} level ${level}: ours ${ours}, zlib ${zlib}`).toBeLessThanOrEqual(Math.ceil(zlib * 1.05));
      }
    }
  });

  it("Huffman code lengths: complete, within the limit, and as cheap as optimal Huffman / package-merge (plain TS references)", () => {
    const next = rng(99);
    const fib = (n: number) => {
      const f = [1, 1];
      while (f.length < n) f.push(f.at(-1)! + f.at(-2)!);
      return f;
    };
    const cases: [number[], number][] = [
      [fib(30).map((f) => Math.min(f, (1 << 23) - 1)), 15],
      [fib(19), 7],
      [[...fib(25), ...new Array(261).fill(0)], 15],
      [[5, 0, 0, 0], 15],
      [[0, 0, 0], 15],
      [[0, 7], 7],
    ];
    for (let k = 0; k < 60; k++) {
      const n = k % 3 === 0 ? 19 : k % 3 === 1 ? 30 : 286;
      const skew = 1 + (next() % 20);
      cases.push([Array.from({ length: n }, () => (next() % 4 === 0 ? 0 : Math.floor((next() % 1000) ** (skew / 4)) % 50000)), n === 19 ? 7 : 15]);
    }
    let limited = 0;
    for (const [freqs, limit] of cases) {
      const lens = codeLengths(freqs, limit);
      expect(lens.length).toBe(freqs.length);
      const used = freqs.filter((f) => f > 0).length;
      for (let s = 0; s < freqs.length; s++) {
        expect(lens[s]!).toBeLessThanOrEqual(limit);
        if (freqs[s]! > 0) expect(lens[s]!).toBeGreaterThan(0);
      }
      // Complete prefix code (Kraft sum exactly 1), with at least two codes, so every inflater accepts it.
      const kraft = lens.reduce((a, l) => a + (l > 0 ? 2 ** -l : 0), 0);
      expect(kraft).toBe(1);
      if (used < 2) continue;
      const unlimited = packageMerge(freqs, 60);
      if (Math.max(...unlimited) <= limit) {
        expect(cost(freqs, lens)).toBe(huffmanCost(freqs));
      } else {
        limited++;
        const optimal = cost(freqs, packageMerge(freqs, limit));
        expect(cost(freqs, lens), `limit ${limit}`).toBe(optimal);
      }
    }
    expect(limited).toBeGreaterThanOrEqual(3);
    expect(codeLengths([1, 2, 3], 1)).toEqual([-INVALID_ARGUMENT]); // 3 symbols need more than 1 bit
    expect(codeLengths([1], 15)).toEqual([-INVALID_ARGUMENT]);
    expect(codeLengths([1 << 23, 1], 15)).toEqual([-INVALID_ARGUMENT]);
    expect(codeLengths([1, 1], 16)).toEqual([-INVALID_ARGUMENT]);
  });

  it("padToEven appends one NUL to odd streams only (PS3.5 A.4.13 fragments)", () => {
    let odd = 0;
    for (let n = 0; n < 40; n++) {
      const data = input("text", 100 + n);
      const plain = deflateRaw(data);
      const padded = deflateRaw(data, { padToEven: true });
      expect(padded.length % 2).toBe(0);
      expect(Array.from(padded.subarray(0, plain.length))).toEqual(Array.from(plain));
      if (plain.length % 2 === 1) {
        odd++;
        expect(padded.length).toBe(plain.length + 1);
        expect(padded[plain.length]).toBe(0);
      } else expect(padded.length).toBe(plain.length);
      expect(same(new Uint8Array(inflateRawSync(padded)), data)).toBe(true);
    }
    expect(odd).toBeGreaterThan(0);
  });

  it("kernel arguments: bad level, short scratch, overlapping ranges and a full destination are statuses", () => {
    const { exports, arena } = getInstance();
    const data = input("text", 5000);
    const call = (level: number, dstLen: number, scratchLen = exports.deflate_compress_scratch_size(), overlap = false, misalign = 0) =>
      arena.scoped(() => {
        const s = arena.copyIn(data);
        const d = overlap ? s : arena.alloc(Math.min(Math.max(dstLen, 0), 1 << 16));
        const scratch = arena.alloc(Math.max(scratchLen, 0) + misalign) + misalign;
        return exports.deflate_compress(s, data.length, d, dstLen, level, scratch, scratchLen);
      });
    expect(call(6, 10000, undefined, false, 2)).toBe(-INVALID_ARGUMENT); // scratch not 4-byte aligned
    expect(call(6, 10000)).toBeGreaterThan(0);
    expect(call(10, 10000)).toBe(-INVALID_ARGUMENT);
    expect(call(-1, 10000)).toBe(-INVALID_ARGUMENT);
    expect(call(6, 10000, 1000)).toBe(-INVALID_ARGUMENT);
    expect(call(6, 10000, undefined, true)).toBe(-INVALID_ARGUMENT);
    expect(call(6, -1)).toBe(-INVALID_ARGUMENT);
    expect(call(6, 0x7fffffff)).toBe(-INVALID_ARGUMENT); // past the end of memory
    for (const dstLen of [0, 1, 8, 20, 100]) {
      expect(call(6, dstLen)).toBe(-DESTINATION_TOO_SMALL);
      expect(call(0, dstLen)).toBe(-DESTINATION_TOO_SMALL);
    }
    expect(errorCode(() => deflateRaw(data, { level: 11 }))).toBe("INVALID_ARGUMENT");
    expect(errorCode(() => deflateRaw(data, { level: 2.5 }))).toBe("INVALID_ARGUMENT");
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
