/**
 * The JPEG-LS fixture and hostile-input checks under the debug kernel build (assertions on,
 * uncheckedBehavior "never"): a hostile stream must give a typed error, never a trap, in either build.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { init, resetInstance } from "../../src/wasm/module.js";
import { decode, FIXTURES, fixture, hostileSuite } from "./jpeg-ls-hostile.js";

describe("JPEG-LS kernels (debug build)", () => {
  beforeAll(async () => {
    resetInstance();
    const k = await init({ flavour: "debug" });
    expect(k.flavour).toBe("debug");
  });

  for (const name of FIXTURES) {
    it(`${name}.jls decodes to DCMTK's image`, () => {
      expect(decode(fixture(`${name}.jls`))).toEqual(fixture(`${name}.raw`));
    });
  }

  hostileSuite();
});
