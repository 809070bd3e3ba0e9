/**
 * Every DICOM file's Image Pixel module as listed in the corpus manifest validates (strictly), and the
 * malformed ones fail with the right code. The attribute values come from the manifest, not from our reader.
 */
import { describe, expect, it } from "vitest";
import { PixelModule } from "../../src/pixel-module.js";
import { DicomPixelError } from "../../src/errors.js";
import { corpusAvailable, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

/** Files whose pixel module itself is invalid per the manifest, with the code we must raise. */
const INVALID_MODULE: Record<string, string> = {
  "cornerstone3D/no-pixel-data.dcm": "MISSING_ATTRIBUTE", // no Image Pixel attributes at all
  "pydicom/badVR.dcm": "INVALID_ATTRIBUTE", // Number of Frames "1A"
};

function attrs(e: ManifestEntry) {
  return {
    rows: e.rows ?? undefined,
    columns: e.columns ?? undefined,
    samplesPerPixel: e.samplesPerPixel ?? undefined,
    photometricInterpretation: e.photometricInterpretation ?? undefined,
    planarConfiguration: e.planarConfiguration,
    numberOfFrames: e.numberOfFrames,
    bitsAllocated: e.bitsAllocated ?? undefined,
    bitsStored: e.bitsStored,
    highBit: e.highBit,
    pixelRepresentation: e.pixelRepresentation,
    pixelDataElement: e.pixelDataElement as "FloatPixelData" | "DoubleFloatPixelData" | undefined,
  };
}

describe.runIf(corpusAvailable())("pixel modules of the conformance corpus", () => {
  const entries = corpusAvailable() ? loadManifest().filter((e) => e.format === "DICOM") : [];
  it("has the DICOM files", () => {
    expect(entries.length).toBeGreaterThan(200);
  });
  for (const e of entries) {
    const code = INVALID_MODULE[e.path];
    it(`${e.path}: ${code ? `rejected with ${code}` : "validates"}`, () => {
      if (code) {
        try {
          PixelModule.from(attrs(e));
          expect.unreachable();
        } catch (err) {
          expect(err).toBeInstanceOf(DicomPixelError);
          expect((err as DicomPixelError).code).toBe(code);
        }
        return;
      }
      const pm = PixelModule.from(attrs(e));
      expect(pm.rows).toBe(e.rows);
      expect(pm.columns).toBe(e.columns);
      expect(pm.numberOfFrames).toBe(Number(e.numberOfFrames ?? 1));
      const shape = e.reference.shape;
      if (shape && e.reference.kind !== "error") {
        expect(pm.pixelsPerFrame() * pm.samplesPerPixel).toBe(shape[1]! * shape[2]! * shape[3]!);
      }
    });
  }
});
