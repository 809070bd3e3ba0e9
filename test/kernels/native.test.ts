/** Native pixel kernels on raw bytes, with hand-computed expectations. */
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { PixelModule } from "../../src/pixel-module.js";
import { normalizeCells } from "../../src/transforms/cells.js";
import { maskCells } from "../../src/wasm/kernels/native.js";
import { isDicomPixelError } from "../../src/errors.js";

beforeAll(setupWasm);

const mono = (ba: number, bs: number, hb: number, pr: number) =>
  PixelModule.from({
    rows: 1,
    columns: 1,
    samplesPerPixel: 1,
    photometricInterpretation: "MONOCHROME2",
    bitsAllocated: ba,
    bitsStored: bs,
    highBit: hb,
    pixelRepresentation: pr,
  });

const le16 = (...v: number[]) => new Uint8Array(Uint16Array.from(v).buffer);
const le32 = (...v: number[]) => new Uint8Array(Uint32Array.from(v).buffer);

describe("normalizeCells", () => {
  it("12-bit signed -5 in a 16-bit cell with junk in bits 12-15 becomes int16 -5", () => {
    // -5 in 12 bits = 0xFFB; junk 0xA in bits 12-15 -> 0xAFFB; expected 0xFFFB
    const cells = le16(0xaffb, 0x07ff, 0x0800, 0x5000);
    normalizeCells(cells, mono(16, 12, 11, 1));
    expect(Array.from(new Int16Array(cells.buffer))).toEqual([-5, 2047, -2048, 0]);
  });

  it("unsigned BS 12 at HB 15 shifts down by 4", () => {
    const cells = le16(0xfff3, 0x0010, 0x000f);
    normalizeCells(cells, mono(16, 12, 15, 0));
    expect(Array.from(new Uint16Array(cells.buffer))).toEqual([0x0fff, 0x0001, 0x0000]);
  });

  it("signed BS 12 at HB 13: bits 2..13 hold the value", () => {
    // value -1 (0xFFF) at bits 2..13 = 0x3FFC, junk bits 0,1,14,15 set -> 0xFFFF
    const cells = le16(0xffff, 0x2000 | 0x0003);
    normalizeCells(cells, mono(16, 12, 13, 1));
    // second: bits 2..13 = 0x2000>>2 = 0x800 -> 12-bit signed -2048
    expect(Array.from(new Int16Array(cells.buffer))).toEqual([-1, -2048]);
  });

  it("8-bit cells, every length including the SIMD tail (33 cells)", () => {
    const n = 33;
    const cells = Uint8Array.from({ length: n }, (_, i) => (i * 29) & 0xff);
    const expected = Array.from(cells, (c) => {
      const v = (c >> 1) & 0x1f; // BS 5, HB 5
      return v >= 16 ? v - 32 : v;
    });
    normalizeCells(cells, mono(8, 5, 5, 1));
    expect(Array.from(new Int8Array(cells.buffer))).toEqual(expected);
  });

  it("32-bit cells, BS 20 at HB 27, signed", () => {
    const cells = le32(0xf8000000 | (0xfffff << 8), 0x00000000 | (0x80000 << 8) | 0xff, 0x7 << 8);
    normalizeCells(cells, mono(32, 20, 27, 1));
    expect(Array.from(new Int32Array(cells.buffer))).toEqual([-1, -524288, 7]);
  });

  it("leaves cells alone in raw mode and when Bits Stored = Bits Allocated", () => {
    const a = le16(0xaffb);
    normalizeCells(a, mono(16, 12, 11, 1), { raw: true });
    expect(Array.from(a)).toEqual([0xfb, 0xaf]);
    const b = le16(0xaffb);
    normalizeCells(b, mono(16, 16, 15, 1));
    expect(Array.from(b)).toEqual([0xfb, 0xaf]);
  });

  it("rejects a length that is not a whole number of cells", () => {
    expect(() => normalizeCells(new Uint8Array(3), mono(16, 12, 11, 0))).toThrowError(/whole number/);
  });

  it("works on a subarray view at an odd byte offset", () => {
    const buf = new Uint8Array(9);
    const view = buf.subarray(1, 9);
    view.set([0xfb, 0xaf, 0xff, 0x0f, 0x00, 0x08, 0x00, 0xf0]);
    normalizeCells(view, mono(16, 12, 11, 1));
    expect(Array.from(view)).toEqual([0xfb, 0xff, 0xff, 0xff, 0x00, 0xf8, 0x00, 0x00]);
    expect(buf[0]).toBe(0);
  });
});

