/**
 * JPEG-LS kernels (ITU-T T.87) on raw codestreams, release build: fixtures made with DCMTK dcmcjpls (CharLS)
 * decoded bit-exactly against dcmdjpls' output (equal to the source image for lossless ones), the header
 * parameters against T.87 C.2.4.1.1 (default thresholds) and the LSE segment, and the hostile-input suite.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { jpeglsReadHeader } from "../../src/wasm/kernels/jpeg-ls.js";
import { decode, FIXTURES, fixture, hostileSuite } from "./jpeg-ls-hostile.js";

describe("JPEG-LS kernels (release build)", () => {
  beforeAll(setupWasm);

  for (const name of FIXTURES) {
    it(`${name}.jls decodes to DCMTK's image`, () => {
      expect(decode(fixture(`${name}.jls`))).toEqual(fixture(`${name}.raw`));
    });
  }

  it("reads the frame and scan headers with T.87 default parameters", () => {
    // T.87 C.2.4.1.1.1 defaults: 8-bit lossless 3/7/21; MAXVAL 65535: FACTOR 16 -> 18/67/276; RESET 64
    expect(jpeglsReadHeader(fixture("grey8.jls"))).toMatchObject({
      precision: 8, rows: 24, columns: 32, components: 1, near: 0, interleave: 0, maxval: 255, t1: 3, t2: 7, t3: 21, reset: 64,
    });
    expect(jpeglsReadHeader(fixture("grey16.jls"))).toMatchObject({ precision: 16, maxval: 65535, t1: 18, t2: 67, t3: 276 });
    // 12-bit near-lossless NEAR 2: FACTOR (4095 + 128) >> 8 = 16: T1 = 16 + 2 + 6 = 24, T2 = 64 + 3 + 10 = 77, T3 = 272 + 4 + 14 = 290
    expect(jpeglsReadHeader(fixture("grey12-near2.jls"))).toMatchObject({ precision: 12, near: 2, t1: 24, t2: 77, t3: 290 });
    expect(jpeglsReadHeader(fixture("rgb8-ilv2.jls"))).toMatchObject({ components: 3, interleave: 2, scanComponents: 3 });
    expect(jpeglsReadHeader(fixture("rgb8-ilv0.jls"))).toMatchObject({ components: 3, interleave: 0, scanComponents: 1 });
    // LSE preset parameters as given to dcmcjpls (+t1 5 +t2 9 +t3 30 +rs 32)
    expect(jpeglsReadHeader(fixture("grey8-lse.jls"))).toMatchObject({ t1: 5, t2: 9, t3: 30, reset: 32 });
  });

  hostileSuite();
});
