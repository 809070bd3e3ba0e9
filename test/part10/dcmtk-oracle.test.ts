/**
 * DCMTK's dcmdump as an oracle for the data set structure: the same elements (tags, nesting depth, VRs of
 * standard elements, value lengths) in the same order, for implicit / explicit / big endian / deflated files
 * and files with nested sequences. Skipped when dcmdump is not installed (CI installs dcmtk).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDicom } from "../../src/part10/open.js";
import type { DataSet } from "../../src/part10/dataset.js";
import { corpusAvailable, corpusDir, loadManifest } from "../helpers/corpus.js";

function hasDcmdump(): boolean {
  try {
    execFileSync("dcmdump", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface Row {
  depth: number;
  tag: string;
  vr: string;
  length: number | "u";
}

/** dcmdump's data set rows up to Pixel Data (items and delimiters left out). */
function dcmdumpRows(path: string): Row[] | undefined {
  let text: string;
  try {
    text = execFileSync("dcmdump", ["-q", "-M", path], { encoding: "latin1", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined; // dcmdump rejects the file (e.g. SC_rgb_jpeg: implicit VR data set under an explicit syntax)
  }
  const rows: Row[] = [];
  let inData = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("# Dicom-Data-Set")) inData = true;
    if (!inData) continue;
    const m = /^( *)\(([0-9a-f]{4}),([0-9a-f]{4})\) (\S\S) .*#\s*(\d+|u\/l),/.exec(line);
    if (!m) continue;
    const tag = `${m[2]}${m[3]}`.toUpperCase();
    if (tag.startsWith("FFFE")) continue;
    if ((tag === "7FE00010" || tag === "7FE00008" || tag === "7FE00009") && m[1]!.length === 0) break;
    rows.push({ depth: m[1]!.length / 4, tag, vr: m[4]!, length: m[5] === "u/l" ? "u" : Number(m[5]) });
  }
  return rows;
}

function ourRows(ds: DataSet, depth = 0, out: Row[] = []): Row[] {
  for (const e of ds) {
    const tag = e.tag.toString(16).toUpperCase().padStart(8, "0");
    if (depth === 0 && (tag === "7FE00010" || tag === "7FE00008" || tag === "7FE00009")) break;
    out.push({ depth, tag, vr: e.vr, length: e.length === 0xffffffff ? "u" : e.length });
    for (const item of e.items ?? []) ourRows(item, depth + 1, out);
  }
  return out;
}

/** Always checked: implicit, big endian, deflated, nested sequences, no meta, implicit data set under an explicit syntax. */
const KEY_FILES = new Set([
  "pydicom/MR_small_implicit.dcm",
  "pydicom/MR_small_bigendian.dcm",
  "pydicom/image_dfl.dcm",
  "pydicom/rtdose.dcm",
  "pydicom/examples_palette.dcm",
  "pydicom/SC_rgb_jpeg.dcm",
  "pydicom-data/eCT_Supplemental.dcm",
  "nema-wg04/JPLL/CT1_JPLL",
  "fo-dicom/CR-MONO1-10-chest",
]);
/** A third of the corpus DICOM files (all ~200 pass with DICOMPIX_ORACLE_ALL=1; one dcmdump process each). */
const FILES = corpusAvailable()
  ? loadManifest()
      .filter((e) => e.format === "DICOM" && !e.expectError)
      .map((e) => e.path)
      .filter((p, i) => process.env.DICOMPIX_ORACLE_ALL || i % 3 === 0 || KEY_FILES.has(p))
  : [];

describe.skipIf(!corpusAvailable() || !hasDcmdump())("data set structure equals dcmdump's", () => {
  for (const name of FILES) {
    it(name, async () => {
      const path = join(corpusDir(), name);
      const f = await openDicom(path);
      try {
        const ours = ourRows(f.dataset);
        const theirs = dcmdumpRows(path);
        if (theirs === undefined) {
          expect(f.warnings.length).toBeGreaterThan(0); // we read it, tolerating what dcmtk refuses
          return;
        }
        expect(ours.map((r) => `${r.depth} ${r.tag}`)).toEqual(theirs.map((r) => `${r.depth} ${r.tag}`));
        // dcmdump reports the declared length; deflated/implicit sequences are shown as read.
        ours.forEach((r, i) => {
          const t = theirs[i]!;
          const privateTag = parseInt(r.tag.slice(0, 4), 16) % 2 === 1;
          if (!privateTag && r.vr !== "UN" && /^[A-Z]{2}$/.test(t.vr) && t.vr !== "UN") expect(`${r.tag} ${r.vr}`).toBe(`${t.tag} ${t.vr}`);
          if (r.vr !== "SQ" && t.vr !== "SQ" && r.length !== "u" && t.length !== "u") expect(`${r.tag} ${r.length}`).toBe(`${t.tag} ${t.length}`);
        });
      } finally {
        await f.close();
      }
    });
  }
});