describe("mask kernels: argument checks", () => {
  it("rejects impossible Bits Stored / High Bit with INVALID_ARGUMENT", () => {
    const c = new Uint8Array(4);
    for (const [bs, hb] of [[0, 0], [17, 16], [12, 10], [12, 16]] as const) {
      try {
        maskCells(c, c, 16, bs, hb, false);
        expect.unreachable();
      } catch (e) {
        expect(isDicomPixelError(e, "INVALID_ARGUMENT")).toBe(true);
      }
    }
  });
});

import { swapBytes } from "../../src/transforms/native-bytes.js";
import { packBits, unpackBits } from "../../src/transforms/bits.js";
import { toInterleaved, toPlanar } from "../../src/transforms/planar.js";
import { nativeFrame } from "../../src/transforms/native-frames.js";
import { encodeNative } from "../../src/transforms/native-encode.js";
import { nativeCodec } from "../../src/codecs/native.js";
import { getCodec } from "../../src/registry.js";
import { decodeNativeFrame } from "../../src/transforms/native-decode.js";
import { toRgb } from "../../src/transforms/color.js";
import type { PhotometricInterpretation } from "../../src/pixel-module.js";

const BE = "1.2.840.10008.1.2.2";
const LE = "1.2.840.10008.1.2.1";

function mod(attrs: Record<string, unknown>) {
  return PixelModule.from({
    rows: 1,
    columns: 1,
    samplesPerPixel: 1,
    photometricInterpretation: "MONOCHROME2",
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 0,
    ...attrs,
  });
}

function decode(src: Uint8Array, m: PixelModule, ctx: Record<string, unknown> = {}, opts: Record<string, unknown> = {}) {
  const dst = new Uint8Array(m.frameByteLength());
  const r = nativeCodec.decodeInto(src, m, dst, { transferSyntaxUID: LE, frameIndex: 0, ...ctx }, opts);
  return { dst, r };
}

/** The two-step route: the canonical YBR frame (as decoded without colorSpace), then the colour module. */
function toRgbViaCanonical(ybr: Uint8Array, m: PixelModule, photometric: string, planarConfiguration: 0 | 1) {
  const info = { rows: m.rows, columns: m.columns, bitsAllocated: m.bitsAllocated, bitsStored: m.bitsStored, planarConfiguration };
  return toRgb(ybr, photometric as PhotometricInterpretation, info, { chroma: "full" });
}

describe("swapBytes", () => {
  it("swaps 2-, 4- and 8-byte words including the scalar tail", () => {
    const src = Uint8Array.from({ length: 40 }, (_, i) => i);
    expect(Array.from(swapBytes(src, 2).subarray(0, 6))).toEqual([1, 0, 3, 2, 5, 4]);
    expect(Array.from(swapBytes(src, 2).subarray(36))).toEqual([37, 36, 39, 38]);
    expect(Array.from(swapBytes(src, 4).subarray(32))).toEqual([35, 34, 33, 32, 39, 38, 37, 36]);
    expect(Array.from(swapBytes(src, 8).subarray(32))).toEqual([39, 38, 37, 36, 35, 34, 33, 32]);
    expect(Array.from(swapBytes(src, 8).subarray(0, 8))).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });
  it("swaps in place and rejects a partial word", () => {
    const a = Uint8Array.from([1, 2, 3, 4]);
    swapBytes(a, 2, a);
    expect(Array.from(a)).toEqual([2, 1, 4, 3]);
    expect(() => swapBytes(new Uint8Array(3), 2)).toThrowError(/whole number/);
  });
});

