/** `dicompix info FILE [--json]`: transfer syntax, SOP class, Image Pixel module, frames, encapsulation. */
import { UsageError, type CliIO } from "../io.js";
import { openDicom, type DicomFile } from "../../part10/open.js";
import { findTransferSyntax } from "../../uids.js";
import { Tag } from "../../part10/tags.js";

export const summary = "Show the transfer syntax, Image Pixel module and encapsulation of a DICOM file (or bare JPEG stream)";
export const usage = "dicompix info FILE [--json] [--quiet]\n  --quiet prints nothing: the exit code tells whether the file could be read (0) or was rejected (2)";

/** The values `info --json` prints, with exactly the keys of issue 3 (null when absent). */
export function infoOf(file: DicomFile): Record<string, unknown> {
  const a = file.pixelAttributes();
  const v = (k: string) => a[k] ?? null;
  return {
    // As written in the File Meta: null for a bare JPEG stream and for files without (0002,0010).
    transferSyntaxUID: file.meta.has(Tag.TransferSyntaxUID) ? file.transferSyntaxUID : null,
    sopClassUID: file.sopClassUID ?? null,
    rows: v("rows"),
    columns: v("columns"),
    numberOfFrames: file.numberOfFrames,
    samplesPerPixel: v("samplesPerPixel"),
    photometricInterpretation: v("photometricInterpretation"),
    planarConfiguration: v("planarConfiguration"),
    bitsAllocated: v("bitsAllocated"),
    bitsStored: v("bitsStored"),
    highBit: v("highBit"),
    pixelRepresentation: v("pixelRepresentation"),
    encapsulation: file.encapsulation,
  };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const positional = argv.filter((a) => !a.startsWith("-"));
  const json = argv.includes("--json");
  const quiet = argv.includes("--quiet") || argv.includes("-q");
  const unknown = argv.filter((a) => a.startsWith("-") && a !== "--json" && a !== "--quiet" && a !== "-q");
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
  if (positional.length !== 1) throw new UsageError("expected one FILE");
  const file = await openDicom(positional[0]!);
  try {
    // A Deflated data set is read as a one-pass stream: finish its item walk so the fragment counts are whole.
    await file.encapsulationSummary();
    const info = infoOf(file);
    if (quiet && !json) return 0;
    if (json) {
      io.stdout.write(JSON.stringify(info) + "\n");
      return 0;
    }
    const ts = findTransferSyntax(file.transferSyntaxUID);
    const lines: string[] = [];
    lines.push(`File:                 ${positional[0]}${file.bareCodestream ? " (bare JPEG codestream)" : ""}`);
    const detected = info.transferSyntaxUID === null ? " (no File Meta: detected from the data)" : "";
    lines.push(`Transfer Syntax:      ${ts ? `${ts.name} (${ts.uid})` : file.transferSyntaxUID}${detected}`);
    lines.push(`SOP Class UID:        ${info.sopClassUID ?? "-"}`);
    lines.push(`Rows x Columns:       ${info.rows ?? "-"} x ${info.columns ?? "-"}`);
    lines.push(`Number of Frames:     ${info.numberOfFrames}`);
    lines.push(`Samples per Pixel:    ${info.samplesPerPixel ?? "-"}`);
    lines.push(`Photometric:          ${info.photometricInterpretation ?? "-"}`);
    lines.push(`Planar Configuration: ${info.planarConfiguration ?? "-"}`);
    lines.push(`Bits A/S/H:           ${info.bitsAllocated ?? "-"} / ${info.bitsStored ?? "-"} / ${info.highBit ?? "-"}`);
    lines.push(`Pixel Representation: ${info.pixelRepresentation ?? "-"}`);
    if (file.pixelData) {
      const where = file.pixelData.length === 0xffffffff ? "undefined length" : `${file.pixelData.length} bytes`;
      lines.push(`Pixel Data:           ${file.pixelData.vr}, ${where}, value at byte ${file.pixelData.offset}`);
    } else lines.push("Pixel Data:           not found");
    const enc = file.encapsulation;
    if (enc) {
      lines.push(
        `Encapsulation:        ${enc.fragments} fragment(s), Basic Offset Table ${enc.basicOffsetTable ? `yes (${enc.botEntries} entries)` : "empty"}, ` +
          `Extended Offset Table ${enc.extendedOffsetTable ? "yes" : "no"}, ${enc.fragmentsPerFrame} fragment(s) per frame`,
      );
    }
    for (const w of file.warnings) lines.push(`Warning:              ${w}`);
    io.stdout.write(lines.join("\n") + "\n");
    return 0;
  } finally {
    await file.close();
  }
}
