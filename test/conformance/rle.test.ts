/**
 * Every RLE Lossless (.5) file of the shared corpus through openDicom/readFrame and the registered codec:
 * each frame's canonical decode must hash to the manifest's `reference.frames` (DCMTK and pydicom agree;
 * GDCM 3.0.21 is wrong on 16/32-bit RGB and is not the reference there). Files marked expectError must be
 * rejected with a DicomPixelError. Each file is read from a path (frames in reverse order, so that frame
 * access by index is exercised), from an in-memory buffer and from a one-pass stream.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { isDicomPixelError } from "../../src/errors.js";
import { RLE_LOSSLESS_UID } from "../../src/codecs/rle.js";
import { sha256 } from "../helpers/conformance.js";

const entries: ManifestEntry[] = corpusAvailable() ? loadManifest().filter((e) => e.transferSyntaxUID === RLE_LOSSLESS_UID) : [];

async function decodeAll(input: string | Uint8Array | ReadableStream<Uint8Array>, order: "forward" | "reverse", planar = false): Promise<string[]> {
  const file = await openDicom(input);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    const n = module.numberOfFrames;
    const hashes: string[] = new Array(n);
    const dst = new Uint8Array(module.frameByteLength());
    const indices = Array.from({ length: n }, (_, i) => (order === "forward" ? i : n - 1 - i));
    for (const i of indices) {
      const { bytes } = await file.readFrame(i, module);
      const context = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i };
      codec.readInfo(bytes, module, context);
      const r = codec.decodeInto(bytes, module, dst, context, planar ? { planar: "preserve" } : {});
      expect(r.bytesWritten).toBe(dst.length);
      hashes[i] = sha256(dst);
    }
    return hashes;
  } finally {
    await file.close();
  }
}

describe.skipIf(entries.length === 0)("RLE Lossless conformance (shared corpus)", () => {
  beforeAll(setupWasm);

  it("the corpus has RLE files", () => {
    expect(entries.length).toBeGreaterThan(20);
  });

  for (const e of entries) {
    if (e.expectError || e.reference.kind === "error") {
      it(`${e.path} is rejected with a DicomPixelError`, async () => {
        let error: unknown;
        try {
          await decodeAll(corpusFile(e), "forward");
        } catch (err) {
          error = err;
        }
        expect(isDicomPixelError(error), String(error)).toBe(true);
        expect((error as { code?: string }).code).not.toBe("INTERNAL_ERROR");
      });
      continue;
    }
    it(`${e.path}: every frame matches reference.frames (by path, reverse frame order)`, async () => {
      expect(await decodeAll(corpusFile(e), "reverse")).toEqual(e.reference.frames);
    });
    it(`${e.path}: from an in-memory buffer`, async () => {
      expect(await decodeAll(readFileSync(corpusFile(e)), "forward")).toEqual(e.reference.frames);
    });
    it(`${e.path}: from a one-pass stream (1 KiB chunks)`, async () => {
      const bytes = readFileSync(corpusFile(e));
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(at, at + 1024));
          at += 1024;
        },
      });
      expect(await decodeAll(stream, "forward")).toEqual(e.reference.frames);
    });
    if (e.reference.framesPlanar) {
      it(`${e.path}: planar: "preserve" matches reference.framesPlanar`, async () => {
        expect(await decodeAll(corpusFile(e), "forward", true)).toEqual(e.reference.framesPlanar);
      });
    }
  }
});
