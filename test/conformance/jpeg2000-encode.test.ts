/**
 * JPEG 2000 Lossless (1.2.840.10008.1.2.4.90) ENCODING on real files of the shared corpus: each file is
 * transcoded through the public transcoder, then checked against independent oracles:
 * - the manifest's `reference.frames` hashes (DCMTK / GDCM decodes of the source), for every frame decoded
 *   back by our reader and codec;
 * - GDCM (gdcmconv --raw, the independent reader of the Part 10 file and its codestreams), whose native
 *   output is read with pydicom and hashed frame by frame in the canonical form: again the reference.
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

  it("lossless into .4.91 (JPEG 2000, lossy or lossless) is not labelled lossy: same SOP Instance UID, no (0028,2110)", async () => {
    const entry = entries.find((e) => e.path === "pydicom/MR_small.dcm")!;
    const out = join(dir, "mr-91.dcm");
    const r = await transcode(corpusFile(entry), out, { transferSyntaxUID: JPEG_2000_UID });
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
