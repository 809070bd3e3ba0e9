/**
 * The reference workload at toy size through the CLI command (src/cli/commands/demo.ts): every available step passes,
 * lossless outputs are verified frame by frame, DCMTK reads the files, and the burned-in digits are drawn.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import * as demoCmd from "../../src/cli/commands/demo.js";
import { UsageError } from "../../src/cli/io.js";
import { glyphPixel } from "../../src/demo/font.js";
import { renderFrame } from "../../src/demo/frames.js";
import { verify } from "../../src/demo/workload.js";
import { dcmdump, tempDir } from "../writer/helpers.js";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (c: Buffer) => (stdout += c.toString()));
  err.on("data", (c: Buffer) => (stderr += c.toString()));
  // src/cli/run.ts loads commands by dynamic import, which vitest cannot resolve; call the command directly.
  const [, ...rest] = argv;
  let code: number;
  try {
    code = await demoCmd.run(rest, { stdout: out, stderr: err });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    code = 1;
  }
  return { code, stdout, stderr };
}

interface Report {
  frames: number;
  ok: boolean;
  steps: { step: string; status: string; reason?: string; bytes?: number; verifiedFrames?: number; file?: string }[];
}

describe("dicompix demo", () => {
  it("--frames 3 --rows 64 --columns 64 --json: all steps pass, lossless outputs verified", async () => {
    const dir = join(tmp.dir, "run");
    const r = await runCli(["demo", "--frames", "3", "--rows", "64", "--columns", "64", "--dir", dir, "--keep", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.frames).toBe(3);
    const native = report.steps[0]!;
    expect(native.status).toBe("ok");
    expect(native.bytes).toBeGreaterThan(3 * 64 * 64 * 3);
    for (const s of report.steps.slice(1)) {
      expect(["ok", "skipped"]).toContain(s.status);
      if (s.status === "ok" && s.step !== "JPEG Baseline") expect(s.verifiedFrames).toBe(3);
    }
    // DCMTK reads every file written, without warnings.
    for (const f of readdirSync(dir)) {
      const d = dcmdump(join(dir, f));
      expect(d.stderr, f).toBe("");
      expect(d.stdout).toMatch(/\(0028,0008\) IS \[3\]/);
      expect(d.stdout).toMatch(/\(0010,0010\) PN \[Demo\^Pixel\]/);
    }
  });

  it("verification names the first frame and byte that differ from the native file", async () => {
    const dir = join(tmp.dir, "run"); // written, and kept, by the test above
    const native = join(dir, "demo-native.dcm");
    expect(await verify(join(dir, "demo-rle.dcm"), native)).toBe(3);
    // The pixel data is the file's last 3 x 64 x 64 x 3 bytes (even length, no padding); change frame 1, byte 100.
    const bytes = readFileSync(native);
    const at = bytes.length - 2 * 64 * 64 * 3 + 100;
    bytes[at] = bytes[at]! ^ 1;
    const changed = join(dir, "changed-native.dcm");
    writeFileSync(changed, bytes);
    await expect(verify(changed, native)).rejects.toThrow(/^frame 1 differs from the native file at byte 100: /);
  });

  it("--sop mf-true-color writes the Multi-frame True Color SC class; text output names each step", async () => {
    const r = await runCli(["demo", "--frames", "2", "--rows", "16", "--columns", "24", "--dir", join(tmp.dir, "mf"), "--keep", "--sop", "mf-true-color"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Native \(Explicit VR LE\)/);
    expect(r.stdout).toMatch(/RLE Lossless/);
    expect(r.stdout).toMatch(/peak RSS/);
    const d = dcmdump(join(tmp.dir, "mf", "demo-native.dcm"));
    expect(d.stdout).toContain("(0008,0016) UI =MultiframeTrueColorSecondaryCaptureImageStorage");
  });

  it("rejects unknown options with exit code 1", async () => {
    const r = await runCli(["demo", "--bogus"]);
    expect(r.code).toBe(1);
  });
});

describe("demo frames", () => {
  it("burns the 1-based frame number in white, font pixel by font pixel", () => {
    const rows = 80;
    const columns = 100;
    const rgb = renderFrame(new Uint8Array(rows * columns * 3), { rows, columns }, 6, 10); // "7"
    const scale = Math.max(1, Math.floor(rows / 40));
    const pad = scale * 2;
    for (let gy = 0; gy < 7; gy++) {
      for (let gx = 0; gx < 5; gx++) {
        const at = ((pad + gy * scale) * columns + pad + gx * scale) * 3;
        const white = rgb[at] === 255 && rgb[at + 1] === 255 && rgb[at + 2] === 255;
        expect(white, `glyph pixel ${gx},${gy}`).toBe(glyphPixel(7, gx, gy));
      }
    }
  });

  it("frames differ from each other and are deterministic", () => {
    const g = { rows: 20, columns: 30 };
    const a = renderFrame(new Uint8Array(1800), g, 0, 3);
    const b = renderFrame(new Uint8Array(1800), g, 1, 3);
    const a2 = renderFrame(new Uint8Array(1800), g, 0, 3);
    expect(a).toEqual(a2);
    expect(a).not.toEqual(b);
  });
});
