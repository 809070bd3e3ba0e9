/** Palette Color LUT reading and lookup, with hand-computed expectations (PS3.3 C.7.6.3.1.5, C.7.9.2). */
import { beforeAll, describe, expect, it } from "vitest";
import { applyPalette, applySupplementalPalette, createPalette, expandSegmentedLut, paletteFromDataSet, parsePaletteDescriptor, readLutData } from "../../src/transforms/palette.js";
import { DataSet } from "../../src/part10/dataset.js";
import { isDicomPixelError } from "../../src/errors.js";
import { setupWasm } from "../helpers/wasm.js";

beforeAll(setupWasm);

const le16 = (...v: number[]) => new Uint8Array(Uint16Array.from(v).buffer);
const be16 = (...v: number[]) => Uint8Array.from(v.flatMap((x) => [x >> 8, x & 255]));
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isDicomPixelError(e) ? e.code : String(e);
  }
  return "no error";
};

describe("descriptors and LUT data", () => {
  it("entries 0 means 65536; first mapped value signed only for Pixel Representation 1", () => {
    expect(parsePaletteDescriptor([0, 0, 16], "Red")).toEqual({ entries: 65536, firstMapped: 0, bitsPerEntry: 16 });
    expect(parsePaletteDescriptor([256, 0xfff0, 8], "Red", 1).firstMapped).toBe(-16);
    expect(parsePaletteDescriptor([256, 0xfff0, 8], "Red", 0).firstMapped).toBe(0xfff0);
    expect(codeOf(() => parsePaletteDescriptor([256, 0, 12], "Green"))).toBe("INVALID_ATTRIBUTE");
    expect(codeOf(() => parsePaletteDescriptor([256, 0], "Blue"))).toBe("INVALID_ATTRIBUTE");
  });

  it("16-bit entries in little and big endian give the same values", () => {
    const d = { entries: 3, firstMapped: 0, bitsPerEntry: 16 as const };
    expect(Array.from(readLutData(le16(1, 0x1234, 0xffff), d, true, "Red"))).toEqual([1, 0x1234, 0xffff]);
    expect(Array.from(readLutData(be16(1, 0x1234, 0xffff), d, false, "Red"))).toEqual([1, 0x1234, 0xffff]);
  });

  it("8-bit entries are packed two per OW word, first in the low-order byte (so byte 1 under big endian)", () => {
    const d = { entries: 4, firstMapped: 0, bitsPerEntry: 8 as const };
    expect(Array.from(readLutData(Uint8Array.of(10, 20, 30, 40), d, true, "Red"))).toEqual([10, 20, 30, 40]);
    // The same words written big endian: each word's bytes swapped on disk.
    expect(Array.from(readLutData(Uint8Array.of(20, 10, 40, 30), d, false, "Red"))).toEqual([10, 20, 30, 40]);
  });

  it("8-bit descriptor with one entry per word (old writers) is accepted with a warning", () => {
    const warnings: string[] = [];
    const d = { entries: 3, firstMapped: 0, bitsPerEntry: 8 as const };
    expect(Array.from(readLutData(le16(0x0a00, 0x1400, 0xff00), d, true, "Red", warnings))).toEqual([10, 20, 255]);
    expect(warnings.length).toBe(1);
  });

  it("too short LUT data is an INVALID_ATTRIBUTE naming the tag", () => {
    const d = { entries: 4, firstMapped: 0, bitsPerEntry: 16 as const };
    expect(codeOf(() => readLutData(le16(1, 2, 3), d, true, "Blue"))).toBe("INVALID_ATTRIBUTE");
  });
});

describe("segmented LUTs (C.7.9.2)", () => {
  const d = (entries: number) => ({ entries, firstMapped: 0, bitsPerEntry: 16 as const });
  it("discrete, linear (rounded half to even) and indirect segments", () => {
    // discrete 2: [0, 10]; linear 3 to 16: 12, 14, 16; linear 2 to 19: 17.5 -> 18, 19; indirect: copy 1 segment at unit 0
    const data = le16(0, 2, 0, 10, 1, 3, 16, 1, 2, 19, 2, 1, 0, 0);
    expect(Array.from(expandSegmentedLut(data, d(9), true, "Red"))).toEqual([0, 10, 12, 14, 16, 18, 19, 0, 10]);
  });

  it("big-endian segmented data", () => {
    expect(Array.from(expandSegmentedLut(be16(0, 2, 5, 6, 1, 2, 8), d(4), false, "Red"))).toEqual([5, 6, 7, 8]);
  });

  it("short expansions are padded with the last entry, long ones truncated (with warnings)", () => {
    const w: string[] = [];
    expect(Array.from(expandSegmentedLut(le16(0, 2, 5, 6), d(4), true, "Red", w))).toEqual([5, 6, 6, 6]);
    expect(Array.from(expandSegmentedLut(le16(0, 4, 1, 2, 3, 4), d(2), true, "Red", w))).toEqual([1, 2]);
    expect(w.length).toBe(2);
  });

  it("malformed segments are INVALID_ATTRIBUTE, not a hang or a crash", () => {
    expect(codeOf(() => expandSegmentedLut(le16(7, 1, 0), d(4), true, "Red"))).toBe("INVALID_ATTRIBUTE"); // opcode 7
    expect(codeOf(() => expandSegmentedLut(le16(1, 4, 9), d(4), true, "Red"))).toBe("INVALID_ATTRIBUTE"); // linear first
    expect(codeOf(() => expandSegmentedLut(le16(0, 9, 1), d(4), true, "Red"))).toBe("INVALID_ATTRIBUTE"); // past the end
    // an indirect segment pointing at itself: recursion is bounded
    expect(codeOf(() => expandSegmentedLut(le16(0, 1, 5, 2, 1, 2, 0), d(100), true, "Red"))).toBe("INVALID_ATTRIBUTE");
  });
});

