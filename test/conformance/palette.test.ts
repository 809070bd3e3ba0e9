/**
 * Palette Color on the corpus: every file with `reference.paletteApplied` is opened with our reader, its
 * frames decoded to canonical indices by the registered codec, its LUTs read with paletteFromDataSet and
 * applied with 16-bit output (the layout of the reference: LUT entries kept as uint16). The hashes come from
 * pydicom's apply_color_lut (for the big-endian files, on a little-endian copy made by dcmconv), with frame 0
 * cross-checked by DCMTK dcmj2pnm: independent of our code.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { applyPalette, paletteFromDataSet } from "../../src/transforms/palette.js";
import { setupWasm } from "../helpers/wasm.js";
import { corpusAvailable, corpusFile, loadManifest } from "../helpers/corpus.js";
import { sha256 } from "../helpers/conformance.js";

beforeAll(setupWasm);

const entries = corpusAvailable() ? loadManifest().filter((e) => e.reference.paletteApplied) : [];

describe.skipIf(!corpusAvailable())("Palette Color on the corpus", () => {
  it("finds the palette files", () => {
    expect(entries.length).toBeGreaterThanOrEqual(8);
  });

  for (const e of entries) {
    it(`${e.path} (${e.transferSyntaxName}, ${e.bitsAllocated}-bit indices)`, async () => {
      const file = await openDicom(corpusFile(e));
      try {
        const module = file.pixelModule({ lenient: true });
        const palette = paletteFromDataSet(file.dataset);
        expect(palette.bitsPerEntry).toBe(16);
        const codec = getCodec(file.transferSyntaxUID);
        const hashes: string[] = [];
        for (let f = 0; f < module.numberOfFrames; f++) {
          const { bytes, bitOffset } = await file.readFrame(f, module);
          const context = { transferSyntaxUID: file.transferSyntaxUID, frameIndex: f, bitOffset };
          const info = codec.readInfo(bytes, module, context);
          const dst = new Uint8Array(codec.decodedSize(info, module));
          codec.decodeInto(bytes, module, dst, context);
          const rgb = applyPalette(dst, palette, { bitsAllocated: module.bitsAllocated, pixelRepresentation: module.pixelRepresentation, outputBits: 16 });
          expect(rgb.photometricInterpretation).toBe("RGB");
          hashes.push(sha256(rgb.data));
        }
        expect(hashes).toEqual(e.reference.paletteApplied!.frames);
      } finally {
        await file.close();
      }
    });
  }
});
