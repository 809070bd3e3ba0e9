/** `dicompix bench [FILTER...] [--json] [--smoke]`: runs the benchmark suite in bench/ (a repository checkout). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CliIO } from "../io.js";

export const summary = "Run the benchmark suite (bench/*.bench.mjs, each against memcpy in the same run)";
export const usage =
  "dicompix bench [FILTER...] [--json] [--smoke] [--quiet]\n" +
  "  FILTER picks bench files by name; --json prints JSON lines; --smoke runs each case once; --quiet prints only failures";

export async function run(argv: string[], io: CliIO): Promise<number> {
  // src/cli/commands -> repo root is three levels up in the sources, four in dist/.
  const candidates = ["../../../bench/run.mjs", "../../../../bench/run.mjs"].map((r) => fileURLToPath(new URL(r, import.meta.url)));
  const script = candidates.find((p) => existsSync(p));
  if (!script) {
    io.stderr.write("dicompix bench: bench/ is not here; run it from a repository checkout\n");
    return 1;
  }
  const r = spawnSync(process.execPath, [script, ...argv], { stdio: "inherit" });
  return r.status ?? 1;
}
