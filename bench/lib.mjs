// Shared benchmark runner over the `benchmark` package. Every suite states throughput in MB/s of a named
// byte count and its ratio against a reference case measured in the same run (memcpy: TypedArray.set).
// BENCH_SMOKE=1 (or --smoke) runs each case once, to prove that the benches still run (CI), with no timing.
// BENCH_JSON=1 (or --json) prints JSON lines instead of tables.
import Benchmark from "benchmark";

export const smoke = process.env.BENCH_SMOKE === "1" || process.argv.includes("--smoke");
export const json = process.env.BENCH_JSON === "1" || process.argv.includes("--json");
const maxTime = Number(process.env.BENCH_MAX_TIME ?? 2);

/**
 * Runs `cases` ({ name, fn }) as one suite. `bytes` is the byte count each call processes (for MB/s).
 * The first case is the reference the ratios are against, unless one is marked { reference: true }.
 * @returns rows { name, mbps, ratio, rme }
 */
export async function runSuite(title, bytes, cases) {
  if (smoke) {
    for (const c of cases) await c.fn();
    if (!json) console.log(`smoke ok: ${title} (${cases.length} cases)`);
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

/** Deterministic pseudo-random bytes (xorshift32), so runs are comparable. */
export function seededBytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
