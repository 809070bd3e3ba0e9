/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1) ENCODING on real files of the shared corpus:
 * each file is transcoded to the syntax (by the transcode API and once through the CLI command), and the
 * result is checked against independent oracles:
 * - the manifest's `reference.frames` hashes (DCMTK / GDCM decodes of the source) for every frame, decoded
 *   back by our reader and codec;
 * - Node's zlib: every fragment inflates with `inflateRawSync` to the native Explicit VR Little Endian frame
 *   (PS3.5 A.4.13), whose hash (1-bit frames unpacked by a plain loop here) is again the reference;
 * - pydicom 2.3 (Debian python3-pydicom), which does not know this transfer syntax and so cannot decode it,
 *   but parses the Part 10 structure: Basic Offset Table, one even-length fragment per frame, and the
 *   pixel attributes. The fragments it extracts are inflated with Python's zlib and hashed. DCMTK's
 *   dcmdump (3.6.7, which cannot decode the syntax either) parses the CLI's output without a complaint.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { decodeAllFrameHashes, sha256 } from "../helpers/conformance.js";
import { openDicom } from "../../src/part10/open.js";
import { transcode } from "../../src/transcode.js";
import { DEFLATED_IMAGE_FRAME_COMPRESSION_UID, deflateFramesCodec } from "../../src/codecs/deflate-frames.js";
import { PixelModule } from "../../src/pixel-module.js";
import { isDicomPixelError } from "../../src/errors.js";
import * as transcodeCmd from "../../src/cli/commands/transcode.js";

const UID = DEFLATED_IMAGE_FRAME_COMPRESSION_UID;

/** 1-bit (3 frames, and 510 x 510 frames that are not byte aligned), 8-bit RGB (planar and odd-sized), YBR_FULL_422, 16-bit signed CT, multi-frame MR. */
const FILES = [
  "pydicom-data/liver.dcm",
  "pydicom-data/liver_nonbyte_aligned.dcm",
  "pydicom-data/color-pl.dcm",
  "pydicom/SC_rgb_small_odd.dcm",
  "pydicom/SC_ybr_full_422_uncompressed.dcm",
  "nema-wg04/REF/CT1_UNC",
  "pydicom-data/emri_small.dcm",
  "fo-dicom/mr_brucker.dcm",
];

const manifest: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const entries = FILES.map((p) => manifest.find((e) => e.path === p)).filter((e): e is ManifestEntry => e !== undefined);

