/**
 * Native pixel kernels against a plain TypeScript reference written here (PS3.5 8.1.1 read literally:
 * one sample at a time, DataView for byte order), over every combination the issue lists: Bits Allocated
 * 1/8/16/32, Bits Stored 1..BA, every legal High Bit, Pixel Representation 0/1, Samples per Pixel 1/3,
 * Planar Configuration 0/1, little/big endian, sizes from 1x1 with odd widths, 1-bit frames not byte aligned.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { setupWasm } from "../helpers/wasm.js";
import { PixelModule } from "../../src/pixel-module.js";
import { normalizeCells } from "../../src/transforms/cells.js";
import { nativeCodec } from "../../src/codecs/native.js";
import { nativeFrame } from "../../src/transforms/native-frames.js";
import { encodeNative } from "../../src/transforms/native-encode.js";
import { packBits, unpackBits } from "../../src/transforms/bits.js";
import { toInterleaved, toPlanar } from "../../src/transforms/planar.js";
import { swapBytes } from "../../src/transforms/native-bytes.js";

beforeAll(setupWasm);

const LE = "1.2.840.10008.1.2.1";
const BE = "1.2.840.10008.1.2.2";
const RUNS = { numRuns: 300 };

interface Case {
  ba: number;
  bs: number;
  hb: number;
  pr: 0 | 1;
  spp: 1 | 3;
  pc: 0 | 1;
  rows: number;
  cols: number;
  frames: number;
  bigEndian: boolean;
}

/** BA, then BS in 1..BA, then HB in BS-1..BA-1. */
const layoutArb: fc.Arbitrary<Case> = fc
  .constantFrom(1, 8, 16, 32)
  .chain((ba) => fc.tuple(fc.constant(ba), fc.integer({ min: 1, max: ba })))
  .chain(([ba, bs]) =>
    fc.record({
      ba: fc.constant(ba),
      bs: fc.constant(bs),
      hb: fc.integer({ min: bs - 1, max: ba - 1 }),
      pr: ba === 1 ? fc.constant(0 as const) : fc.constantFrom(0 as const, 1 as const),
      spp: ba === 1 ? fc.constant(1 as const) : fc.constantFrom(1 as const, 3 as const),
      pc: fc.constantFrom(0 as const, 1 as const),
      rows: fc.integer({ min: 1, max: 7 }),
      cols: fc.integer({ min: 1, max: 13 }),
      frames: fc.integer({ min: 1, max: 3 }),
      bigEndian: fc.boolean(),
    }),
  );

function moduleOf(c: Case): PixelModule {
  return PixelModule.from({
    rows: c.rows,
    columns: c.cols,
    samplesPerPixel: c.spp,
    photometricInterpretation: c.spp === 3 ? "RGB" : "MONOCHROME2",
    planarConfiguration: c.pc,
    numberOfFrames: c.frames,
    bitsAllocated: c.ba,
    bitsStored: c.bs,
    highBit: c.hb,
    pixelRepresentation: c.pr,
  });
}

/** Reads stored cell `k` of a byte-aligned frame (8-bit big endian data is OW: bytes exchanged in pairs). */
function readCell(frame: Uint8Array, k: number, ba: number, bigEndian: boolean): number {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (ba === 8) return frame[bigEndian ? k ^ 1 : k]!;
  if (ba === 16) return dv.getUint16(k * 2, !bigEndian);
  return dv.getUint32(k * 4, !bigEndian);
}

/** The canonical value of a stored cell: PS3.5 8.1.1 by arithmetic, no bit tricks. */
function canonical(cell: number, c: Case): number {
  const low = c.hb - c.bs + 1;
  const v = Math.floor(cell / 2 ** low) % 2 ** c.bs;
  return c.pr === 1 && v >= 2 ** (c.bs - 1) ? v - 2 ** c.bs : v;
}

function writeCanonical(out: Uint8Array, k: number, v: number, ba: number, signed: boolean): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (ba === 8) signed ? dv.setInt8(k, v) : dv.setUint8(k, v);
  else if (ba === 16) signed ? dv.setInt16(k * 2, v, true) : dv.setUint16(k * 2, v, true);
  else signed ? dv.setInt32(k * 4, v, true) : dv.setUint32(k * 4, v, true);
}

