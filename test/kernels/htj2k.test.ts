/** HTJ2K (T.814) block decoding under the release build; see htj2k-oracle.ts and htj2k-hostile.ts. */
import { beforeAll, describe } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { gridSuite } from "./htj2k-oracle.js";
import { fixtureSuite, hostileSuite } from "./htj2k-hostile.js";
import { refineSuite } from "./htj2k-refine.js";

describe("HTJ2K kernels (release build)", () => {
  beforeAll(setupWasm);
  fixtureSuite();
  gridSuite();
  refineSuite();
  hostileSuite();
});