const dir = mkdtempSync(join(tmpdir(), "dicompix-deflate-enc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 1-bit frame bits (LSB first, PS3.5 8.1.1) to one byte per pixel, the plain way. */
function unpack(bits: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bits[i >> 3]! >> (i & 7)) & 1;
  return out;
}

const pydicom = (() => {
  const r = spawnSync("/usr/bin/python3", ["-c", "import pydicom; print(pydicom.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();

/** pydicom's view of a file: attributes, BOT, fragment lengths and the sha256 of each inflated frame. */
function pydicomView(path: string, bitsPerFrame: number | undefined): { ts: string; pi: string; planar: number | null; bot: number[]; lengths: number[]; hashes: string[] } {
  const script = `
import sys, json, zlib, hashlib, pydicom
from pydicom.encaps import generate_pixel_data_fragment, get_frame_offsets
from pydicom.filebase import DicomBytesIO
ds = pydicom.dcmread(sys.argv[1])
fp = DicomBytesIO(ds.PixelData); fp.is_little_endian = True
has_bot, bot = get_frame_offsets(fp)
frags = list(generate_pixel_data_fragment(fp))
hashes = []
for f in frags:
    raw = zlib.decompressobj(-15).decompress(f)
    if sys.argv[2] != "-":
        n = int(sys.argv[2]); raw = bytes((raw[i >> 3] >> (i & 7)) & 1 for i in range(n))
    hashes.append(hashlib.sha256(raw).hexdigest())
print(json.dumps({"ts": str(ds.file_meta.TransferSyntaxUID), "pi": ds.PhotometricInterpretation,
  "planar": int(ds.PlanarConfiguration) if "PlanarConfiguration" in ds else None,
  "bot": list(bot) if has_bot else [], "lengths": [len(f) for f in frags], "hashes": hashes}))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", script, path, bitsPerFrame === undefined ? "-" : String(bitsPerFrame)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`pydicom failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe.skipIf(entries.length === 0)("Deflated Image Frame Compression encode: corpus files transcoded and read back", () => {
  beforeAll(setupWasm);

  it("the chosen corpus files are all in the manifest", () => {
    expect(entries.map((e) => e.path)).toEqual(FILES);
  });

  describe.each(entries.map((e) => [e.path, e] as const))("%s", (path, entry) => {
    const out = join(dir, path.replace(/[/.]/g, "_") + ".dcm");
    const reference = entry.reference.frames!;
    let written: Awaited<ReturnType<typeof transcode>>;

    beforeAll(async () => {
      written = await transcode(corpusFile(entry), out, { transferSyntaxUID: UID });
    });

    it("writes one fragment per frame with a Basic Offset Table, losslessly", () => {
      expect(written.transferSyntaxUID).toBe(UID);
      expect(written.frames).toBe(reference.length);
      expect(written.fragments).toBe(reference.length);
      expect(written.basicOffsetTable).toBe(true);
      expect(written.lossy).toBe(false);
    });

    it("decodes back to the manifest's reference frame hashes", async () => {
      expect(await decodeAllFrameHashes(out, "deflate-frames")).toEqual(reference);
    });

    it("every fragment is even and inflates with zlib to the native frame (hash = reference)", async () => {
      const file = await openDicom(out);
      try {
        expect(file.transferSyntaxUID).toBe(UID);
        const module = file.pixelModule();
        expect(module.planarConfiguration).toBe(0);
        for (let i = 0; i < reference.length; i++) {
          const { bytes } = await file.readFrame(i, module);
          expect(bytes.length % 2, `fragment ${i} length ${bytes.length}`).toBe(0);
          const native = new Uint8Array(inflateRawSync(bytes));
          expect(native.length).toBe(module.nativeFrameByteLength());
          const canonical = module.bitsAllocated === 1 ? unpack(native, module.pixelsPerFrame()) : native;
          expect(sha256(canonical), `frame ${i}`).toBe(reference[i]);
        }
      } finally {
        await file.close();
      }
    });

    it.skipIf(pydicom === undefined)("pydicom parses the file: BOT, one even fragment per frame, zlib-inflated hashes = reference", () => {
      const oneBit = entry.bitsAllocated === 1 ? entry.rows! * entry.columns! : undefined;
      const v = pydicomView(out, oneBit);
      expect(v.ts).toBe(UID);
      expect(v.lengths).toHaveLength(reference.length);
      for (const n of v.lengths) expect(n % 2).toBe(0);
      // Basic Offset Table: offset of each frame's first item from the first item after the table.
      const offsets = v.lengths.reduce<number[]>((acc, _n, i) => (i === 0 ? [0] : [...acc, acc[i - 1]! + v.lengths[i - 1]! + 8]), []);
      expect(v.bot).toEqual(offsets);
      expect(v.hashes).toEqual(reference);
      if (entry.samplesPerPixel === 3) expect(v.planar).toBe(0);
      expect(v.pi).toBe(entry.photometricInterpretation === "YBR_FULL_422" ? "YBR_FULL" : entry.photometricInterpretation);
    });
  });

  it("to a stream (empty Basic Offset Table), read back from bytes and from a one-pass stream", async () => {
    const entry = entries.find((e) => e.path === "pydicom-data/emri_small.dcm")!;
    const chunks: Uint8Array[] = [];
    const sink = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c.slice()) });
    const r = await transcode(corpusFile(entry), sink, { transferSyntaxUID: UID });
    expect(r.basicOffsetTable).toBe(false);
    expect(r.fragments).toBe(10);
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect(await decodeAllFrameHashes(bytes, "deflate-frames")).toEqual(entry.reference.frames);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + 1000));
        at += 1000;
      },
    });
    const file = await openDicom(stream);
    try {
      const module = file.pixelModule();
      const dst = new Uint8Array(module.frameByteLength());
      for (let i = 0; i < 10; i++) {
        const { bytes: fragment } = await file.readFrame(i, module);
        deflateFramesCodec.decodeInto(fragment, module, dst, { transferSyntaxUID: UID, frameIndex: i });
        expect(sha256(dst), `frame ${i}`).toBe(entry.reference.frames![i]);
      }
    } finally {
      await file.close();
    }
  });

  it("a deflateLevel in the transcode options reaches the encoder (level 0: stored blocks of the native frame)", async () => {
    const entry = entries.find((e) => e.path === "pydicom-data/liver.dcm")!;
    const out = join(dir, "level0.dcm");
    await transcode(corpusFile(entry), out, { transferSyntaxUID: UID, deflateLevel: 0 });
    const file = await openDicom(out);
    try {
      const module = file.pixelModule();
      // 512 x 512 1-bit = 32768 bytes: one stored block (5 header bytes, RFC 1951 3.2.4) of 32768, one NUL pad.
      for (let i = 0; i < 3; i++) expect((await file.readFrame(i, module)).bytes.length).toBe(32768 + 5 + 1);
    } finally {
      await file.close();
    }
    expect(await decodeAllFrameHashes(out, "deflate-frames")).toEqual(entry.reference.frames);
  });

  it("the CLI writes the syntax: dicompix transcode IN OUT --ts 1.2.840.10008.1.2.8.1", async () => {
    const entry = entries.find((e) => e.path === "pydicom-data/liver.dcm")!;
    const out = join(dir, "cli.dcm");
    let text = "";
    const stdout = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    const code = await transcodeCmd.run([corpusFile(entry), out, "--ts", UID, "--quiet", "--json"], { stdout, stderr: stdout });
    expect(code).toBe(0);
    expect(JSON.parse(text)).toMatchObject({ transferSyntaxUID: UID, frames: 3, fragments: 3, basicOffsetTable: true });
    expect(await decodeAllFrameHashes(out, "deflate-frames")).toEqual(entry.reference.frames);
    // DCMTK 3.6.7 predates the syntax (it cannot decode it) but parses the file: meta, BOT and items.
    const dump = spawnSync("dcmdump", [out], { encoding: "utf8" });
    if (dump.error === undefined) {
      expect(dump.status).toBe(0);
      expect(dump.stderr).toBe("");
      expect(dump.stdout).toContain(`(0002,0010) UI [${UID}]`);
      expect(dump.stdout).toMatch(/\(7fe0,0010\) OB \(PixelSequence #=4\)/);
    }
    // By keyword too.
    await transcodeCmd.run([corpusFile(entry), out, "--ts", "DeflatedImageFrameCompression", "--quiet"], { stdout, stderr: stdout });
    expect(await decodeAllFrameHashes(out, "deflate-frames")).toEqual(entry.reference.frames);    // --deflate-level 0: stored blocks (5 header bytes + 32768 + 1 NUL pad per frame, as in the test above).
    await transcodeCmd.run([corpusFile(entry), out, "--ts", UID, "--deflate-level", "0", "--quiet"], { stdout, stderr: stdout });
    const file = await openDicom(out);
    try {
      for (let i = 0; i < 3; i++) expect((await file.readFrame(i, file.pixelModule())).bytes.length).toBe(32768 + 5 + 1);
    } finally {
      await file.close();
    }
    await expect(transcodeCmd.run([corpusFile(entry), out, "--ts", UID, "--deflate-level", "10"], { stdout, stderr: stdout })).rejects.toThrow(/--deflate-level/);
  });
});

