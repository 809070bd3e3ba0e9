/**
 * Byte sources (memory, file handle, Blob, one-pass stream) and header-only reading: opening a 6 MB file
 * through a file handle reads a few KiB, and reading one frame of a multi-frame file reads that frame only.
 */
import { open, mkdtemp, rm, writeFile, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { concat, el, meta, pixelModule } from "./build.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BlobSource, BufferSource, FileHandleSource, StreamSource, toByteSource } from "../../src/io/source.js";
import { openDicom } from "../../src/part10/open.js";
import { readPart10 } from "../../src/part10/reader.js";
import { Tag } from "../../src/part10/tags.js";
import { isDicomPixelError } from "../../src/errors.js";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";
import { join } from "node:path";

const big = () => join(corpusDir(), "nema-wg04/REF/RG3_UNC");
const multi = () => join(corpusDir(), "pydicom-data/eCT_Supplemental.dcm");

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let pos = 0;
  return new ReadableStream({
    pull(c) {
      if (pos >= bytes.length) return c.close();
      c.enqueue(bytes.slice(pos, pos + chunk));
      pos += chunk;
    },
  });
}

describe("byte sources", () => {
  const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);

  it("memory, Blob and stream sources return the same ranges and count bytes", async () => {
    for (const src of [new BufferSource(data), new BlobSource(new Blob([data])), new StreamSource(streamOf(data, 7))]) {
      expect([...(await src.read(10, 5))]).toEqual([10, 11, 12, 13, 14]);
      expect([...(await src.read(995, 10))]).toEqual([227, 228, 229, 230, 231]); // short at the end
      expect(src.bytesRead).toBe(10);
      await src.close();
    }
  });

  it("a stream source refuses to read released data", async () => {
    const s = new StreamSource(streamOf(data, 100));
    await s.read(500, 10);
    s.release(400);
    expect([...(await s.read(450, 2))]).toEqual([450 & 0xff, 451 & 0xff]);
    await expect(s.read(10, 2)).rejects.toSatisfy((e) => isDicomPixelError(e, "INVALID_ARGUMENT"));
    expect(s.size).toBeUndefined();
    await s.read(990, 100);
    expect(s.size).toBe(1000);
  });

  it("toByteSource accepts bytes, ArrayBuffer, Blob and stream", async () => {
    expect(await toByteSource(data)).toBeInstanceOf(BufferSource);
    expect(await toByteSource(data.buffer)).toBeInstanceOf(BufferSource);
    expect(await toByteSource(new Blob([data]))).toBeInstanceOf(BlobSource);
    expect(await toByteSource(streamOf(data, 10))).toBeInstanceOf(StreamSource);
    await expect(toByteSource(42 as never)).rejects.toThrow(TypeError);
  });
});

describe.skipIf(!corpusAvailable())("header-only reads", () => {
  it("opening a 6 MB file through a FileHandle reads only the header", async () => {
    const handle = await open(big(), "r");
    try {
      const src = await FileHandleSource.fromHandle(handle);
      expect(src.size).toBeGreaterThan(6_000_000);
      const r = await readPart10(src);
      expect(r.pixelData?.tag).toBe(Tag.PixelData);
      expect(r.stoppedAt).toBeDefined();
      expect(src.bytesRead).toBeLessThan(r.pixelData!.offset + 8192);
      expect(src.bytesRead).toBeLessThan(16384);
      expect(r.dataset.number(Tag.Rows)).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it("stopBefore a tag reads less still", async () => {
    const src = await FileHandleSource.open(big());
    try {
      const r = await readPart10(src, { stopBefore: 0x00100000 });
      expect(r.dataset.has(Tag.Rows)).toBe(false);
      expect(r.dataset.has(Tag.SOPClassUID)).toBe(true);
      expect(r.stoppedAt).toBeGreaterThan(132);
    } finally {
      await src.close();
    }
  });

  it("reading frame 1 of a two-frame file reads that frame's bytes only", async () => {
    const src = await FileHandleSource.open(multi());
    const f = await openDicom(src);
    try {
      const m = f.pixelModule();
      expect(m.numberOfFrames).toBe(2);
      const before = src.bytesRead;
      const fr = await f.readFrame(1);
      expect(fr.bytes.length).toBe(m.nativeFrameByteLength());
      expect(src.bytesRead - before).toBe(m.nativeFrameByteLength());
      const whole = readFileSync(multi());
      const at = f.pixelData!.offset + m.nativeFrameByteLength();
      expect(Buffer.from(fr.bytes).equals(whole.subarray(at, at + fr.bytes.length))).toBe(true);
    } finally {
      await f.close();
      await src.close();
    }
  });

  it("a Blob opens like a file", async () => {
    const f = await openDicom(new Blob([readFileSync(multi())]));
    expect(f.numberOfFrames).toBe(2);
    expect((await f.readFrame(1)).bytes.length).toBe(f.pixelModule().nativeFrameByteLength());
  });
});

describe("random frame access on a 1 GiB file", () => {
  it("reads frame N of a sparse 1 GiB file touching only that frame's bytes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dicompix-big-"));
    const path = join(dir, "big.dcm");
    try {
      // 1024 frames of 1024 x 1024 8-bit: Pixel Data of exactly 1 GiB; the file is sparse (no disk used).
      const frames = 1024;
      const frameBytes = 1024 * 1024;
      const header = concat(meta("1.2.840.10008.1.2.1"), pixelModule(1024, 1024, frames, 8), el(0x7fe00010, "OB", new Uint8Array(0), undefined, frames * frameBytes));
      await writeFile(path, header);
      await truncate(path, header.length + frames * frameBytes);
      const handle = await open(path, "r+");
      await handle.write(new Uint8Array([7, 7, 7]), 0, 3, header.length + 777 * frameBytes);
      const src = await FileHandleSource.fromHandle(handle);
      const f = await openDicom(src);
      const afterOpen = src.bytesRead;
      expect(afterOpen).toBeLessThan(8192);
      const fr = await f.readFrame(777);
      expect(src.bytesRead - afterOpen).toBe(frameBytes);
      expect([...fr.bytes.subarray(0, 4)]).toEqual([7, 7, 7, 0]);
      await handle.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("one-pass streams", () => {
  it("iterFrames over a stream drops frames already decoded", async () => {
    const { iterFrames } = await import("../../src/decode.js");
    const { setupWasm } = await import("../helpers/wasm.js");
    await setupWasm();
    const frames = 50;
    const frameBytes = 64 * 64;
    const pixels = new Uint8Array(frames * frameBytes).map((_, i) => Math.floor(i / frameBytes));
    const file = concat(meta("1.2.840.10008.1.2.1"), pixelModule(64, 64, frames, 8), el(0x7fe00010, "OB", pixels));
    let pos = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pos >= file.length) return c.close();
        c.enqueue(file.slice(pos, pos + 1000));
        pos += 1000;
      },
    });
    const src = new StreamSource(stream);
    const f = await openDicom(src);
    let n = 0;
    for await (const fr of iterFrames(f, { reuseBuffer: true })) {
      expect(fr.bytes[0]).toBe(n);
      n++;
    }
    expect(n).toBe(frames);
    // Released data cannot be read again: the stream kept only a window, not the whole file.
    await expect(src.read(f.pixelData!.offset, 10)).rejects.toSatisfy((e) => isDicomPixelError(e, "INVALID_ARGUMENT"));
  });
});
