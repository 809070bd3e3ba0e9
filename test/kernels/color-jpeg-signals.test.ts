/**
 * JPEG colour signals: synthetic headers built here byte by byte (T.81 B.2, JFIF APP0, Adobe APP14), and the
 * corpus JPEG streams, whose APP0/APP14 markers and sampling factors the manifest lists from an independent
 * parse.
 */
import { describe, expect, it } from "vitest";
import { readJpegColourSignals, resolveJpegPhotometric } from "../../src/transforms/jpeg-colour-signals.js";
import { openDicom } from "../../src/part10/open.js";
import { isDicomPixelError } from "../../src/errors.js";
import { corpusAvailable, corpusFile, loadManifest } from "../helpers/corpus.js";

const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
const jfif = seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const adobe = (t: number) => seg(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, t]);
const sof = (ids: number[], marker = 0xc0) => seg(marker, [8, 0, 16, 0, 16, ids.length, ...ids.flatMap((id, i) => [id, i === 0 ? 0x21 : 0x11, 0])]);
const stream = (...parts: number[][]) => Uint8Array.from([0xff, 0xd8, ...parts.flat(), 0xff, 0xda, 0, 2]);

describe("readJpegColourSignals (libjpeg's rules)", () => {
  it("JFIF means YCbCr whatever the ids", () => {
    const s = readJpegColourSignals(stream(jfif, sof([0x52, 0x47, 0x42])));
    expect([s.colourSpace, s.decidedBy, s.jfif]).toEqual(["YCbCr", "jfif", true]);
    expect(s.sampling).toEqual([[2, 1], [1, 1], [1, 1]]);
  });
  it("Adobe APP14 transform 0 means RGB, 1 YCbCr", () => {
    expect(readJpegColourSignals(stream(adobe(0), sof([1, 2, 3]))).colourSpace).toBe("RGB");
    expect(readJpegColourSignals(stream(adobe(1), sof([0x52, 0x47, 0x42]))).colourSpace).toBe("YCbCr");
  });
  it("without markers, ids R,G,B mean RGB and 1,2,3 YCbCr; 1 and 4 components", () => {
    expect(readJpegColourSignals(stream(sof([0x52, 0x47, 0x42]))).colourSpace).toBe("RGB");
    expect(readJpegColourSignals(stream(sof([1, 2, 3]))).decidedBy).toBe("default");
    // A short APP14 (no transform byte, as in pydicom/SC_rgb_jpeg.dcm) is ignored, as libjpeg does.
    const short = readJpegColourSignals(stream(seg(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0, 0, 0, 0, 0]), sof([0x52, 0x47, 0x42])));
    expect([short.adobeMarker, short.adobeTransform, short.colourSpace]).toEqual([true, null, "RGB"]);
    expect(readJpegColourSignals(stream(sof([1]))).colourSpace).toBe("grayscale");
    expect(readJpegColourSignals(stream(adobe(2), sof([1, 2, 3, 4]))).colourSpace).toBe("YCCK");
  });
  it("reports mismatches against the header, honours the stream on request", () => {
    const ycc = stream(jfif, sof([1, 2, 3]));
    const a = resolveJpegPhotometric("RGB", ycc);
    expect([a.mismatch, a.photometricInterpretation]).toEqual([true, "RGB"]);
    expect(a.message).toMatch(/YCbCr.*RGB/);
    expect(resolveJpegPhotometric("RGB", ycc, "stream").photometricInterpretation).toBe("YBR_FULL");
    expect(resolveJpegPhotometric("YBR_FULL_422", stream(adobe(0), sof([1, 2, 3])), "stream").photometricInterpretation).toBe("RGB");
    expect(resolveJpegPhotometric("YBR_FULL_422", ycc).mismatch).toBe(false);
    // no signal at all: libjpeg's YCbCr default is a guess, the header stands
    expect(resolveJpegPhotometric("RGB", stream(sof([0, 1, 2]))).mismatch).toBe(false);
    // lossless (SOF3) is never judged
    expect(resolveJpegPhotometric("RGB", stream(jfif, sof([1, 2, 3], 0xc3))).mismatch).toBe(false);
  });
  it("malformed headers raise clean errors", () => {
    const code = (b: Uint8Array) => {
      try {
        readJpegColourSignals(b);
      } catch (e) {
        return isDicomPixelError(e) ? e.code : String(e);
      }
      return "none";
    };
    expect(code(Uint8Array.of(0, 1))).toBe("JPEG_INVALID_MARKER");
    expect(code(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 40, 1))).toBe("TRUNCATED");
    expect(code(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toBe("JPEG_NO_FRAME");
  });
});

const jpegs = corpusAvailable()
  ? loadManifest().filter((e) => e.format === "DICOM" && (e.codestream as { type?: string } | null)?.type === "JPEG" && !e.expectError)
  : [];

describe.skipIf(!corpusAvailable())("corpus JPEG streams", () => {
  it("finds them", () => expect(jpegs.length).toBeGreaterThan(20));
  for (const e of jpegs) {
    it(`${e.path}: markers and sampling as the manifest lists them; no mismatch with the header`, async () => {
      const cs = e.codestream as { APP0?: string; APP14?: string; samplingFactors?: number[][]; components?: number };
      const file = await openDicom(corpusFile(e));
      try {
        const { bytes } = await file.readFrame(0);
        const s = readJpegColourSignals(bytes);
        expect(s.jfif).toBe(cs.APP0 === "JFIF");
        expect(s.adobeMarker).toBe(cs.APP14 === "Adobe");
        expect(s.componentIds.length).toBe(cs.components);
        if (cs.samplingFactors) expect(s.sampling).toEqual(cs.samplingFactors);
        const pi = e.photometricInterpretation as "RGB";
        expect(resolveJpegPhotometric(pi, bytes).mismatch).toBe(false);
      } finally {
        await file.close();
      }
    });
  }
});
