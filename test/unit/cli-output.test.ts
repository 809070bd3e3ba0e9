/**
 * `--quiet` and `--json` on every reporting command, and the one progress renderer (issue 8 "Progress and
 * output"): a bar on a TTY stderr only, nothing on stderr otherwise or when quiet/json.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/run.js";
import { Progress } from "../../src/cli/progress.js";
import { corpusDir } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { tempDir } from "../writer/helpers.js";

const SRC = fileURLToPath(new URL("../fixtures/writer/trailing-explicit-le.dcm", import.meta.url));
/** The fixture: 3 frames of 12 x 10 16-bit samples (test/fixtures/writer/README.md). */
const FRAMES = 3;
const FRAME_BYTES = 12 * 10 * 2;
const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

function capture(tty = false) {
  let out = "";
  let err = "";
  const stderr = new Writable({ write(c, _e, cb) { err += String(c); cb(); } }) as Writable & { isTTY?: boolean };
  if (tty) stderr.isTTY = true;
  const io = { stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }), stderr };
  return { io, out: () => out, err: () => err };
}

async function run(argv: string[], tty = false) {
  const c = capture(tty);
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe("--quiet and --json", () => {
  const commands = ["info", "decode", "transcode", "render", "demo", "conformance", "bench"];
  for (const name of commands) {
    it(`${name} --help documents --quiet and --json`, async () => {
      const r = await run([name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain("--quiet");
      expect(r.out).toContain("--json");
    });
  }

  it("info: --json gives the issue's keys, --quiet nothing (exit code only)", async () => {
    const j = await run(["info", SRC, "--json"]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ rows: 12, columns: 10, numberOfFrames: 3, bitsStored: 12, encapsulation: null });
    const q = await run(["info", SRC, "--quiet"]);
    expect(q).toEqual({ code: 0, out: "", err: "" });
    const bad = await run(["info", join(tmp.dir, "missing.dcm"), "--quiet"]);
    expect(bad.code).not.toBe(0);
  });

  it("decode: --json reports frames and bytes, --quiet prints nothing, no bar off a TTY", async () => {
    const out = join(tmp.dir, "decoded.raw");
    const j = await run(["decode", SRC, "-o", out, "--json"]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ output: out, frames: FRAMES, bytes: FRAMES * FRAME_BYTES });
    expect(statSync(out).size).toBe(FRAMES * FRAME_BYTES);
    const q = await run(["decode", SRC, "-o", out, "--quiet"], true);
    expect(q).toEqual({ code: 0, out: "", err: "" });
    const plain = await run(["decode", SRC, "-o", out]);
    expect(plain.out).toMatch(/3 frame\(s\), 720 bytes/);
    expect(plain.err).toBe("");
  });

  it("decode shows a progress bar on a TTY and clears it", async () => {
    const r = await run(["decode", SRC, "-o", join(tmp.dir, "bar.raw")], true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/decode \[#+\] 3\/3 frames/);
    expect(r.err.endsWith("\r\x1b[K")).toBe(true);
  });

  it("transcode: --json, --quiet, and the bar only on a TTY", async () => {
    const out = join(tmp.dir, "t.dcm");
    const j = await run(["transcode", SRC, out, "--ts", "RLELossless", "--json"], true);
    expect(j.code).toBe(0);
    expect(j.err).toBe("");
    expect(JSON.parse(j.out)).toMatchObject({ frames: FRAMES, transferSyntaxUID: "1.2.840.10008.1.2.5", output: out });
    const q = await run(["transcode", SRC, out, "--ts", "RLELossless", "--quiet"], true);
    expect(q).toEqual({ code: 0, out: "", err: "" });
    const bar = await run(["transcode", SRC, out, "--ts", "RLELossless"], true);
    expect(bar.err).toMatch(/transcode \[#+\] 3\/3 frames/);
    expect(bar.out).toMatch(/RLE Lossless/);
  });

  it("render: --json lists the PNGs written, --quiet prints nothing", async () => {
    const png = join(tmp.dir, "r.png");
    const j = await run(["render", SRC, "-o", png, "--all-frames", "--json"]);
    expect(j.code).toBe(0);
    const files = JSON.parse(j.out) as { file: string; frame: number }[];
    expect(files.map((f) => f.frame)).toEqual([1, 2, 3]);
    for (const f of files) expect(readFileSync(f.file).subarray(1, 4).toString()).toBe("PNG");
    const q = await run(["render", SRC, "-o", png, "--quiet"]);
    expect(q).toEqual({ code: 0, out: "", err: "" });
  });

  it("demo: --json gives the report, --quiet nothing, on a tiny workload", async () => {
    const args = ["demo", "--frames", "2", "--rows", "16", "--columns", "24"];
    const j = await run([...args, "--json"], true);
    expect(j.code).toBe(0);
    expect(j.err).toBe("");
    expect(JSON.parse(j.out)).toMatchObject({ ok: true });
    const q = await run([...args, "--quiet"], true);
    expect(q).toEqual({ code: 0, out: "", err: "" });
  }, 30_000);

  const corpus = corpusDir();
  it.skipIf(!existsSync(join(corpus, "manifest.jsonl")))("conformance: --json is an array, --quiet prints only the summary", async () => {
    const filter = "jpeg_lossless_sel1.dcm";
    const j = await run(["conformance", corpus, "--filter", filter, "--json"], true);
    expect(j.err).toBe("");
    const results = JSON.parse(j.out) as unknown[];
    expect(results).toHaveLength(1);
    const q = await run(["conformance", corpus, "--filter", filter, "--quiet"], true);
    expect(q.err).toBe("");
    expect(q.out).toMatch(/1 passed, 0 failed/);
    expect(q.out).not.toContain(filter);
  }, 30_000);
});

describe("Progress", () => {
  it("draws nothing off a TTY and logs to the given stream", () => {
    const c = capture(false);
    const p = new Progress(c.io.stderr, { total: 2, unit: "files", out: c.io.stdout });
    p.tick(1);
    p.log("one");
    p.tick(1);
    p.done();
    expect(c.err()).toBe("");
    expect(c.out()).toBe("one\n");
  });

  it("on a TTY: counts, MB/s from bytes, and a line logged above the bar", () => {
    const c = capture(true);
    const p = new Progress(c.io.stderr, { total: 4, unit: "frames", label: "step", out: c.io.stdout });
    p.update(4, 4, 8e6);
    expect(c.err()).toMatch(/step \[#{24}\] 4\/4 frames \d+ MB\/s/);
    p.log("line");
    expect(c.out()).toBe("line\n");
    p.done();
    expect(c.err().endsWith("\r\x1b[K")).toBe(true);
  });

  it("quiet on a TTY draws nothing", () => {
    const c = capture(true);
    const p = new Progress(c.io.stderr, { total: 1, unit: "frames", quiet: true });
    p.tick(1);
    p.done();
    expect(c.err()).toBe("");
  });
});
