/**
 * Seeded mutation fuzzing of openDicom -> decodeFrame over small corpus files of every swept transfer syntax,
 * under the release WASM flavour (fuzz-decode.debug.test.ts runs the same sweep under the debug flavour, in
 * its own process). Hostile input must give a DicomPixelError and nothing else. See fuzz-harness.ts.
 *
 * Environment: DICOMPIX_FUZZ_ITERATIONS=n random mutations per file (default 40; n/2 compositions are added;
 * a long local run: n=1000 gives ~94,000 cases in 3-4 min); DICOMPIX_FUZZ_SEED the seed; DICOMPIX_FUZZ_DUMP=dir
 * writes each failing input there; DICOMPIX_FUZZ_EXAMPLES=1 prints the first case of each outcome.
 */
import { describeFuzzDecode } from "../helpers/fuzz-suite.js";

describeFuzzDecode("release");
