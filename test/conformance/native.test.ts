/**
 * Every native file of the conformance corpus (Implicit/Explicit VR Little Endian, Explicit VR Big Endian,
 * Deflated, Encapsulated Uncompressed, and files without File Meta) decodes to the manifest's frame hashes
 * (../shared/conformance-data/README.md): canonical `frames`, and `framesUnmasked` / `framesPlanar` in the
 * raw and planar-preserving modes. Files the reference tools reject must raise a DicomPixelError.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { openDicom } from "../../src/part10/open.js";
import { decodeFrame, iterFrames } from "../../src/decode.js";
import { readFileSync } from "node:fs";
import type { DecodeOptions } from "../../src/codecs/codec.js";
import { isDicomPixelError } from "../../src/errors.js";
import { encodeNative } from "../../src/transforms/native-encode.js";
import { decodeNativeFrame } from "../../src/transforms/native-decode.js";
import { sha256 } from "../helpers/conformance.js";

beforeAll(setupWasm);

const NATIVE = new Set([
  "1.2.840.10008.1.2",
  "1.2.840.10008.1.2.1",
  "1.2.840.10008.1.2.2",
  "1.2.840.10008.1.2.1.99",
  "1.2.840.10008.1.2.1.98",
]);

function nativeEntries(): ManifestEntry[] {
  if (!corpusAvailable()) return [];
  return loadManifest().filter(
    (e) => e.format === "DICOM" && (e.transferSyntaxUID === null ? e.noFileMetaInformation === true : NATIVE.has(e.transferSyntaxUID)),
  );
}

async function frameHashes(entry: ManifestEntry, options: DecodeOptions = {}): Promise<string[]> {
  const file = await openDicom(corpusFile(entry));
  try {
    const n = file.pixelModule().numberOfFrames;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(sha256((await decodeFrame(file, i, options)).bytes));
    return out;
  } finally {
    await file.close();
  }
}

const entries = nativeEntries();
const decodable = entries.filter((e) => e.reference.kind === "frame-hashes" && e.expectError !== true);
const failing = entries.filter((e) => e.expectError === true);

describe.skipIf(!corpusAvailable())("native conformance", () => {
  it("finds the native files of the corpus", () => {
    expect(decodable.length).toBeGreaterThan(50);
  });

  it.each(decodable.map((e) => [e.path, e] as const))("%s decodes to the reference frames", async (_p, entry) => {
    expect(await frameHashes(entry)).toEqual(entry.reference.frames);
  });

  // The same files from bytes in memory and from a one-pass stream, frame after frame into one reused buffer.
  it.each(decodable.map((e) => [e.path, e] as const))("%s from a buffer and from a stream", async (_p, entry) => {
    const bytes = new Uint8Array(readFileSync(corpusFile(entry)));
    for (const input of [bytes, new Blob([bytes]).stream()]) {
      const file = await openDicom(input);
      try {
        const got: string[] = [];
        for await (const f of iterFrames(file, { reuseBuffer: true })) got.push(sha256(f.bytes));
        expect(got).toEqual(entry.reference.frames);
      } finally {
        await file.close();
      }
    }
  });

  // decodeNativeFrame on the Pixel Data value alone (no file API), as a caller with its own parser would.
  it.each(decodable.map((e) => [e.path, e] as const))("%s with decodeNativeFrame on the value", async (_p, entry) => {
    const file = await openDicom(corpusFile(entry));
    try {
      const m = file.pixelModule();
      const pd = file.pixelData!;
      const value = await file.source.read(pd.offset, pd.length);
      const got: string[] = [];
      for (let i = 0; i < m.numberOfFrames; i++) {
        const a = decodeNativeFrame(value, m, i, { transferSyntaxUID: file.transferSyntaxUID, pixelDataVR: pd.vr });
        expect(a).toBeInstanceOf(m.frameArrayType());
        got.push(sha256(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
      }
      expect(got).toEqual(entry.reference.frames);
    } finally {
      await file.close();
    }
  });

  const unmasked = decodable.filter((e) => e.reference.framesUnmasked);
  it.each(unmasked.map((e) => [e.path, e] as const))("%s raw mode gives framesUnmasked", async (_p, entry) => {
    expect(await frameHashes(entry, { raw: true })).toEqual(entry.reference.framesUnmasked);
  });

  const planar = decodable.filter((e) => e.reference.framesPlanar);
  it.each(planar.map((e) => [e.path, e] as const))("%s planar: preserve gives framesPlanar", async (_p, entry) => {
    expect(await frameHashes(entry, { planar: "preserve" })).toEqual(entry.reference.framesPlanar);
  });

  // 32-bit data in OW under big endian is ambiguous (README "Surprises"): the default reading is the
  // writer's 32-bit big-endian values; the 16-bit-word reading must give dcmtk's alternative.
  const ambiguous = decodable.filter((e) => {
    const alt = e.reference.alternatives as Record<string, { frames?: string[] }> | undefined;
    return e.bitsAllocated === 32 && e.transferSyntaxUID === "1.2.840.10008.1.2.2" && alt?.dcmtk?.frames !== undefined;
  });
  it.each(ambiguous.map((e) => [e.path, e] as const))("%s word reading gives the dcmtk alternative", async (_p, entry) => {
    const alt = (entry.reference.alternatives as Record<string, { frames: string[] }>).dcmtk!.frames;
    expect(await frameHashes(entry, { bigEndianOW32: "words" } as DecodeOptions)).toEqual(alt);
  });

  // Encode direction, checked against the file itself: decoding every frame and encoding the values again
  // must reproduce the stored Pixel Data, wherever the stored cells hold nothing but the value (no junk
  // above High Bit, no sign bits above Bits Stored) and the byte order is not 8-bit OW big endian.
  const reencodable = decodable.filter(
    (e) =>
      !e.reference.framesUnmasked &&
      (e.bitsStored === e.bitsAllocated || e.pixelRepresentation === 0) &&
      !(e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated === 8 && e.path.includes("OBXXXX1A")) &&
      !(e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated === 8 && e.path.includes("small_odd")) &&
      e.reference.alternatives === undefined,
  );
  it.each(reencodable.map((e) => [e.path, e] as const))("%s re-encodes to its stored Pixel Data", async (_p, entry) => {
    const file = await openDicom(corpusFile(entry));
    try {
      const m = file.pixelModule();
      const all = new Uint8Array(m.frameByteLength() * m.numberOfFrames);
      for (let i = 0; i < m.numberOfFrames; i++) all.set((await decodeFrame(file, i)).bytes, i * m.frameByteLength());
      const values = new (m.frameArrayType())(all.buffer);
      const encoded = encodeNative(values, m, { byteOrder: file.transferSyntaxUID === "1.2.840.10008.1.2.2" ? "big" : "little" });
      const pd = file.pixelData!;
      const stored = await file.source.read(pd.offset, encoded.byteLength);
      expect(sha256(encoded)).toBe(sha256(stored));
    } finally {
      await file.close();
    }
  });

  it.each(failing.map((e) => [e.path, e] as const))("%s raises a DicomPixelError", async (_p, entry) => {
    let error: unknown;
    try {
      await frameHashes(entry);
    } catch (e) {
      error = e;
    }
    expect(isDicomPixelError(error)).toBe(true);
  });
});
