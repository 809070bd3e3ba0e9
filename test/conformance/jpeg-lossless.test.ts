/**
 * Every JPEG Lossless file of the shared corpus, bit-exact against the manifest's `reference.frames`
 * (canonical form: masked to Bits Stored, sign-extended):
 * - the bare `.jpg` codestreams (jpegsuite: precision 2..16, predictors 1-7, restarts, DNL, RGB and YCbCr,
 *   interleaved and one scan per component) through decodeJpegLossless, with DICOM .4.57 semantics;
 * - every .4.57 / .4.70 DICOM file through openDicom().readFrame() and the registered codec, frames in
 *   reverse order (frame access by index), from a path and from an in-memory buffer.
 * `dcmjs/sample-op.dcm` is labelled .4.70 but holds a baseline DCT stream: it is decoded by the DCT codec
 * (as DCMTK does) with a warning, and must equal the manifest's decode.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { decodeAllFrameHashes, sha256 } from "../helpers/conformance.js";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { decodeJpegLossless, JPEG_LOSSLESS_SV1_UID, JPEG_LOSSLESS_UID } from "../../src/codecs/jpeg-lossless.js";

const all: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const bare = all.filter((e) => e.format.startsWith("bare JPEG"));
const dicom = all.filter((e) => e.transferSyntaxUID === JPEG_LOSSLESS_UID || e.transferSyntaxUID === JPEG_LOSSLESS_SV1_UID);

const decodeAll = (input: string | Uint8Array): Promise<string[]> => decodeAllFrameHashes(input, "jpeg-lossless");

describe.skipIf(all.length === 0)("JPEG Lossless conformance (shared corpus)", () => {
  beforeAll(setupWasm);

  it("the corpus has the expected files", () => {
    expect(bare.length).toBe(24);
    expect(dicom.length).toBeGreaterThanOrEqual(23);
  });

  describe("bare codestreams (jpegsuite)", () => {
    for (const e of bare) {
      it(`${e.path} (precision ${e.codestream?.precision}, SV ${JSON.stringify(e.codestream?.predictor)})`, () => {
        const img = decodeJpegLossless(readFileSync(corpusFile(e)));
        expect(img.rows).toBe(e.reference.shape![1]);
        expect(img.columns).toBe(e.columns);
        expect(img.samplesPerPixel).toBe(e.samplesPerPixel);
        expect(img.bitsAllocated).toBe(e.bitsAllocated);
        expect(sha256(img.data)).toBe(e.reference.frames![0]);
      });
      it(`${e.path} through openDicom (bare codestream as a one-frame .4.57 image)`, async () => {
        const hashes = await decodeAll(corpusFile(e));
        expect(hashes).toEqual(e.reference.frames);
      });
    }
  });

  describe("DICOM .4.57 / .4.70 files", () => {
    for (const e of dicom) {
      if (e.lossy) {
        it(`${e.path} (labelled lossless, holds a DCT stream) is decoded by the DCT codec with a warning`, async () => {
          const file = await openDicom(corpusFile(e));
          try {
            const module = file.pixelModule();
            const { bytes } = await file.readFrame(0, module);
            const warnings: string[] = [];
            const ctx = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: 0 };
            const info = getCodec(file.transferSyntaxUID).readInfo(bytes, module, ctx);
            expect(info.details?.sof).toBe(0xc0);
            const dst = new Uint8Array(module.frameByteLength());
            getCodec(file.transferSyntaxUID).decodeInto(bytes, module, dst, ctx, { onWarning: (w) => warnings.push(w) });
            expect(warnings.join()).toMatch(/DCT stream \(SOF0/);
            expect(sha256(dst)).toBe(e.reference.frames![0]);
          } finally {
            await file.close();
          }
        });
        continue;
      }
      it(`${e.path} (BS ${e.bitsStored}, PR ${e.pixelRepresentation}, SV ${JSON.stringify(e.codestream?.predictor)})`, async () => {
        expect(e.reference.kind).toBe("frame-hashes");
        const hashes = await decodeAll(corpusFile(e));
        expect(hashes).toEqual(e.reference.frames);
        // The same from an in-memory buffer.
        expect(await decodeAll(readFileSync(corpusFile(e)))).toEqual(e.reference.frames);
      });
    }
  });
});
