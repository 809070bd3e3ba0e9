/**
 * Corpus check of YBR_FULL -> RGB: for every lossy JPEG file with `rgbFrames`, the canonical YCbCr reference
 * decode (`reference.file`, made by DCMTK and agreed by GDCM and libjpeg-turbo) converted by us must hash to
 * the `rgbFrames` that DCMTK `dcmdjpeg +cp` (libijg's own YCbCr -> RGB) produced. Both sides are independent
 * of our decoder: this isolates the colour arithmetic.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { convertColorSpace, toRgb } from "../../src/transforms/color.js";
import { openDicom } from "../../src/part10/open.js";
import { FAST_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { corpusAvailable, corpusDir, corpusFile, loadManifest } from "../helpers/corpus.js";
import { sha256 } from "../helpers/conformance.js";

/**
 * Files where the reference decoder (DCMTK, the only tool that decodes them) zero-filled part of some frames:
 * there the `rgbFrames` hold RGB 0,0,0 for YCbCr 0,0,0, which no YCbCr -> RGB conversion produces (it gives
 * 0,135,0). Those pixels are excluded; all the others must match.
 */
const ZERO_FILLED_FRAMES = new Set(["fo-dicom/multiframe.dcm"]);

describe.each(FAST_FLAVOURS)("corpus colour conversions (%s kernels)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  const entries = corpusAvailable() ? loadManifest().filter((e) => e.reference.rgbFrames && e.reference.file) : [];

  describe.skipIf(!corpusAvailable())("YBR_FULL -> RGB on the corpus reference decodes", () => {
    it("finds the files with rgbFrames", () => {
      expect(entries.length).toBeGreaterThanOrEqual(10);
    });

    for (const e of entries) {
      it(`${e.path} (${e.photometricInterpretation}, ${e.reference.shape?.join("x")})`, () => {
        const file = join(corpusDir(), e.reference.file!);
        expect(existsSync(file)).toBe(true);
        const ycc = gunzipSync(readFileSync(file));
        const [frames, rows, columns, spp] = e.reference.shape!;
        expect(spp).toBe(3);
        const frameBytes = rows! * columns! * 3 * (e.bitsAllocated === 16 ? 2 : 1);
        expect(ycc.length).toBe(frames! * frameBytes);
        // The reference YCbCr is already at full resolution (the decoder's fancy up-sampling), so it is YBR_FULL.
        const got: string[] = [];
        const dst = new Uint8Array(frameBytes);
        const rgbRef = e.reference.rgbFile ? gunzipSync(readFileSync(join(corpusDir(), e.reference.rgbFile))) : undefined;
        let zeroFilled = 0;
        for (let f = 0; f < frames!; f++) {
          const frame = ycc.subarray(f * frameBytes, (f + 1) * frameBytes);
          const r = toRgb(frame, "YBR_FULL", { rows: rows!, columns: columns!, bitsAllocated: e.bitsAllocated!, bitsStored: e.bitsStored! }, { dst });
          expect(r.photometricInterpretation).toBe("RGB");
          expect(r.planarConfiguration).toBe(0);
          const h = sha256(r.data);
          if (h !== e.reference.rgbFrames![f] && rgbRef && ZERO_FILLED_FRAMES.has(e.path)) {
            // DCMTK left part of these frames undecoded and zero-filled in both runs (YCbCr 0,0,0 and RGB 0,0,0):
            // every other pixel must still match exactly.
            const ref = rgbRef.subarray(f * frameBytes, (f + 1) * frameBytes);
            let bad = 0;
            for (let i = 0; i < frameBytes; i += 3) {
              const blank = frame[i] === 0 && frame[i + 1] === 0 && frame[i + 2] === 0 && ref[i] === 0 && ref[i + 1] === 0 && ref[i + 2] === 0;
              if (!blank && (r.data[i] !== ref[i] || r.data[i + 1] !== ref[i + 1] || r.data[i + 2] !== ref[i + 2])) bad++;
            }
            expect(bad, `frame ${f}: pixels differing outside the zero-filled area`).toBe(0);
            zeroFilled++;
            got.push(e.reference.rgbFrames![f]!);
            continue;
          }
          got.push(h);
        }
        expect(got).toEqual(e.reference.rgbFrames);
        // Only the file known for it has zero-filled frames (14 of 140 frames in fo-dicom/multiframe.dcm).
        if (!ZERO_FILLED_FRAMES.has(e.path)) expect(zeroFilled).toBe(0);
      });
    }
  });

  const native422 = corpusAvailable()
    ? loadManifest().filter((e) => e.photometricInterpretation === "YBR_FULL_422" && e.transferSyntaxUID === "1.2.840.10008.1.2.1")
    : [];

  describe.skipIf(!corpusAvailable())("native YBR_FULL_422 expansion (replication) on the corpus", () => {
    it("finds the native 4:2:2 files", () => expect(native422.length).toBeGreaterThanOrEqual(1));
    for (const e of native422) {
      it(`${e.path}: expanded frames hash to reference.frames`, async () => {
        const file = await openDicom(corpusFile(e));
        try {
          const module = file.pixelModule({ lenient: true });
          const got: string[] = [];
          for (let f = 0; f < module.numberOfFrames; f++) {
            const { bytes } = await file.readFrame(f, module);
            const r = convertColorSpace(bytes, "YBR_FULL_422", "YBR_FULL", { rows: module.rows, columns: module.columns, bitsAllocated: module.bitsAllocated });
            expect(r.photometricInterpretation).toBe("YBR_FULL");
            got.push(sha256(r.data));
          }
          expect(got).toEqual(e.reference.frames);
        } finally {
          await file.close();
        }
      });
    }
  });
});