describe("applyPalette", () => {
  const palette = createPalette({
    red: { descriptor: [4, 10, 16], data: le16(0x0100, 0x0200, 0x0300, 0x0400) },
    green: { descriptor: [4, 10, 16], data: le16(0x1000, 0x2000, 0x3000, 0x4000) },
    blue: { descriptor: [4, 10, 16], data: le16(0xa000, 0xb000, 0xc000, 0xffff) },
  });

  it("maps indices, clamping below the first mapped value and above the last entry; 16-bit output keeps entries", () => {
    const out = applyPalette(Uint8Array.of(0, 10, 11, 13, 200), palette, { bitsAllocated: 8 });
    expect(out.bitsAllocated).toBe(16);
    expect(Array.from(new Uint16Array(out.data.slice().buffer))).toEqual([
      0x0100, 0x1000, 0xa000, 0x0100, 0x1000, 0xa000, 0x0200, 0x2000, 0xb000, 0x0400, 0x4000, 0xffff, 0x0400, 0x4000, 0xffff,
    ]);
  });

  it("8-bit output takes the high byte of 16-bit entries; 16-bit indices and signed indices work", () => {
    const out8 = applyPalette(Uint16Array.of(12, 9, 60000), palette, { bitsAllocated: 16, outputBits: 8 });
    expect(Array.from(out8.data)).toEqual([3, 0x30, 0xc0, 1, 0x10, 0xa0, 4, 0x40, 0xff]);
    const signed = createPalette({
      red: { descriptor: [2, 0xffff, 8], data: Uint8Array.of(50, 60) },
      green: { descriptor: [2, 0xffff, 8], data: Uint8Array.of(70, 80) },
      blue: { descriptor: [2, 0xffff, 8], data: Uint8Array.of(90, 100) },
      pixelRepresentation: 1,
    });
    // cells -1, 0, -128 (sign-extended int8): -1 -> entry 0, 0 -> entry 1, -128 -> clamped to entry 0
    const s = applyPalette(Int8Array.of(-1, 0, -128), signed, { bitsAllocated: 8, pixelRepresentation: 1 });
    expect(Array.from(s.data)).toEqual([50, 70, 90, 60, 80, 100, 50, 70, 90]);
    // 8-bit entries widened to 16-bit output by x257
    const w = applyPalette(Int8Array.of(0), signed, { bitsAllocated: 8, pixelRepresentation: 1, outputBits: 16 });
    expect(Array.from(new Uint16Array(w.data.slice().buffer))).toEqual([60 * 257, 80 * 257, 100 * 257]);
  });

  it("odd pixel counts (the last pixel is stored byte by byte) and a caller-owned destination", () => {
    const dst = new Uint8Array(3 * 7 + 5).fill(0xee);
    applyPalette(Uint8Array.of(10, 11, 12, 13, 10, 11, 12), palette, { bitsAllocated: 8, outputBits: 8, dst });
    expect(Array.from(dst.subarray(18))).toEqual([3, 0x30, 0xc0, 0xee, 0xee, 0xee, 0xee, 0xee]);
  });
});

describe("paletteFromDataSet", () => {
  it("reads descriptors and data in the data set's byte order", () => {
    const ds = new DataSet({ littleEndian: false, explicitVR: true });
    ds.setValue(0x00280004, "CS", "PALETTE COLOR");
    for (let k = 0; k < 3; k++) {
      ds.setValue(0x00281101 + k, "US", [2, 0, 16]);
      ds.set({ tag: 0x00281201 + k, vr: "OW", length: 4, offset: -1, value: be16(0x1234 + k, 0xfedc) });
    }
    const p = paletteFromDataSet(ds);
    expect(Array.from(p.red)).toEqual([0x1234, 0xfedc]);
    expect(Array.from(p.blue)).toEqual([0x1236, 0xfedc]);
  });

  it("a supplemental palette colours only its mapped range; the rest takes the caller's grey", () => {
    const ds = new DataSet();
    ds.setValue(0x00280004, "CS", "MONOCHROME2");
    ds.setValue(0x00089205, "CS", "COLOR");
    for (let k = 0; k < 3; k++) {
      ds.setValue(0x00281101 + k, "US", [2, 100, 8]);
      ds.set({ tag: 0x00281201 + k, vr: "OW", length: 2, offset: -1, value: Uint8Array.of(10 + k, 20 + k) });
    }
    const p = paletteFromDataSet(ds, { supplemental: true });
    const cells = Uint16Array.of(99, 100, 101, 102);
    const grey = Uint8Array.of(1, 2, 3, 4);
    const out = applySupplementalPalette(cells, p, grey, { bitsAllocated: 16 });
    expect(Array.from(out.data)).toEqual([1, 1, 1, 10, 11, 12, 20, 21, 22, 4, 4, 4]);
  });

  it("refuses a supplemental palette with a clear error and reports missing LUTs", () => {
    const ds = new DataSet();
    ds.setValue(0x00280004, "CS", "MONOCHROME2");
    ds.setValue(0x00089205, "CS", "MIXED");
    expect(codeOf(() => paletteFromDataSet(ds))).toBe("UNSUPPORTED_FEATURE");
    const ds2 = new DataSet();
    ds2.setValue(0x00280004, "CS", "PALETTE COLOR");
    expect(codeOf(() => paletteFromDataSet(ds2))).toBe("MISSING_ATTRIBUTE");
  });
});
