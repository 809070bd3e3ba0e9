/**
 * The malformed-stream checks of jpeg.test.ts under the debug kernel build (assertions on, unchecked()
 * checked, uncheckedBehavior "never"): a hostile stream must give a typed error, never a trap, in either build.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { init, resetInstance } from "../../src/wasm/module.js";
import { repoRoot } from "../helpers/corpus.js";
import { decodeJpegInto, encodeJpeg, jpegDecodedBytes, readJpegHeader } from "../../src/wasm/kernels/jpeg.js";
import { isDicomPixelError } from "../../src/errors.js";

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jpeg", name)));

function tryDecode(src: Uint8Array): boolean {
  try {
    const h = readJpegHeader(src);
    if (jpegDecodedBytes(h) > 2 ** 26 || h.workBytes > 2 ** 27) return false; // a corrupted size: the codec's cap refuses it
    decodeJpegInto(src, h, new Uint8Array(jpegDecodedBytes(h)));
    return true;
  } catch (e) {
    if (!isDicomPixelError(e) || e.code === "INTERNAL_ERROR") throw e;
    return false;
  }
}

beforeAll(async () => {
  resetInstance();
  const k = await init({ flavour: "debug" });
  expect(k.flavour).toBe("debug");
});

describe("JPEG DCT kernels under the debug build", () => {
  for (const name of ["grey.jpg", "rgb-420-progressive.jpg", "rgb-422.jpg", "grey-progressive.jpg"]) {
    it(`${name}: decodes, and every truncation is a typed error`, () => {
      const src = fixture(name);
      expect(tryDecode(src)).toBe(true);
      for (let n = 0; n < src.length; n++) expect(tryDecode(src.subarray(0, n))).toBe(false);
    });
  }

  it("lenient mode: every truncation of a progressive stream is a typed error or a decode", () => {
    const src = fixture("rgb-420-progressive.jpg");
    for (let n = 0; n < src.length; n++) {
      try {
        const h = readJpegHeader(src.subarray(0, n));
        decodeJpegInto(src.subarray(0, n), h, new Uint8Array(jpegDecodedBytes(h)), { lenient: true });
      } catch (e) {
        if (!isDicomPixelError(e) || e.code === "INTERNAL_ERROR") throw e;
      }
    }
  });

  it("corrupt bytes anywhere in the stream: typed errors or a decode", () => {
    let seed = 99;
    for (const name of ["rgb-420-progressive.jpg", "rgb-444.jpg"]) {
      const src = fixture(name);
      for (let trial = 0; trial < 200; trial++) {
        const bad = src.slice();
        for (let k = 0; k < 3; k++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          bad[2 + (seed % (src.length - 2))] = (seed >>> 8) & 0xff;
        }
        tryDecode(bad);
      }
    }
  });

  it("the encoder runs (q 1, 50, 100; grey and colour; restart intervals)", () => {
    const img = new Uint8Array(33 * 17 * 3).map((_, i) => (i * 37) & 255);
    for (const quality of [1, 50, 100]) {
      for (const components of [1, 3] as const) {
        const jpg = encodeJpeg(img, { rows: 17, columns: 33, components, quality, optimizeHuffman: quality !== 50, subsample: components === 3, rgbInput: true, restartInterval: quality === 100 ? 1 : 0 });
        expect(tryDecode(jpg)).toBe(true);
      }
    }
  });
});
