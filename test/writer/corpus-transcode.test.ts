/**
 * Real files: corpus entries of the syntaxes with a decoder (native LE/BE/implicit/deflated, RLE, JPEG
 * Lossless) transcoded to Explicit VR Little/Big Endian, RLE and JPEG Lossless SV1, then decoded frame by frame from the output:
 * every frame's sha256 must equal the manifest's reference (`frames`, produced by DCMTK/GDCM/pydicom).
 */
import { createHash } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { MemorySink } from "../../src/part10/writer/index.js";
import { getCodec, hasCodec } from "../../src/registry.js";
import { transcode } from "../../src/transcode.js";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";

beforeAll(setupWasm);

const SOURCES = new Set([
  "1.2.840.10008.1.2",
  "1.2.840.10008.1.2.1",
  "1.2.840.10008.1.2.1.99",
  "1.2.840.10008.1.2.2",
  "1.2.840.10008.1.2.5",
  "1.2.840.10008.1.2.4.57",
  "1.2.840.10008.1.2.4.70",
]);

function candidates(): ManifestEntry[] {
  if (!corpusAvailable()) return [];
  return loadManifest().filter(
    (e) =>
      e.format === "DICOM" &&
      !e.expectError &&
      !e.lossy &&
      !e.noFileMetaInformation &&
      e.reference.kind === "frame-hashes" &&
      Array.isArray(e.reference.frames) &&
      e.transferSyntaxUID !== null &&
      SOURCES.has(e.transferSyntaxUID) &&
      e.pixelDataElement === undefined &&
      (e as { size?: number }).size !== undefined &&
      (e as { size?: number }).size! < 3_000_000 &&
      !(e as { knownIssue?: string }).knownIssue &&
      !(e.reference as { ambiguous?: boolean }).ambiguous,
  );
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function frameHashes(bytes: Uint8Array): Promise<string[]> {
  const file = await openDicom(bytes);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    const out: string[] = [];
    for (let i = 0; i < file.numberOfFrames; i++) {
      const { bytes: src, bitOffset } = await file.readFrame(i);
      const ctx = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i, bitOffset, pixelDataVR: file.pixelData?.vr, valueByteOffset: i * module.nativeFrameByteLength() };
      const dst = new Uint8Array(codec.decodedSize(codec.readInfo(src, module, ctx), module));
      codec.decodeInto(src, module, dst, ctx);
      out.push(sha256(dst));
    }
    return out;
  } finally {
    await file.close();
  }
}

const entries = candidates();
// A spread over the syntaxes (at most 4 files each, to keep the run short), plus every 1-bit file (frames
// not byte aligned: the writer packs them across frame boundaries) and every big-endian 8-bit file (OW: cells
// come in swapped pairs, and an odd-length frame's last pair holds the padding byte, PS3.5 A.3).
const spread = [...SOURCES].flatMap((ts) => entries.filter((e) => e.transferSyntaxUID === ts).slice(0, 4));
const bigEndian8 = entries.filter((e) => e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated === 8);
const picked = [...new Set([...spread, ...entries.filter((e) => e.bitsAllocated === 1), ...bigEndian8])];

describe.skipIf(picked.length === 0)("corpus files transcoded, decoded frames equal the manifest", () => {
  for (const target of ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.2"]) {
    for (const e of picked) {
      it(`${e.path} -> ${target}`, async () => {
        if (!hasCodec(e.transferSyntaxUID!)) return;
        const sink = new MemorySink();
        try {
          await transcode(corpusFile(e), sink, { transferSyntaxUID: target });
        } catch (err) {
          // Anything an encoder refuses (bit depths, signedness) must be a typed error.
          expect((err as { code?: string }).code, String(err)).toMatch(/UNSUPPORTED_FEATURE|UNSUPPORTED_TRANSFER_SYNTAX/);
          return;
        }
        const hashes = await frameHashes(sink.toUint8Array());
        expect(hashes).toEqual(e.reference.frames);
      });
    }
  }
});
