/** `dicompix conformance DIR [--json] [--filter TEXT] [--quiet]`: checks the library against a manifest. */
import { parseArgs } from "node:util";
import { init } from "../../wasm/module.js";
import { readManifest } from "../../conformance/manifest.js";
import { checkEntry, type ConformanceResult } from "../../conformance/check.js";
import { resultLine, summarize, summaryLines } from "../../conformance/report.js";
import { UsageError, type CliIO } from "../io.js";
import { Progress } from "../progress.js";

export const summary = "Check the library against a conformance corpus manifest (manifest.jsonl)";
export const usage = "dicompix conformance DIR [--json] [--filter TEXT] [--quiet]";

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, filter: { type: "string" }, quiet: { type: "boolean" } },
  });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) throw new UsageError("expected one corpus folder");
  await init();
  const manifest = await readManifest(dir);
  const entries = manifest.filter((e) => values.filter === undefined || e.path.includes(values.filter));
  const progress = new Progress(io.stderr, { total: entries.length, unit: "files", quiet: values.quiet || values.json, out: io.stdout });
  const results: ConformanceResult[] = [];
  for (const e of entries) {
    const r = await checkEntry(dir, e, manifest);
    results.push(r);
    progress.tick(1);
    if (!values.json && !values.quiet) progress.log(resultLine(r));
    else if (!values.json && r.status === "fail") progress.log(resultLine(r));
  }
  progress.done();
  const s = summarize(results);
  if (values.json) io.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else io.stdout.write(summaryLines(s).join("\n") + "\n");
  return s.failed > 0 ? 1 : 0;
}
