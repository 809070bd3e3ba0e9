/**
 * `--trust-stream-colour` on decode and transcode (DecodeOptions colorSignals "stream"). The corpus file
 * pydicom/SC_rgb_jpeg.dcm says RGB in (0028,0004) while its JPEG stream carries no RGB signal (libjpeg's
 * default: YCbCr). Expected values: the manifest's hash (GDCM and Pillow agree with the header) and a plain
 * T.871 YCbCr -> RGB conversion written here.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/run.js";
import { openDicom } from "../../src/part10/open.js";
import { corpusDir, loadManifest } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { tempDir } from "../writer/helpers.js";

const NAME = "pydicom/SC_rgb_jpeg.dcm";
const FILE = join(corpusDir(), NAME);
const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const io = {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** T.871 (JFIF) full-range YCbCr -> RGB, rounded and clamped. */
function ycbcrToRgb(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let i = 0; i < src.length; i += 3) {
    const y = src[i]!;
    const cb = src[i + 1]! - 128;
    const cr = src[i + 2]! - 128;
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return out;
}

describe.skipIf(!existsSync(FILE))("--trust-stream-colour", () => {
  it("decode: the data set wins by default (manifest hash); the flag decodes as the stream says, with a warning", async () => {
    const entry = loadManifest().find((e) => e.path === NAME)!;
    const plainPath = join(tmp.dir, "plain.raw");
    const plain = await run(["decode", FILE, "-o", plainPath, "--rgb"]);
    expect(plain.code).toBe(0);
    expect(plain.err).toBe("");
    const header = new Uint8Array(readFileSync(plainPath));
    expect(sha(header)).toBe(entry.reference.frames![0]);

    const streamPath = join(tmp.dir, "stream.raw");
    const trusted = await run(["decode", FILE, "-o", streamPath, "--rgb", "--trust-stream-colour"]);
    expect(trusted.code).toBe(0);
    expect(trusted.err).toMatch(/warning: .*\(0028,0004\) Photometric Interpretation is RGB but the JPEG stream signals YCbCr.*the stream's colour space is used/);
    const stream = new Uint8Array(readFileSync(streamPath));
    const expected = ycbcrToRgb(header);
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(stream[i]! - expected[i]!));
    expect(maxDiff).toBeLessThanOrEqual(1);

    const quiet = await run(["decode", FILE, "-o", streamPath, "--rgb", "--trust-stream-colour", "--quiet"]);
    expect(quiet).toEqual({ code: 0, out: "", err: "" });
  });

  it("transcode: the flag makes the native output YBR_FULL (the stream's samples kept)", async () => {
    const photometric = async (path: string) => {
      const f = await openDicom(path);
      try {
        return f.dataset.string(0x00280004);
      } finally {
        await f.close();
      }
    };
    const a = join(tmp.dir, "header.dcm");
    expect((await run(["transcode", FILE, a, "--ts", "ExplicitVRLittleEndian", "--quiet"])).code).toBe(0);
    expect(await photometric(a)).toBe("RGB");
    const b = join(tmp.dir, "stream.dcm");
    const r = await run(["transcode", FILE, b, "--ts", "ExplicitVRLittleEndian", "--trust-stream-colour"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/dicompix transcode: warning: .*stream's colour space is used/);
    expect(await photometric(b)).toBe("YBR_FULL");
  });

  it("is documented in --help", async () => {
    for (const cmd of ["decode", "transcode"]) expect((await run([cmd, "--help"])).out).toContain("--trust-stream-colour");
  });
});
