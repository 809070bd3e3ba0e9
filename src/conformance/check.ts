/**
 * Checks one conformance-manifest entry with the library, the way ../shared/conformance-data/README.md
 * ("How to verify a decoder") describes: lossless frames by SHA-256 (and the planar / unmasked / RGB /
 * palette variants where given), lossy frames against the gzip reference with max and mean |diff| limits,
 * expected errors as a clean DicomPixelError (or one of the lenient decodes). Each file is read three ways:
 * from a whole buffer, from a file handle (lazy), and frame by frame in random order.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DicomPixelError } from "../errors.js";
import { hasCodec } from "../registry.js";
import { findTransferSyntax } from "../uids.js";
import type { DecodeOptions } from "../codecs/codec.js";
import { effectiveTransferSyntax, type ConformanceEntry } from "./manifest.js";
import { openFrames, type FrameReader } from "./library.js";

export type ConformanceStatus = "pass" | "fail" | "unsupported";

export interface ConformanceResult {
  path: string;
  status: ConformanceStatus;
  /** Why it failed, what it matched, or which syntax is unsupported. */
  detail: string;
  transferSyntaxUID: string;
  /** Lossy comparisons: max and mean absolute difference over all frames. */
  maxAbsDiff?: number;
  meanAbsDiff?: number;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Deterministic permutation of 0..n-1 (random frame order that is the same on every run). */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

async function decodeAll(reader: FrameReader, options: DecodeOptions, order?: number[]): Promise<Uint8Array[]> {
  const n = reader.numberOfFrames;
  const frames: Uint8Array[] = new Array(n);
  for (const i of order ?? Array.from({ length: n }, (_, k) => k)) frames[i] = await reader.decodeFrame(i, options);
  return frames;
}

/** Compares frame hashes with `expected`; returns null when equal, else a reason naming the first bad frame. */
function compareHashes(frames: Uint8Array[], expected: string[], what: string): string | null {
  if (frames.length !== expected.length) return `${what}: ${frames.length} frames decoded, ${expected.length} expected`;
  for (let i = 0; i < frames.length; i++) {
    if (sha256(frames[i]!) !== expected[i]) return `${what}: frame ${i} hash differs (${frames[i]!.length} bytes)`;
  }
  return null;
}

type Typed = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
function typed(bytes: Uint8Array, dtype: string): Typed {
  const ctor = {
    uint8: Uint8Array,
    int8: Int8Array,
    uint16: Uint16Array,
    int16: Int16Array,
    uint32: Uint32Array,
    int32: Int32Array,
    float32: Float32Array,
    float64: Float64Array,
  }[dtype];
  if (!ctor) throw new Error(`unknown dtype ${dtype}`);
  const copy = bytes.slice(); // aligned
  return new ctor(copy.buffer, 0, copy.byteLength / ctor.BYTES_PER_ELEMENT);
}

/** Lossy comparison with the README's suggested limits. */
function compareLossy(frames: Uint8Array[], reference: Uint8Array, e: ConformanceEntry, what: string) {
  const dtype = e.reference.dtype ?? "uint8";
  const got = typed(concat(frames), dtype);
  const want = typed(reference, dtype);
  if (got.length !== want.length) return { reason: `${what}: ${got.length} samples decoded, ${want.length} in the reference`, max: NaN, mean: NaN };
  let max = 0;
  let sum = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(Number(got[i]) - Number(want[i]));
    if (d > max) max = d;
    sum += d;
  }
  const mean = sum / got.length;
  const bs = e.bitsStored ?? 8;
  const maxAllowed = bs <= 8 ? 2 : 2 ** (bs - 8) + 1;
  const reason = max > maxAllowed || mean > 0.5 ? `${what}: max |diff| ${max} (limit ${maxAllowed}), mean ${mean.toFixed(3)} (limit 0.5)` : null;
  return { reason, max, mean };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Files that no reference tool decodes (the manifest records the tools' errors, not a broken file) but whose
 * pixels are those of another corpus file: the twin's reference decode is theirs. pydicom-data's
 * liver_deflate.dcm holds liver.dcm's three 1-bit frames, each deflated (Deflated Image Frame Compression,
 * 1.2.840.10008.1.2.8.1, which DCMTK 3.6.7, GDCM 3.0.21 and pydicom 2.3 predate); the two files' attributes
 * agree (test/conformance/deflate-frames.test.ts checks them and the frames).
 */
export const REFERENCE_TWINS: Readonly<Record<string, string>> = {
  "pydicom-data/liver_deflate.dcm": "pydicom-data/liver.dcm",
};

