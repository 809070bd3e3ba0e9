// `dicompix render`: options, numbered output for --all-frames, errors. Pixel values are checked against DCMTK
// in test/interop/render-dcmtk.test.ts; here only the command's behaviour.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "fast-png";
import { init } from "../../src/wasm/module.js";
import { run } from "../../src/cli/commands/render.js";
import { UsageError } from "../../src/cli/io.js";
import { isDicomPixelError } from "../../src/errors.js";
import { repoRoot } from "../helpers/corpus.js";

const fixture = (name: string) => join(repoRoot, "test/fixtures/imaging", name);
let dir = "";
const lines: string[] = [];
const io = { stdout: { write: (s: string) => lines.push(s) }, stderr: { write: () => true } } as unknown as Parameters<typeof run>[1];

beforeAll(async () => {
  await init();
  dir = mkdtempSync(join(tmpdir(), "dicompix-render-cli-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function rejects(argv: string[], check: (e: unknown) => boolean): Promise<void> {
  try {
    await run(argv, io);
    expect.unreachable();
  } catch (e) {
    expect(check(e), String(e)).toBe(true);
  }
}

describe("dicompix render", () => {
  it("writes an 8-bit grey PNG by default and a 16-bit one with --bits 16", async () => {
    const out8 = join(dir, "a.png");
    const out16 = join(dir, "b.png");
    expect(await run([fixture("mono1-inverse.dcm"), "-o", out8], io)).toBe(0);
    expect(await run([fixture("mono1-inverse.dcm"), "-o", out16, "--bits", "16", "--quiet"], io)).toBe(0);
    const a = decode(readFileSync(out8));
    const b = decode(readFileSync(out16));
    expect([a.width, a.height, a.channels, a.depth]).toEqual([64, 64, 1, 8]);
    expect([b.channels, b.depth]).toEqual([1, 16]);
    expect(lines.join("")).toMatch(/frame 1 of 1, 64x64, 8-bit grey PNG/);
  });

  it("--all-frames writes OUT.1.png ... OUT.N.png", async () => {
    const out = join(dir, "all.png");
    expect(await run([fixture("voi-lut-mr.dcm"), "-o", out, "--all-frames", "--quiet"], io)).toBe(0);
    expect(existsSync(join(dir, "all.1.png"))).toBe(true);
  });

  it("--window C W and --sigmoid / --inverse / --no-modality are accepted", async () => {
    const out = join(dir, "w.png");
    expect(await run([fixture("modality-lut-signed.dcm"), "-o", out, "--window", "500", "600", "--sigmoid", "--inverse", "--no-modality", "--quiet"], io)).toBe(0);
  });

  it("usage errors: missing -o, two VOI choices, bad --bits, unknown option", async () => {
    const isUsage = (e: unknown) => e instanceof UsageError;
    await rejects([fixture("voi-lut-mr.dcm")], isUsage);
    await rejects([fixture("voi-lut-mr.dcm"), "-o", "x.png", "--min-max", "--no-windowing"], isUsage);
    await rejects([fixture("voi-lut-mr.dcm"), "-o", "x.png", "--bits", "12"], isUsage);
    await rejects([fixture("voi-lut-mr.dcm"), "-o", "x.png", "--frobnicate"], isUsage);
    await rejects([fixture("voi-lut-mr.dcm"), "-o", "x.png", "--voi-window", "0"], isUsage);
  });

  it("a frame or window that does not exist is a DicomPixelError", async () => {
    await rejects([fixture("voi-lut-mr.dcm"), "-o", join(dir, "x.png"), "--frame", "2"], (e) => isDicomPixelError(e, "FRAME_OUT_OF_RANGE"));
    await rejects([fixture("voi-lut-mr.dcm"), "-o", join(dir, "x.png"), "--voi-window", "1"], (e) => isDicomPixelError(e, "INVALID_ARGUMENT"));
    await rejects([fixture("voi-lut-mr.dcm"), "-o", join(dir, "x.png"), "--voi-lut", "3"], (e) => isDicomPixelError(e, "INVALID_ARGUMENT"));
  });
});
