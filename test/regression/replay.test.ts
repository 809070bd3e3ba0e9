/**
 * Replays every input the fuzz sweep found (test/fixtures/regression/, see its README): each must give the
 * stated DicomPixelError code on the whole public path, with every option set the sweep uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeFrame } from "../../src/decode.js";
import type { DecodeOptions } from "../../src/codecs/codec.js";
import { DicomPixelError, type ErrorCode } from "../../src/errors.js";
import { openDicom } from "../../src/part10/open.js";
import { init } from "../../src/wasm/module.js";
import { repoRoot } from "../helpers/corpus.js";

const CASES: { file: string; code: ErrorCode; why: string }[] = [
  { file: "jpeg-baseline-bits-allocated-32.dcm", code: "INVALID_ATTRIBUTE", why: "JPEG with Bits Allocated 32 returned half a frame" },
];

/** Inputs refused only with some options (and decoded as stored without them). */
const OPTION_CASES: { file: string; options: DecodeOptions; code: ErrorCode; why: string }[] = [
  { file: "native-ybr-full-signed.dcm", options: { colorSpace: "rgb" }, code: "UNSUPPORTED_FEATURE", why: "signed YBR converted as unsigned gave values outside Bits Stored" },
];

const OPTIONS = [{}, { colorSpace: "rgb" as const }, { lenient: true }, { raw: true, planar: "preserve" as const }];

/**
 * YBR_FULL -> RGB at `bits` precision, from the PS3.3 C.7.6.3.1.2 YBR_FULL equations inverted (ITU-R BT.601
 * full range), chroma centred on 2^(bits-1) and the result clamped to 0..2^bits - 1: an independent reference.
 */
function ybrFullToRgbReference(ybr: Uint8Array, bits: number): Uint8Array {
  const half = 2 ** (bits - 1);
  const max = 2 ** bits - 1;
  const out = new Uint8Array(ybr.length);
  const clamp = (v: number) => Math.min(max, Math.max(0, Math.round(v)));
  for (let i = 0; i < ybr.length; i += 3) {
    const y = ybr[i]!, cb = ybr[i + 1]! - half, cr = ybr[i + 2]! - half;
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return out;
}

/** Colour frames with Bits Stored < 8 in 8-bit cells: { colorSpace: "rgb" } once returned values up to 255. */
const RGB_RANGE_CASES = ["native-ybr-full-422-bits-stored-7.dcm", "native-ybr-full-bits-stored-7.dcm"];

describe("fuzz regressions", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.code} (${c.why})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/regression", c.file)));
      for (const options of OPTIONS) {
        const file = await openDicom(bytes, { lenient: options.lenient ?? false });
        const error = await decodeFrame(file, 0, options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, JSON.stringify(options)).toBeInstanceOf(DicomPixelError);
        expect((error as DicomPixelError).code).toBe(c.code);
      }
    });
  }

  it("jpeg-extended-signed-bits-stored-8.dcm: Pixel Representation 1 sign-extends JPEG samples in 16-bit cells", async () => {
    // nema-wg04/JPLY/NM1_JPLY (12-bit extended JPEG) with Bits Stored 8, High Bit 7, Pixel Representation 1.
    // Metamorphic oracle: the same bytes with (0028,0103) set back to 0 give the unsigned cells; the signed
    // canonical cells are those with bit 7 copied into bits 8-15 (PS3.5 8.1.1).
    const bytes = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/regression/jpeg-extended-signed-bits-stored-8.dcm")));
    const pr = [0x28, 0, 0x03, 0x01, 0x55, 0x53, 2, 0, 1, 0];
    const at = bytes.findIndex((_, i) => pr.every((x, j) => bytes[i + j] === x));
    expect(at).toBeGreaterThan(0);
    const unsignedBytes = bytes.slice();
    unsignedBytes[at + 8] = 0;
    const u = (await decodeFrame(await openDicom(unsignedBytes), 0)).pixels as Uint16Array;
    const v = (await decodeFrame(await openDicom(bytes), 0)).pixels as Int16Array;
    expect(v).toBeInstanceOf(Int16Array);
    expect(v.length).toBe(u.length);
    let negatives = 0;
    let maxU = 0;
    for (let i = 0; i < u.length; i++) {
      maxU = Math.max(maxU, u[i]!);
      const want = u[i]! >= 128 ? u[i]! - 256 : u[i]!;
      if (v[i] !== want) expect(`sample ${i}: ${v[i]}`).toBe(`sample ${i}: ${want}`);
      if (want < 0) negatives++;
    }
    expect(maxU).toBeLessThanOrEqual(255);
    expect(negatives).toBeGreaterThan(0);
  });

  for (const c of OPTION_CASES) {
    it(`${c.file}: ${c.code} with ${JSON.stringify(c.options)} (${c.why}), decoded without`, async () => {
      const bytes = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/regression", c.file)));
      const file = await openDicom(bytes);
      const error = await decodeFrame(file, 0, c.options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DicomPixelError);
      expect((error as DicomPixelError).code).toBe(c.code);
      const plain = await decodeFrame(file, 0);
      expect(plain.bytes.length).toBe(plain.module.frameByteLength());
    });
  }

  for (const name of RGB_RANGE_CASES) {
    it(`${name}: YBR -> RGB keeps Bits Stored 7 (0..127) and follows the 7-bit equations`, async () => {
      const bytes = new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/regression", name)));
      const file = await openDicom(bytes);
      const ybr = await decodeFrame(file, 0);
      expect(ybr.photometricInterpretation).toBe("YBR_FULL");
      const rgb = await decodeFrame(file, 0, { colorSpace: "rgb" });
      expect(rgb.photometricInterpretation).toBe("RGB");
      expect(rgb.bytes.length).toBe(8 * 8 * 3);
      const want = ybrFullToRgbReference(ybr.bytes, 7);
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) {
        expect(rgb.bytes[i]!).toBeLessThanOrEqual(127);
        maxDiff = Math.max(maxDiff, Math.abs(rgb.bytes[i]! - want[i]!));
      }
      expect(maxDiff).toBeLessThanOrEqual(1);
    });
  }
});