/**
 * Files that none of the manifest's reference tools decodes (the manifest expects an error: "outside scope")
 * but another independent decoder does: its frame hashes are the reference. pydicom-data/HTJ2K_08_RGB.dcm is
 * High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.203), which DCMTK 3.6.7, GDCM 3.0.21 and pydicom 2.3 predate;
 * OpenJPEG 2.5.0's `opj_decompress` (Debian libopenjp2-tools: the OpenJPEG the corpus used for JPEG 2000)
 * decodes it, and OpenJPH 0.9's `ojph_expand` agrees within 1 (670 of 921,600 samples, its own 9-7
 * arithmetic). test/conformance/htj2k.test.ts re-derives the hash with opj_decompress where it is installed.
 */
export const REFERENCE_DECODES: Readonly<Record<string, { tool: string; frames: readonly string[] }>> = {
  "pydicom-data/HTJ2K_08_RGB.dcm": {
    tool: "OpenJPEG 2.5.0 opj_decompress",
    frames: ["16463ac9d0b0c70eed678971adf2076815b73148cff485ade090beb64868f7e3"],
  },
};

/**
 * Checks one entry. Never throws for problems of the file: they become a "fail" result. `manifest` (the
 * whole manifest) lets an entry of {@link REFERENCE_TWINS} borrow its twin's reference.
 */
