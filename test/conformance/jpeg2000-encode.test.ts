/**
 * JPEG 2000 ENCODING on real files of the shared corpus, lossless (1.2.840.10008.1.2.4.90, and .4.91 at
 * quality 100) and lossy (.4.91, irreversible 9-7). For lossless, each file is
 * transcoded through the public transcoder, then checked against independent oracles:
 * - the manifest's `reference.frames` hashes (DCMTK / GDCM decodes of the source), for every frame decoded
 *   back by our reader and codec;
 * - GDCM (gdcmconv --raw, the independent reader of the Part 10 file and its codestreams), whose native
 *   output is read with pydicom and hashed frame by frame in the canonical form: again the reference.
 * For lossy, GDCM must decode the written file to exactly our decoder's frames, the file must carry the
 * lossy attributes (PS3.3 C.7.6.1.1.5), and every frame must stay above 45 dB PSNR against the source (whose
 * decode is first checked against the manifest's hashes).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { decodeAllFrameHashes } from "../helpers/conformance.js";
import { openDicom } from "../../src/part10/open.js";
import { transcode } from "../../src/transcode.js";
import { JPEG_2000_LOSSLESS_UID, JPEG_2000_UID } from "../../src/codecs/jpeg2000.js";
import { Tag } from "../../src/part10/tags.js";
import { getCodec } from "../../src/registry.js";
import { sha256 } from "../helpers/conformance.js";
import * as transcodeCmd from "../../src/cli/commands/transcode.js";

const UID = JPEG_2000_LOSSLESS_UID;

/** 16-bit signed CT, 12-bit multi-frame MR, 16-bit signed MR, RGB planar and odd-sized RGB, a JPEG lossless source. */
const FILES = [
  "nema-wg04/REF/CT1_UNC",
  "pydicom-data/emri_small.dcm",
  "pydicom/MR_small.dcm",
  "pydicom-data/color-pl.dcm",
  "pydicom/SC_rgb_small_odd.dcm",
  "fo-dicom/GH1261.dcm",
];

const manifest: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const entries = FILES.map((p) => manifest.find((e) => e.path === p)).filter((e): e is ManifestEntry => e !== undefined);