describe("deflate-frames encodeFrame on synthetic frames", () => {
  beforeAll(setupWasm);
  const module = (a: Partial<Parameters<typeof PixelModule.from>[0]>) =>
    PixelModule.from({ rows: 7, columns: 5, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0, ...a });

  it("pads odd streams with one NUL, and the pad is accepted by the decoder", () => {
    const m = module({ bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    for (let seed = 0; seed < 40; seed++) {
      const frame = Uint8Array.from({ length: 35 }, (_v, i) => (i * 37 + seed * 11) & 255);
      const { data, lossy, planarConfiguration } = deflateFramesCodec.encodeFrame(frame, m, { deflateLevel: seed % 10 });
      expect(lossy).toBe(false);
      expect(planarConfiguration).toBe(0);
      expect(data.length % 2).toBe(0);
      expect(Array.from(new Uint8Array(inflateRawSync(data)))).toEqual(Array.from(frame));
      const dst = new Uint8Array(35);
      deflateFramesCodec.decodeInto(data, m, dst, { transferSyntaxUID: UID, frameIndex: 0 });
      expect(Array.from(dst)).toEqual(Array.from(frame));
    }
  });

  it("1-bit frames are packed LSB first from bit 0 of their own stream (PS3.5 8.1.1, A.4.13)", () => {
    const m = module({ bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    const frame = Uint8Array.from({ length: 35 }, (_v, i) => (i % 3 === 0 || i === 34 ? 1 : 0));
    const native = new Uint8Array(inflateRawSync(deflateFramesCodec.encodeFrame(frame, m).data));
    expect(native.length).toBe(5);
    expect(Array.from(unpack(native, 35))).toEqual(Array.from(frame));
    expect(native[4]! >> 3).toBe(0); // bits past the last pixel are zero
  });

  it("refuses short frames and Float Pixel Data with INVALID_ARGUMENT", () => {
    const codes: string[] = [];
    for (const fn of [
      () => deflateFramesCodec.encodeFrame(new Uint8Array(69), module({})),
      () => deflateFramesCodec.encodeFrame(new Uint8Array(140), PixelModule.from({ rows: 7, columns: 5, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 32, pixelDataElement: "FloatPixelData" })),
    ]) {
      try {
        fn();
      } catch (e) {
        if (isDicomPixelError(e)) codes.push(e.code);
        else throw e;
      }
    }
    expect(codes).toEqual(["INVALID_ARGUMENT", "INVALID_ARGUMENT"]);
  });
});
