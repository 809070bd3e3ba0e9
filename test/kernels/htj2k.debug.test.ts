/**
 * The HTJ2K checks under the debug kernel build (assertions on, uncheckedBehavior "never"): the same grid of
 * ojph_compress streams, fixtures and hostile inputs as htj2k.test.ts; a hostile stream must give a typed
 * error, never a trap, in either build.
 */
import { beforeAll, describe } from "vitest";
import { useFlavour } from "../helpers/wasm.js";
import { gridSuite } from "./htj2k-oracle.js";
import { fixtureSuite, hostileSuite } from "./htj2k-hostile.js";
import { refineSuite } from "./htj2k-refine.js";

describe("HTJ2K kernels (debug build)", () => {
  beforeAll(() => useFlavour("debug"));
  fixtureSuite();
  gridSuite();
  refineSuite();
  hostileSuite();
});
