/**
 * Shared scaffolding of the manifest-driven conformance tests (test/conformance/*.test.ts): the frame hash
 * and the "decode every frame through the registered codec" loop they compare against `reference.frames`.
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";

/** Hex sha256 of a decoded frame (the manifest's `reference.frames` entries). */
export const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/**
 * Opens `input`, checks that the registered codec for its transfer syntax is `codecName`, and decodes every
 * frame by index in reverse order through readInfo/decodedSize/decodeInto into one reused destination
 * (pre-filled with 0xA5 each time), asserting the full frame is written colour-by-pixel.
 * @returns the sha256 of each frame in canonical form, in frame order
 */
export async function decodeAllFrameHashes(input: string | Uint8Array, codecName: string): Promise<string[]> {
  const file = await openDicom(input);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    expect(codec.name).toBe(codecName);
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
