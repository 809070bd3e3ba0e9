/**
 * Hostile input: truncation at many offsets, mutated bytes and absurd lengths. Every failure must be a
 * DicomPixelError (never a TypeError/RangeError, a hang or an allocation by an untrusted length).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DicomPixelError, isDicomPixelError } from "../../src/errors.js";
import { openDicom } from "../../src/part10/open.js";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";
import { ELE, concat, el, meta, pixelModule, u32, us } from "./build.js";

/** Opens, builds the pixel module and reads every frame; returns the error or null. */
async function exercise(bytes: Uint8Array): Promise<unknown> {
  try {
    const f = await openDicom(bytes);
    f.pixelModule({ lenient: true });
    for (let i = 0; i < Math.min(f.numberOfFrames, 4); i++) await f.readFrame(i);
    await f.close();
    return null;
  } catch (e) {
    return e;
  }
}

function expectClean(e: unknown, what: string): void {
  if (e !== null && !(e instanceof DicomPixelError)) throw new Error(`${what}: not a DicomPixelError: ${String((e as Error)?.stack ?? e)}`);
}

const FILES = ["pydicom/MR_small.dcm", "pydicom/MR_small_RLE.dcm", "pydicom/image_dfl.dcm", "pydicom/MR_small_bigendian.dcm", "dicomParser/encapsulated/multi-frame/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm"];

describe.skipIf(!corpusAvailable())("truncated real files", () => {
  for (const name of FILES) {
    it(`${name}: truncation at ~150 offsets fails cleanly`, async () => {
      const whole = new Uint8Array(readFileSync(join(corpusDir(), name)));
      const step = Math.max(1, Math.floor(whole.length / 150));
      let failures = 0;
      for (let cut = 0; cut < whole.length; cut += step) {
        const e = await exercise(whole.subarray(0, cut));
        expectClean(e, `${name} cut at ${cut}`);
        if (e !== null) failures++;
      }
      expect(failures).toBeGreaterThan(0);
    });
  }

  for (const name of ["pydicom/MR_small_RLE.dcm", "pydicom/MR_small_bigendian.dcm", "pydicom/MR_small_implicit.dcm", "nema-wg04/JPLL/NM1_JPLL"]) {
    it(`${name}: random byte mutations in the header fail cleanly (fast-check)`, async () => {
      const whole = new Uint8Array(readFileSync(join(corpusDir(), name)));
      const header = Math.min(whole.length, 2048);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(header - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }), async (edits) => {
          const bytes = whole.slice();
          for (const [at, v] of edits) bytes[at] = v;
          expectClean(await exercise(bytes), `edits ${JSON.stringify(edits)}`);
        }),
        { numRuns: 100, seed: 1234 },
      );
    });
  }
});

describe("lengths past the end and other impossible values", () => {
  it("an element length past the end is INVALID_LENGTH with the byte offset, without allocating it", async () => {
    const file = concat(meta("1.2.840.10008.1.2.1"), pixelModule(2, 2, 1, 8), el(0x00091010, "OB", new Uint8Array(4), ELE, 0x7ffffff0));
    const e = await openDicom(file).catch((x: unknown) => x);
    expect(isDicomPixelError(e, "INVALID_LENGTH")).toBe(true);
    expect((e as DicomPixelError).byteOffset).toBe(file.length - 4);
  });

  it("undefined length on a US element is rejected", async () => {
    const file = concat(meta("1.2.840.10008.1.2.1"), el(0x00280010, "UL", u32(1), ELE, 0xffffffff));
    expect(isDicomPixelError(await openDicom(file).catch((x: unknown) => x), "INVALID_LENGTH")).toBe(true);
  });

  it("a missing Pixel Data element is PIXEL_DATA_NOT_FOUND; too little data is NOT_ENOUGH_PIXEL_DATA", async () => {
    const none = await openDicom(concat(meta("1.2.840.10008.1.2.1"), pixelModule(2, 2, 1, 8)));
    expect(none.pixelData).toBeUndefined();
    await expect(none.readFrame(0)).rejects.toSatisfy((x) => isDicomPixelError(x, "PIXEL_DATA_NOT_FOUND"));
    const short = await openDicom(concat(meta("1.2.840.10008.1.2.1"), pixelModule(2, 2, 2, 16), el(0x7fe00010, "OW", new Uint8Array(12))));
    await expect(short.readFrame(0)).resolves.toBeDefined();
    const err = await short.readFrame(1).catch((x: unknown) => x);
    expect(isDicomPixelError(err, "NOT_ENOUGH_PIXEL_DATA")).toBe(true);
    expect((err as Error).message).toMatch(/not enough pixel data: expected 16 bytes, found 12/);
  });

  it("deeply nested sequences are refused, not a stack overflow", async () => {
    let body = us(0x00280010, 1);
    for (let i = 0; i < 200; i++) {
      body = concat(el(0x00400275, "SQ", new Uint8Array(0), ELE, 0xffffffff), u32(0xe000fffe), u32(0xffffffff), body, u32(0xe00dfffe), u32(0), u32(0xe0ddfffe), u32(0));
    }
    const e = await openDicom(concat(meta("1.2.840.10008.1.2.1"), body)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DicomPixelError);
  });

  it("data that is not DICOM is NOT_DICOM or a structural error", async () => {
    for (const junk of [new Uint8Array(3), new Uint8Array(0), new TextEncoder().encode("hello world, this is not DICOM at all")]) {
      expectClean(await exercise(junk), "junk");
      expect(await exercise(junk)).not.toBeNull();
    }
  });
});

describe("a corrupt Pixel Data length (the DVTK example, VL 0x474747)", () => {
  it("is tolerated with a warning when the frame's bytes are present", async () => {
    const pixels = new Uint8Array([1, 2, 3, 4]);
    const file = concat(meta("1.2.840.10008.1.2.1"), pixelModule(2, 2, 1, 8), el(0x7fe00010, "OB", pixels, ELE, 0x474747));
    const f = await openDicom(file);
    expect(f.warnings.join()).toMatch(/declares 4671303 bytes/);
    expect([...(await f.readFrame(0)).bytes]).toEqual([1, 2, 3, 4]);
    const short = await openDicom(concat(meta("1.2.840.10008.1.2.1"), pixelModule(4, 4, 1, 8), el(0x7fe00010, "OB", pixels, ELE, 0x474747)));
    await expect(short.readFrame(0)).rejects.toSatisfy((x) => isDicomPixelError(x, "NOT_ENOUGH_PIXEL_DATA"));
  });
});
