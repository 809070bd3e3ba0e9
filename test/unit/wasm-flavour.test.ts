/**
 * Which kernel build init() loads: "relaxed" (WebAssembly relaxed SIMD) where the engine validates it, else
 * "release"; DICOMPIX_WASM or init({ flavour }) override. The suite's workers run with relaxed SIMD on
 * (test/vitest.config.ts), as Node >= 22 and current browsers do by default.
 */
import { afterEach, describe, expect, it } from "vitest";
import { init, relaxedSimdSupported, resetInstance } from "../../src/wasm/module.js";

const saved = process.env.DICOMPIX_WASM;
afterEach(() => {
  if (saved === undefined) delete process.env.DICOMPIX_WASM;
  else process.env.DICOMPIX_WASM = saved;
  resetInstance();
});

describe("kernel flavour selection", () => {
  it("the test workers have relaxed SIMD (so the relaxed build is tested at all)", () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it("defaults to the relaxed build where the engine supports it", async () => {
    delete process.env.DICOMPIX_WASM;
    resetInstance();
    expect((await init()).flavour).toBe("relaxed");
  });

  it("DICOMPIX_WASM and the init option choose the build", async () => {
    for (const flavour of ["release", "relaxed", "debug"] as const) {
      process.env.DICOMPIX_WASM = flavour;
      resetInstance();
      expect((await init()).flavour).toBe(flavour);
    }
    process.env.DICOMPIX_WASM = "debug";
    resetInstance();
    expect((await init({ flavour: "release" })).flavour).toBe("release");
  });

  it("the relaxed build computes what the release build computes (a kernel outside the colour code)", async () => {
    const src = new Uint8Array(1000).map((_, i) => (i * 37) & 255);
    const outs: number[][] = [];
    for (const flavour of ["release", "relaxed"] as const) {
      resetInstance();
      const k = await init({ flavour });
      const { xorBytes } = await import("../../src/wasm/kernels/core.js");
      outs.push(Array.from(xorBytes(src, 0x3c)));
      expect(k.flavour).toBe(flavour);
    }
    expect(outs[1]).toEqual(outs[0]);
  });
});
