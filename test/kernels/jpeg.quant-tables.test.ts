/**
 * JPEG encoder with explicit quantisation tables (issue 9: "quality 1-100 ... or explicit tables"): the DQT
 * written holds the caller's values in zig-zag order (T.81 Figure A.6, written out here), the decoded image
 * follows the table's coarseness, and invalid tables are refused before anything is encoded.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { jpegCodec } from "../../src/codecs/jpeg.js";
import { PixelModule } from "../../src/pixel-module.js";

beforeAll(setupWasm);

// T.81 Figure A.6: zig-zag index k -> natural (row-major) index.
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15,
  23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

const grey = PixelModule.from({ rows: 32, columns: 40, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
const rgb = PixelModule.from({ rows: 16, columns: 24, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 };

function image(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (Math.sin(i * 0.05 + seed) * 90 + 128 + ((i * 7919) % 13)) & 0xff;
  return out;
}

/** The DQT segments of a stream: table id -> 64 values in zig-zag order (8-bit precision). */
function dqtTables(stream: Uint8Array): Map<number, number[]> {
  const tables = new Map<number, number[]>();
  let p = 2;
  while (p + 4 <= stream.length && stream[p] === 0xff) {
    const marker = stream[p + 1]!;
    const len = (stream[p + 2]! << 8) | stream[p + 3]!;
    if (marker === 0xdb) {
      for (let q = p + 4; q < p + 2 + len; q += 65) {
        expect(stream[q]! >> 4).toBe(0); // Pq = 0: 8-bit values
        tables.set(stream[q]! & 15, Array.from(stream.subarray(q + 1, q + 65)));
      }
    }
    if (marker === 0xda) break;
    p += 2 + len;
  }
  return tables;
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("JPEG encoder: explicit quantisation tables", () => {
  it("writes the caller's tables in zig-zag order", () => {
    const luma = Array.from({ length: 64 }, (_, i) => 1 + i); // natural order, all distinct
    const chroma = Array.from({ length: 64 }, (_, i) => 200 - i);
    const enc = jpegCodec.encodeFrame!(image(16 * 24 * 3, 1), rgb, { quantTables: [luma, chroma] });
    const t = dqtTables(enc.data);
    expect(t.get(0)).toEqual(ZIGZAG.map((n) => luma[n]));
    expect(t.get(1)).toEqual(ZIGZAG.map((n) => chroma[n]));
  });

  it("all-ones tables decode close to the source; all-255 tables much coarser", () => {
    const src = image(32 * 40, 2);
    const decode = (data: Uint8Array) => {
      const out = new Uint8Array(32 * 40);
      jpegCodec.decodeInto(data, grey, out, ctx);
      return out;
    };
    const fine = decode(jpegCodec.encodeFrame!(src, grey, { quantTables: [new Array(64).fill(1)] }).data);
    const coarse = decode(jpegCodec.encodeFrame!(src, grey, { quantTables: [new Array(64).fill(255)] }).data);
    expect(maxDiff(fine, src)).toBeLessThanOrEqual(2);
    expect(maxDiff(coarse, src)).toBeGreaterThan(10);
  });

  it("refuses invalid tables with a RangeError naming the value", () => {
    const src = image(32 * 40, 3);
    expect(() => jpegCodec.encodeFrame!(src, grey, { quantTables: [new Array(64).fill(0)] })).toThrow(/value 0 is 0; baseline tables hold 1..255/);
    expect(() => jpegCodec.encodeFrame!(src, grey, { quantTables: [new Array(63).fill(1)] })).toThrow(/63 values, 64 expected/);
    expect(() => jpegCodec.encodeFrame!(src, grey, { quantTables: [] })).toThrow(/0 quantisation tables/);
  });
});
