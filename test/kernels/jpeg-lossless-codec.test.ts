/**
 * The JPEG lossless FrameCodec adapter: registration for .4.57 / .4.70, the precision / Bits Stored rule
 * (follow the stream, then mask and sign-extend), pixel-module mismatches, the size cap before allocation,
 * lenient mode, encoder option validation, and decodeJpegLossless for bare streams.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { DicomPixelError } from "../../src/errors.js";
import { PixelModule } from "../../src/pixel-module.js";
import { getCodec } from "../../src/registry.js";
import {
  decodeJpegLossless,
  encodeJpegLosslessFrame,
  jpegLosslessCodec,
  JPEG_LOSSLESS_SV1_UID,
  JPEG_LOSSLESS_UID,
} from "../../src/codecs/jpeg-lossless.js";
import { refEncode } from "./jpeg-lossless-reference.js";

const ctx = { transferSyntaxUID: JPEG_LOSSLESS_UID, frameIndex: 3 };

function grey(rows: number, cols: number, ba: number, bs: number, pr: 0 | 1): PixelModule {
  return PixelModule.from({ rows, columns: cols, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: ba, bitsStored: bs, highBit: bs - 1, pixelRepresentation: pr });
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DicomPixelError);
    return (e as DicomPixelError).code;
  }
  return "no error";
}

describe("JPEG lossless codec adapter", () => {
  beforeAll(setupWasm);

  it("is registered for .4.57 and .4.70", () => {
    expect(getCodec(JPEG_LOSSLESS_UID)).toBe(jpegLosslessCodec);
    expect(getCodec(JPEG_LOSSLESS_SV1_UID)).toBe(jpegLosslessCodec);
  });

  it("readInfo reports the stream's facts", () => {
    const s = refEncode({ rows: 3, cols: 4, comps: 1, precision: 12, samples: new Array(12).fill(7) }, { predictor: 5, restartInterval: 4 });
    const info = jpegLosslessCodec.readInfo(s, grey(3, 4, 16, 12, 0), ctx);
    expect(info).toMatchObject({ rows: 3, columns: 4, samplesPerPixel: 1, bitsPerSample: 12 });
    expect(info.details).toMatchObject({ predictor: 5, pointTransform: 0, restartInterval: 4, heightFromDnl: false });
  });

  it("precision 16 with Bits Stored 12: follow the stream, then mask to 12 bits", () => {
    const samples = [0x0fff, 0xf123, 0x8000, 0x0001];
    const s = refEncode({ rows: 2, cols: 2, comps: 1, precision: 16, samples });
    const dst = new Uint8Array(8);
    jpegLosslessCodec.decodeInto(s, grey(2, 2, 16, 12, 0), dst, ctx);
    expect(Array.from(new Uint16Array(dst.buffer))).toEqual([0x0fff, 0x0123, 0x0000, 0x0001]);
    // Signed: the 12-bit pattern is sign-extended.
    jpegLosslessCodec.decodeInto(s, grey(2, 2, 16, 12, 1), dst, ctx);
    expect(Array.from(new Int16Array(dst.buffer))).toEqual([-1, 0x123, 0, 1]);
    // raw: cells as decoded.
    jpegLosslessCodec.decodeInto(s, grey(2, 2, 16, 12, 0), dst, ctx, { raw: true });
    expect(Array.from(new Uint16Array(dst.buffer))).toEqual(samples);
  });

  it("16-bit signed: the stream's bit pattern comes back as int16", () => {
    const values = [-32768, -5, 0, 32767];
    const s = refEncode({ rows: 2, cols: 2, comps: 1, precision: 16, samples: values.map((v) => v & 0xffff) }, { predictor: 6 });
    const dst = new Uint8Array(8);
    jpegLosslessCodec.decodeInto(s, grey(2, 2, 16, 16, 1), dst, ctx);
    expect(Array.from(new Int16Array(dst.buffer))).toEqual(values);
  });

  it("precision 8 in 16-bit cells, and precision 12 in 8-bit cells is refused", () => {
    const s8 = refEncode({ rows: 1, cols: 3, comps: 1, precision: 8, samples: [1, 200, 255] });
    const dst = new Uint8Array(6);
    jpegLosslessCodec.decodeInto(s8, grey(1, 3, 16, 8, 0), dst, ctx);
    expect(Array.from(new Uint16Array(dst.buffer))).toEqual([1, 200, 255]);
    const s12 = refEncode({ rows: 1, cols: 3, comps: 1, precision: 12, samples: [1, 2, 3] });
    expect(code(() => jpegLosslessCodec.decodeInto(s12, grey(1, 3, 8, 8, 0), new Uint8Array(3), ctx))).toBe("INVALID_DATA");
  });

  it("stream vs pixel module mismatches name the attribute", () => {
    const s = refEncode({ rows: 2, cols: 3, comps: 1, precision: 8, samples: [1, 2, 3, 4, 5, 6] });
    let err: DicomPixelError | undefined;
    try {
      jpegLosslessCodec.decodeInto(s, grey(3, 3, 8, 8, 0), new Uint8Array(9), ctx);
    } catch (e) {
      err = e as DicomPixelError;
    }
    expect(err?.code).toBe("INVALID_DATA");
    expect(err?.message).toMatch(/\(0028,0010\) Rows says 3/);
    expect(err?.frameIndex).toBe(3);
  });

  it("size cap and destination size are checked before decoding", () => {
    const s = refEncode({ rows: 4, cols: 4, comps: 1, precision: 8, samples: new Array(16).fill(9) });
    expect(code(() => jpegLosslessCodec.decodeInto(s, grey(4, 4, 8, 8, 0), new Uint8Array(16), ctx, { maxFrameBytes: 15 }))).toBe("SIZE_LIMIT");
    expect(code(() => jpegLosslessCodec.decodeInto(s, grey(4, 4, 8, 8, 0), new Uint8Array(15), ctx))).toBe("DESTINATION_TOO_SMALL");
  });

  it("a truncated stream is an error, or a warning in lenient mode", () => {
    const samples = Array.from({ length: 64 }, (_, i) => (i * 37) & 255);
    const s = refEncode({ rows: 8, cols: 8, comps: 1, precision: 8, samples });
    const cut = s.subarray(0, s.length - 12);
    expect(code(() => jpegLosslessCodec.decodeInto(cut, grey(8, 8, 8, 8, 0), new Uint8Array(64), ctx))).toBe("TRUNCATED");
    const warnings: string[] = [];
    jpegLosslessCodec.decodeInto(cut, grey(8, 8, 8, 8, 0), new Uint8Array(64), ctx, { lenient: true, onWarning: (m) => warnings.push(m) });
    expect(warnings.join(" ")).toMatch(/frame 3/);
  });

  it("encoder: .4.70 forces selection value 1, option ranges are checked", () => {
    const m = grey(4, 4, 16, 12, 0);
    const f = new Uint8Array(32);
    expect(code(() => encodeJpegLosslessFrame(f, m, { transferSyntaxUID: JPEG_LOSSLESS_SV1_UID, predictor: 2 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => encodeJpegLosslessFrame(f, m, { predictor: 8 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => encodeJpegLosslessFrame(f, m, { pointTransform: 12 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => encodeJpegLosslessFrame(f, m, { restartInterval: 3 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => encodeJpegLosslessFrame(f.subarray(0, 31), m))).toBe("INVALID_ARGUMENT");
    expect(code(() => encodeJpegLosslessFrame(f, grey(4, 4, 16, 1, 0)))).toBe("UNSUPPORTED_FEATURE");
    const h = jpegLosslessCodec.readInfo(encodeJpegLosslessFrame(f, m, { transferSyntaxUID: JPEG_LOSSLESS_SV1_UID }).data, m, ctx);
    expect(h.details).toMatchObject({ predictor: 1 });
  });

  it("fixtures from DCMTK's encoder (test/fixtures/jpeg-lossless/README.md) decode to the corpus hashes", () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/jpeg-lossless/${name}`, import.meta.url));
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    const ct = PixelModule.from({ rows: 128, columns: 128, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1 });
    const d1 = new Uint8Array(ct.frameByteLength());
    jpegLosslessCodec.decodeInto(fixture("CT_small_dcmcjpeg_sv6.jpg"), ct, d1, ctx);
    expect(sha(d1)).toBe("7a481f6ffff833aef4d8bd54819bd8f472aaa7232090208e056c90eacf079926");
    const rgb = PixelModule.from({ rows: 100, columns: 100, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
    const d2 = new Uint8Array(rgb.frameByteLength());
    jpegLosslessCodec.decodeInto(fixture("SC_rgb_dcmcjpeg_sv7.jpg"), rgb, d2, ctx);
    expect(sha(d2)).toBe("169e619557b12114a7f0be8602026e9abb3d5045804311736ec14cecb026aca9");
  });

  it("decodeJpegLossless: bare streams with .4.57 semantics, signed option", () => {
    const s = refEncode({ rows: 1, cols: 3, comps: 1, precision: 10, samples: [0, 1023, 512] });
    const img = decodeJpegLossless(s);
    expect([img.rows, img.columns, img.bitsAllocated, img.precision]).toEqual([1, 3, 16, 10]);
    expect(Array.from(new Uint16Array(img.data.buffer))).toEqual([0, 1023, 512]);
    const signed = decodeJpegLossless(s, { signed: true });
    expect(Array.from(new Int16Array(signed.data.buffer))).toEqual([0, -1, -512]);
    expect(code(() => decodeJpegLossless(s, { maxFrameBytes: 5 }))).toBe("SIZE_LIMIT");
  });
});
