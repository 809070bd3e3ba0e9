/**
 * End to end: native corpus files transcoded to JPEG Lossless (.4.70 SV1 and .4.57 SV7) with `transcode`,
 * then decoded by dicompix (openDicom + the registered codec) and by DCMTK `dcmdjpeg`: every frame's canonical
 * hash must equal the manifest's reference for the ORIGINAL file (so signed data, Bits Stored < 16 with
 * junk high bits, multi-frame and RGB all survive the round trip bit for bit).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { transcode } from "../../src/transcode.js";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { JPEG_LOSSLESS_SV1_UID, JPEG_LOSSLESS_UID } from "../../src/codecs/jpeg-lossless.js";

const PY = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const WRAP = new URL("./jpeg-lossless-wrap.py", import.meta.url).pathname;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const FILES = ["pydicom/CT_small.dcm", "pydicom-data/emri_small.dcm", "pydicom-data/mlut_18.dcm", "pydicom-data/SC_rgb_2frame.dcm"];
const entries = corpusAvailable() ? loadManifest().filter((e) => FILES.includes(e.path)) : [];
const dcmtk = has("dcmdjpeg", ["--version"]) && has(PY, ["-c", "import pydicom"]);

/** Canonical cells of `bytes` (little endian) per the manifest rule, in plain TS. */
function canonicalFrames(bytes: Uint8Array, frames: number, ba: number, bs: number, hb: number, pr: number): string[] {
  const cb = ba / 8;
  const frameBytes = bytes.length / frames;
  const out: string[] = [];
  for (let f = 0; f < frames; f++) {
    const src = bytes.subarray(f * frameBytes, (f + 1) * frameBytes);
    const dst = new Uint8Array(src.length);
    for (let i = 0; i < src.length; i += cb) {
      const raw = cb === 1 ? src[i]! : src[i]! | (src[i + 1]! << 8);
      let v = (raw >> (hb + 1 - bs)) & (2 ** bs - 1);
      if (pr && v >= 2 ** (bs - 1)) v -= 2 ** bs;
      dst[i] = v & 0xff;
      if (cb === 2) dst[i + 1] = (v >> 8) & 0xff;
    }
    out.push(sha256(dst));
  }
  return out;
}

/** dicompix's decode of every frame of `path`, in order, through the registered codec: one sha256 per frame. */
async function ourHashes(path: string): Promise<string[]> {
  const file = await openDicom(path);
  try {
    const module = file.pixelModule();
    const codec = getCodec(file.transferSyntaxUID);
    const dst = new Uint8Array(module.frameByteLength());
    const hashes: string[] = [];
    for (let i = 0; i < module.numberOfFrames; i++) {
      const { bytes } = await file.readFrame(i, module);
      codec.decodeInto(bytes, module, dst, { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i });
      hashes.push(sha256(dst));
    }
    return hashes;
  } finally {
    await file.close();
  }
}

describe.skipIf(entries.length === 0)("transcode native -> JPEG Lossless, decoded by dicompix and DCMTK", () => {
  let dir = "";
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-jpll-tc-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const e of entries) {
    for (const [ts, predictor] of [[JPEG_LOSSLESS_SV1_UID, 1], [JPEG_LOSSLESS_UID, 7]] as const) {
      it(`${e.path} -> ${ts} (SV${predictor})`, async () => {
        const out = join(dir, `${e.path.replace(/\W+/g, "_")}.${predictor}.dcm`);
        const r = await transcode(corpusFile(e), out, { transferSyntaxUID: ts, predictor });
        expect(r.lossy).toBe(false);
        expect(r.transferSyntaxUID).toBe(ts);
        // dicompix decode of the new file
        expect(await ourHashes(out)).toEqual(e.reference.frames);
        if (!dcmtk) return;
        const native = `${out}.dcmtk.dcm`;
        execFileSync("dcmdjpeg", [out, native]);
        execFileSync(PY, [WRAP, "dump", native, `${native}.raw`]);
        const frames = Number(e.numberOfFrames ?? 1) || 1;
        const raw = readFileSync(`${native}.raw`);
        const frameBytes = e.rows! * e.columns! * e.samplesPerPixel! * (e.bitsAllocated! / 8);
        const got = canonicalFrames(raw.subarray(0, frameBytes * frames), frames, e.bitsAllocated!, e.bitsStored!, e.highBit!, e.pixelRepresentation!);
        expect(got).toEqual(e.reference.frames);
      });
    }
  }
});

/** The other direction: DCMTK's (IJG) lossless encoder, every selection value, decoded by dicompix. */
describe.skipIf(entries.length === 0 || !has("dcmcjpeg", ["--version"]))("DCMTK dcmcjpeg -> dicompix decoder", () => {
  let dir = "";
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-jpll-dcmcjpeg-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const e of entries.filter((x) => x.path !== "pydicom-data/SC_rgb_2frame.dcm")) {
    it(`${e.path}: selection values 1-7`, async () => {
      for (let sv = 1; sv <= 7; sv++) {
        const out = join(dir, `${e.path.replace(/\W+/g, "_")}.sv${sv}.dcm`);
        execFileSync("dcmcjpeg", ["+el", "+sv", `${sv}`, corpusFile(e), out]);
        expect(await ourHashes(out), `SV${sv}`).toEqual(e.reference.frames);
      }
    });
  }
});
