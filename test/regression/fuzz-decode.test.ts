/**
 * Seeded mutation fuzzing of openDicom -> decodeFrame over small corpus files of every swept transfer syntax,
 * under the release WASM flavour (fuzz-decode.debug.test.ts runs the same sweep under the debug flavour, in
 * its own process). Hostile input must give a DicomPixelError and nothing else. See fuzz-harness.ts.
 *
 * Environment: DICOMPIX_FUZZ_ITERATIONS=n random mutations per file (default 40; n/2 compositions are added;
 * a long local run: n=1000 gives ~94,000 cases in 3-4 min); DICOMPIX_FUZZ_SEED the seed; DICOMPIX_FUZZ_DUMP=dir
 * writes each failing input there; DICOMPIX_FUZZ_EXAMPLES=1 prints the first case of each outcome;
 * DICOMPIX_FUZZ_JPEGLS=1 sweeps the JPEG-LS files instead.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { init, resetInstance } from "../../src/wasm/module.js";
import { corpusAvailable } from "../helpers/corpus.js";
import { formatFailures, iterations, pickTargets, runSweep } from "./fuzz-harness.js";

/** A long local run (DICOMPIX_FUZZ_ITERATIONS set) gets no practical time limit. */
const LONG = process.env.DICOMPIX_FUZZ_ITERATIONS !== undefined;
const FLAVOUR = "release" as const;

describe.skipIf(!corpusAvailable())(`fuzz: openDicom -> decodeFrame (${FLAVOUR} WASM)`, () => {
  beforeAll(async () => {
    resetInstance();
    const k = await init({ flavour: FLAVOUR });
    expect(k.flavour).toBe(FLAVOUR);
  });

  it("every mutated input decodes or throws a DicomPixelError, within the time budget", async () => {
    const targets = pickTargets();
    expect(targets.length).toBeGreaterThanOrEqual(process.env.DICOMPIX_FUZZ_JPEGLS === "1" ? 4 : 25);
    const seed = Number(process.env.DICOMPIX_FUZZ_SEED ?? 0x5eed);
    const { cases, failures, outcomes, examples } = await runSweep(targets, iterations(40), seed);
    console.log(`fuzz (${FLAVOUR}): ${targets.length} files, ${cases} cases, ${failures.length} failures; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    if (process.env.DICOMPIX_FUZZ_EXAMPLES) console.log([...examples].map(([k, v]) => `${k}: ${v}`).join("\n"));
    expect(failures, formatFailures(failures)).toEqual([]);
  }, LONG ? 24 * 3600_000 : 60_000);
});
