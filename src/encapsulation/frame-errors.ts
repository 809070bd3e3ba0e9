/**
 * The errors of mapping encapsulated fragments to frames (PS3.5 A.4), one wording for both paths: mapFrames
 * and the random-access reader (frames.ts, open.ts) and the lazy item walk of one-pass sources
 * (stream-frames.ts). A builder returns a function of the frame asked for; the random-access mapping, which
 * maps every frame at once, passes none, and the error then carries no frame index.
 */
import { DicomPixelError } from "../errors.js";
import type { CodestreamFamily } from "./frames.js";

const PD = "(7FE0,0010)";

/** Makes the error for the frame asked for. */
export type FrameError = (frame?: number) => DicomPixelError;

export const frameErrors = {
  released: (frame: number, released: number): DicomPixelError =>
    new DicomPixelError("INVALID_ARGUMENT", `frame ${frame} cannot be read: the one-pass stream source already released the frames before frame ${released}`, {
      frameIndex: frame,
    }),

  eotCount: (entries: number, frames: number): FrameError => () =>
    new DicomPixelError("INVALID_OFFSET_TABLE", `(7FE0,0001) Extended Offset Table has ${entries} entries for ${frames} frames`, { tag: "(7FE0,0001)" }),

  tableOrder: (what: string, entry: number, offset: number): FrameError => (frame) =>
    new DicomPixelError("INVALID_OFFSET_TABLE", `${what} entry ${entry} (offset ${offset}) is not after entry ${entry - 1}`, { frameIndex: frame, tag: PD }),

  tableMiss: (what: string, entry: number, offset: number, firstFragmentOffset: number): FrameError => (frame) =>
    new DicomPixelError(
      "INVALID_OFFSET_TABLE",
      `${what} entry ${entry} (offset ${offset}) does not point at a fragment's item tag (fragments start at byte ${firstFragmentOffset})`,
      { byteOffset: firstFragmentOffset + offset, frameIndex: frame, tag: PD },
    ),

  tooManyFragments: (max: number, at: number): DicomPixelError =>
    new DicomPixelError("SIZE_LIMIT", `encapsulated Pixel Data has more than ${max} fragments (at byte ${at})`, { byteOffset: at }),

  frameTooLarge: (frame: number, total: number, at: number, length: number, max: number): FrameError => (f) =>
    new DicomPixelError(
      "SIZE_LIMIT",
      `frame ${frame}: its fragments hold at least ${total} bytes (the fragment at byte ${at} declares ${length}), more than maxFrameBytes (${max})`,
      { byteOffset: at, frameIndex: f, tag: PD },
    ),

  /** One fragment per frame, and a fragment beyond the last frame. */
  extraFragment: (family: CodestreamFamily, frames: number, k: number, at: number): FrameError => (frame) =>
    new DicomPixelError(
      "INVALID_DATA",
      `cannot tell the frames apart: more than ${frames} fragments (fragment ${k} at byte ${at}) for ${frames} frames without an offset table` +
        (family === "rle" ? " (RLE Lossless requires one fragment per frame, PS3.5 A.4.2)" : family === "other" ? "" : ` and the first fragment does not begin a ${family} codestream`),
      { tag: PD, byteOffset: at, frameIndex: frame },
    ),

  extraStart: (family: CodestreamFamily, frames: number, k: number, at: number): FrameError => (frame) =>
    new DicomPixelError(
      "INVALID_DATA",
      `cannot tell the frames apart: more than ${frames} fragments begin a ${family} codestream (fragment ${k} at byte ${at}), ${frames} frames expected`,
      { tag: PD, byteOffset: at, frameIndex: frame },
    ),

  noFragments: (frames: number, at: number): FrameError => (frame) =>
    new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `encapsulated Pixel Data has no fragments; ${frames} frame(s) expected`, { tag: PD, byteOffset: at, frameIndex: frame }),

  tooFewFragments: (frames: number, n: number, at: number): FrameError => (frame) =>
    new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `not enough pixel data: ${frames} frames expected, only ${n} fragments found`, { tag: PD, byteOffset: at, frameIndex: frame }),

  tooFewStarts: (family: CodestreamFamily, located: number, n: number, frames: number, at: number): FrameError => (frame) =>
    new DicomPixelError("INVALID_DATA", `cannot tell the frames apart: ${located} of ${n} fragments begin a ${family} codestream, ${frames} frames expected`, {
      tag: PD,
      byteOffset: at,
      frameIndex: frame,
    }),

  /** As many fragments as frames, but one of them is no codestream start: only a random-access source maps it. */
  oneEachUnknowable: (family: CodestreamFamily, n: number, at: number): FrameError => (frame) =>
    new DicomPixelError(
      "INVALID_DATA",
      `cannot map frames on a one-pass stream: ${n} fragments for ${n} frames, but not every fragment begins a ${family} codestream (read the file from a random-access source: one fragment per frame)`,
      { tag: PD, byteOffset: at, frameIndex: frame },
    ),

  truncated: (at: number): FrameError => (frame) =>
    new DicomPixelError(
      "TRUNCATED",
      `encapsulated Pixel Data ends at byte ${at} without its Sequence Delimitation Item (FFFE,E0DD): the file is truncated (open with lenient to read complete fragments anyway)`,
      { byteOffset: at, frameIndex: frame, tag: PD },
    ),
};
