/**
 * Write -> read round trips through the Part 10 reader for every native transfer syntax, rewrite byte-exactness,
 * and native -> native transcoding preserving pixels. Expected pixels are the generated frames (plain TS).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { MemorySink, writeDicom } from "../../src/part10/writer/index.js";
import { getCodec } from "../../src/registry.js";
import { transcode } from "../../src/transcode.js";
import { setupWasm } from "../helpers/wasm.js";
import { dcmdump, frameBytes, smallDataSet, tempDir, TS, type SmallImage } from "./helpers.js";

const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

const IMAGES: Record<string, SmallImage> = {
  mono16: { rows: 5, columns: 7, samples: 1, bitsAllocated: 16, bitsStored: 12, frames: 3 },
  rgb8: { rows: 4, columns: 3, samples: 3, bitsAllocated: 8, frames: 2 },
  mono8odd: { rows: 3, columns: 3, samples: 1, bitsAllocated: 8, frames: 1 },
};

async function writeImage(path: string, img: SmallImage, uid: string): Promise<Uint8Array[]> {
  const frames = Array.from({ length: img.frames }, (_, i) => frameBytes(img, i));
  const byteLength = frames.reduce((n, f) => n + f.length, 0);
  await writeDicom(path, smallDataSet(img), {
    transferSyntaxUID: uid,
    pixelData: { kind: "native", byteLength, chunks: frames, bitsAllocated: img.bitsAllocated },
  });
  return frames;
}

/** Decodes frame i of a file with the registry's codec into canonical bytes. */
async function decoded(path: string, i: number): Promise<Uint8Array> {
  const file = await openDicom(path);
  try {
    const module = file.pixelModule();
    const { bytes, bitOffset } = await file.readFrame(i);
    const codec = getCodec(file.transferSyntaxUID);
    const ctx = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i, bitOffset, pixelDataVR: file.pixelData?.vr, valueByteOffset: i * module.nativeFrameByteLength() };
    const info = codec.readInfo(bytes, module, ctx);
    const dst = new Uint8Array(codec.decodedSize(info, module));
    codec.decodeInto(bytes, module, dst, ctx);
    return dst;
  } finally {
    await file.close();
  }
}

describe("write -> read round trips", () => {
  for (const [imgName, img] of Object.entries(IMAGES)) {
    for (const [tsName, uid] of Object.entries(TS)) {
      it(`${imgName} in ${tsName}: the reader sees the attributes and pixels written`, async () => {
        const path = join(tmp.dir, `${imgName}-${tsName}.dcm`);
        const frames = await writeImage(path, img, uid);
        const file = await openDicom(path);
        try {
          expect(file.transferSyntaxUID).toBe(uid);
          expect(file.numberOfFrames).toBe(img.frames);
          expect(file.dataset.string(0x00100010)).toBe("Doe^Jane");
          expect(file.dataset.numbers(0x00281050)).toEqual([128, 40]);
          expect(file.dataset.sequence(0x0008114a)[0]?.string(0x00080100)).toBe("121327");
          const m = file.pixelModule();
          expect([m.rows, m.columns, m.samplesPerPixel, m.bitsAllocated]).toEqual([img.rows, img.columns, img.samples, img.bitsAllocated]);
        } finally {
          await file.close();
        }
        for (let i = 0; i < img.frames; i++) expect(await decoded(path, i)).toEqual(frames[i]);
      });

      it(`${imgName} in ${tsName}: read -> rewrite is byte-exact`, async () => {
        const path = join(tmp.dir, `${imgName}-${tsName}-a.dcm`);
        await writeImage(path, img, uid);
        const original = new Uint8Array(readFileSync(path));
        const file = await openDicom(path);
        try {
          const m = file.pixelModule();
          const chunks: Uint8Array[] = [];
          for (let i = 0; i < img.frames; i++) {
            const bytes = (await file.readFrame(i)).bytes.slice();
            // The reader returns stored bytes; the writer wants little-endian cells.
            if (uid === TS.explicitBE && m.bitsAllocated === 16) for (let k = 0; k < bytes.length; k += 2) [bytes[k], bytes[k + 1]] = [bytes[k + 1]!, bytes[k]!];
            chunks.push(bytes);
          }
          const sink = new MemorySink();
          await writeDicom(sink, file.dataset, {
            transferSyntaxUID: uid,
            meta: file.meta,
            pixelData: { kind: "native", byteLength: chunks.reduce((n, c) => n + c.length, 0), chunks, bitsAllocated: m.bitsAllocated },
          });
          expect(Buffer.from(sink.toUint8Array()).equals(Buffer.from(original))).toBe(true);
        } finally {
          await file.close();
        }
      });
    }
  }
});

describe("transcode native -> native", () => {
  const img = IMAGES.mono16!;
  for (const [fromName, from] of Object.entries(TS)) {
    for (const [toName, to] of Object.entries(TS)) {
      if (from === to) continue;
      it(`${fromName} -> ${toName} preserves pixels; dcmdump reads it cleanly`, async () => {
        const src = join(tmp.dir, `t-${fromName}.dcm`);
        const dst = join(tmp.dir, `t-${fromName}-${toName}.dcm`);
        const frames = await writeImage(src, img, from);
        const result = await transcode(src, dst, { transferSyntaxUID: to });
        expect(result.frames).toBe(img.frames);
        expect(result.lossy).toBe(false);
        const r = dcmdump(dst);
        expect(r.stderr).toBe("");
        expect(r.stdout).toContain(`(0002,0010) UI =`);
        for (let i = 0; i < img.frames; i++) expect(await decoded(dst, i)).toEqual(frames[i]);
        const f = await openDicom(dst);
        expect(f.transferSyntaxUID).toBe(to);
        expect(f.dataset.string(0x00080018)).toBe("2.25.1234567890123456789");
        await f.close();
      });
    }
  }

  it("accepts a keyword for the target", async () => {
    const src = join(tmp.dir, "kw.dcm");
    await writeImage(src, IMAGES.rgb8!, TS.explicitLE);
    const r = await transcode(src, new MemorySink(), { transferSyntaxUID: "ImplicitVRLittleEndian" });
    expect(r.transferSyntaxUID).toBe(TS.implicit);
  });
});
