// Shared benchmark runner over the `benchmark` package. Every suite states throughput in MB/s of a named
// byte count and its ratio against a reference case measured in the same run (memcpy: TypedArray.set).
// BENCH_SMOKE=1 (or --smoke) runs each case once, to prove that the benches still run (CI), with no timing.
// BENCH_JSON=1 (or --json) prints JSON lines instead of tables; BENCH_QUIET=1 (or --quiet) prints nothing
// (the exit code tells whether every case ran).
import Benchmark from "benchmark";

export const smoke = process.env.BENCH_SMOKE === "1" || process.argv.includes("--smoke");
export const json = process.env.BENCH_JSON === "1" || process.argv.includes("--json");
export const quiet = process.env.BENCH_QUIET === "1" || process.argv.includes("--quiet") || process.argv.includes("-q");
const maxTime = Number(process.env.BENCH_MAX_TIME ?? 2);

/**
 * Runs `cases` ({ name, fn }) as one suite. `bytes` is the byte count each call processes (for MB/s).
 * The first case is the reference the ratios are against, unless one is marked { reference: true }.
 * @returns rows { name, mbps, ratio, rme }
 */
export async function runSuite(title, bytes, cases) {
  if (smoke) {
    for (const c of cases) await c.fn();
    if (!json && !quiet) console.log(`smoke ok: ${title} (${cases.length} cases)`);
    return [];
  }
  const suite = new Benchmark.Suite(title);
  for (const c of cases) suite.add(c.name, c.fn, { maxTime, minSamples: 5 });
  await new Promise((resolve) => suite.on("complete", resolve).run({ async: false }));
  const ref = cases.findIndex((c) => c.reference);
  const refHz = suite[ref >= 0 ? ref : 0].hz;
  const rows = cases.map((c, i) => {
    const b = suite[i];
    return { suite: title, name: c.name, mbps: (b.hz * bytes) / 1e6, ratio: b.hz / refHz, rme: b.stats.rme };
  });
  if (quiet) return rows;
  if (json) for (const r of rows) console.log(JSON.stringify(r));
  else printTable(title, bytes, rows);
  return rows;
}

function printTable(title, bytes, rows) {
  console.log(`\n## ${title} (${(bytes / 1e6).toFixed(1)} MB per call)`);
  console.log("| case | MB/s | vs reference | ±% |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.name} | ${r.mbps.toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.rme.toFixed(1)} |`);
}

/**
 * Calls async `fn` repeatedly for at least `seconds` (once when smoke), for suites with async work that
 * cannot use the `benchmark` package. @returns { calls, seconds } measured
 */
export async function timeAsync(fn, seconds) {
  const start = performance.now();
  let calls = 0;
  do {
    await fn();
    calls++;
  } while (performance.now() - start < seconds * 1000);
  return { calls, seconds: (performance.now() - start) / 1000 };
}

/** Prints a line of context (an input's size, a compression ratio) in a timed table run only. */
export function note(text) {
  if (!smoke && !json && !quiet) console.log(text);
}
