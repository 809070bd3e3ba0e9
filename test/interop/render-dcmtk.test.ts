// The render pipeline against DCMTK's dcmj2pnm (PNG output, +on) on the renderable greyscale files of the
// conformance corpus: `--voi-window 1` vs `+Wi 1`, `--voi-lut 1` vs `+Wl 1`, `--min-max` vs `+Wm`,
// `--no-windowing` vs `-W`. 8-bit output must be identical or within 1 level.
//
// DCMTK's rules (dcmimgle), which ours follow:
// - window (PS3.3 C.11.2.1.2.1): x <= c - 0.5 - (w-1)/2 -> 0; x > c - 0.5 + (w-1)/2 -> 255; else
//   ((x - (c - 0.5)) / (w-1) + 0.5) * 255, truncated; MONOCHROME1 swaps the output bounds (255 .. 0);
// - min-max: center = (min + max + 1) / 2, width = max - min + 1 over the frame's modality values;
// - no windowing: (x - absMin) * 256 / (absMax - absMin + 1) truncated, absMin/absMax being the range of possible
//   modality values (stored range through rescale, or 0 .. 2^bits - 1 of a Modality LUT);
// - VOI LUT: entry * 256 / 2^bits, entries clamped at both ends of the table.
// Ours differs only in floating-point rounding order (hence "within 1") and in inverting a VOI LUT / no-window
// output as 255 - level, where DCMTK computes 255 - entry * 254 / 2^bits (within 1 as well).
//
// Subset: files whose transfer syntax is native (Little/Big Endian, implicit/explicit, deflated, no meta) or RLE,
// so that the comparison tests this pipeline and not other codecs; one variant per image (SAME_IMAGE_VARIANT);
// frame 1 of each file. Plus generated fixtures for what the corpus lacks (test/fixtures/imaging/README.md).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "fast-png";
import { corpusAvailable, corpusFile, loadManifest, repoRoot, type ManifestEntry } from "../helpers/corpus.js";
import { init } from "../../src/wasm/module.js";
import { run } from "../../src/cli/commands/render.js";
import { isDicomPixelError } from "../../src/errors.js";

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const tools = hasTool("dcmj2pnm") && hasTool("dcmdump");
const ok = corpusAvailable() && tools;
const FIXTURES = ["voi-lut-mr.dcm", "mono1-inverse.dcm", "modality-lut-signed.dcm"].map((f) => join(repoRoot, "test/fixtures/imaging", f));
const NATIVE_OR_RLE = /Little Endian|Big Endian|no File Meta|RLE Lossless/;

function candidates(): ManifestEntry[] {
  if (!ok) return [];
  return loadManifest().filter(
    (e) =>
      e.format === "DICOM" &&
      (e.photometricInterpretation === "MONOCHROME1" || e.photometricInterpretation === "MONOCHROME2") &&
      e.reference.kind !== "error" &&
      !e.expectError &&
      e.pixelDataElement === undefined &&
      (e.bitsAllocated ?? 0) >= 1 &&
      NATIVE_OR_RLE.test(String((e as { transferSyntaxName?: string }).transferSyntaxName ?? "")),
  );
}

interface Attrs {
  windows: number;
  voiLuts: number;
}

function dumpAttrs(path: string): Attrs {
  const text = execFileSync("dcmdump", ["-q", "+P", "0028,1050", "+P", "0028,3010", path], { encoding: "utf8" });
  const wc = /\(0028,1050\) DS \[([^\]]*)\]/.exec(text);
  const windows = wc ? wc[1]!.split("\\").length : 0;
  // Items with LUT Data that has a value (some files carry empty VOI LUT items).
  const seq = text.split("(0028,3010)")[1] ?? "";
  const voiLuts = (seq.match(/\(0028,3006\) (?:US|SS|OW|xs|ox) (?!\(no value)/g) ?? []).length;
  return { windows, voiLuts };
}

function png(path: string): { data: ArrayLike<number>; width: number; height: number; channels: number; depth: number } {
  const p = decode(readFileSync(path));
  return { data: p.data, width: p.width, height: p.height, channels: p.channels, depth: p.depth };
}

let dir = "";
const io = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Parameters<typeof run>[1];

