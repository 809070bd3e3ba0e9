/**
 * The RLE FrameCodec adapter (src/codecs/rle.ts): header validation against the pixel module, options
 * (planar, segment order, lenient, raw, maxFrameBytes), the canonical form (masking, sign extension) and
 * registration. Expected values come from hand-made fragments and the plain TS reference.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { looksLsbFirst, readRleHeader, rleCodec, RLE_LOSSLESS_UID, type RleDecodeOptions } from "../../src/codecs/rle.js";
import { getCodec } from "../../src/registry.js";
import { PixelModule, type PixelModuleAttributes } from "../../src/pixel-module.js";
import { isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { buildFragment, seededBytes, toPlanar } from "./rle-reference.js";

beforeAll(setupWasm);

const ctx = { transferSyntaxUID: RLE_LOSSLESS_UID, frameIndex: 3 };

function mod(a: PixelModuleAttributes): PixelModule {
  return PixelModule.from({
    rows: 1,
    columns: 2,
    samplesPerPixel: 1,
    photometricInterpretation: "MONOCHROME2",
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 0,
    ...a,
  });
}

function code(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    if (isDicomPixelError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("rleCodec", () => {
  it("is registered for RLE Lossless", () => {
    expect(getCodec(RLE_LOSSLESS_UID)).toBe(rleCodec);
    expect(rleCodec.transferSyntaxes).toEqual(["1.2.840.10008.1.2.5"]);
  });

  it("readInfo reports the segments and checks them against Bits Allocated x Samples per Pixel", () => {
    const f = buildFragment([
      [1, 1, 2],
      [1, 3, 4, 0],
    ]);
    const info = rleCodec.readInfo(f, mod({}), ctx);
    expect(info).toMatchObject({ rows: 1, columns: 2, samplesPerPixel: 1, bitsPerSample: 16 });
    expect(info.details).toEqual({ segmentCount: 2, segmentOffsets: [64, 67], segmentLengths: [3, 4] });
    try {
      rleCodec.readInfo(f, mod({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }), ctx);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "RLE_SEGMENT_COUNT")).toBe(true);
      expect(String(e)).toMatch(/\(0028,0100\) Bits Allocated 8/);
      expect((e as { frameIndex?: number }).frameIndex).toBe(3);
    }
  });

  it("readRleHeader names the field and offset of a bad header", () => {
    expect(code(() => readRleHeader(new Uint8Array(10)))).toBe("TRUNCATED");
    const bad = buildFragment([[0, 1], [0, 2]], { offsets: [64, 70] });
    try {
      readRleHeader(bad, 0);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "RLE_SEGMENT_OFFSET")).toBe(true);
      expect((e as { byteOffset?: number }).byteOffset).toBe(8);
      expect(String(e)).toMatch(/segment 2 is 70/);
    }
  });

  it("rejects 1-bit data, enforces maxFrameBytes and the destination size", () => {
    const one = PixelModule.from({ rows: 8, columns: 8, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 1, bitsStored: 1, highBit: 0, pixelRepresentation: 0 });
    expect(code(() => rleCodec.readInfo(buildFragment([[0, 1]]), one, ctx))).toBe("UNSUPPORTED_FEATURE");
    const f = buildFragment([[1, 1, 2], [1, 3, 4]]);
    expect(code(() => rleCodec.decodeInto(f, mod({}), new Uint8Array(4), ctx, { maxFrameBytes: 3 }))).toBe("SIZE_LIMIT");
    expect(code(() => rleCodec.decodeInto(f, mod({}), new Uint8Array(3), ctx))).toBe("DESTINATION_TOO_SMALL");
  });

  it("masks to Bits Stored at High Bit and sign-extends; raw keeps the stored cells", () => {
    // cells 0x7FFB (12-bit -5 with garbage in bits 12-15) and 0x1005 (12-bit 5 with garbage)
    const f = buildFragment([[1, 0x7f, 0x10], [1, 0xfb, 0x05]]);
    const m = mod({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const dst = new Uint8Array(4);
    rleCodec.decodeInto(f, m, dst, ctx);
    expect(Array.from(new Int16Array(dst.buffer))).toEqual([-5, 5]);
    rleCodec.decodeInto(f, m, dst, ctx, { raw: true });
    expect(Array.from(new Uint16Array(dst.buffer))).toEqual([0x7ffb, 0x1005]);
  });

  it("planar: 'preserve' keeps colour-by-plane only when the file says Planar Configuration 1", () => {
    const rgb = (pc: 0 | 1) => mod({ samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: pc, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const f = buildFragment([[1, 1, 2], [1, 3, 4], [1, 5, 6, 0]]);
    const dst = new Uint8Array(6);
    expect(rleCodec.decodeInto(f, rgb(1), dst, ctx, { planar: "preserve" }).planarConfiguration).toBe(1);
    expect(Array.from(dst)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rleCodec.decodeInto(f, rgb(1), dst, ctx).planarConfiguration).toBe(0);
    expect(Array.from(dst)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(rleCodec.decodeInto(f, rgb(0), dst, ctx, { planar: "preserve" }).planarConfiguration).toBe(0);
    expect(Array.from(dst)).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it("segmentOrder lsb-first, and auto detection of a reversed 16-bit frame", () => {
    // An image-like 16-bit frame: smooth high bytes, noisy low bytes.
    const m = mod({ rows: 16, columns: 64 });
    const frame = new Uint8Array(16 * 64 * 2);
    const noise = seededBytes(16 * 64, 9);
    for (let i = 0; i < 16 * 64; i++) {
      frame[2 * i] = noise[i]!;
      frame[2 * i + 1] = i >> 8;
    }
    const normal = rleCodec.encodeFrame!(frame, m).data;
    const h = readRleHeader(normal);
    const seg0 = normal.subarray(h.offsets[0], h.offsets[1]);
    const seg1 = normal.subarray(h.offsets[1]);
    const reversed = buildFragment([seg1, seg0]);
    const dst = new Uint8Array(frame.length);
    rleCodec.decodeInto(reversed, m, dst, ctx, { segmentOrder: "lsb-first" } as RleDecodeOptions);
    expect(Buffer.compare(dst, frame)).toBe(0);
    expect(looksLsbFirst(normal, h, 1, 2)).toBe(false);
    expect(looksLsbFirst(reversed, readRleHeader(reversed), 1, 2)).toBe(true);
    const warnings: string[] = [];
    dst.fill(0);
    rleCodec.decodeInto(reversed, m, dst, ctx, { segmentOrder: "auto", onWarning: (w) => warnings.push(w) } as RleDecodeOptions);
    expect(Buffer.compare(dst, frame)).toBe(0);
    expect(warnings).toHaveLength(1);
    rleCodec.decodeInto(normal, m, dst, ctx, { segmentOrder: "auto" } as RleDecodeOptions);
    expect(Buffer.compare(dst, frame)).toBe(0);
  });

  it("lenient mode pads a short segment and reports it through onWarning", () => {
    const f = buildFragment([[0, 1], [1, 3, 4]]);
    expect(code(() => rleCodec.decodeInto(f, mod({}), new Uint8Array(4), ctx))).toBe("RLE_SEGMENT_LENGTH");
    const warnings: string[] = [];
    const dst = new Uint8Array(4);
    rleCodec.decodeInto(f, mod({}), dst, ctx, { lenient: true, onWarning: (w) => warnings.push(w) });
    expect(Array.from(dst)).toEqual([3, 1, 4, 0]);
    expect(warnings.join("\n")).toMatch(/frame 3: segment 1 decoded to fewer bytes/);
  });

  it("encodeFrame labels colour data Planar Configuration 1 (PS3.5 G.2 note) and round-trips", () => {
    const m = mod({ rows: 3, columns: 5, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const frame = seededBytes(45, 4);
    const enc = rleCodec.encodeFrame!(frame, m);
    expect(enc).toMatchObject({ planarConfiguration: 1, photometricInterpretation: "RGB", lossy: false });
    const dst = new Uint8Array(45);
    rleCodec.decodeInto(enc.data, m.with({ planarConfiguration: 1 }), dst, ctx, { planar: "preserve" });
    expect(Array.from(dst)).toEqual(Array.from(toPlanar(frame, { rows: 3, columns: 5, samplesPerPixel: 3, bytesPerSample: 1 })));
    expect(code(() => rleCodec.encodeFrame!(frame.subarray(1), m))).toBe("INVALID_ARGUMENT");
  });

  it('colorSpace "rgb" converts YBR_FULL to RGB (PS3.3 C.7.6.3.1.2, within 1 of the float formula)', () => {
    const m = mod({ rows: 2, columns: 8, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const ybr = seededBytes(48, 12);
    for (let i = 0; i < 4; i++) ybr.set([100 + i, 128, 128], i * 3); // grey pixels: exactly Y, Y, Y
    const enc = rleCodec.encodeFrame!(ybr, m).data;
    const dst = new Uint8Array(48);
    const r = rleCodec.decodeInto(enc, m, dst, ctx, { colorSpace: "rgb" });
    expect(r.photometricInterpretation).toBe("RGB");
    expect(r.planarConfiguration).toBe(0);
    const clamp = (v: number) => Math.min(255, Math.max(0, v));
    for (let i = 0; i < 16; i++) {
      const [y, cb, cr] = [ybr[3 * i]!, ybr[3 * i + 1]! - 128, ybr[3 * i + 2]! - 128];
      const want = [clamp(y + 1.402 * cr), clamp(y - 0.344136 * cb - 0.714136 * cr), clamp(y + 1.772 * cb)];
      for (let c = 0; c < 3; c++) expect(Math.abs(dst[3 * i + c]! - want[c]!)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(dst.subarray(0, 3))).toEqual([100, 100, 100]);
  });
});