/** Reference decode of one byte-aligned stored frame. */
function referenceDecode(frame: Uint8Array, c: Case, opts: { raw?: boolean; preserve?: boolean } = {}): Uint8Array {
  const pixels = c.rows * c.cols;
  const out = new Uint8Array(pixels * c.spp * (c.ba / 8));
  const keepPlanes = opts.preserve === true && c.spp > 1 && c.pc === 1;
  for (let i = 0; i < pixels; i++) {
    for (let s = 0; s < c.spp; s++) {
      const storedAt = c.pc === 1 && c.spp > 1 ? s * pixels + i : i * c.spp + s;
      const outAt = keepPlanes ? storedAt : i * c.spp + s;
      const cell = readCell(frame, storedAt, c.ba, c.bigEndian);
      if (opts.raw === true) writeCanonical(out, outAt, cell, c.ba, false);
      else writeCanonical(out, outAt, canonical(cell, c), c.ba, c.pr === 1);
    }
  }
  return out;
}

function decodeFrame(m: PixelModule, src: Uint8Array, c: Case, frameIndex: number, bitOffset: number, opts = {}): Uint8Array {
  const dst = new Uint8Array(m.frameByteLength());
  nativeCodec.decodeInto(src, m, dst, { transferSyntaxUID: c.bigEndian ? BE : LE, frameIndex, bitOffset }, opts);
  return dst;
}

