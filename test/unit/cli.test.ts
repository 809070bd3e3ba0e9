import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { main } from "../../src/cli/run.js";

function capture() {
  let out = "";
  let err = "";
  const io = {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
  };
  return { io, out: () => out, err: () => err };
}

describe("CLI skeleton", () => {
  it("--version prints the package version", async () => {
    const c = capture();
    expect(await main(["--version"], c.io)).toBe(0);
    expect(c.out().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("--help lists the commands and the exit codes", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    expect(c.out()).toContain("Usage: dicompix <command>");
    expect(c.out()).toContain("Exit codes: 0 success, 2 input rejected, 1 usage or internal error.");
  });

  it("an unknown command is a usage error (exit 1)", async () => {
    const c = capture();
    expect(await main(["frobnicate"], c.io)).toBe(1);
    expect(c.err()).toContain('unknown command "frobnicate"');
  });
});
