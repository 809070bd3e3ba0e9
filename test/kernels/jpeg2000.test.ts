/** JPEG 2000 kernels and codestream handling under the release build; see jpeg2000-hostile.ts. */
import { beforeAll, describe } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { dwtSuite, fixtureSuite, hostileSuite } from "./jpeg2000-hostile.js";

describe("JPEG 2000 kernels (release build)", () => {
  beforeAll(setupWasm);
  dwtSuite();
  fixtureSuite();
  hostileSuite();
});
