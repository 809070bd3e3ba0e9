/**
 * Every JPEG-LS file of the shared corpus (.4.80 lossless and .4.81 near-lossless), bit-exact against the
 * manifest's `reference.frames` (canonical form: masked to Bits Stored, sign-extended). Near-lossless
 * decoding is fully specified by T.87, so .81 files must match exactly too. Files the reference tools
 * reject (`expectError`) must raise a DicomPixelError (or, where `lenientDecodes` exist, may return one).
 * Frames are read by index in reverse order, through openDicom().readFrame() and the registered codec, and
 * through decodeFrame().
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { decodeFrame } from "../../src/decode.js";
import { DicomPixelError } from "../../src/errors.js";
import { JPEG_LS_LOSSLESS_UID, JPEG_LS_NEAR_LOSSLESS_UID } from "../../src/codecs/jpeg-ls.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const all: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const files = all.filter((e) => e.transferSyntaxUID === JPEG_LS_LOSSLESS_UID || e.transferSyntaxUID === JPEG_LS_NEAR_LOSSLESS_UID);

async function decodeAll(input: string | Uint8Array): Promise<string[]> {
  const file = await openDicom(input);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    expect(codec.name).toBe("jpeg-ls");
    const n = module.numberOfFrames;
    const hashes: string[] = new Array(n);
    const dst = new Uint8Array(module.frameByteLength());
    for (let i = n - 1; i >= 0; i--) {
      const { bytes } = await file.readFrame(i, module);
      const context = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i };
      const info = codec.readInfo(bytes, module, context);
      expect(codec.decodedSize(info, module)).toBe(dst.length);
      dst.fill(0xa5);
      const r = codec.decodeInto(bytes, module, dst, context);
      expect(r.bytesWritten).toBe(dst.length);
      expect(r.planarConfiguration).toBe(0);
      hashes[i] = sha256(dst);
    }
    return hashes;
  } finally {
    await file.close();
  }
}

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
