/**
 * Streaming: a >= 500 MB multi-frame file written from a generator in a child process (plain node, the
 * writer bundled by rolldown), frames read back at random, and the child's peak RSS far below the file size.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function bundleChild(): Promise<string> {
  const { build } = (await import("rolldown")) as unknown as {
    build(o: { input: string; platform: string; output: { file: string; format: string }; write: boolean; logLevel?: string }): Promise<unknown>;
  };
  const file = join(tmp.dir, "stream-child.mjs");
  await build({
    input: fileURLToPath(new URL("./stream-child.ts", import.meta.url)),
    platform: "node",
    output: { file, format: "esm" },
    write: true,
    logLevel: "silent",
  });
  return file;
}

describe("streaming write of a large file", () => {
  it("writes 552 MB from a generator with peak RSS far below the file size", async (ctx) => {
    let child: string;
    try {
      child = await bundleChild();
    } catch (e) {
      // rolldown comes with vitest 4; without it the child cannot be built from the TS sources.
      ctx.skip(`cannot bundle the child process: ${String(e)}`);
      return;
    }
    const path = join(tmp.dir, "big.dcm");
    // 150 frames of 1280x960 RGB: 552,960,000 bytes of pixel data.
    const r = spawnSync(process.execPath, [child, path, "150", "960", "1280"], { encoding: "utf8", timeout: 60_000 });
    rmSync(path, { force: true });
    expect(r.error, String(r.error)).toBeUndefined();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    const out = JSON.parse(r.stdout) as { size: number; writeSeconds: number; checked: number[]; maxRssBytes: number };
    expect(out.size).toBeGreaterThan(500e6);
    expect(out.checked).toEqual([149, 0, 75, 7]);
    // The file is 552 MB; the writer holds one frame (3.7 MB) and a 1 MiB buffer on top of node itself.
    expect(out.maxRssBytes).toBeLessThan(out.size / 5);
  });
});
