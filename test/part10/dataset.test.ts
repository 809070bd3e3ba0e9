/** DataSet accessors, value encoding/decoding and the generated dictionary. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataSet, decodeNumbers, encodeValue, tagString } from "../../src/part10/dataset.js";
import { implicitVR, lookupTag, tagForKeyword } from "../../src/part10/dictionary.js";
import { DICTIONARY_ENTRIES } from "../../src/part10/dictionary.generated.js";
import { Tag } from "../../src/part10/tags.js";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("DataSet", () => {
  it("trims DICOM padding and splits multi-valued text", () => {
    const ds = new DataSet();
    ds.set({ tag: 0x00080008, vr: "CS", length: 22, offset: 0, value: bytes("ORIGINAL\\PRIMARY\\AXIAL ") });
    ds.set({ tag: 0x00080016, vr: "UI", length: 4, offset: 0, value: bytes("1.2\0") });
    ds.set({ tag: 0x00204000, vr: "LT", length: 6, offset: 0, value: bytes("  a\\b ") });
    ds.set({ tag: 0x00280030, vr: "DS", length: 12, offset: 0, value: bytes(" 0.5\\1.25E1 ") });
    expect(ds.strings(0x00080008)).toEqual(["ORIGINAL", "PRIMARY", "AXIAL"]);
    expect(ds.string(0x00080016)).toBe("1.2");
    expect(ds.strings(0x00204000)).toEqual(["  a\\b"]);
    expect(ds.numbers(0x00280030)).toEqual([0.5, 12.5]);
    expect(ds.string(0x00100010)).toBeUndefined();
    expect(ds.numbers(0x00100010)).toEqual([]);
  });

  it("decodes binary numbers in either byte order", () => {
    const le = new DataSet({ littleEndian: true, explicitVR: true });
    const be = new DataSet({ littleEndian: false, explicitVR: true });
    le.set({ tag: Tag.Rows, vr: "US", length: 4, offset: 0, value: new Uint8Array([1, 2, 3, 4]) });
    be.set({ tag: Tag.Rows, vr: "US", length: 4, offset: 0, value: new Uint8Array([1, 2, 3, 4]) });
    expect(le.numbers(Tag.Rows)).toEqual([0x0201, 0x0403]);
    expect(be.numbers(Tag.Rows)).toEqual([0x0102, 0x0304]);
    expect(decodeNumbers("SS", new Uint8Array([0xfb, 0xff]), true)).toEqual([-5]);
    expect(decodeNumbers("AT", new Uint8Array([0x28, 0, 0x10, 0]), true)).toEqual([0x00280010]);
  });

  it("keeps insertion in ascending tag order and iterates in order", () => {
    const ds = new DataSet();
    ds.setValue(0x00280011, "US", 5);
    ds.setValue(0x00080016, "UI", "1.2.3");
    ds.setValue(0x00280010, "US", 4);
    expect([...ds].map((e) => e.tag)).toEqual([0x00080016, 0x00280010, 0x00280011]);
    expect(ds.bytes(0x00080016)).toEqual(bytes("1.2.3\0"));
    expect(ds.delete(0x00280010)).toBe(true);
    expect(ds.has(0x00280010)).toBe(false);
    expect(ds.delete(0x00280011)).toBe(true);
    ds.setValue(0x00200013, "IS", 1);
    ds.setValue(0x00100010, "PN", "A^B");
    expect(ds.tags()).toEqual([0x00080016, 0x00100010, 0x00200013]);
  });

  it("encodeValue and decodeNumbers round-trip (fast-check)", () => {
    fc.assert(
      fc.property(fc.constantFrom("US", "SS", "UL", "SL"), fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 8 }), fc.boolean(), (vr, vals, le) => {
        const norm = vals.map((v) => (vr === "US" ? v & 0xffff : vr === "UL" ? v >>> 0 : v));
        expect(decodeNumbers(vr, encodeValue(vr, norm, le), le)).toEqual(norm);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -99999, max: 99999 }), { minLength: 1, maxLength: 5 }), (vals) => {
        const enc = encodeValue("IS", vals);
        expect(enc.length % 2).toBe(0);
        expect(decodeNumbers("IS", enc, true)).toEqual(vals);
      }),
      { numRuns: 100 },
    );
  });

  it("formats tags", () => {
    expect(tagString(0x7fe00010)).toBe("(7FE0,0010)");
  });
});

describe("generated dictionary (dcmjs, PS3.6)", () => {
  it("has the standard's elements with their VRs", () => {
    expect(DICTIONARY_ENTRIES).toBeGreaterThan(4000);
    expect(lookupTag(Tag.Rows)).toEqual({ vr: "US", keyword: "Rows" });
    expect(lookupTag(0x00082218)?.vr).toBe("SQ");
    expect(tagForKeyword("PixelData")).toBe(0x7fe00010);
    expect(implicitVR(0x7fe00010)).toBe("OW");
    expect(implicitVR(0x00280106, true)).toBe("SS");
    expect(implicitVR(0x60023000)).toBe("OW"); // repeating group 60xx Overlay Data
    expect(implicitVR(0x60040010)).toBe("US"); // Overlay Rows
    expect(implicitVR(0x00190000)).toBe("UL"); // group length
    expect(implicitVR(0x00190010)).toBe("LO"); // private creator
    expect(implicitVR(0x00191010)).toBe("UN");
  });
});