const dir = mkdtempSync(join(tmpdir(), "dicompix-j2k-enc-conf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gdcm = spawnSync("gdcmconv", ["--version"], { encoding: "utf8" }).status === 0;

/** gdcmconv --raw, then pydicom: the sha256 of each frame in the canonical form (interleaved, little endian). */
function gdcmFrameHashes(path: string, rawPath: string): { pi: string; hashes: string[] } {
  const r = spawnSync("gdcmconv", ["--raw", path, rawPath], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gdcmconv failed: ${r.stderr}`);
  const script = `
import sys, json, hashlib, pydicom, numpy as np
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array
n = int(getattr(ds, "NumberOfFrames", 1) or 1)
if n == 1: a = a[None, ...]
dt = ("<i" if ds.PixelRepresentation == 1 else "<u") + str(ds.BitsAllocated // 8)
print(json.dumps({"pi": ds.PhotometricInterpretation, "hashes": [hashlib.sha256(np.ascontiguousarray(f).astype(dt).tobytes()).hexdigest() for f in a]}))
`;
  const p = spawnSync("/usr/bin/python3", ["-c", script, rawPath], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`pydicom failed: ${p.stderr}`);
  return JSON.parse(p.stdout);
}

describe.skipIf(entries.length === 0)("JPEG 2000 lossless encode: corpus files transcoded and read back", () => {
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

    it("writes one fragment per frame, lossless, YBR_RCT for RGB", async () => {
      expect(written.transferSyntaxUID).toBe(UID);
      expect(written.frames).toBe(reference.length);
      expect(written.lossy).toBe(false);
      const file = await openDicom(out);
      try {
        expect(file.pixelModule().photometricInterpretation).toBe(entry.samplesPerPixel === 3 ? "YBR_RCT" : entry.photometricInterpretation);
      } finally {
        await file.close();
      }
    });

    it("decodes back (our decoder) to the manifest's reference frame hashes", async () => {
      expect(await decodeAllFrameHashes(out, "jpeg2000")).toEqual(reference);
    });

    it.skipIf(!gdcm)("GDCM decodes the written file to the reference frame hashes", () => {
      const g = gdcmFrameHashes(out, join(dir, path.replace(/[/.]/g, "_") + ".raw.dcm"));
      expect(g.hashes).toEqual(reference);
      expect(g.pi).toBe(entry.samplesPerPixel === 3 ? "RGB" : entry.photometricInterpretation);
    });
  });

  it("the CLI writes the syntax by keyword: dicompix transcode IN OUT --ts JPEG2000Lossless", async () => {
    const entry = entries.find((e) => e.path === "pydicom-data/emri_small.dcm")!;
    const out = join(dir, "cli.dcm");
    let text = "";
    const stdout = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    const code = await transcodeCmd.run([corpusFile(entry), out, "--ts", "JPEG2000Lossless", "--quiet", "--json"], { stdout, stderr: stdout });
    expect(code).toBe(0);
    expect(JSON.parse(text)).toMatchObject({ transferSyntaxUID: UID, frames: 10, lossy: false });
    expect(await decodeAllFrameHashes(out, "jpeg2000")).toEqual(entry.reference.frames);
  });

  it("lossless into .4.91 (quality 100) is not labelled lossy: same SOP Instance UID, no (0028,2110)", async () => {
    const entry = entries.find((e) => e.path === "pydicom/MR_small.dcm")!;
    const out = join(dir, "mr-91.dcm");
    const r = await transcode(corpusFile(entry), out, { transferSyntaxUID: JPEG_2000_UID, quality: 100 });
    expect(r.lossy).toBe(false);
    const [src, dst] = [await openDicom(corpusFile(entry)), await openDicom(out)];
    try {
      expect(dst.transferSyntaxUID).toBe(JPEG_2000_UID);
      expect(dst.dataset.string(Tag.SOPInstanceUID)).toBe(src.dataset.string(Tag.SOPInstanceUID));
      expect(dst.dataset.string(Tag.LossyImageCompression)).toBe(src.dataset.string(Tag.LossyImageCompression));
    } finally {
      await src.close();
      await dst.close();
    }
    expect(await decodeAllFrameHashes(out, "jpeg2000")).toEqual(entry.reference.frames);
  });

  it("a 1-bit source is refused with UNSUPPORTED_FEATURE", async () => {
    const liver = manifest.find((e) => e.path === "pydicom-data/liver.dcm");
    if (!liver) return;
    await expect(transcode(corpusFile(liver), join(dir, "liver.dcm"), { transferSyntaxUID: UID })).rejects.toMatchObject({ code: "UNSUPPORTED_FEATURE" });
  });
});

/** Every frame of a file decoded by our codec for its syntax, in the canonical form, as sample values. */
async function decodeValues(path: string): Promise<{ frames: Int32Array[]; hashes: string[]; bitsStored: number }> {
  const file = await openDicom(path);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    const frames: Int32Array[] = [];
    const hashes: string[] = [];
    for (let i = 0; i < module.numberOfFrames; i++) {
      const { bytes } = await file.readFrame(i, module);
      const dst = new Uint8Array(module.frameByteLength());
      codec.decodeInto(bytes, module, dst, { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i });
      hashes.push(sha256(dst));
      const dv = new DataView(dst.buffer);
      const signed = module.pixelRepresentation === 1;
      const n = module.bitsAllocated === 8 ? dst.length : dst.length / 2;
      frames.push(Int32Array.from({ length: n }, (_, k) => (module.bitsAllocated === 8 ? (signed ? dv.getInt8(k) : dv.getUint8(k)) : signed ? dv.getInt16(2 * k, true) : dv.getUint16(2 * k, true))));
    }
    return { frames, hashes, bitsStored: module.bitsStored };
  } finally {
    await file.close();
  }
}

function psnr(a: Int32Array, b: Int32Array, bs: number): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((2 ** bs - 1) ** 2 / (se / a.length));
}

/** 16-bit signed CT, 12-bit multi-frame MR, RGB planar, odd-sized RGB. */
const LOSSY_FILES = ["nema-wg04/REF/CT1_UNC", "pydicom-data/emri_small.dcm", "pydicom-data/color-pl.dcm", "pydicom/SC_rgb_small_odd.dcm"];
const lossyEntries = LOSSY_FILES.map((p) => manifest.find((e) => e.path === p)).filter((e): e is ManifestEntry => e !== undefined);

describe.skipIf(lossyEntries.length === 0)("JPEG 2000 lossy encode (.4.91): corpus files transcoded and read back", () => {
  beforeAll(setupWasm);

  describe.each(lossyEntries.map((e) => [e.path, e] as const))("%s", (path, entry) => {
    const out = join(dir, "lossy_" + path.replace(/[/.]/g, "_") + ".dcm");
    let written: Awaited<ReturnType<typeof transcode>>;
    let ours: Awaited<ReturnType<typeof decodeValues>>;

    beforeAll(async () => {
      written = await transcode(corpusFile(entry), out, { transferSyntaxUID: JPEG_2000_UID });
      ours = await decodeValues(out);
    });

    it("is labelled lossy: (0028,2110) 01, method ISO_15444_1, a ratio, a new SOP Instance UID, YBR_ICT for RGB", async () => {
      expect(written.lossy).toBe(true);
      const [src, dst] = [await openDicom(corpusFile(entry)), await openDicom(out)];
      try {
        expect(dst.transferSyntaxUID).toBe(JPEG_2000_UID);
        expect(dst.dataset.string(Tag.LossyImageCompression)).toBe("01");
        expect(dst.dataset.string(Tag.LossyImageCompressionMethod)).toContain("ISO_15444_1");
        const ratio = Number.parseFloat(dst.dataset.string(Tag.LossyImageCompressionRatio) ?? "0");
        // Headers dominate the tiny odd-sized RGB image; the others compress.
        expect(ratio).toBeGreaterThan((entry.columns ?? 0) * (entry.rows ?? 0) < 1000 ? 0 : 1.5);
        expect(dst.dataset.string(Tag.SOPInstanceUID)).not.toBe(src.dataset.string(Tag.SOPInstanceUID));
        expect(dst.pixelModule().photometricInterpretation).toBe(entry.samplesPerPixel === 3 ? "YBR_ICT" : entry.photometricInterpretation);
      } finally {
        await src.close();
        await dst.close();
      }
    });

    it("every frame is above 45 dB PSNR against the source (source decode = manifest hashes)", async () => {
      const src = await decodeValues(corpusFile(entry));
      expect(src.hashes).toEqual(entry.reference.frames);
      expect(ours.frames.length).toBe(src.frames.length);
      for (let i = 0; i < src.frames.length; i++) expect(psnr(ours.frames[i]!, src.frames[i]!, src.bitsStored)).toBeGreaterThan(45);
    });

    it.skipIf(!gdcm)("GDCM decodes the written file to exactly our decoder's frames", () => {
      const g = gdcmFrameHashes(out, join(dir, "lossy_" + path.replace(/[/.]/g, "_") + ".raw.dcm"));
      expect(g.hashes).toEqual(ours.hashes);
    });
  });

  it("the CLI's --ratio 12 reaches the encoder: the CT frame's codestream fits 1/12 of the native frame", async () => {
    const entry = lossyEntries.find((e) => e.path === "nema-wg04/REF/CT1_UNC")!;
    const out = join(dir, "ratio12.dcm");
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    expect(await transcodeCmd.run([corpusFile(entry), out, "--ts", "JPEG2000", "--ratio", "12", "--quiet"], { stdout: sink, stderr: sink })).toBe(0);
    const file = await openDicom(out);
    try {
      const module = file.pixelModule();
      const { bytes } = await file.readFrame(0, module);
      expect(bytes.length).toBeLessThanOrEqual(Math.ceil(module.frameByteLength() / 12) + 1);
      expect(bytes.length).toBeGreaterThan(module.frameByteLength() / 16);
    } finally {
      await file.close();
    }
    const back = await decodeValues(out);
    const src = await decodeValues(corpusFile(entry));
    expect(psnr(back.frames[0]!, src.frames[0]!, src.bitsStored)).toBeGreaterThan(50);
    await expect(transcodeCmd.run([corpusFile(entry), out, "--ts", "JPEG2000", "--ratio", "1"], { stdout: sink, stderr: sink })).rejects.toThrow(/--ratio/);
  });
});
