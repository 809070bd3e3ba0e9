/** The shared conformance corpus: ../shared/conformance-data, or DICOMPIX_CONFORMANCE_DIR. */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export function corpusDir(): string {
  return process.env.DICOMPIX_CONFORMANCE_DIR ?? resolve(repoRoot, "../shared/conformance-data");
}

/** One line of manifest.jsonl (only the fields tests use are typed). */
export interface ManifestEntry {
  path: string;
  format: string;
  transferSyntaxUID: string | null;
  transferSyntaxName?: string;
  sopClassUID: string | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | string | null;
  samplesPerPixel: number | null;
  photometricInterpretation: string | null;
  planarConfiguration: number | null;
  bitsAllocated: number | null;
  bitsStored: number | null;
  highBit: number | null;
  pixelRepresentation: number | null;
  pixelDataElement?: string;
  noFileMetaInformation?: boolean;
  encapsulation?: Record<string, unknown> | null;
  codestream?: Record<string, unknown> | null;
  lossy: boolean;
  expectError?: boolean;
  notes?: string;
  reference: {
    kind: "frame-hashes" | "decoded-image" | "error";
    frames?: string[];
    framesUnmasked?: string[];
    framesPlanar?: string[];
    rgbFrames?: string[];
    paletteApplied?: { frames: string[] };
    file?: string;
    rgbFile?: string;
    shape?: number[];
    dtype?: string;
    reason?: string;
    outputPhotometricInterpretation?: string;
    [k: string]: unknown;
  };
}

export function corpusAvailable(): boolean {
  return existsSync(join(corpusDir(), "manifest.jsonl"));
}

export function loadManifest(): ManifestEntry[] {
  const text = readFileSync(join(corpusDir(), "manifest.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ManifestEntry);
}

export function corpusFile(entry: ManifestEntry): string {
  return join(corpusDir(), entry.path);
}
