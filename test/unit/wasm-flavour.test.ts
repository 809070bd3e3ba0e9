/**
 * Which kernel build init() loads: "relaxed" (WebAssembly relaxed SIMD) where the engine validates it, else
 * "release"; DICOMPIX_WASM or init({ flavour }) override. The suite's workers run with relaxed SIMD on
 * (test/vitest.config.ts), as Node >= 22 and current browsers do by default.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { init, relaxedSimdSupported, resetInstance } from "../../src/wasm/module.js";
import { seededBytes } from "../helpers/color-reference.js";

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

  it("where the engine has no relaxed SIMD: the release build by default, and DICOMPIX_WASM=relaxed is refused", async () => {
    // An engine without relaxed SIMD (Safari, plain Node 20) rejects the probe module; stand one in.
    const validate = vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    try {
      expect(relaxedSimdSupported()).toBe(false);
      delete process.env.DICOMPIX_WASM;
      resetInstance();
      expect((await init()).flavour).toBe("release");
      process.env.DICOMPIX_WASM = "relaxed";
      resetInstance();
      await expect(init()).rejects.toMatchObject({ code: "UNSUPPORTED_FEATURE" });
    } finally {
      validate.mockRestore();
    }
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

  it("the relaxed build computes what the release build computes, in every kernel that uses relaxed forms", async () => {
    // The colour kernels are pinned to references on both builds elsewhere; these are the other users of the
    // shared byte gathers (common/simd.ts): planar -> interleaved, and the JPEG codec's colour stages.
    const { toInterleaved } = await import("../../src/transforms/planar.js");
    const { encodeJpeg, decodeJpegInto, readJpegHeader, jpegDecodedBytes } = await import("../../src/wasm/kernels/jpeg.js");
    const run = () => {
      const out: number[][] = [];
      for (let n = 0; n <= 70; n++) out.push(Array.from(toInterleaved(seededBytes(3 * n, 300 + n), 3)));
      for (const [rows, columns] of [[24, 70], [9, 33]] as const) {
        const rgb = seededBytes(rows * columns * 3, rows * columns);
        for (const subsample of [true, false]) {
          const jpeg = encodeJpeg(rgb, { rows, columns, components: 3, quality: 90, optimizeHuffman: true, subsample, rgbInput: true, restartInterval: 0 });
          out.push(Array.from(jpeg));
          const h = readJpegHeader(jpeg);
          for (const asRgb of [true, false]) {
            const dst = new Uint8Array(jpegDecodedBytes(h));
            decodeJpegInto(jpeg, h, dst, { rgb: asRgb });
            out.push(Array.from(dst));
          }
        }
      }
      return out;
    };
    const outs: number[][][] = [];
    for (const flavour of ["release", "relaxed"] as const) {
      resetInstance();
      expect((await init({ flavour })).flavour).toBe(flavour);
      outs.push(run());
    }
    expect(outs[1]!.length).toBe(outs[0]!.length);
    for (let i = 0; i < outs[0]!.length; i++) expect(outs[1]![i], `output ${i}`).toEqual(outs[0]![i]);
  });
});
