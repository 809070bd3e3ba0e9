/** Encapsulated Pixel Data on synthetic files: BOT, EOT, empty BOT with one or several fragments per frame, errors. */
import { describe, expect, it } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { codestreamFamily } from "../../src/encapsulation/frames.js";
import { ELE, concat, el, encapsulated, item, meta, pixelModule, seqDelim, u32 } from "./build.js";

const JPLL = "1.2.840.10008.1.2.4.70";
const RLE = "1.2.840.10008.1.2.5";
const J2K = "1.2.840.10008.1.2.4.90";

/** A fake JPEG codestream piece: SOI + filler (frame starts) or filler only (continuation). */
const soi = (n: number, fill: number) => concat(new Uint8Array([0xff, 0xd8]), new Uint8Array(n - 2).fill(fill));
const cont = (n: number, fill: number) => new Uint8Array(n).fill(fill);

function file(ts: string, frames: number, pixelData: Uint8Array, extra: Uint8Array = new Uint8Array(0)) {
  return concat(meta(ts), pixelModule(4, 4, frames, 8), extra, pixelData);
}

async function expectCode(p: Promise<unknown>, code: ErrorCode) {
  await expect(p).rejects.toSatisfy((e) => isDicomPixelError(e, code));
}

describe("encapsulated frames", () => {
  it("uses the Basic Offset Table", async () => {
    const frags = [soi(10, 1), cont(6, 2), soi(8, 3)];
    const f = await openDicom(file(JPLL, 2, encapsulated([0, 18 + 14], frags)));
    expect(f.encapsulation).toEqual({ basicOffsetTable: true, botEntries: 2, fragments: 3, extendedOffsetTable: false, fragmentsPerFrame: "several" });
    expect([...(await f.readFrame(0)).bytes]).toEqual([...frags[0]!, ...frags[1]!]);
    expect([...(await f.readFrame(1)).bytes]).toEqual([...frags[2]!]);
    await expectCode(f.readFrame(2), "FRAME_OUT_OF_RANGE");
  });

  it("uses the Extended Offset Table (7FE0,0001) when present", async () => {
    const frags = [soi(4, 1), soi(6, 2), cont(2, 9)];
    const eot = concat(u32(0), u32(0), u32(12), u32(0)); // 64-bit LE offsets 0 and 12
    const eotl = concat(u32(4), u32(0), u32(8), u32(0));
    const extra = concat(el(0x7fe00001, "OV", eot), el(0x7fe00002, "OV", eotl));
    const f = await openDicom(file(JPLL, 2, encapsulated([], frags), extra));
    expect(f.encapsulation?.extendedOffsetTable).toBe(true);
    expect([...(await f.readFrame(1)).bytes]).toEqual([...frags[1]!, ...frags[2]!]);
  });

  it("empty BOT: one fragment per frame", async () => {
    const frags = [cont(4, 1), cont(4, 2), cont(4, 3)];
    const f = await openDicom(file(RLE, 3, encapsulated([], frags)));
    expect(f.encapsulation?.fragmentsPerFrame).toBe("one");
    expect([...(await f.readFrame(2)).bytes]).toEqual([3, 3, 3, 3]);
  });

  it("empty BOT, several fragments per frame: frames start at JPEG SOI / J2K SOC", async () => {
    const frags = [soi(6, 1), cont(4, 2), cont(2, 3), soi(4, 4), cont(2, 5)];
    const f = await openDicom(file(JPLL, 2, encapsulated([], frags)));
    expect((await f.readFrame(0)).bytes.length).toBe(12);
    expect([...(await f.readFrame(1)).bytes]).toEqual([0xff, 0xd8, 4, 4, 5, 5]);
    const soc = concat(new Uint8Array([0xff, 0x4f, 0xff, 0x51]), cont(4, 7));
    const g = await openDicom(file(J2K, 2, encapsulated([], [soc, cont(2, 1), soc])));
    expect((await g.readFrame(1)).bytes.length).toBe(8);
  });

  it("one frame spread over all fragments", async () => {
    const f = await openDicom(file(JPLL, 1, encapsulated([], [soi(4, 1), cont(2, 2), cont(2, 3)])));
    expect((await f.readFrame(0)).bytes.length).toBe(8);
  });

  it("rejects what cannot be mapped: RLE with several fragments per frame, too few fragments, bad offsets", async () => {
    const rle = await openDicom(file(RLE, 2, encapsulated([], [cont(2, 1), cont(2, 2), cont(2, 3)])));
    await expectCode(rle.readFrame(0), "INVALID_DATA");
    const few = await openDicom(file(JPLL, 3, encapsulated([], [soi(4, 1), soi(4, 1)])));
    await expectCode(few.readFrame(0), "NOT_ENOUGH_PIXEL_DATA");
    const outside = await openDicom(file(JPLL, 2, encapsulated([0, 5000], [soi(4, 1), soi(4, 1)])));
    await expectCode(outside.readFrame(1), "INVALID_OFFSET_TABLE");
    const noStarts = await openDicom(file(JPLL, 2, encapsulated([], [soi(4, 1), cont(4, 1), cont(4, 1)])));
    await expectCode(noStarts.readFrame(0), "INVALID_DATA");
  });

  it("rejects a fragment without an item tag, with its byte offset", async () => {
    const body = concat(el(0x7fe00010, "OB", new Uint8Array(0), ELE, 0xffffffff), item(new Uint8Array(0)), u32(0x12345678), u32(4), seqDelim());
    const bytes = file(JPLL, 1, body);
    const err = await openDicom(bytes).catch((e: unknown) => e);
    expect(isDicomPixelError(err, "INVALID_ITEM")).toBe(true);
    expect((err as { byteOffset: number }).byteOffset).toBe(bytes.length - 16);
  });

  it("a truncated last fragment fails at frame access with TRUNCATED", async () => {
    const whole = file(JPLL, 2, encapsulated([], [soi(8, 1), soi(8, 2)]));
    const f = await openDicom(whole.subarray(0, whole.length - 12), { lenient: true });
    expect(f.encapsulation?.fragments).toBe(2);
    expect((await f.readFrame(0)).bytes.length).toBe(8);
    await expectCode(f.readFrame(1), "TRUNCATED");
    // Strict (default): a missing Sequence Delimitation Item makes every frame TRUNCATED.
    const strict = await openDicom(whole.subarray(0, whole.length - 8));
    await expectCode(strict.readFrame(0), "TRUNCATED");
    const lenient = await openDicom(whole.subarray(0, whole.length - 8), { lenient: true });
    expect((await lenient.readFrame(1)).bytes.length).toBe(8);
  });

  it("names the codestream family of each encapsulated syntax", () => {
    expect(codestreamFamily("1.2.840.10008.1.2.4.50")).toBe("jpeg");
    expect(codestreamFamily("1.2.840.10008.1.2.4.80")).toBe("jpeg-ls");
    expect(codestreamFamily("1.2.840.10008.1.2.4.201")).toBe("jpeg2000");
    expect(codestreamFamily(RLE)).toBe("rle");
    expect(codestreamFamily("1.2.840.10008.1.2.4.100")).toBe("other");
  });
});
