/**
 * Every JPEG-LS file of the shared corpus (.4.80 lossless and .4.81 near-lossless), bit-exact against the
 * manifest's `reference.frames` (canonical form: masked to Bits Stored, sign-extended). Near-lossless
 * decoding is fully specified by T.87, so .81 files must match exactly too. Files the reference tools
 * reject (`expectError`) must raise a DicomPixelError (or, where `lenientDecodes` exist, may return one).
 * Frames are read by index in reverse order, through openDicom().readFrame() and the registered codec, and
 * through decodeFrame().
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { decodeAllFrameHashes, sha256 } from "../helpers/conformance.js";
import { openDicom } from "../../src/part10/open.js";
import { decodeFrame } from "../../src/decode.js";
import { DicomPixelError } from "../../src/errors.js";
import { JPEG_LS_LOSSLESS_UID, JPEG_LS_NEAR_LOSSLESS_UID } from "../../src/codecs/jpeg-ls.js";

const all: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const files = all.filter((e) => e.transferSyntaxUID === JPEG_LS_LOSSLESS_UID || e.transferSyntaxUID === JPEG_LS_NEAR_LOSSLESS_UID);

const decodeAll = (input: string | Uint8Array): Promise<string[]> => decodeAllFrameHashes(input, "jpeg-ls");

describe.skipIf(files.length === 0)("JPEG-LS conformance (shared corpus)", () => {
  beforeAll(setupWasm);

  it("the corpus has the expected files", () => {
    expect(files.length).toBe(32);
  });

  for (const e of files) {
    const near = JSON.stringify(e.codestream?.NEAR);
    const ilv = JSON.stringify(e.codestream?.ILV);
    if (e.expectError) {
      it(`${e.path} is rejected cleanly (${e.reference.reason ?? "expectError"})`, async () => {
        const lenient = (e.reference.lenientDecodes ?? null) as unknown;
        let err: unknown;
        try {
          const hashes = await decodeAll(corpusFile(e));
          // A decode is acceptable only where some reference tool returned pixels anyway.
          expect(lenient, `decoded ${JSON.stringify(hashes)}`).not.toBeNull();
          return;
        } catch (x) {
          err = x;
        }
        expect(err).toBeInstanceOf(DicomPixelError);
      });
      continue;
    }
    it(`${e.path} (P ${e.codestream?.precision}, NEAR ${near}, ILV ${ilv}) from a path`, async () => {
      const hashes = await decodeAll(corpusFile(e));
      expect(hashes).toEqual(e.reference.frames);
    });
    it(`${e.path} through decodeFrame`, async () => {
      const file = await openDicom(corpusFile(e));
      try {
        const n = file.pixelModule().numberOfFrames;
        for (let i = 0; i < n; i++) {
          const r = await decodeFrame(file, i);
          expect(sha256(r.bytes), `frame ${i}`).toBe(e.reference.frames![i]);
        }
      } finally {
        await file.close();
      }
    });
  }

  it("decodes from an in-memory buffer too", async () => {
    const e = files.find((f) => f.path.endsWith("JLSL_RGB_ILV2.dcm"))!;
    const hashes = await decodeAll(new Uint8Array(readFileSync(corpusFile(e))));
    expect(hashes).toEqual(e.reference.frames);
  });
});
