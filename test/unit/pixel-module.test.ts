import { describe, expect, it } from "vitest";
import { PixelModule, type PixelModuleAttributes } from "../../src/pixel-module.js";
import { DicomPixelError } from "../../src/errors.js";

const ct: PixelModuleAttributes = {
  rows: 512,
  columns: 512,
  samplesPerPixel: 1,
  photometricInterpretation: "MONOCHROME2",
  bitsAllocated: 16,
  bitsStored: 12,
  highBit: 11,
  pixelRepresentation: 0,
};
const rgb: PixelModuleAttributes = {
  rows: 960,
  columns: 1280,
  samplesPerPixel: 3,
  photometricInterpretation: "RGB",
  planarConfiguration: 0,
  numberOfFrames: 200,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
};

/** Asserts that validation fails with `code` and a message containing every fragment. */
function expectRejected(attrs: PixelModuleAttributes, code: string, ...fragments: string[]) {
  let error: unknown;
  try {
    PixelModule.from(attrs);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DicomPixelError);
  const e = error as DicomPixelError;
  expect(e.code).toBe(code);
  for (const f of fragments) expect(e.message).toContain(f);
}

describe("PixelModule validation (PS3.3 C.7.6.3)", () => {
  it("accepts a 12-bit CT and derives sizes", () => {
    const pm = PixelModule.from(ct);
    expect(pm.numberOfFrames).toBe(1);
    expect(pm.frameByteLength()).toBe(512 * 512 * 2);
    expect(pm.expectedNativeLength()).toEqual({ bytes: 524288, padded: 524288 });
    expect(pm.frameArrayType()).toBe(Uint16Array);
    expect(pm.warnings).toEqual([]);
  });

  it("derives sizes of the reference workload: 737,280,000 bytes for 200 RGB frames", () => {
    const pm = PixelModule.from(rgb);
    expect(pm.frameByteLength()).toBe(1280 * 960 * 3);
    expect(pm.expectedNativeLength().bytes).toBe(737_280_000);
  });

  it("Rows and Columns must be 1..65535", () => {
    expectRejected({ ...ct, rows: 0 }, "INVALID_ATTRIBUTE", "(0028,0010) Rows 0 is invalid", "between 1 and 65535");
    expectRejected({ ...ct, columns: 65536 }, "INVALID_ATTRIBUTE", "(0028,0011) Columns 65536", "between 1 and 65535");
    expectRejected({ ...ct, rows: undefined }, "MISSING_ATTRIBUTE", "(0028,0010) Rows is missing");
  });

  it("Samples per Pixel must match the Photometric Interpretation", () => {
    expectRejected({ ...ct, samplesPerPixel: 3 }, "INVALID_ATTRIBUTE", "(0028,0002) Samples per Pixel 3", "must be 1 for Photometric Interpretation MONOCHROME2");
    expectRejected({ ...rgb, samplesPerPixel: 1 }, "INVALID_ATTRIBUTE", "Samples per Pixel 1", "must be 3 for Photometric Interpretation RGB");
    expectRejected({ ...ct, photometricInterpretation: "GREY" }, "INVALID_ATTRIBUTE", '(0028,0004) Photometric Interpretation "GREY"');
  });

  it("Planar Configuration is required with more than one sample, and must be 0 or 1", () => {
    expectRejected({ ...rgb, planarConfiguration: undefined }, "MISSING_ATTRIBUTE", "(0028,0006) Planar Configuration is missing", "Samples per Pixel is 3");
    expectRejected({ ...rgb, planarConfiguration: 2 }, "INVALID_ATTRIBUTE", "(0028,0006) Planar Configuration 2", "0 (colour-by-pixel) or 1");
    // Ignored for one sample per pixel.
    expect(PixelModule.from({ ...ct, planarConfiguration: 1 }).planarConfiguration).toBe(0);
  });

  it("Bits Allocated must be 1 or a multiple of 8", () => {
    expectRejected({ ...ct, bitsAllocated: 12, bitsStored: 12, highBit: 11 }, "INVALID_ATTRIBUTE", "(0028,0100) Bits Allocated 12", "1 or a multiple of 8");
    expectRejected({ ...ct, bitsAllocated: 24, bitsStored: 24, highBit: 23 }, "UNSUPPORTED_FEATURE", "(0028,0100) Bits Allocated 24");
  });

  it("Bits Stored must be 1..Bits Allocated: the DVTK case 24 bits stored in 8 allocated", () => {
    expectRejected(
      { ...ct, bitsAllocated: 8, bitsStored: 24, highBit: 7 },
      "INVALID_ATTRIBUTE",
      "(0028,0101) Bits Stored 24 is invalid: must be between 1 and Bits Allocated (8)",
    );
    expectRejected({ ...ct, bitsStored: 0 }, "INVALID_ATTRIBUTE", "(0028,0101) Bits Stored 0");
  });

  it("High Bit must be between Bits Stored - 1 and Bits Allocated - 1", () => {
    expectRejected({ ...ct, highBit: 16 }, "INVALID_ATTRIBUTE", "(0028,0102) High Bit 16", "between Bits Stored - 1 (11) and Bits Allocated - 1 (15)");
    expectRejected({ ...ct, highBit: 10 }, "INVALID_ATTRIBUTE", "(0028,0102) High Bit 10");
    // Bits Stored 12 at High Bit 15 (stored bits in the top of the cell) is legal.
    expect(PixelModule.from({ ...ct, highBit: 15 }).highBit).toBe(15);
  });

  it("Pixel Representation must be 0 or 1", () => {
    expectRejected({ ...ct, pixelRepresentation: 2 }, "INVALID_ATTRIBUTE", "(0028,0103) Pixel Representation 2", "0 (unsigned) or 1");
    expect(PixelModule.from({ ...ct, pixelRepresentation: 1 }).frameArrayType()).toBe(Int16Array);
  });

  it("Number of Frames: IS text tolerated, must be >= 1, non-numbers rejected", () => {
    expect(PixelModule.from({ ...ct, numberOfFrames: " 10 " }).numberOfFrames).toBe(10);
    expect(PixelModule.from({ ...ct, numberOfFrames: "7\0" }).numberOfFrames).toBe(7);
    expectRejected({ ...ct, numberOfFrames: "1A" }, "INVALID_ATTRIBUTE", '(0028,0008) Number of Frames "1A"', "must be an integer");
    expectRejected({ ...ct, numberOfFrames: 0 }, "INVALID_ATTRIBUTE", "(0028,0008) Number of Frames 0", "1 or more");
  });

  it("1-bit data: frames are not byte aligned; one sample only", () => {
    const pm = PixelModule.from({ ...ct, rows: 3, columns: 3, numberOfFrames: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    expect(pm.nativeFrameBitLength()).toBe(9);
    expect(pm.expectedNativeLength()).toEqual({ bytes: 4, padded: 4 }); // 27 bits
    expect(pm.frameByteLength()).toBe(9); // unpacked, one byte per pixel
    expectRejected({ ...rgb, bitsAllocated: 1, bitsStored: 1, highBit: 0 }, "INVALID_ATTRIBUTE", "Samples per Pixel 3", "Bits Allocated is 1");
  });

  it("odd native length is padded to even (PS3.5 7.1.1)", () => {
    const pm = PixelModule.from({ ...ct, rows: 3, columns: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    expect(pm.expectedNativeLength()).toEqual({ bytes: 9, padded: 10 });
  });

  it("native YBR_FULL_422 stores two samples per pixel", () => {
    const pm = PixelModule.from({ ...rgb, photometricInterpretation: "YBR_FULL_422", numberOfFrames: 1 });
    expect(pm.nativeFrameByteLength()).toBe(1280 * 960 * 2);
    expect(pm.frameByteLength()).toBe(1280 * 960 * 3);
  });

  it("Float and Double Float Pixel Data", () => {
    const f = PixelModule.from({ rows: 2, columns: 2, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 32, pixelDataElement: "FloatPixelData" });
    expect(f.frameArrayType()).toBe(Float32Array);
    expect(f.bitsStored).toBe(32);
    const d = PixelModule.from({ rows: 2, columns: 2, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 64, pixelDataElement: "DoubleFloatPixelData" });
    expect(d.frameByteLength()).toBe(32);
    expectRejected({ rows: 2, columns: 2, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, pixelDataElement: "FloatPixelData" }, "INVALID_ATTRIBUTE", "must be 32 for Float Pixel Data");
  });

  it("accepts a dcmjs naturalized data set (PascalCase keywords, arrays, strings)", () => {
    const pm = PixelModule.from({
      Rows: 4,
      Columns: 5,
      SamplesPerPixel: 3,
      PhotometricInterpretation: "YBR_FULL ",
      PlanarConfiguration: 1,
      NumberOfFrames: "2",
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PatientName: [{ Alphabetic: "X" }],
    });
    expect(pm.photometricInterpretation).toBe("YBR_FULL");
    expect(pm.planarConfiguration).toBe(1);
    expect(pm.numberOfFrames).toBe(2);
  });

  it("lenient mode turns documented deviations into warnings", () => {
    const pm = PixelModule.from({ ...rgb, planarConfiguration: undefined, numberOfFrames: 0 }, { lenient: true });
    expect(pm.planarConfiguration).toBe(0);
    expect(pm.numberOfFrames).toBe(1);
    expect(pm.warnings.map((w) => w.tag)).toEqual(["(0028,0006)", "(0028,0008)"]);
    const grey = PixelModule.from({ rows: 2, columns: 2, bitsAllocated: 16 }, { lenient: true });
    expect(grey.photometricInterpretation).toBe("MONOCHROME2");
    expect(grey.bitsStored).toBe(16);
    expect(grey.highBit).toBe(15);
    // Never relaxed:
    expect(() => PixelModule.from({ ...ct, bitsStored: 17 }, { lenient: true })).toThrow(/Bits Stored 17/);
  });

  it("with() revalidates a changed module", () => {
    const pm = PixelModule.from(rgb).with({ photometricInterpretation: "YBR_FULL_422" });
    expect(pm.photometricInterpretation).toBe("YBR_FULL_422");
    expect(() => PixelModule.from(rgb).with({ samplesPerPixel: 1 })).toThrow(DicomPixelError);
  });
});
