/**
 * The JPEG 2000 checks under the debug kernel build (assertions on, uncheckedBehavior "never"): a hostile
 * stream must give a typed error, never a trap, in either build.
 */
import { beforeAll, describe, expect } from "vitest";
import { init, resetInstance } from "../../src/wasm/module.js";
import { dwtSuite, fixtureSuite, hostileSuite } from "./jpeg2000-hostile.js";

describe("JPEG 2000 kernels (debug build)", () => {
  beforeAll(async () => {
    resetInstance();
    const k = await init({ flavour: "debug" });
    expect(k.flavour).toBe("debug");
  });
  dwtSuite();
  fixtureSuite();
  hostileSuite();
});
