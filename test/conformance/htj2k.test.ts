/**
 * The corpus's HTJ2K file (pydicom-data/HTJ2K_08_RGB.dcm: 1.2.840.10008.1.2.4.203, 640x480 RGB 8-bit, 9-7
 * irreversible with the ICT, 5 levels, RPCL) through openDicom + the registry (readInfo / decodedSize /
 * decodeInto) and through decodeFrame(). The manifest has no reference for it (none of its reference tools
 * decodes HTJ2K), so the expectation comes from OpenJPEG 2.5's opj_decompress, recorded below and re-run here
 * where installed (bit-exact), with OpenJPH's ojph_expand as a second opinion (max |diff| 1 on 670 samples:
 * the two reference decoders differ there by their 9-7 arithmetic).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";
import { decodeAllFrameHashes, sha256 } from "../helpers/conformance.js";
import { FAST_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { openDicom } from "../../src/part10/open.js";
import { decodeFrame } from "../../src/decode.js";
import { getCodec } from "../../src/registry.js";
import { HTJ2K_UID, HTJ2K_LOSSLESS_UID, HTJ2K_LOSSLESS_RPCL_UID } from "../../src/codecs/jpeg2000.js";
import { HAVE_OJPH, HAVE_OPJ } from "../kernels/htj2k-oracle.js";
import { REFERENCE_DECODES } from "../../src/conformance/check.js";

const FILE = "pydicom-data/HTJ2K_08_RGB.dcm";
/** sha256 of `opj_decompress -i frame0.j2c -o x.ppm` (OpenJPEG 2.5.0, Debian 12) pixel bytes: the conformance runner's reference. */
const OPJ_FRAME_SHA256 = REFERENCE_DECODES[FILE]!.frames[0]!;

/** Pixel bytes of a binary PPM (header: P6, width, height, maxval; comments allowed). */
function ppmPixels(b: Uint8Array): Uint8Array {
  let p = 0;
  let fields = 0;
  while (fields < 4) {
    while (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09) p++;
    if (b[p] === 0x23) {
      while (b[p] !== 0x0a) p++;
      continue;
    }
    while (!(b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09)) p++;
    fields++;
  }
  return b.subarray(p + 1);
}

describe("HTJ2K registration", () => {
  it("the three HTJ2K transfer syntaxes decode with the htj2k codec", () => {
    for (const uid of [HTJ2K_LOSSLESS_UID, HTJ2K_LOSSLESS_RPCL_UID, HTJ2K_UID]) expect(getCodec(uid).name).toBe("htj2k");
  });
});

describe.skipIf(!corpusAvailable())("HTJ2K conformance (shared corpus)", () => {
  const path = corpusAvailable() ? join(corpusDir(), FILE) : "";

  describe.each(FAST_FLAVOURS)("%s kernels", (flavour) => {
    beforeAll(() => useFlavour(flavour));

    it(`${FILE} decodes through the registry to opj_decompress's pixels`, async () => {
      expect(await decodeAllFrameHashes(path, "htj2k")).toEqual([OPJ_FRAME_SHA256]);
    });

    it(`${FILE} through decodeFrame()`, async () => {
      const f = await openDicom(path);
      try {
        const r = await decodeFrame(f, 0);
        expect(r.photometricInterpretation).toBe("RGB");
        expect(r.planarConfiguration).toBe(0);
        expect(sha256(r.bytes)).toBe(OPJ_FRAME_SHA256);
      } finally {
        await f.close();
      }
    });
  });

  it.skipIf(!HAVE_OPJ && !HAVE_OJPH)("agrees with the reference decoders run now (opj_decompress exactly, ojph_expand within 1)", async () => {
    const f = await openDicom(path);
    const dir = mkdtempSync(join(tmpdir(), "dicompix-htj2k-conf-"));
    try {
      const module = f.pixelModule();
      const { bytes } = await f.readFrame(0, module);
      const ours = (await decodeFrame(f, 0)).bytes;
      writeFileSync(join(dir, "f.j2c"), bytes);
      if (HAVE_OPJ) {
        execFileSync("opj_decompress", ["-i", join(dir, "f.j2c"), "-o", join(dir, "opj.ppm")], { stdio: "pipe" });
        const ref = ppmPixels(new Uint8Array(readFileSync(join(dir, "opj.ppm"))));
        expect(sha256(ref)).toBe(OPJ_FRAME_SHA256);
        expect(Buffer.compare(Buffer.from(ref), Buffer.from(ours))).toBe(0);
      }
      if (HAVE_OJPH) {
        execFileSync("ojph_expand", ["-i", join(dir, "f.j2c"), "-o", join(dir, "ojph.ppm")], { stdio: "pipe" });
        const ref = ppmPixels(new Uint8Array(readFileSync(join(dir, "ojph.ppm"))));
        expect(ref.length).toBe(ours.length);
        let max = 0;
        for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i]! - ours[i]!));
        expect(max).toBeLessThanOrEqual(1);
      }
    } finally {
      await f.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
