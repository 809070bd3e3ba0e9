/**
 * Every JPEG 2000 file of the shared corpus (.4.90 / .4.91). Lossless references (`frame-hashes`) must match
 * the manifest's `reference.frames` exactly (canonical form); lossy references (`decoded-image`) are compared
 * with the gunzipped reference decode: max |diff| <= 2 (8-bit) or 2^(BitsStored-8)+1, mean <= 0.5, printed.
 * `expectError` files must raise a DicomPixelError. Frames are read through openDicom().readFrame() and the
 * codec (readInfo / decodedSize / decodeInto), and one file through decodeFrame().
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusDir, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { openDicom } from "../../src/part10/open.js";
import { DicomPixelError } from "../../src/errors.js";
import { getCodec } from "../../src/registry.js";
import { decodeFrame } from "../../src/decode.js";
import { jpeg2000Codec, JPEG_2000_LOSSLESS_UID, JPEG_2000_UID } from "../../src/codecs/jpeg2000.js";
import { sha256 } from "../helpers/conformance.js";

const all: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const files = all.filter((e) => e.transferSyntaxUID === JPEG_2000_LOSSLESS_UID || e.transferSyntaxUID === JPEG_2000_UID);

async function decodeAll(input: string): Promise<{ frames: Uint8Array[]; bitsAllocated: number; signed: boolean }> {
  const file = await openDicom(input);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    expect(codec).toBe(jpeg2000Codec);
    const n = module.numberOfFrames;
    const frames: Uint8Array[] = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const { bytes } = await file.readFrame(i, module);
      const context = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i };
      const info = codec.readInfo(bytes, module, context);
      const dst = new Uint8Array(codec.decodedSize(info, module));
      dst.fill(0xa5);
      const r = codec.decodeInto(bytes, module, dst, context);
      expect(r.bytesWritten).toBe(dst.length);
      expect(r.planarConfiguration).toBe(0);
      frames[i] = dst;
    }
    return { frames, bitsAllocated: module.bitsAllocated, signed: module.pixelRepresentation === 1 };
  } finally {
    await file.close();
  }
}

function compareLossy(e: ManifestEntry, got: Uint8Array[], ba: number, signed: boolean): { max: number; mean: number } {
  const ref = gunzipSync(readFileSync(join(corpusDir(), e.reference.file!)));
  const whole = new Uint8Array(got.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of got) {
    whole.set(f, o);
    o += f.length;
  }
  expect(whole.length).toBe(ref.length);
  const read = (b: Uint8Array) =>
    ba === 16 ? (signed ? new Int16Array(b.buffer, b.byteOffset, b.length / 2) : new Uint16Array(b.buffer, b.byteOffset, b.length / 2)) : b;
  const a = read(whole);
  const r = read(new Uint8Array(ref));
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - r[i]!);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe.skipIf(files.length === 0)("JPEG 2000 conformance (shared corpus)", () => {
  beforeAll(setupWasm);

  it("the corpus has the expected files", () => {
    expect(files.length).toBe(35);
  });

  for (const e of files) {
    const cs = e.codestream ?? {};
    const label = `${e.path} (${String(cs.wavelet)}, P ${String(cs.precision)}, ${e.samplesPerPixel} comp)`;
    if (e.expectError) {
      it(`${e.path} is rejected cleanly (${e.reference.reason ?? "expectError"})`, async () => {
        await expect(decodeAll(corpusFile(e))).rejects.toBeInstanceOf(DicomPixelError);
      });
      continue;
    }
    if (e.reference.kind === "frame-hashes") {
      it(`${label} is bit-exact`, async () => {
        const { frames } = await decodeAll(corpusFile(e));
        expect(frames.map(sha256)).toEqual(e.reference.frames);
      });
      if (e.samplesPerPixel === 3 || e.path.includes("emri_small")) {
        it(`${e.path} through decodeFrame() (last frame)`, async () => {
          const file = await openDicom(corpusFile(e));
          try {
            const n = file.pixelModule().numberOfFrames;
            const r = await decodeFrame(file, n - 1);
            expect(sha256(r.bytes)).toBe(e.reference.frames![n - 1]);
            if (e.photometricInterpretation === "YBR_RCT") expect(r.photometricInterpretation).toBe("RGB");
          } finally {
            await file.close();
          }
        });
      }
    } else {
      it(`${label} is within the lossy limits`, async () => {
        const { frames, bitsAllocated, signed } = await decodeAll(corpusFile(e));
        const { max, mean } = compareLossy(e, frames, bitsAllocated, signed);
        const bs = e.bitsStored!;
        const limit = bs <= 8 ? 2 : 2 ** (bs - 8) + 1;
        console.log(`${e.path}: max |diff| ${max}, mean ${mean.toFixed(4)} (limit ${limit}, 0.5)`);
        expect(max).toBeLessThanOrEqual(limit);
        expect(mean).toBeLessThanOrEqual(0.5);
      });
    }
  }
});
