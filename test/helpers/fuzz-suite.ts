/**
 * The one fuzz sweep that test/regression/fuzz-decode.test.ts (release WASM) and fuzz-decode.debug.test.ts
 * (debug WASM, assertions on) each run in their own process: seeded mutations of small corpus files through
 * openDicom -> decodeFrame (see test/regression/fuzz-harness.ts). Hostile input must give a DicomPixelError
 * and nothing else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { init, resetInstance } from "../../src/wasm/module.js";
import { corpusAvailable } from "./corpus.js";
import { formatFailures, iterations, pickTargets, runSweep } from "../regression/fuzz-harness.js";

/** A long local run (DICOMPIX_FUZZ_ITERATIONS set) gets no practical time limit. */
const LONG = process.env.DICOMPIX_FUZZ_ITERATIONS !== undefined;

/** Declares the sweep's describe block under the given kernel flavour (re-initialising the module with it). */
export function describeFuzzDecode(flavour: "release" | "debug"): void {
  describe.skipIf(!corpusAvailable())(`fuzz: openDicom -> decodeFrame (${flavour} WASM)`, () => {
    beforeAll(async () => {
      resetInstance();
      const k = await init({ flavour });
      expect(k.flavour).toBe(flavour);
    });

    it("every mutated input decodes or throws a DicomPixelError, within the time budget", async () => {
      const targets = pickTargets();
      expect(targets.length).toBeGreaterThanOrEqual(34);
      const seed = Number(process.env.DICOMPIX_FUZZ_SEED ?? 0x5eed);
      const { cases, failures, outcomes, examples } = await runSweep(targets, iterations(40), seed);
      console.log(`fuzz (${flavour}): ${targets.length} files, ${cases} cases, ${failures.length} failures; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
      if (process.env.DICOMPIX_FUZZ_EXAMPLES) console.log([...examples].map(([k, v]) => `${k}: ${v}`).join("\n"));
      expect(failures, formatFailures(failures)).toEqual([]);
    }, LONG ? 24 * 3600_000 : 60_000);
  });
}