describe("unpackBits / packBits", () => {
  it("unpacks LSB first (PS3.5 8.1.1)", () => {
    expect(Array.from(unpackBits(Uint8Array.from([0b00000101]), 8))).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
  });
  it("unpacks from a bit offset across bytes", () => {
    // bits of 0xF0, 0x01 LSB first: 0000 1111 1000 0000; from bit 3, 6 pixels: 0 1 1 1 1 1
    expect(Array.from(unpackBits(Uint8Array.from([0xf0, 0x01]), 6, { bitOffset: 3 }))).toEqual([0, 1, 1, 1, 1, 1]);
  });
  it("unpacks 37 pixels from bit 5 (vector + tail paths)", () => {
    const src = Uint8Array.from([0xa5, 0x3c, 0xff, 0x00, 0x81, 0x7e]);
    const expected = Array.from({ length: 37 }, (_, i) => (src[(i + 5) >> 3]! >> ((i + 5) & 7)) & 1);
    expect(Array.from(unpackBits(src, 37, { bitOffset: 5 }))).toEqual(expected);
  });
  it("packs into a bit offset keeping the bits around it", () => {
    const dst = Uint8Array.from([0xff, 0xff]);
    packBits(Uint8Array.from([0, 0, 0, 0, 0]), { bitOffset: 6, dst });
    // bits 6..10 cleared: byte0 = 0x3f, byte1 = 0b11111000
    expect(Array.from(dst)).toEqual([0x3f, 0xf8]);
    expect(Array.from(packBits(Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1, 1])))).toEqual([0x8d, 0x01]);
  });
  it("reports too few bits", () => {
    try {
      unpackBits(new Uint8Array(1), 5, { bitOffset: 4 });
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "NOT_ENOUGH_PIXEL_DATA")).toBe(true);
    }
  });
});

describe("toInterleaved / toPlanar", () => {
  it("reorders 8-bit RGB (17 pixels: vector + tail)", () => {
    const n = 17;
    const planar = Uint8Array.from({ length: 3 * n }, (_, i) => i);
    const inter = toInterleaved(planar, 3);
    const expected = Array.from({ length: 3 * n }, (_, k) => (k % 3) * n + Math.floor(k / 3));
    expect(Array.from(inter)).toEqual(expected);
    expect(Array.from(toPlanar(inter, 3))).toEqual(Array.from(planar));
  });
  it("reorders 16- and 32-bit cells", () => {
    const p16 = Uint16Array.from([1, 2, 10, 20, 100, 200]);
    expect(Array.from(toInterleaved(p16, 3))).toEqual([1, 10, 100, 2, 20, 200]);
    const p32 = Int32Array.from([-1, -2, 7, 8, 9, 10]);
    expect(Array.from(toInterleaved(p32, 3))).toEqual([-1, 7, 9, -2, 8, 10]);
    expect(Array.from(toPlanar(Uint16Array.from([1, 10, 2, 20]), 2))).toEqual([1, 2, 10, 20]);
  });
});

