/**
 * Which fragments make up each frame of encapsulated Pixel Data (PS3.5 A.4).
 *
 * The rule, in order:
 * 1. Extended Offset Table (7FE0,0001) present: its 64-bit offsets (relative to the first fragment's item
 *    tag, like the BOT) give each frame's first fragment.
 * 2. Basic Offset Table non-empty with one entry per frame: the same with 32-bit offsets.
 * 3. Empty (or unusable) offset table:
 *    - one frame: all fragments form the frame;
 *    - as many fragments as frames: one fragment per frame;
 *    - more fragments than frames: a frame starts at each fragment that begins with the codestream's start
 *      marker — JPEG family (.50-.70) and JPEG-LS (.80/.81): SOI FFD8 (T.81 B.1.1.3; FF D8 cannot occur in
 *      entropy-coded data, T.81 B.1.1.5 / T.87 A.1); JPEG 2000 / HTJ2K: SOC+SIZ FF4F FF51 (T.800 A.4.1) or a
 *      JP2 signature box. RLE is always one fragment per frame (PS3.5 A.4.2), so a mismatch is an error;
 *      other syntaxes (video, deflated image frames) need an offset table.
 */
import { frameErrors } from "./frame-errors.js";
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";
import type { Fragment, FragmentScan } from "./items.js";

export type CodestreamFamily = "jpeg" | "jpeg-ls" | "jpeg2000" | "rle" | "other";

/** The codestream family of an encapsulated transfer syntax (what frame-start markers look like). */
export function codestreamFamily(transferSyntaxUID: string): CodestreamFamily {
  const m = /^1\.2\.840\.10008\.1\.2\.4\.(\d+)/.exec(transferSyntaxUID);
  if (transferSyntaxUID === "1.2.840.10008.1.2.5") return "rle";
  if (!m) return "other";
  const n = Number(m[1]);
  if (n >= 50 && n <= 70) return "jpeg";
  if (n === 80 || n === 81) return "jpeg-ls";
  if ((n >= 90 && n <= 93) || (n >= 201 && n <= 203)) return "jpeg2000";
  return "other";
}

/** True when `head` (a fragment's first bytes) begins a codestream of the family. */
export function startsCodestream(family: CodestreamFamily, head: Uint8Array): boolean {
  if (family === "jpeg" || family === "jpeg-ls") return head[0] === 0xff && head[1] === 0xd8;
  if (family === "jpeg2000") {
    if (head[0] === 0xff && head[1] === 0x4f && head[2] === 0xff && head[3] === 0x51) return true;
    // JP2 signature box: length 12, type 'jP  ' (T.800 I.5.1)
    return head[0] === 0 && head[1] === 0 && head[2] === 0 && head[3] === 12 && head[4] === 0x6a && head[5] === 0x50;
  }
  return false;
}

export interface FrameMapOptions {
  transferSyntaxUID: string;
  numberOfFrames: number;
  /** Extended Offset Table values, when (7FE0,0001) is present. */
  extendedOffsetTable?: number[];
  warn?: (message: string) => void;
}

/** Maps an offset-table entry (relative to the first fragment's item tag) to a fragment index. */
function indexByOffset(scan: FragmentScan, table: number[], what: string): number[] {
  const byOffset = new Map<number, number>();
  scan.fragments.forEach((f, i) => byOffset.set(f.itemOffset - scan.firstFragmentOffset, i));
  return table.map((off, frame) => {
    const idx = byOffset.get(off);
    if (idx === undefined) {
      throw frameErrors.tableMiss(what, frame, off, scan.firstFragmentOffset)(frame);
    }
    if (frame > 0 && idx <= (byOffset.get(table[frame - 1]!) ?? -1)) {
      throw frameErrors.tableOrder(what, frame, off)(frame);
    }
    return idx;
  });
}

/**
 * The index of each frame's first fragment (frame i = fragments [starts[i], starts[i+1])).
 * @throws {DicomPixelError} INVALID_OFFSET_TABLE for offsets that do not hit a fragment; INVALID_DATA when
 * frame boundaries cannot be determined; NOT_ENOUGH_PIXEL_DATA with fewer fragments than frames
 */
export async function mapFrames(source: ByteSource, scan: FragmentScan, options: FrameMapOptions): Promise<number[]> {
  const frames = options.numberOfFrames;
  const nFrag = scan.fragments.length;
  const warn = options.warn ?? (() => undefined);
  if (nFrag === 0) {
    throw frameErrors.noFragments(frames, scan.firstFragmentOffset)();
  }
  const eot = options.extendedOffsetTable;
  if (eot !== undefined && eot.length > 0) {
    if (eot.length !== frames) {
      throw frameErrors.eotCount(eot.length, frames)();
    }
    return indexByOffset(scan, eot, "(7FE0,0001) Extended Offset Table");
  }
  const bot = scan.basicOffsetTable;
  if (bot.length > 0) {
    if (bot.length === frames) return indexByOffset(scan, bot, "Basic Offset Table");
    warn(`the Basic Offset Table has ${bot.length} entries for ${frames} frame(s); ignored`);
  }
  if (frames === 1) return [0];
  if (nFrag === frames) return scan.fragments.map((_, i) => i);
  if (nFrag < frames) {
    throw frameErrors.tooFewFragments(frames, nFrag, scan.firstFragmentOffset)();
  }
  const family = codestreamFamily(options.transferSyntaxUID);
  if (family === "rle" || family === "other") {
    throw new DicomPixelError(
      "INVALID_DATA",
      `cannot tell the frames apart: ${nFrag} fragments for ${frames} frames without an offset table` +
        (family === "rle" ? " (RLE Lossless requires one fragment per frame, PS3.5 A.4.2)" : ""),
      { tag: "(7FE0,0010)", byteOffset: scan.firstFragmentOffset },
    );
  }
  const starts: number[] = [];
  for (let i = 0; i < nFrag; i++) {
    const f: Fragment = scan.fragments[i]!;
    const head = await source.read(f.offset, Math.min(8, f.available));
    if (startsCodestream(family, head)) starts.push(i);
  }
  if (starts.length !== frames || starts[0] !== 0) {
    throw frameErrors.tooFewStarts(family, starts.length, nFrag, frames, scan.firstFragmentOffset)();
  }
  return starts;
}
