// LUT Descriptor / LUT Data edge cases (PS3.3 C.11.1.1.1, C.11.2.1.1), each with its expected table written by hand.
import { describe, expect, it } from "vitest";
import { decodeLut } from "../../src/imaging/lut-descriptor.js";
import { isDicomPixelError } from "../../src/errors.js";

function words(values: number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint16(2 * i, x, littleEndian));
  return out;
}

const ctx = { signedInput: false, context: "test LUT" };

describe("decodeLut", () => {
  it("0 entries in the descriptor means 65536", () => {
    const data = words(Array.from({ length: 65536 }, (_, i) => i));
    const lut = decodeLut({ descriptor: [0, 0, 16], data }, ctx);
    expect(lut.data.length).toBe(65536);
    expect(lut.data[65535]).toBe(65535);
    expect(lut.bits).toBe(16);
    expect(lut.warnings).toEqual([]);
  });

  it("first value mapped is signed only when the input is signed (0xFC00 = -1024 or 64512)", () => {
    const item = { descriptor: [2, 0xfc00, 12] as const, data: words([0, 4095]) };
    expect(decodeLut(item, { ...ctx, signedInput: true }).firstMapped).toBe(-1024);
    expect(decodeLut(item, ctx).firstMapped).toBe(64512);
    // A descriptor read with VR SS (-1024) is the same word.
    expect(decodeLut({ ...item, descriptor: [2, -1024, 12] }, { ...ctx, signedInput: true }).firstMapped).toBe(-1024);
  });

  it("8-bit entries packed two per 16-bit word (low byte first), half as many words as entries", () => {
    // 5 entries 1,2,3,4,5 in 3 words: 0x0201, 0x0403, 0x0005
    const lut = decodeLut({ descriptor: [5, 0, 8], data: words([0x0201, 0x0403, 0x0005]), vr: "OW" }, ctx);
    expect(Array.from(lut.data)).toEqual([1, 2, 3, 4, 5]);
    expect(lut.bits).toBe(8);
  });

  it("big-endian LUT Data words", () => {
    const lut = decodeLut({ descriptor: [3, 0, 16], data: words([1, 256, 65535], false), littleEndian: false }, ctx);
    expect(Array.from(lut.data)).toEqual([1, 256, 65535]);
  });

  it("8 bits declared, each 8-bit value repeated in both bytes of its word: masked to the low byte", () => {
    const lut = decodeLut({ descriptor: [3, 0, 8], data: words([0x0000, 0x7f7f, 0xffff]) }, ctx);
    expect(Array.from(lut.data)).toEqual([0, 0x7f, 0xff]);
    expect(lut.bits).toBe(8);
    expect(lut.warnings.length).toBe(1);
  });

  it("entries above the declared depth: the depth is taken from the data", () => {
    const lut = decodeLut({ descriptor: [3, 0, 8], data: words([0, 1000, 4095]) }, ctx);
    expect(lut.bits).toBe(12);
    expect(lut.warnings[0]).toMatch(/exceed the declared 8 bits/);
  });

  it("16 bits declared but a few bits used: descriptor by default, the data's depth on request", () => {
    const item = { descriptor: [4, 0, 16] as const, data: words([0, 300, 700, 1023]) };
    const declared = decodeLut(item, ctx);
    expect(declared.bits).toBe(16);
    expect(declared.warnings[0]).toMatch(/nearly black \(or white\)/);
    expect(decodeLut(item, { ...ctx, bitsFrom: "data" }).bits).toBe(10);
  });

  it("invalid bits per entry (0 or > 16) falls back to the data", () => {
    expect(decodeLut({ descriptor: [2, 0, 0], data: words([0, 4095]) }, ctx).bits).toBe(12);
    expect(decodeLut({ descriptor: [2, 0, 20], data: words([0, 100]) }, ctx).bits).toBe(8);
  });

  it("fewer data words than entries shortens the table with a warning; more are ignored", () => {
    const short = decodeLut({ descriptor: [10, 0, 16], data: words([1, 2, 3, 4]) }, ctx);
    expect(Array.from(short.data)).toEqual([1, 2, 3, 4]);
    expect(short.warnings[0]).toMatch(/declares 10 entries but LUT Data holds 4/);
    const long = decodeLut({ descriptor: [2, 0, 16], data: words([1, 2, 3, 4]) }, ctx);
    expect(Array.from(long.data)).toEqual([1, 2]);
  });

  it("rejects an empty LUT Data and a short descriptor with INVALID_ATTRIBUTE", () => {
    for (const item of [
      { descriptor: [2, 0, 16] as const, data: new Uint8Array(0) },
      { descriptor: [2, 0] as unknown as readonly [number, number, number], data: words([1]) },
    ]) {
      try {
        decodeLut(item, ctx);
        expect.unreachable();
      } catch (e) {
        expect(isDicomPixelError(e, "INVALID_ATTRIBUTE")).toBe(true);
      }
    }
  });
});
