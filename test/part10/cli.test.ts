/** `dicompix info` and `dicompix decode` through the CLI entry point, checked against the manifest. */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import * as infoCmd from "../../src/cli/commands/info.js";
import * as decodeCmd from "../../src/cli/commands/decode.js";
import { UsageError } from "../../src/cli/io.js";
import { DicomPixelError } from "../../src/errors.js";
import { hasCodec } from "../../src/registry.js";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

function sink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

/** Runs a command as src/cli/run.ts does (exit 2 for DicomPixelError, 1 for usage); run.ts's dynamic
 *  import of the command module is not resolvable under vitest, so the modules are imported here. */
async function cli(args: string[]) {
  const out = sink();
  const err = sink();
  const [name, ...rest] = args;
  const cmd = name === "info" ? infoCmd : decodeCmd;
  let code: number;
  try {
    code = await cmd.run(rest, { stdout: out.stream, stderr: err.stream });
  } catch (e) {
    if (e instanceof DicomPixelError) {
      err.stream.write(`dicompix: ${e.code}: ${e.message}\n`);
      code = 2;
    } else if (e instanceof UsageError) code = 1;
    else throw e;
  }
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.text(), stderr: err.text() };
}

const dir = mkdtempSync(join(tmpdir(), "dicompix-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const byPath = (p: string): ManifestEntry => loadManifest().find((e) => e.path === p)!;
const KEYS = ["transferSyntaxUID", "sopClassUID", "rows", "columns", "numberOfFrames", "samplesPerPixel", "photometricInterpretation", "planarConfiguration", "bitsAllocated", "bitsStored", "highBit", "pixelRepresentation", "encapsulation"];

describe.skipIf(!corpusAvailable())("dicompix info", () => {
  for (const p of ["pydicom/MR_small_bigendian.dcm", "pydicom/SC_rgb_rle_2frame.dcm", "nema-wg04/JPLL/CT1_JPLL", "pydicom/image_dfl.dcm"]) {
    it(`--json ${p} has exactly the issue's keys and the manifest's values`, async () => {
      const e = byPath(p);
      const r = await cli(["info", corpusFile(e), "--json"]);
      expect(r.code).toBe(0);
      const info = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(info)).toEqual(KEYS);
      for (const k of KEYS.filter((k) => k !== "encapsulation" && k !== "numberOfFrames")) expect(info[k], k).toEqual((e as unknown as Record<string, unknown>)[k]);
      expect(info.numberOfFrames).toBe(e.numberOfFrames == null ? 1 : Number(e.numberOfFrames));
      const enc = info.encapsulation as Record<string, unknown> | null;
      if (!e.encapsulation) expect(enc).toBeNull();
      else expect(enc?.fragments).toBe(e.encapsulation.fragments);
    });
  }

  it("prints a readable summary", async () => {
    const r = await cli(["info", corpusFile(byPath("pydicom/SC_rgb_rle_2frame.dcm"))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RLE Lossless/);
    expect(r.stdout).toMatch(/Number of Frames: +2/);
  });

  it("exits 2 with one line for a malformed file, 1 for wrong usage", async () => {
    const bad = await cli(["info", corpusFile(byPath("fo-dicom/GH364.dcm"))]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^dicompix: INVALID_ITEM: /);
    expect((await cli(["info"])).code).toBe(1);
  });
});

describe.skipIf(!corpusAvailable())("dicompix decode", () => {
  const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

  it("writes all frames of a native file as the manifest's whole hash", async () => {
    const e = byPath("pydicom/MR_small_bigendian.dcm");
    const out = join(dir, "a.raw");
    const r = await cli(["decode", corpusFile(e), "-o", out]);
    expect(r.code).toBe(0);
    expect(sha(out)).toBe(e.reference.frames![0]);
  });

  it("--frame N writes that frame only", async () => {
    const e = byPath("pydicom/SC_rgb_rle_2frame.dcm");
    const out = join(dir, "b.raw");
    expect((await cli(["decode", corpusFile(e), "-o", out, "--frame", "1"])).code).toBe(0);
    expect(sha(out)).toBe(e.reference.frames![1]);
    expect((await cli(["decode", corpusFile(e), "-o", out, "--frame", "5"])).code).toBe(2);
  });

  it.skipIf(!hasCodec("1.2.840.10008.1.2.4.57"))("decodes a bare JPEG lossless stream", async () => {
    const e = byPath("jpegsuite/lossless_huffman/16x16x8_grayscale.jpg");
    const out = join(dir, "c.raw");
    expect((await cli(["decode", corpusFile(e), "-o", out])).code).toBe(0);
    expect(sha(out)).toBe(e.reference.frames![0]);
  });

  it("--palette applies the Palette Color LUTs", async () => {
    const e = byPath("pydicom/examples_palette.dcm");
    const out = join(dir, "d.raw");
    expect((await cli(["decode", corpusFile(e), "-o", out, "--palette"])).code).toBe(0);
    const want = (e.reference.paletteApplied as { frames: string[] }).frames;
    expect(want).toHaveLength(1);
    expect(sha(out)).toBe(want[0]);
  });
});
