/**
 * The JPEG FrameCodec adapter (src/codecs/jpeg.ts): registry entries, canonical form, colour handling
 * (photometric of the output, stream vs data set mismatch), Bits Stored clamping, Pixel Representation 1,
 * size cap before allocation, and the encoder's labels.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { repoRoot } from "../helpers/corpus.js";
import { getCodec } from "../../src/registry.js";
import { jpegCodec } from "../../src/codecs/jpeg.js";
import { PixelModule } from "../../src/pixel-module.js";
import { isDicomPixelError } from "../../src/errors.js";
import { decodeJpegInto, jpegDecodedBytes, readJpegHeader } from "../../src/wasm/kernels/jpeg.js";

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jpeg", name)));
const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 };
const mod = (attrs: Record<string, unknown>) =>
  PixelModule.from({ bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0, planarConfiguration: 0, ...attrs });

beforeAll(setupWasm);

describe("JPEG codec adapter", () => {
  it("is registered for .50, .51, .53 and .55", () => {
    for (const uid of ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55"]) {
      expect(getCodec(uid).name).toBe("jpeg");
    }
  });

  it("readInfo and decodedSize follow the SOF", () => {
    const src = fixture("rgb-422.jpg");
    const m = mod({ rows: 37, columns: 61, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422" });
    const info = jpegCodec.readInfo(src, m, ctx);
    expect([info.rows, info.columns, info.samplesPerPixel, info.bitsPerSample]).toEqual([37, 61, 3, 8]);
    expect(info.details?.process).toBe("baseline DCT (SOF0)");
    expect(jpegCodec.decodedSize(info, m)).toBe(37 * 61 * 3);
  });

  it("YBR_FULL_422 decodes to YBR_FULL (canonical) or RGB on request", () => {
    const src = fixture("rgb-422.jpg");
    const m = mod({ rows: 37, columns: 61, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL_422" });
    const dst = new Uint8Array(37 * 61 * 3);
    expect(jpegCodec.decodeInto(src, m, dst, ctx).photometricInterpretation).toBe("YBR_FULL");
    expect(jpegCodec.decodeInto(src, m, dst, ctx, { colorSpace: "rgb" }).photometricInterpretation).toBe("RGB");
  });

  it("RGB label on a JFIF (YCbCr) stream: the data set wins by default, the stream in lenient mode, with a warning", () => {
    const src = fixture("rgb-444.jpg");
    const m = mod({ rows: 37, columns: 61, samplesPerPixel: 3, photometricInterpretation: "RGB" });
    const dst = new Uint8Array(37 * 61 * 3);
    expect(jpegCodec.decodeInto(src, m, dst, ctx).photometricInterpretation).toBe("RGB");
    const warnings: string[] = [];
    const r = jpegCodec.decodeInto(src, m, dst, ctx, { lenient: true, onWarning: (w) => warnings.push(w), colorSpace: "rgb" });
    expect(r.photometricInterpretation).toBe("RGB");
    expect(warnings.join()).toMatch(/\(0028,0004\).*JFIF/);
    // Converted: equals the kernel's RGB decode.
    const h = readJpegHeader(src);
    const rgb = new Uint8Array(jpegDecodedBytes(h));
    decodeJpegInto(src, h, rgb, { rgb: true });
    expect(Buffer.compare(dst, rgb)).toBe(0);
  });

  it("colorSignals: \"stream\" trusts the JFIF stream over an RGB label without lenient mode", () => {
    const src = fixture("rgb-444.jpg");
    const m = mod({ rows: 37, columns: 61, samplesPerPixel: 3, photometricInterpretation: "RGB" });
    const asStored = new Uint8Array(37 * 61 * 3);
    jpegCodec.decodeInto(src, m, asStored, ctx); // header wins: YCbCr passed through as if RGB
    const dst = new Uint8Array(37 * 61 * 3);
    const warnings: string[] = [];
    const r = jpegCodec.decodeInto(src, m, dst, ctx, { colorSignals: "stream", colorSpace: "rgb", onWarning: (w) => warnings.push(w) });
    expect(r.photometricInterpretation).toBe("RGB");
    expect(warnings.join()).toMatch(/the stream's colour space is used/);
    const h = readJpegHeader(src);
    const rgb = new Uint8Array(jpegDecodedBytes(h));
    decodeJpegInto(src, h, rgb, { rgb: true });
    expect(Buffer.compare(dst, rgb)).toBe(0);
    expect(Buffer.compare(asStored, rgb)).not.toBe(0);
  });

  it("colorSignals: \"stream\" applies libjpeg's YCbCr default to a stream without colour markers (GDCM's RGB-labelled JPEG)", () => {
    const jfif = fixture("rgb-444.jpg");
    // Cut the JFIF APP0 segment (FFE0 + length) right after SOI: three components, no marker, ids 1,2,3.
    expect([jfif[2], jfif[3]]).toEqual([0xff, 0xe0]);
    const app0 = 2 + ((jfif[4]! << 8) | jfif[5]!);
    const src = new Uint8Array(jfif.length - app0);
    src.set(jfif.subarray(0, 2));
    src.set(jfif.subarray(2 + app0), 2);
    const m = mod({ rows: 37, columns: 61, samplesPerPixel: 3, photometricInterpretation: "RGB" });
    const byHeader = new Uint8Array(37 * 61 * 3);
    const headerWarnings: string[] = [];
    jpegCodec.decodeInto(src, m, byHeader, ctx, { colorSpace: "rgb", onWarning: (w) => headerWarnings.push(w) });
    expect(headerWarnings).toEqual([]); // no explicit signal: the header is not contradicted
    const byStream = new Uint8Array(37 * 61 * 3);
    const warnings: string[] = [];
    jpegCodec.decodeInto(src, m, byStream, ctx, { colorSignals: "stream", colorSpace: "rgb", onWarning: (w) => warnings.push(w) });
    expect(warnings.join()).toMatch(/libjpeg's default/);
    const rgb = new Uint8Array(37 * 61 * 3);
    decodeJpegInto(jfif, readJpegHeader(jfif), rgb, { rgb: true });
    expect(Buffer.compare(byStream, rgb)).toBe(0);
    expect(Buffer.compare(byHeader, rgb)).not.toBe(0);
  });

  it("geometry mismatches are INVALID_DATA naming the attribute", () => {
    const m = mod({ rows: 38, columns: 61, samplesPerPixel: 3, photometricInterpretation: "YBR_FULL" });
    try {
      jpegCodec.decodeInto(fixture("rgb-444.jpg"), m, new Uint8Array(38 * 61 * 3), ctx);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "INVALID_DATA")).toBe(true);
      expect((e as Error).message).toMatch(/\(0028,0010\) Rows is 38/);
    }
  });

  it("refuses frames over maxFrameBytes before allocating (SIZE_LIMIT), and short destinations", () => {
    const src = fixture("grey.jpg").slice();
    const m = mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2" });
    expect(() => jpegCodec.decodeInto(src, m, new Uint8Array(33 * 50), ctx, { maxFrameBytes: 1000 })).toThrow(/maxFrameBytes/);
    expect(() => jpegCodec.decodeInto(src, m, new Uint8Array(10), ctx)).toThrow(/destination/);
  });

  it("huge SOF dimensions (65535 x 65535) are SIZE_LIMIT before any allocation", () => {
    const src = fixture("grey.jpg").slice();
    let sof = 0;
    while (!(src[sof] === 0xff && src[sof + 1] === 0xc0)) sof++;
    src.set([0xff, 0xff, 0xff, 0xff], sof + 5);
    const m = mod({ rows: 65535, columns: 65535, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2" });
    try {
      jpegCodec.decodeInto(src, m, new Uint8Array(16), ctx);
      expect.unreachable();
    } catch (e) {
      expect(isDicomPixelError(e, "SIZE_LIMIT")).toBe(true);
    }
  });

  it("Bits Stored below the precision clamps (not masks); Pixel Representation 1 sign-extends", () => {
    const src = fixture("grey.jpg");
    const full = new Uint8Array(33 * 50);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2" }), full, ctx);
    const seven = new Uint8Array(33 * 50);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsStored: 7, highBit: 6 }), seven, ctx);
    for (let i = 0; i < full.length; i++) expect(seven[i]).toBe(Math.min(full[i]!, 127));
    const signed = new Uint8Array(33 * 50);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsStored: 7, highBit: 6, pixelRepresentation: 1 }), signed, ctx);
    for (let i = 0; i < full.length; i++) expect(signed[i]).toBe(seven[i]! >= 64 ? seven[i]! | 0x80 : seven[i]);
    // The same in 16-bit cells: sign-extended through bit 15 (two's complement Int16 values).
    const wide = new Uint8Array(33 * 50 * 2);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 7, highBit: 6, pixelRepresentation: 1 }), wide, ctx);
    const w16 = new Int16Array(wide.buffer);
    for (let i = 0; i < full.length; i++) expect(w16[i]).toBe(seven[i]! >= 64 ? seven[i]! - 128 : seven[i]);
  });

  it("8-bit streams in 16-bit cells are widened", () => {
    const src = fixture("grey.jpg");
    const a = new Uint8Array(33 * 50);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2" }), a, ctx);
    const b = new Uint8Array(33 * 50 * 2);
    jpegCodec.decodeInto(src, mod({ rows: 33, columns: 50, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16 }), b, ctx);
    expect(Array.from(new Uint16Array(b.buffer))).toEqual(Array.from(a));
  });

  it("encodeFrame: colour -> YBR_FULL_422 lossy, grey keeps its photometric; unsupported modules are refused", () => {
    const rgb = new Uint8Array(20 * 16 * 3).map((_, i) => (i * 13) & 255);
    const c = jpegCodec.encodeFrame!(rgb, mod({ rows: 16, columns: 20, samplesPerPixel: 3, photometricInterpretation: "RGB" }));
    expect([c.photometricInterpretation, c.planarConfiguration, c.lossy]).toEqual(["YBR_FULL_422", 0, true]);
    const g = jpegCodec.encodeFrame!(rgb.subarray(0, 320), mod({ rows: 16, columns: 20, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME1" }));
    expect(g.photometricInterpretation).toBe("MONOCHROME1");
    expect(() => jpegCodec.encodeFrame!(new Uint8Array(640), mod({ rows: 16, columns: 20, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 12, highBit: 11 }))).toThrow(/Bits Allocated/);
  });
});
