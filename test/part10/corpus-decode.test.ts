/**
 * Native corpus files decode through openDicom + decodeFrame to the manifest's frame hashes (big endian,
 * deflated, no-meta, 1-bit, float included), from a path frame by frame, from a whole buffer, and from a
 * one-pass ReadableStream. Encapsulated syntaxes are the conformance suite's (their codecs' issues).
 */
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeBuffer, decodeFrame, iterFrames } from "../../src/decode.js";
import { openDicom } from "../../src/part10/open.js";
import { findTransferSyntax } from "../../src/uids.js";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function nativeEntries(): ManifestEntry[] {
  if (!corpusAvailable()) return [];
  return loadManifest().filter((e) => {
    if (e.expectError || e.reference.kind !== "frame-hashes" || e.format !== "DICOM") return false;
    const ts = e.transferSyntaxUID === null ? undefined : findTransferSyntax(e.transferSyntaxUID);
    return (e.noFileMetaInformation === true && e.transferSyntaxUID === null) || (ts !== undefined && !ts.encapsulated);
  });
}

/** The hash lists a decoder may match (README "How to verify a decoder"). */
function targets(e: ManifestEntry): string[][] {
  const r = e.reference;
  const alts = Object.values((r.alternatives ?? {}) as Record<string, { frames?: string[] }>).map((a) => a.frames);
  return [r.frames, r.framesUnmasked, ...(r.ambiguous ? alts : [])].filter((x): x is string[] => Array.isArray(x));
}

function matches(e: ManifestEntry, got: string[]): boolean {
  return targets(e).some((t) => t.length === got.length && t.every((h, i) => h === got[i]));
}

const entries = nativeEntries();

describe.skipIf(!corpusAvailable())("corpus: native files decode to the manifest's frame hashes", () => {
  it("covers big endian, deflated, no-meta, 1-bit and float files", () => {
    const ts = new Set(entries.map((e) => e.transferSyntaxUID));
    expect(ts.has("1.2.840.10008.1.2.2")).toBe(true);
    expect(ts.has("1.2.840.10008.1.2.1.99")).toBe(true);
    expect(entries.some((e) => e.noFileMetaInformation)).toBe(true);
    expect(entries.some((e) => e.bitsAllocated === 1)).toBe(true);
    expect(entries.some((e) => e.pixelDataElement !== undefined)).toBe(true);
    expect(entries.length).toBeGreaterThan(40);
  });

  for (const e of entries) {
    it(`${e.path}: by frame from a path`, async () => {
      const f = await openDicom(corpusFile(e));
      try {
        const got: string[] = [];
        for (let i = 0; i < f.numberOfFrames; i++) got.push(sha((await decodeFrame(f, i)).bytes));
        expect(matches(e, got), `${got.join(",")}`).toBe(true);
      } finally {
        await f.close();
      }
    });
  }

  for (const e of entries.filter((_, i) => i % 3 === 0)) {
    it(`${e.path}: whole buffer and one-pass stream`, async () => {
      const buf = await decodeBuffer(new Uint8Array(readFileSync(corpusFile(e))));
      expect(matches(e, buf.frames.map((fr) => sha(fr.bytes)))).toBe(true);
      const stream = Readable.toWeb(createReadStream(corpusFile(e))) as unknown as ReadableStream<Uint8Array>;
      const f = await openDicom(stream);
      try {
        const got: string[] = [];
        for await (const fr of iterFrames(f, { reuseBuffer: true })) got.push(sha(fr.bytes));
        expect(matches(e, got)).toBe(true);
      } finally {
        await f.close();
      }
    });
  }
});
