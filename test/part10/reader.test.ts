/** The reader on synthetic data sets built from PS3.5 byte layouts (test/part10/build.ts). */
import { describe, expect, it } from "vitest";
import { BufferSource } from "../../src/io/source.js";
import { readPart10 } from "../../src/part10/reader.js";
import { openDicom } from "../../src/part10/open.js";
import { Tag } from "../../src/part10/tags.js";
import { UNDEFINED_LENGTH } from "../../src/part10/dataset.js";
import { EBE, ELE, ILE, concat, el, item, meta, pixelModule, seqDelim, text, u16, u32, us, ascii } from "./build.js";

const EXPLICIT_LE = "1.2.840.10008.1.2.1";
const IMPLICIT_LE = "1.2.840.10008.1.2";
const BIG = "1.2.840.10008.1.2.2";

async function read(bytes: Uint8Array, stopBefore?: number) {
  return readPart10(new BufferSource(bytes), stopBefore === undefined ? {} : { stopBefore });
}

describe("Part 10 reader", () => {
  it("reads the meta and an explicit VR LE data set up to Pixel Data", async () => {
    const pixels = new Uint8Array([1, 2, 3, 4]);
    const file = concat(meta(EXPLICIT_LE), pixelModule(2, 2, 1, 8), el(Tag.PixelData, "OB", pixels), text(0x7fe10010, "LO", "after"));
    const r = await read(file);
    expect(r.transferSyntaxUID).toBe(EXPLICIT_LE);
    expect(r.meta.string(Tag.MediaStorageSOPClassUID)).toBe("1.2.840.10008.5.1.4.1.1.7");
    expect(r.dataset.number(Tag.Rows)).toBe(2);
    expect(r.dataset.string(Tag.PhotometricInterpretation)).toBe("MONOCHROME2");
    expect(r.dataset.numbers(Tag.NumberOfFrames)).toEqual([1]);
    expect(r.pixelData).toMatchObject({ tag: Tag.PixelData, vr: "OB", length: 4 });
    expect(file.subarray(r.pixelData!.offset, r.pixelData!.offset + 4)).toEqual(pixels);
    expect(r.pixelData!.value).toBeUndefined();
    expect(r.dataset.has(0x7fe10010)).toBe(false);
    // Reading everything keeps elements after Pixel Data.
    const all = await read(file, 0x100000000);
    expect(all.dataset.string(0x7fe10010)).toBe("after");
    expect(all.stoppedAt).toBeUndefined();
  });

  it("reads Implicit VR LE with VRs from the dictionary, and unknown tags as UN", async () => {
    const body = concat(pixelModule(2, 2, 1, 16, ILE), el(0x00091010, "", u32(7), ILE), el(0x00280106, "", u16(0xfffe), ILE));
    const r = await read(concat(meta(IMPLICIT_LE), body));
    expect(r.dataset.get(Tag.Rows)?.vr).toBe("US");
    expect(r.dataset.get(Tag.PhotometricInterpretation)?.vr).toBe("CS");
    expect(r.dataset.get(0x00091010)?.vr).toBe("UN");
    expect(r.dataset.get(0x00280106)?.vr).toBe("US"); // US or SS, Pixel Representation 0
    expect(r.dataset.number(0x00280106)).toBe(0xfffe);
  });

  it("reads Explicit VR Big Endian", async () => {
    const r = await read(concat(meta(BIG), pixelModule(3, 5, 2, 16, EBE), el(Tag.PixelData, "OW", new Uint8Array(60), EBE)));
    expect(r.dataset.littleEndian).toBe(false);
    expect(r.dataset.number(Tag.Rows)).toBe(3);
    expect(r.dataset.number(Tag.Columns)).toBe(5);
    expect(r.pixelData?.length).toBe(60);
  });

  it("detects files without preamble and meta (implicit and explicit LE)", async () => {
    const imp = await read(pixelModule(2, 2, 1, 8, ILE));
    expect(imp.noFileMeta).toBe(true);
    expect(imp.transferSyntaxUID).toBe(IMPLICIT_LE);
    expect(imp.dataset.number(Tag.Columns)).toBe(2);
    const exp = await read(pixelModule(2, 2, 1, 8, ELE));
    expect(exp.transferSyntaxUID).toBe(EXPLICIT_LE);
    const be = await read(pixelModule(2, 2, 1, 8, EBE));
    expect(be.transferSyntaxUID).toBe(BIG);
  });

  it("reads nested sequences of defined and undefined length, delimiters included", async () => {
    const inner = concat(text(0x00081150, "UI", "1.2.3"), text(0x00081155, "UI", "4.5.6"));
    const innerSeq = concat(el(0x00081140, "SQ", new Uint8Array(0), ELE, UNDEFINED_LENGTH), item(inner, true), item(inner), seqDelim());
    const outerItem = concat(text(0x00080100, "SH", "CODE"), innerSeq);
    const definedSeq = el(0x00082218, "SQ", concat(item(outerItem), item(outerItem, true)));
    const r = await read(concat(meta(EXPLICIT_LE), definedSeq, pixelModule(1, 1, 1, 8)));
    const items = r.dataset.sequence(0x00082218);
    expect(items).toHaveLength(2);
    expect(items[1]!.string(0x00080100)).toBe("CODE");
    const nested = items[0]!.sequence(0x00081140);
    expect(nested.map((d) => d.string(0x00081155))).toEqual(["4.5.6", "4.5.6"]);
    expect(r.dataset.number(Tag.Rows)).toBe(1);
  });

  it("reads UN of undefined length as an Implicit VR sequence (PS3.5 6.2.2)", async () => {
    const itemBody = concat(u16(0x0008), u16(0x0100), u32(4), ascii("ABCD"));
    const un = concat(el(0x00091001, "UN", new Uint8Array(0), ELE, UNDEFINED_LENGTH), item(itemBody), seqDelim());
    const r = await read(concat(meta(EXPLICIT_LE), un, us(Tag.Rows, 9)));
    expect(r.dataset.sequence(0x00091001)[0]!.string(0x00080100)).toBe("ABCD");
    expect(r.dataset.number(Tag.Rows)).toBe(9);
  });

  it("reads a Deflated Explicit VR LE data set", async () => {
    const { deflateRawSync } = await import("node:zlib");
    const body = concat(pixelModule(2, 2, 1, 8), el(Tag.PixelData, "OB", new Uint8Array([9, 8, 7, 6])));
    const file = concat(meta("1.2.840.10008.1.2.1.99"), new Uint8Array(deflateRawSync(body)));
    const f = await openDicom(file);
    expect(f.dataset.number(Tag.Columns)).toBe(2);
    expect([...(await f.readFrame(0)).bytes]).toEqual([9, 8, 7, 6]);
    await f.close();
  });

  it("locates Float Pixel Data and 1-bit frames that are not byte aligned", async () => {
    const onebit = concat(meta(EXPLICIT_LE), pixelModule(3, 3, 3, 1), el(Tag.PixelData, "OB", new Uint8Array([0xff, 0x00, 0xaa, 0x55])));
    const f = await openDicom(onebit);
    const f1 = await f.readFrame(1); // bits 9..17
    expect(f1.bitOffset).toBe(1);
    expect([...f1.bytes]).toEqual([0x00, 0xaa]);
    const f2 = await f.readFrame(2); // bits 18..26
    expect(f2.bitOffset).toBe(2);
    expect([...f2.bytes]).toEqual([0xaa, 0x55]);
    const float = concat(meta(EXPLICIT_LE), pixelModule(1, 2, 1, 32).subarray(0), el(Tag.FloatPixelData, "OF", new Uint8Array(8)));
    const g = await openDicom(float);
    expect(g.pixelData?.tag).toBe(Tag.FloatPixelData);
    expect(g.pixelModule({ lenient: true }).pixelDataElement).toBe("FloatPixelData");
  });

  it("tolerates an odd Pixel Data length with a warning", async () => {
    const file = concat(meta(EXPLICIT_LE), pixelModule(1, 3, 1, 8), el(Tag.PixelData, "OB", new Uint8Array([1, 2, 3])));
    const warnings: string[] = [];
    const r = await readPart10(new BufferSource(file), { onWarning: (m) => warnings.push(m) });
    expect(r.pixelData?.length).toBe(3);
    expect(warnings.join()).toMatch(/odd/);
  });
});
