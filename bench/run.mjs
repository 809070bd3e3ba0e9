// `npm run bench`: runs every bench/*.bench.mjs in its own process (so one suite's memory does not skew the
// next), in name order. Pass --smoke for a one-iteration run that only proves the benches still work, and
// --json for JSON lines, --quiet for no output but failures. Needs the build (npm ci / npm run build).
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-")).map((a) => (a === "-q" ? "--quiet" : a));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
if (!flags.includes("--json") && !flags.includes("--quiet")) console.log(`# dicompix benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const f of files) {
  const r = spawnSync(process.execPath, ["--expose-gc", join(here, f), ...flags], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${f} failed with exit code ${r.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