export async function checkEntry(dir: string, e: ConformanceEntry, manifest: readonly ConformanceEntry[] = []): Promise<ConformanceResult> {
  const ts = effectiveTransferSyntax(e);
  const file = join(dir, e.path);
  const base = { path: e.path, transferSyntaxUID: ts };
  if (!hasCodec(ts)) {
    const name = findTransferSyntax(ts)?.name ?? ts;
    return { ...base, status: "unsupported", detail: `no codec for ${name} (${ts})` };
  }
  const twin = REFERENCE_TWINS[e.path] !== undefined ? manifest.find((m) => m.path === REFERENCE_TWINS[e.path]) : undefined;
  if (twin && twin.reference.kind === "frame-hashes") {
    // No reference tool decodes this file: its twin's reference frames are the expectation.
    const r = await checkEntry(dir, { ...e, expectError: false, reference: twin.reference });
    return { ...r, detail: `no reference tool decodes it; against its twin ${twin.path}'s reference: ${r.detail}` };
  }
  const decoded = REFERENCE_DECODES[e.path];
  if (decoded && e.expectError) {
    const r = await checkEntry(dir, { ...e, expectError: false, reference: { kind: "frame-hashes", frames: [...decoded.frames] } });
    return { ...r, detail: `no manifest tool decodes it; against ${decoded.tool}: ${r.detail}` };
  }
  try {
    if (e.reference.kind === "error" || e.expectError) return await checkRejected(file, e, base);
    return await checkDecoded(file, e, base, {});
  } catch (err) {
    if (err instanceof DicomPixelError) {
      if (err.code === "UNSUPPORTED_TRANSFER_SYNTAX" || err.code === "UNSUPPORTED_FEATURE") {
        return { ...base, status: "unsupported", detail: `${err.code}: ${err.message}` };
      }
      // A file the reference tools decode but strict mode rejects (e.g. a frame whose JPEG image is smaller
      // than Rows x Columns, which DCMTK zero-fills): the lenient mode must reproduce the reference, and the
      // result says that it took lenient mode and why.
      const strict = `strict mode rejects it (${err.code}: ${err.message})`;
      const warnings = new Set<string>();
      try {
        const r = await checkDecoded(file, e, base, { lenient: true, onWarning: (w) => warnings.add(w) });
        const why = [...warnings].slice(0, 2).join("; ");
        return { ...r, detail: r.status === "pass" ? `${r.detail}; ${strict}, lenient decode matches (${why})` : `${strict}; lenient: ${r.detail}` };
      } catch (err2) {
        const again = err2 instanceof DicomPixelError ? `${err2.code}: ${err2.message}` : String(err2);
        return { ...base, status: "fail", detail: `rejected a valid file: ${err.code}: ${err.message}; lenient: ${again}` };
      }
    }
    return { ...base, status: "fail", detail: `crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
  }
}

async function checkRejected(file: string, e: ConformanceEntry, base: { path: string; transferSyntaxUID: string }): Promise<ConformanceResult> {
  let frames: Uint8Array[];
  try {
    const reader = await openFrames(await readFile(file));
    try {
      frames = await decodeAll(reader, {});
    } finally {
      await reader.close();
    }
  } catch (err) {
    if (err instanceof DicomPixelError) {
      if (err.code === "UNSUPPORTED_TRANSFER_SYNTAX") return { ...base, status: "unsupported", detail: `${err.code}: ${err.message}` };
      return { ...base, status: "pass", detail: `rejected as expected: ${err.code}: ${err.message}` };
    }
    return { ...base, status: "fail", detail: `expected a DicomPixelError, got: ${String(err)}` };
  }
  for (const [tool, hashes] of Object.entries(e.reference.lenientDecodes ?? {})) {
    if (compareHashes(frames, hashes, tool) === null) return { ...base, status: "pass", detail: `lenient decode matching ${tool}` };
  }
  return { ...base, status: "fail", detail: `expected an error (${e.reference.reason ?? "malformed"}), but decoded ${frames.length} frame(s)` };
}

async function checkDecoded(
  file: string,
  e: ConformanceEntry,
  base: { path: string; transferSyntaxUID: string },
  mode: DecodeOptions,
): Promise<ConformanceResult> {
  const ref = e.reference;
  const bytes = await readFile(file);
  const failures: string[] = [];
  const matched: string[] = [];
  let max: number | undefined;
  let mean: number | undefined;

  // Three ways of reading: whole buffer, file handle (lazy), random frame order from the file handle.
  const ways: Array<[string, () => Promise<Uint8Array[]>]> = [
    ["buffer", async () => withReader(await openFrames(bytes), (r) => decodeAll(r, mode))],
    ["file handle", async () => withReader(await openFrames(file), (r) => decodeAll(r, mode))],
    ["random order", async () => withReader(await openFrames(file), (r) => decodeAll(r, mode, shuffled(r.numberOfFrames, 7)))],
  ];
  let referenceFile: Uint8Array | undefined;
  for (const [way, decode] of ways) {
    const frames = await decode();
    if (ref.kind === "frame-hashes") {
      let reason = compareHashes(frames, ref.frames ?? [], `${way}`);
      if (reason !== null && ref.alternatives) {
        for (const [tool, alt] of Object.entries(ref.alternatives)) {
          if (ref.ambiguous && alt.frames && compareHashes(frames, alt.frames, tool) === null) {
            reason = null;
            matched.push(`ambiguous: matched ${tool}`);
          }
        }
      }
      if (reason) failures.push(reason);
    } else {
      referenceFile ??= gunzipSync(await readFile(join(dirOf(file, e.path), ref.file!)));
      const r = compareLossy(frames, referenceFile, e, way);
      max = r.max;
      mean = r.mean;
      if (r.reason) failures.push(r.reason);
    }
  }

  // Variants in the modes they describe (buffer only).
  const variant = async (options: DecodeOptions) => withReader(await openFrames(bytes), (r) => decodeAll(r, { ...mode, ...options }));
  if (ref.framesPlanar) {
    const reason = compareHashes(await variant({ planar: "preserve" }), ref.framesPlanar, "planar-preserving");
    if (reason) failures.push(reason);
    else matched.push("framesPlanar");
  }
  if (ref.framesUnmasked) {
    const reason = compareHashes(await variant({ raw: true }), ref.framesUnmasked, "raw (unmasked)");
    if (reason) failures.push(reason);
    else matched.push("framesUnmasked");
  }
  if (ref.rgbFrames) {
    const frames = await variant({ colorSpace: "rgb" });
    if (ref.kind === "frame-hashes" || !ref.rgbFile) {
      const reason = compareHashes(frames, ref.rgbFrames, "rgb");
      if (reason) failures.push(reason);
      else matched.push("rgbFrames");
    } else {
      const r = compareLossy(frames, gunzipSync(await readFile(join(dirOf(file, e.path), ref.rgbFile))), e, "rgb");
      if (r.reason) failures.push(r.reason);
      else matched.push(`rgb (max ${r.max})`);
    }
  }
  if (ref.paletteApplied) {
    const reader = await openFrames(bytes);
    try {
      if (reader.applyPalette) {
        const frames = await decodeAll(reader, mode);
        const reason = compareHashes(frames.map((f) => reader.applyPalette!(f)), ref.paletteApplied.frames, "palette applied");
        if (reason) failures.push(reason);
        else matched.push("paletteApplied");
      }
    } finally {
      await reader.close();
    }
  }

  const lossy = max !== undefined ? { maxAbsDiff: max, meanAbsDiff: mean } : {};
  if (failures.length) return { ...base, ...lossy, status: "fail", detail: failures.join("; ") };
  const how = ref.kind === "frame-hashes" ? "frames bit-exact" : `within tolerance (max ${max}, mean ${mean?.toFixed(3)})`;
  return { ...base, ...lossy, status: "pass", detail: [how, ...matched].join(", ") };
}

/** The corpus folder, from a file path and its manifest-relative path. */
function dirOf(file: string, rel: string): string {
  return file.slice(0, file.length - rel.length);
}

async function withReader<T>(reader: FrameReader, fn: (r: FrameReader) => Promise<T>): Promise<T> {
  try {
    return await fn(reader);
  } finally {
    await reader.close();
  }
}