beforeAll(async () => {
  await init();
  dir = mkdtempSync(join(tmpdir(), "dicompix-render-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Mode {
  name: string;
  ours: string[];
  dcmtk: string[];
  needs?: keyof Attrs;
  /** 16-bit PNG (dcmj2pnm +on2 vs --bits 16); tolerance 1 level of 65535. */
  sixteen?: boolean;
}

/** 16-bit output, checked on the generated fixtures only (to keep the run short). */
const MODES16: Mode[] = [
  { name: "window 1, 16-bit", ours: ["--bits", "16", "--voi-window", "1"], dcmtk: ["+Wi", "1"], needs: "windows", sixteen: true },
  { name: "VOI LUT 1, 16-bit", ours: ["--bits", "16", "--voi-lut", "1"], dcmtk: ["+Wl", "1"], needs: "voiLuts", sixteen: true },
  { name: "min-max, 16-bit", ours: ["--bits", "16", "--min-max"], dcmtk: ["+Wm"], sixteen: true },
];

const MODES: Mode[] = [
  { name: "window 1", ours: ["--voi-window", "1"], dcmtk: ["+Wi", "1"], needs: "windows" },
  { name: "VOI LUT 1", ours: ["--voi-lut", "1"], dcmtk: ["+Wl", "1"], needs: "voiLuts" },
  { name: "VOI LUT 2", ours: ["--voi-lut", "2"], dcmtk: ["+Wl", "2"], needs: "voiLuts" },
  { name: "min-max", ours: ["--min-max"], dcmtk: ["+Wm"] },
  { name: "no windowing", ours: ["--no-windowing"], dcmtk: ["-W"] },
];

/** Files where the decoded input, not the pipeline, is known to differ from DCMTK's (counted, explained skips). */
const KNOWN_INPUT_DIFFERENCES: Readonly<Record<string, string>> = {
  "pydicom/rtdose_expb.dcm": "32-bit OW under big endian is ambiguous: DCMTK swaps 16-bit words (corpus README)",
  "pydicom/rtdose_expb_1frame.dcm": "32-bit OW under big endian is ambiguous: DCMTK swaps 16-bit words (corpus README)",
};

/**
 * Same image in another transfer syntax: left out to keep the run short (each is the same pixels through another
 * decoder, which the conformance suite covers). One variant of each image stays.
 */
const SAME_IMAGE_VARIANT =
  /^nema-wg04\/RLE\/|CTImage\.dcm_(Deflated|RLE)|CT1_UNC\.implicit|GH177_D_CLUNIE_CT1_IVRLE_BigEndian_ELE|MR_small_(implicit|padded|RLE)|rtdose_(1frame|rle\.dcm)|CT0012\.not_fragmented_no_bot_rle|emri_small_RLE|fo-dicom\/CR-MONO1-10-chest$/;

/**
 * DICOMPIX_RENDER_ALL=1: every renderable greyscale file, whatever its transfer syntax (through our decoders;
 * files whose codec is missing are recorded, lossy files are reported but only lossless ones must be within 1).
 */
const ALL = process.env.DICOMPIX_RENDER_ALL === "1";

const files = ALL ? allGreyscale() : candidates().filter((e) => !SAME_IMAGE_VARIANT.test(e.path));

function allGreyscale(): ManifestEntry[] {
  if (!ok) return [];
  return loadManifest().filter(
    (e) =>
      e.format === "DICOM" &&
      (e.photometricInterpretation === "MONOCHROME1" || e.photometricInterpretation === "MONOCHROME2") &&
      e.reference.kind !== "error" &&
      !e.expectError &&
      e.pixelDataElement === undefined &&
      (e.bitsAllocated ?? 0) >= 1,
  );
}
const summary: string[] = [];
afterAll(() => {
  if (process.env.DICOMPIX_RENDER_SUMMARY) console.log(summary.join("\n"));
});


/** Renders `path` in every applicable mode with both tools; returns the number of modes compared. */
async function compareWithDcmtk(path: string, label: string, modes: Mode[] = MODES, lossy = false): Promise<number> {
  const attrs = dumpAttrs(path);
  let compared = 0;
  for (const mode of modes) {
    if (mode.needs && attrs[mode.needs] < (mode.name === "VOI LUT 2" ? 2 : 1)) continue;
    const theirs = join(dir, "dcmtk.png");
    const ours = join(dir, "ours.png");
    try {
      execFileSync("dcmj2pnm", ["-q", mode.sixteen ? "+on2" : "+on", "-O", ...mode.dcmtk, path, theirs], { stdio: "ignore" });
    } catch {
      summary.push(`${label} ${mode.name}: dcmj2pnm refused`);
      continue;
    }
    let code: number;
    try {
      code = await run([path, "-o", ours, "--quiet", ...mode.ours], io);
    } catch (e) {
      if (ALL && isDicomPixelError(e)) {
        summary.push(`${label} ${mode.name}: not decodable here (${e.code})`);
        return -1;
      }
      throw e;
    }
    expect(code, `${mode.name}`).toBe(0);
    const a = png(theirs);
    const b = png(ours);
    expect([b.width, b.height, b.channels, b.depth], mode.name).toEqual([a.width, a.height, a.channels, a.depth]);
    let max = 0;
    let differing = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs(a.data[i]! - b.data[i]!);
      if (d > 0) differing++;
      if (d > max) max = d;
    }
    summary.push(`${label} ${mode.name}: max |diff| ${max}, ${differing} of ${a.data.length} differ${lossy ? " (lossy)" : ""}`);
    if (!lossy) expect(max, `${label} ${mode.name}: ${differing} pixels differ`).toBeLessThanOrEqual(1);
    compared++;
  }
  return compared;
}

describe.skipIf(!tools)("render vs dcmj2pnm: generated fixtures (VOI LUTs, MONOCHROME1 + INVERSE, signed Modality LUT)", () => {
  for (const path of FIXTURES) {
    it(path.split("/").pop()!, async () => {
      expect(await compareWithDcmtk(path, path.split("/").pop()!, [...MODES, ...MODES16])).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!ok)("render vs dcmj2pnm", () => {
  it("has a representative subset", () => {
    expect(files.length).toBeGreaterThan(15);
  });
  for (const entry of files) {
    const known = KNOWN_INPUT_DIFFERENCES[entry.path];
    if (known) {
      it.skip(`${entry.path} — ${known}`, () => undefined);
      continue;
    }
    it(entry.path, async () => {
      const compared = await compareWithDcmtk(corpusFile(entry), entry.path, MODES, entry.lossy);
      // In the ALL run, DCMTK (no JPEG-LS / JPEG 2000 in dcmj2pnm) or our decoders may refuse a file: recorded.
      if (!ALL) expect(compared).toBeGreaterThan(0);
    });
  }
});

/** Colour files (never Modality/VOI transformed): RGB and PALETTE COLOR, 8-bit output. A representative subset:
 *  8-bit and 16-bit RGB, planar configuration 1, odd size, big endian, RLE, and the palettes. */
const COLOUR_SUBSET =
  /REF\/US1_UNC|REF\/VL1_UNC|SC_rgb_16bit\.dcm|SC_rgb_small_odd_big_endian|color-pl\.dcm|SC_rgb_rle_16bit\.dcm|examples_palette|OBXXXX1A\.dcm|gdcm-US-ALOKA-16\.dcm/;
const colourFiles = ok
  ? loadManifest().filter(
      (e) =>
        e.format === "DICOM" &&
        (e.photometricInterpretation === "RGB" || e.photometricInterpretation === "PALETTE COLOR") &&
        e.reference.kind !== "error" &&
        !e.expectError &&
        NATIVE_OR_RLE.test(String((e as { transferSyntaxName?: string }).transferSyntaxName ?? "")) &&
        COLOUR_SUBSET.test(e.path),
    )
  : [];

describe.skipIf(!ok)("render vs dcmj2pnm: colour", () => {
  for (const entry of colourFiles) {
    it(entry.path, async () => {
      const path = corpusFile(entry);
      const theirs = join(dir, "dcmtk-colour.png");
      const ours = join(dir, "ours-colour.png");
      try {
        execFileSync("dcmj2pnm", ["-q", "+on", "-O", path, theirs], { stdio: "ignore" });
      } catch {
        summary.push(`${entry.path} colour: dcmj2pnm refused`);
        return;
      }
      expect(await run([path, "-o", ours, "--quiet"], io)).toBe(0);
      const a = png(theirs);
      const b = png(ours);
      expect([b.width, b.height, b.channels, b.depth]).toEqual([a.width, a.height, a.channels, a.depth]);
      let max = 0;
      for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
      summary.push(`${entry.path} colour: max |diff| ${max}`);
      expect(max).toBeLessThanOrEqual(1);
    });
  }
});

