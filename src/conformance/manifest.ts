/**
 * The conformance manifest format of ../shared/conformance-data/README.md: one JSON object per line, each a
 * real file with its reference decode. Only the fields the runner uses are typed.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface ToolAlternative {
  frames?: string[];
  maxAbsDiff?: number;
}

export interface ConformanceReference {
  kind: "frame-hashes" | "decoded-image" | "error";
  frames?: string[];
  framesUnmasked?: string[];
  framesPlanar?: string[];
  rgbFrames?: string[];
  paletteApplied?: { frames: string[] };
  alternatives?: Record<string, ToolAlternative>;
  ambiguous?: boolean;
  lenientDecodes?: Record<string, string[]>;
  file?: string;
  rgbFile?: string;
  shape?: number[];
  dtype?: string;
  reason?: string;
  outputPhotometricInterpretation?: string;
}

export interface ConformanceEntry {
  path: string;
  format: string;
  transferSyntaxUID: string | null;
  transferSyntaxName?: string;
  bitsStored: number | null;
  numberOfFrames: number | string | null;
  lossy: boolean;
  expectError?: boolean;
  codestream?: { process?: string } | null;
  reference: ConformanceReference;
}

/** Reads DIR/manifest.jsonl. */
export async function readManifest(dir: string): Promise<ConformanceEntry[]> {
  const text = await readFile(join(dir, "manifest.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => {
      try {
        return JSON.parse(l) as ConformanceEntry;
      } catch (e) {
        throw new Error(`manifest.jsonl line ${i + 1} is not JSON: ${(e as Error).message}`);
      }
    });
}

/** The transfer syntax an entry is decoded with: bare JPEG streams are decoded as JPEG Lossless (.57). */
export function effectiveTransferSyntax(e: ConformanceEntry): string {
  if (e.format !== "DICOM") return "1.2.840.10008.1.2.4.57";
  return e.transferSyntaxUID ?? "1.2.840.10008.1.2";
}