describe("nativeFrame", () => {
  it("slices 16-bit frames without copying", () => {
    const m = mod({ rows: 2, columns: 2, numberOfFrames: 3 });
    const data = new Uint8Array(24);
    const f = nativeFrame(data, m, 2);
    expect(f.byteOffset).toBe(16);
    expect(f.bytes.buffer).toBe(data.buffer);
    expect(f.bytes.byteLength).toBe(8);
  });
  it("gives the bit offset of 1-bit frames that are not byte aligned", () => {
    const m = mod({ rows: 3, columns: 3, numberOfFrames: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    const f = nativeFrame(new Uint8Array(4), m, 1); // bits 9..17
    expect([f.byteOffset, f.bitOffset, f.bytes.byteLength]).toEqual([1, 1, 2]);
    const g = nativeFrame(new Uint8Array(4), m, 2); // bits 18..26
    expect([g.byteOffset, g.bitOffset, g.bytes.byteLength]).toEqual([2, 2, 2]);
  });
  it("rejects an index out of range and a short value", () => {
    const m = mod({ rows: 2, columns: 2, numberOfFrames: 2 });
    expect(() => nativeFrame(new Uint8Array(16), m, 2)).toThrowError(/out of range/);
    expect(() => nativeFrame(new Uint8Array(15), m, 1)).toThrowError(/holds 15 bytes/);
  });
});

describe("native codec", () => {
  it("is registered for the five native transfer syntaxes", () => {
    for (const uid of ["1.2.840.10008.1.2", LE, "1.2.840.10008.1.2.1.99", BE, "1.2.840.10008.1.2.1.98"]) {
      expect(getCodec(uid).name).toBe("native");
    }
  });

  it("big endian 16-bit signed BS 12: swap then sign-extend", () => {
    const m = mod({ columns: 2, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const { dst } = decode(Uint8Array.from([0xaf, 0xfb, 0x07, 0xff]), m, { transferSyntaxUID: BE });
    expect(Array.from(new Int16Array(dst.buffer))).toEqual([-5, 2047]);
  });

  it("big endian 8-bit OW: word-swapped pairs, odd length uses the padding byte", () => {
    const m = mod({ columns: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    // stored LE original 10 20 30 (pad 00) as OW big endian words: 20 10 00 30
    expect(Array.from(decode(Uint8Array.from([0x20, 0x10, 0x00, 0x30]), m, { transferSyntaxUID: BE }).dst)).toEqual([0x10, 0x20, 0x30]);
    // OB: bytes in order
    expect(Array.from(decode(Uint8Array.from([0x10, 0x20, 0x30]), m, { transferSyntaxUID: BE, pixelDataVR: "OB" }).dst)).toEqual([0x10, 0x20, 0x30]);
    expect(() => decode(Uint8Array.from([0x20, 0x10, 0x00]), m, { transferSyntaxUID: BE })).toThrowError(/needs 4 bytes/);
  });

  it("big endian 32-bit OW: value reading by default, word reading on request", () => {
    const m = mod({ bitsAllocated: 32, bitsStored: 32, highBit: 31 });
    const src = Uint8Array.from([0x00, 0x13, 0x0e, 0xe8]);
    expect(new Uint32Array(decode(src, m, { transferSyntaxUID: BE }).dst.buffer)[0]).toBe(0x00130ee8);
    expect(new Uint32Array(decode(src, m, { transferSyntaxUID: BE }, { bigEndianOW32: "words" }).dst.buffer)[0]).toBe(0x0ee80013);
  });

  it("Float and Double Float Pixel Data are byte-swapped under big endian", () => {
    const f = mod({ bitsAllocated: 32, bitsStored: null, highBit: null, pixelRepresentation: null, pixelDataElement: "FloatPixelData" });
    const be = new Uint8Array(4);
    new DataView(be.buffer).setFloat32(0, -1.5, false);
    expect(new Float32Array(decode(be, f, { transferSyntaxUID: BE }).dst.buffer)[0]).toBe(-1.5);
    const d = mod({ bitsAllocated: 64, bitsStored: null, highBit: null, pixelRepresentation: null, pixelDataElement: "DoubleFloatPixelData" });
    const be8 = new Uint8Array(8);
    new DataView(be8.buffer).setFloat64(0, Math.PI, false);
    expect(new Float64Array(decode(be8, d, { transferSyntaxUID: BE }).dst.buffer)[0]).toBe(Math.PI);
  });

  it("1-bit frames with a bit offset", () => {
    const m = mod({ rows: 1, columns: 5, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    // 0b1011_0100 -> from bit 2: 1 0 1 1 0 ... next byte bit 0
    const { dst } = decode(Uint8Array.from([0b10110100, 0x01]), m, { bitOffset: 3 });
    expect(Array.from(dst)).toEqual([0, 1, 1, 0, 1]);
  });

  it("planar configuration 1: interleaved by default, kept with planar: preserve", () => {
    const m = mod({ columns: 2, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const src = Uint8Array.from([1, 2, 10, 20, 100, 200]);
    const a = decode(src, m);
    expect(Array.from(a.dst)).toEqual([1, 10, 100, 2, 20, 200]);
    expect(a.r.planarConfiguration).toBe(0);
    const b = decode(src, m, {}, { planar: "preserve" });
    expect(Array.from(b.dst)).toEqual([1, 2, 10, 20, 100, 200]);
    expect(b.r.planarConfiguration).toBe(1);
  });

  it("raw keeps unmasked cells", () => {
    const m = mod({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    expect(Array.from(decode(Uint8Array.from([0xfb, 0xaf]), m, {}, { raw: true }).dst)).toEqual([0xfb, 0xaf]);
  });

  it("native YBR_FULL_422: expands pairs, rejects odd columns", () => {
    const m = mod({ columns: 4, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const { dst, r } = decode(Uint8Array.from([1, 2, 50, 60, 3, 4, 70, 80]), m);
    expect(Array.from(dst)).toEqual([1, 50, 60, 2, 50, 60, 3, 70, 80, 4, 70, 80]);
    expect(r.photometricInterpretation).toBe("YBR_FULL");
    const odd = mod({ columns: 3, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    expect(() => decode(new Uint8Array(6), odd)).toThrowError(/Columns 3/);
  });

  it("colorSpace: rgb converts YBR_FULL (and expanded YBR_FULL_422) to RGB", () => {
    // PS3.3 C.7.6.3.1.2: grey (Cb = Cr = 128) keeps R = G = B = Y.
    const m = mod({ columns: 2, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const { dst, r } = decode(Uint8Array.from([10, 200, 128, 128]), m, {}, { colorSpace: "rgb" });
    expect(Array.from(dst)).toEqual([10, 10, 10, 200, 200, 200]);
    expect(r.photometricInterpretation).toBe("RGB");
  });

  // libjpeg jdcolor's integer YCbCr -> RGB (PS3.3 C.7.6.3.1.2 in 16-bit fixed point), written out here.
  const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
  const ybrToRgb = (y: number, cb: number, cr: number) => [
    clamp8(y + ((91881 * (cr - 128) + 32768) >> 16)),
    clamp8(y + ((32768 - 22554 * (cb - 128) - 46802 * (cr - 128)) >> 16)),
    clamp8(y + ((116130 * (cb - 128) + 32768) >> 16)),
  ];

  it("colorSpace: rgb on 8-bit native YBR_FULL_422 replicates each pair's chroma (one pass from the source)", () => {
    const rows = 3, columns = 38; // 38: two 16-pixel SIMD steps and a scalar tail per row
    const m = mod({ rows, columns, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const src = Uint8Array.from({ length: rows * columns * 2 }, (_, i) => (i * 97 + (i >> 3) * 13) & 255);
    const { dst, r } = decode(src, m, {}, { colorSpace: "rgb" });
    const want: number[] = [];
    for (let p = 0; p < src.length; p += 4) want.push(...ybrToRgb(src[p]!, src[p + 2]!, src[p + 3]!), ...ybrToRgb(src[p + 1]!, src[p + 2]!, src[p + 3]!));
    expect(Array.from(dst)).toEqual(want);
    expect(r).toMatchObject({ photometricInterpretation: "RGB", planarConfiguration: 0 });
  });

  it("colorSpace: rgb gives the same frame straight from the source as through the canonical YBR frame", () => {
    const cases = [
      { photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 16, bitsStored: 16, highBit: 15 },
      { photometricInterpretation: "YBR_PARTIAL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 },
      { photometricInterpretation: "YBR_FULL", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 },
      { photometricInterpretation: "YBR_FULL", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7 },
      { photometricInterpretation: "YBR_FULL", planarConfiguration: 1, bitsAllocated: 16, bitsStored: 12, highBit: 11 },
    ];
    for (const attrs of cases) {
      for (const planar of ["interleave", "preserve"] as const) {
        const m = mod({ rows: 2, columns: 18, samplesPerPixel: 3, ...attrs });
        const src = Uint8Array.from({ length: m.frameByteLength() }, (_, i) => (i * 151 + 7) & 255);
        const ybr = decode(src, m, {}, { planar });
        const via = toRgbViaCanonical(ybr.dst, m, ybr.r.photometricInterpretation, ybr.r.planarConfiguration);
        const direct = decode(src, m, {}, { planar, colorSpace: "rgb" });
        expect(Array.from(direct.dst), `${JSON.stringify(attrs)} planar ${planar}`).toEqual(Array.from(via.data));
        expect(direct.r.planarConfiguration).toBe(via.planarConfiguration);
      }
    }
  });

  it("rejects short sources, small destinations and frames over maxFrameBytes", () => {
    const m = mod({ columns: 4 });
    expect(() => decode(new Uint8Array(7), m)).toThrowError(/needs 8 bytes/);
    expect(() => nativeCodec.decodeInto(new Uint8Array(8), m, new Uint8Array(7), { transferSyntaxUID: LE, frameIndex: 0 })).toThrowError(
      /destination/,
    );
    expect(() => decode(new Uint8Array(8), m, {}, { maxFrameBytes: 4 })).toThrowError(/maxFrameBytes/);
  });

  it("encodeFrame writes native LE and BE bytes", () => {
    const m = mod({ columns: 2, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const frame = new Uint8Array(Int16Array.from([-5, 2047]).buffer);
    expect(Array.from(nativeCodec.encodeFrame!(frame, m).data)).toEqual([0xfb, 0xff, 0xff, 0x07]);
    expect(Array.from(nativeCodec.encodeFrame!(frame, m, { transferSyntaxUID: BE }).data)).toEqual([0xff, 0xfb, 0x07, 0xff]);
  });
});

describe("decodeNativeFrame", () => {
  it("returns the typed array of the module, into a caller buffer when given", () => {
    const m = mod({ columns: 2, numberOfFrames: 2, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const value = new Uint8Array(Uint16Array.from([0x0001, 0xaffb, 0x0fff, 0x0800]).buffer);
    const a = decodeNativeFrame(value, m, 1);
    expect(a).toBeInstanceOf(Int16Array);
    expect(Array.from(a)).toEqual([-1, -2048]);
    const dst = new Int16Array(4);
    const b = decodeNativeFrame(value, m, 0, { dst: dst.subarray(2) });
    expect(Array.from(dst)).toEqual([0, 0, 1, -5]);
    expect(b.buffer).toBe(dst.buffer);
    expect(() => decodeNativeFrame(value, m, 2)).toThrowError(/out of range/);
  });
  it("8-bit OW big endian frames of odd length: the second frame starts at an odd offset and is refused", () => {
    const m = mod({ columns: 3, numberOfFrames: 2, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const value = Uint8Array.from([2, 1, 4, 3, 6, 5]);
    expect(Array.from(decodeNativeFrame(value, m, 0, { transferSyntaxUID: BE }))).toEqual([1, 2, 3]);
    expect(() => decodeNativeFrame(value, m, 1, { transferSyntaxUID: BE })).toThrowError(/odd byte offset/);
    expect(Array.from(decodeNativeFrame(swapBytes(value, 2), m, 1, { transferSyntaxUID: BE, pixelDataVR: "OB" }))).toEqual([4, 5, 6]);
  });
});

describe("encodeNative", () => {
  it("places values at High Bit and reorders to planes", () => {
    const m = mod({ columns: 2, bitsStored: 12, highBit: 15 });
    expect(Array.from(new Uint16Array(encodeNative(Uint16Array.from([1, 0xfff]), m).buffer))).toEqual([0x10, 0xfff0]);
    const rgb = mod({ columns: 2, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    expect(Array.from(encodeNative(Uint8Array.from([1, 10, 100, 2, 20, 200]), rgb))).toEqual([1, 2, 10, 20, 100, 200]);
  });
  it("writes YBR_FULL_422 pairs back (the inverse of the expansion), rounding the chroma mean", () => {
    const m = mod({ columns: 4, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const expanded = Uint8Array.from([1, 50, 60, 2, 50, 60, 3, 70, 80, 4, 71, 81]);
    expect(Array.from(encodeNative(expanded, m))).toEqual([1, 2, 50, 60, 3, 4, 71, 81]);
    const m16 = mod({ columns: 2, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422", planarConfiguration: 0, bitsStored: 16 });
    const e16 = encodeNative(Uint16Array.from([1, 0xfffe, 0xffff, 2, 0xfffe, 0xffff]), m16, { byteOrder: "big" });
    expect(Array.from(e16)).toEqual([0, 1, 0, 2, 0xff, 0xfe, 0xff, 0xff]);
  });
  it("packs 1-bit frames contiguously", () => {
    const m = mod({ rows: 1, columns: 3, numberOfFrames: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    expect(Array.from(encodeNative(Uint8Array.from([1, 0, 0, 1, 1, 0, 0, 0, 1]), m))).toEqual([0b00011001, 0b1]);
  });
  it("names the first value out of range", () => {
    const m = mod({ rows: 2, columns: 2, numberOfFrames: 2, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const v = new Int16Array(8);
    v[6] = -2049;
    try {
      encodeNative(v, m);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "VALUE_OUT_OF_RANGE")).toBe(true);
      const err = e as Error & { frameIndex?: number };
      expect(err.frameIndex).toBe(1);
      expect(err.message).toMatch(/frame 1, pixel 2 \(row 1, column 0\), sample 0: value -2049 .* allowed -2048\.\.2047/);
    }
  });
  it("rejects 1-bit values above 1 and a wrong array type", () => {
    const m = mod({ columns: 2, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    expect(() => encodeNative(Uint8Array.from([0, 2]), m)).toThrowError(/value 2/);
    expect(() => encodeNative(Int16Array.from([0]), mod({}))).toThrowError(/Uint16Array/);
  });
});

import fc from "fast-check";
import { getInstance } from "../../src/wasm/module.js";

describe("kernels never trap on hostile arguments", () => {
  it("returns a negative status for bad lengths, offsets and sizes", () => {
    const { exports: e, arena } = getInstance();
    arena.scoped(() => {
      const p = arena.alloc(64);
      const memEnd = arena.capacity;
      expect(e.native_mask_u16(memEnd - 2, 4, p, 4, 12, 11)).toBe(-100); // source past the end of memory
      expect(e.native_mask_u16(p, 3, p, 3, 12, 11)).toBe(-100); // not whole cells
      expect(e.native_mask_u16(p, 4, p, 2, 12, 11)).toBe(-101); // destination too small
      expect(e.native_swap32(p, -4, p, 4)).toBe(-100);
      expect(e.bits_unpack1(p, 2, p + 16, 32, 1, 16)).toBe(-1); // 17 bits needed, 16 present
      expect(e.bits_unpack1(p, 2, p + 16, 32, 8, 1)).toBe(-100); // bit offset out of range
      expect(e.bits_pack1(p, 16, p + 32, 2, 1, 16)).toBe(-101); // 17 bits need 3 bytes
      expect(e.planar_to_interleaved(p, 12, p + 6, 12, 4, 3, 1)).toBe(-100); // overlapping buffers
      expect(e.planar_to_interleaved(p, 11, p + 32, 12, 4, 3, 1)).toBe(-1); // source short
      expect(e.native_ybr422_expand(p, 8, p + 32, 11, 2, 1)).toBe(-101);
      expect(e.native_check_u16(p, 3, 12)).toBe(-100);
      expect(e.native_shl_16(p, 4, p, 4, 16)).toBe(-100);
    });
  });

  it("random arguments give a number, never a trap (property)", () => {
    const { exports: e, arena } = getInstance();
    const kernels = [
      e.native_mask_u8, e.native_mask_i8, e.native_mask_u16, e.native_mask_i16, e.native_mask_u32, e.native_mask_i32,
      e.native_swap16, e.native_swap32, e.native_swap64, e.bits_unpack1, e.bits_pack1, e.planar_to_interleaved,
      e.planar_to_planar, e.native_ybr422_expand, e.native_shl_8, e.native_shl_16, e.native_shl_32,
    ];
    arena.scoped(() => {
      const block = arena.alloc(1 << 16);
      const size = () => fc.integer({ min: -8, max: 1 << 20 });
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: kernels.length - 1 }),
          fc.integer({ min: 0, max: 1 << 16 }),
          size(),
          fc.integer({ min: 0, max: 1 << 16 }),
          size(),
          fc.array(fc.integer({ min: -4, max: 70 }), { minLength: 3, maxLength: 3 }),
          (k, so, sl, d, dl, scalars) => {
            const r = kernels[k]!(block + so, sl, block + d, dl, ...scalars);
            expect(Number.isInteger(r)).toBe(true);
          },
        ),
        { numRuns: 400 },
      );
    });
  });
});
