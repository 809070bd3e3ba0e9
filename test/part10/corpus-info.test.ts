/**
 * Every file of the shared corpus through openDicom: the header values `dicompix info` shows equal the
 * manifest's (written by other tools), every frame of every non-error file can be located, and the
 * expectError files either open and fail at frame access, or fail to open, always with a DicomPixelError.
 */
import { describe, expect, it } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import { infoOf } from "../../src/cli/commands/info.js";
import { DicomPixelError } from "../../src/errors.js";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

const entries: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const KEYS = [
  "rows",
  "columns",
  "samplesPerPixel",
  "photometricInterpretation",
  "planarConfiguration",
  "bitsAllocated",
  "bitsStored",
  "highBit",
  "pixelRepresentation",
] as const;

/** Known, explained differences from the manifest (the manifest records what the SOF says literally). */
const EXPLAINED: Record<string, Partial<Record<string, unknown>>> = {
  // Height 0 in the SOF; the number of lines is in a DNL marker (T.81 B.2.5), which we read.
  "jpegsuite/lossless_huffman/32x32x8_dnl.jpg": { rows: 32 },
};

describe.skipIf(!corpusAvailable())("corpus: header values equal the manifest", () => {
  for (const e of entries.filter((x) => !x.expectError)) {
    it(e.path, async () => {
      const f = await openDicom(corpusFile(e));
      try {
        const attrs = f.pixelAttributes();
        const want: Record<string, unknown> = {};
        const got: Record<string, unknown> = {};
        for (const k of KEYS) {
          want[k] = EXPLAINED[e.path]?.[k] ?? e[k];
          got[k] = attrs[k] ?? null;
        }
        expect(got).toEqual(want);
        expect(infoOf(f).transferSyntaxUID).toBe(e.transferSyntaxUID);
        if (e.format === "DICOM") {
          if (e.transferSyntaxUID !== null) expect(f.transferSyntaxUID).toBe(e.transferSyntaxUID);
          expect(f.sopClassUID ?? null).toBe(e.sopClassUID);
        }
        expect(f.numberOfFrames).toBe(e.numberOfFrames == null ? 1 : Number(e.numberOfFrames));
        const enc = f.encapsulation;
        if (e.format === "DICOM") expect(enc === null).toBe(!e.encapsulation);
        if (enc && e.encapsulation) {
          const m = e.encapsulation as Record<string, unknown>;
          expect({ bot: enc.basicOffsetTable, entries: enc.botEntries, fragments: enc.fragments, eot: enc.extendedOffsetTable }).toEqual({
            bot: m.basicOffsetTable,
            entries: m.botEntries,
            fragments: m.fragments,
            eot: m.extendedOffsetTable,
          });
          expect(enc.fragmentsPerFrame === "one").toBe(m.fragmentsPerFrame === "one");
        }
        // Frame access: every frame is located, encapsulated frames start with their codestream's marker.
        for (let i = 0; i < f.numberOfFrames; i++) {
          const fr = await f.readFrame(i);
          expect(fr.bytes.length).toBeGreaterThan(0);
          if (enc) expect(fr.bitOffset).toBe(0);
        }
      } finally {
        await f.close();
      }
    });
  }
});

describe.skipIf(!corpusAvailable())("corpus: expectError files fail cleanly or open", () => {
  for (const e of entries.filter((x) => x.expectError)) {
    it(`${e.path} (${e.reference.reason ?? "error"})`, async () => {
      try {
        const f = await openDicom(corpusFile(e));
        try {
          f.pixelModule({ lenient: true });
          for (let i = 0; i < f.numberOfFrames; i++) await f.readFrame(i);
        } finally {
          await f.close();
        }
      } catch (err) {
        expect(err).toBeInstanceOf(DicomPixelError);
      }
    });
  }
});

describe.skipIf(!corpusAvailable())("corpus: files malformed at the data set level are rejected by decodeFrame", () => {
  const DATASET_LEVEL = ["fo-dicom/FreezePattern.dcm", "fo-dicom/GH364.dcm", "fo-dicom/GH1376.dcm", "pydicom/badVR.dcm", "pydicom/MR_truncated.dcm", "cornerstone3D/no-pixel-data.dcm"];
  for (const p of DATASET_LEVEL) {
    it(p, async () => {
      const { decodeFrame } = await import("../../src/decode.js");
      const e = entries.find((x) => x.path === p)!;
      expect(e.expectError).toBe(true);
      let f: Awaited<ReturnType<typeof openDicom>> | undefined;
      const err = await (async () => {
        f = await openDicom(corpusFile(e));
        await decodeFrame(f, 0);
      })().catch((x: unknown) => x);
      await f?.close();
      expect(err).toBeInstanceOf(DicomPixelError);
    });
  }
});