describe("native decode matches the TS reference", () => {
  it("every layout, every frame, canonical / raw / planar-preserving", () => {
    fc.assert(
      fc.property(layoutArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom("canonical", "raw", "preserve"), (c, seed, mode) => {
        const m = moduleOf(c);
        const total = m.expectedNativeLength().padded;
        let x = seed | 1;
        const data = Uint8Array.from({ length: total }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
        for (let f = 0; f < c.frames; f++) {
          const slice = nativeFrame(data, m, f);
          if (c.ba === 1) {
            const got = decodeFrame(m, slice.bytes, c, f, slice.bitOffset);
            const start = f * c.rows * c.cols;
            const want = Array.from({ length: c.rows * c.cols }, (_, i) => (data[(start + i) >> 3]! >> ((start + i) & 7)) & 1);
            expect(Array.from(got)).toEqual(want);
            continue;
          }
          // 8-bit OW big endian: frames of odd length would start at odd offsets (refused by design); use
          // one frame's worth plus its padding byte.
          let src = slice.bytes;
          if (c.ba === 8 && c.bigEndian) {
            if (slice.byteOffset % 2 !== 0) continue;
            src = data.subarray(slice.byteOffset, slice.byteOffset + slice.bytes.byteLength + (slice.bytes.byteLength & 1));
          }
          const opts = mode === "raw" ? { raw: true } : mode === "preserve" ? { planar: "preserve" as const } : {};
          const got = decodeFrame(m, src, c, f, 0, opts);
          const want = referenceDecode(src, c, { raw: mode === "raw", preserve: mode === "preserve" });
          expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("normalizeCells matches the reference on random cells", () => {
    fc.assert(
      fc.property(
        layoutArb.filter((c) => c.ba !== 1),
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        (c, raw) => {
          const cellBytes = c.ba / 8;
          const cells = raw.slice(0, raw.length - (raw.length % cellBytes));
          const m = moduleOf({ ...c, spp: 1 });
          const want = referenceDecode(cells, { ...c, rows: 1, cols: cells.length / cellBytes, spp: 1, bigEndian: false });
          normalizeCells(cells, m);
          expect(Buffer.from(cells).equals(Buffer.from(want))).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe("encode -> decode round trip", () => {
  it("encodeNative then decode gives back the values, LE/BE, planar 0/1", () => {
    fc.assert(
      fc.property(layoutArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (c, seed) => {
        const m = moduleOf(c);
        const n = m.samplesPerFrame() * c.frames;
        const ba = c.ba === 1 ? 8 : c.ba;
        const values = new Uint8Array(n * (ba / 8));
        let x = seed | 1;
        for (let k = 0; k < n; k++) {
          x = (x * 1103515245 + 12345) >>> 0;
          const r = x / 2 ** 32;
          const lo = c.pr === 1 ? -(2 ** (c.bs - 1)) : 0;
          const v = lo + Math.floor(r * 2 ** c.bs);
          writeCanonical(values, k, v, ba, c.pr === 1);
        }
        // 8-bit big endian is written for OB (no word swap) by the encoder.
        const encoded = encodeNative(values, m, { byteOrder: c.bigEndian ? "big" : "little" });
        const data = new Uint8Array(m.expectedNativeLength().padded);
        data.set(encoded);
        const fb = m.frameByteLength();
        for (let f = 0; f < c.frames; f++) {
          const slice = nativeFrame(data, m, f);
          const dst = new Uint8Array(fb);
          nativeCodec.decodeInto(slice.bytes, m, dst, { transferSyntaxUID: c.bigEndian ? BE : LE, frameIndex: f, bitOffset: slice.bitOffset, pixelDataVR: "OB" } as never);
          expect(Buffer.from(dst).equals(Buffer.from(values.subarray(f * fb, (f + 1) * fb)))).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe("bit packing, planes and byte order", () => {
  it("pack(unpack(x)) == x for masked bits, from any bit offset", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 7 }), fc.nat(), (bytes, off, k) => {
        const maxCount = bytes.length * 8 - off;
        if (maxCount < 0) return;
        const count = k % (maxCount + 1);
        const pixels = unpackBits(bytes, count, { bitOffset: off });
        const repacked = bytes.slice();
        // Clear the pixels' bits, then pack them back: the buffer must be restored exactly.
        packBits(new Uint8Array(count), { bitOffset: off, dst: repacked });
        packBits(pixels, { bitOffset: off, dst: repacked });
        expect(Array.from(repacked)).toEqual(Array.from(bytes));
        expect(Array.from(unpackBits(packBits(pixels), count))).toEqual(Array.from(pixels));
      }),
      RUNS,
    );
  });

  it("toPlanar(toInterleaved(x)) == x for 8/16/32-bit cells and 1..4 samples", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 70 }), (cell, spp, pixels) => {
        const bytes = Uint8Array.from({ length: pixels * spp * cell }, (_, i) => (i * 131 + 7) & 0xff);
        const arr = cell === 1 ? bytes : cell === 2 ? new Uint16Array(bytes.buffer) : new Uint32Array(bytes.buffer);
        const inter = toInterleaved(arr, spp);
        // reference: sample s of pixel i is at s * pixels + i in the planar input
        for (let i = 0; i < pixels; i++) for (let s = 0; s < spp; s++) expect(inter[i * spp + s]).toBe(arr[s * pixels + i]);
        expect(Array.from(toPlanar(inter, spp))).toEqual(Array.from(arr));
      }),
      { numRuns: 100 },
    );
  });

  it("swapBytes is an involution and reverses each word", () => {
    fc.assert(
      fc.property(fc.constantFrom(2 as const, 4 as const, 8 as const), fc.integer({ min: 0, max: 40 }), (w, words) => {
        const src = Uint8Array.from({ length: w * words }, (_, i) => (i * 97 + 3) & 0xff);
        const once = swapBytes(src, w);
        for (let i = 0; i < src.length; i++) expect(once[i]).toBe(src[i - (i % w) + (w - 1 - (i % w))]);
        expect(Array.from(swapBytes(once, w))).toEqual(Array.from(src));
      }),
      { numRuns: 100 },
    );
  });
});

describe("frames larger than one 256 KiB chunk", () => {
  it("decode matches the reference across chunk boundaries (BE/LE, planar 0/1, masked)", () => {
    fc.assert(
      fc.property(
        fc.record({
          ba: fc.constantFrom(8, 16, 32),
          spp: fc.constantFrom(1 as const, 3 as const),
          pc: fc.constantFrom(0 as const, 1 as const),
          rows: fc.integer({ min: 60, max: 300 }),
          cols: fc.integer({ min: 61, max: 301 }),
          pr: fc.constantFrom(0 as const, 1 as const),
          bigEndian: fc.boolean(),
        }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (r, seed) => {
          const bs = Math.max(1, r.ba - 3);
          const c: Case = { ...r, bs, hb: r.ba - 2, frames: 1 };
          const m = moduleOf(c);
          let x = seed | 1;
          const data = Uint8Array.from({ length: m.expectedNativeLength().padded }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
          const got = decodeFrame(m, data, c, 0, 0);
          const want = referenceDecode(data, c);
          expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("a 512x512 big-endian signed CT frame (two chunks) and a planar 16-bit RGB frame (several)", () => {
    for (const c of [
      { ba: 16, bs: 12, hb: 13, pr: 1, spp: 1, pc: 0, rows: 512, cols: 512, frames: 1, bigEndian: true },
      { ba: 16, bs: 10, hb: 9, pr: 0, spp: 3, pc: 1, rows: 257, cols: 255, frames: 1, bigEndian: false },
    ] as Case[]) {
      const m = moduleOf(c);
      let x = 99;
      const data = Uint8Array.from({ length: m.nativeFrameByteLength() }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
      expect(Buffer.from(decodeFrame(m, data, c, 0, 0)).equals(Buffer.from(referenceDecode(data, c)))).toBe(true);
    }
  });

  it("normalizeCells, swapBytes and unpackBits on 600 KB", () => {
    const n = 300_002 * 2;
    let x = 7;
    const raw = Uint8Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    const c: Case = { ba: 16, bs: 10, hb: 12, pr: 1, spp: 1, pc: 0, rows: 1, cols: n / 2, frames: 1, bigEndian: false };
    const cells = raw.slice();
    normalizeCells(cells, moduleOf({ ...c, cols: 1 }));
    expect(Buffer.from(cells).equals(Buffer.from(referenceDecode(raw, c)))).toBe(true);
    const swapped = swapBytes(raw, 4);
    let badSwap = 0;
    for (let i = 0; i < n; i++) if (swapped[i] !== raw[i - (i % 4) + 3 - (i % 4)]) badSwap++;
    expect(badSwap).toBe(0);
    const bits = unpackBits(raw, n * 8 - 5, { bitOffset: 5 });
    let badBits = 0;
    for (let i = 0; i < bits.length; i++) if (bits[i] !== ((raw[(i + 5) >> 3]! >> ((i + 5) & 7)) & 1)) badBits++;
    expect(badBits).toBe(0);
  });
});

describe("native YBR_FULL_422", () => {
  it("expand then pack gives back the stored pairs; expansion repeats each pair's chroma", () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 16), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ba, rows, halfCols, seed) => {
        const m = PixelModule.from({
          rows, columns: halfCols * 2, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0,
          bitsAllocated: ba, bitsStored: ba, highBit: ba - 1, pixelRepresentation: 0,
        });
        let x = seed | 1;
        const stored = Uint8Array.from({ length: m.nativeFrameByteLength() }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
        const dst = new Uint8Array(m.frameByteLength());
        nativeCodec.decodeInto(stored, m, dst, { transferSyntaxUID: LE, frameIndex: 0 });
        const cell = ba / 8;
        const dv = new DataView(dst.buffer);
        const sv = new DataView(stored.buffer);
        const get = (v: DataView, k: number) => (cell === 1 ? v.getUint8(k) : v.getUint16(k * 2, true));
        for (let p = 0; p < m.pixelsPerFrame(); p++) {
          const pair = p >> 1;
          expect(get(dv, p * 3)).toBe(get(sv, pair * 4 + (p & 1)));
          expect(get(dv, p * 3 + 1)).toBe(get(sv, pair * 4 + 2));
          expect(get(dv, p * 3 + 2)).toBe(get(sv, pair * 4 + 3));
        }
        const values = cell === 1 ? dst : new Uint16Array(dst.buffer);
        expect(Array.from(encodeNative(values, m))).toEqual(Array.from(stored));
      }),
      { numRuns: 100 },
    );
  });
});
