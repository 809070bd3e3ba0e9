/**
 * Encapsulated Pixel Data on a one-pass source (a ReadableStream, the inflated stream of a Deflated data
 * set), walked lazily: items are read forward only as far as the frame asked for needs, so the source holds
 * about one frame (+ one stream chunk + the offset tables) whatever the number of frames. Frames that
 * {@link StreamFrameWalker.release} gave up are skipped without being buffered.
 *
 * Frame i's fragments are known once the walk has reached the first fragment of frame i+1 (or the Sequence
 * Delimitation Item). The boundaries are those of {@link mapFrames} (PS3.5 A.4), decided incrementally:
 * 1. Extended Offset Table, then a Basic Offset Table with one entry per frame: a frame starts at the
 *    fragment whose item tag is at the entry's offset (relative to the first fragment's item tag).
 * 2. One frame: all fragments.
 * 3. RLE and other syntaxes: one fragment per frame.
 * 4. JPEG family, JPEG-LS, JPEG 2000: a frame starts at each fragment that begins the codestream (SOI, SOC,
 *    JP2 signature). mapFrames prefers "one fragment per frame" when there are exactly as many fragments as
 *    frames; the two agree whenever every fragment begins a codestream. When the first fragment does not,
 *    only "one fragment per frame" can succeed, so that is used. When a later fragment does not while the
 *    count so far still allows "one per frame", the stream cannot know the final count: the frame holding
 *    it stays open until the next codestream start or the end. If the end comes first with exactly as many
 *    fragments as frames, "one fragment per frame" is taken (nothing was handed out yet). If another start
 *    comes first, markers are used; should the walk then end with exactly as many fragments as frames, the
 *    frames from that frame on fail with INVALID_DATA (TRUNCATED when strict and truncated): a random-access
 *    source would have taken one fragment per frame. This is the only case where the two paths differ on
 *    data they both accept; no corpus file has it (a fragment count equal to the frame count while a
 *    fragment inside lacks its SOI/SOC, i.e. a frame that is not a codestream).
 *
 * Errors that need the whole item list (too few or too many fragments, an offset beyond the data, a missing
 * Sequence Delimitation Item) surface at the frame where the walk finds them, not at the first frame as on a
 * random-access source; frames before it were already delivered.
 */
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";
import { codestreamFamily, startsCodestream, type CodestreamFamily, type FrameMapOptions } from "./frames.js";
import { checkBotLength, parseItemHeader, u32, type Fragment, type FragmentScan } from "./items.js";
import { frameErrors, type FrameError } from "./frame-errors.js";

export interface StreamWalkOptions extends FrameMapOptions {
  /** Accept a missing Sequence Delimitation Item (see OpenOptions.lenient). */
  lenient: boolean;
  /** Largest frame (sum of its fragments) buffered; a larger one fails with SIZE_LIMIT before it is read. */
  maxFrameBytes: number;
  /** Safety cap on the number of fragments (default 2^21, as scanFragments). */
  maxFragments?: number;
}

type Mode =
  | { kind: "table"; table: number[]; what: string }
  | { kind: "single" }
  | { kind: "per-fragment"; family: CodestreamFamily }
  | { kind: "markers"; family: CodestreamFamily };

interface Failure {
  /** Frames from this index on cannot be read. */
  fromFrame: number;
  make: FrameError;
}

/** Frame index of fragments before the first table entry, or after a failure: never read. */
const NO_FRAME = -1;

/** The lazy item walk and frame map of encapsulated Pixel Data on a one-pass source. */
export class StreamFrameWalker {
  /** Every fragment walked so far (offsets only; values stay in the source until released). */
  readonly fragments: Fragment[] = [];
  /** Index of each located frame's first fragment. */
  private readonly starts: number[] = [];
  /** Frame of each fragment walked (NO_FRAME when it belongs to none). */
  private readonly frameOf: number[] = [];
  /** Entries in the Basic Offset Table item (its values are read only when they are used). */
  botEntries = 0;
  private bot: number[] = [];
  firstFragmentOffset: number;
  /** Set when the data ended before the Sequence Delimitation Item. */
  truncatedAt: number | undefined;
  /** Offset just past the Sequence Delimitation Item (or of the end of the data), once the walk ended. */
  end = 0;
  private ended = false;
  private pos: number;
  private mode: Mode | undefined;
  private failure: Failure | undefined;
  /** Frames whose fragments exceed maxFrameBytes (only those frames fail; they are skipped). */
  private readonly oversized = new Map<number, FrameError>();
  /** A structural error (bad item tag...) that stops the walk. */
  private broken: unknown;
  private released = 0;
  /** Fragments before this index will not be read (see dropUnneeded). */
  private keep = 0;
  private frameBytesOf = { frame: NO_FRAME, bytes: 0 };
  /** Markers mode: frame holding the first fragment that did not begin a codestream while "one per frame" was still possible. */
  private ambiguousFrame: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly maxFragments: number;

  private constructor(
    private readonly source: ByteSource,
    private readonly options: StreamWalkOptions,
    valueOffset: number,
  ) {
    this.pos = valueOffset;
    this.firstFragmentOffset = valueOffset;
    this.maxFragments = options.maxFragments ?? 1 << 21;
  }

  /**
   * Reads the Basic Offset Table item at `valueOffset` (the byte after the Pixel Data element header); its
   * values only when they can give the frame map (one entry per frame, no Extended Offset Table).
   * @throws {DicomPixelError} INVALID_ITEM, INVALID_LENGTH, INVALID_OFFSET_TABLE (with byte offsets)
   */
  static async open(source: ByteSource, valueOffset: number, options: StreamWalkOptions): Promise<StreamFrameWalker> {
    const w = new StreamFrameWalker(source, options, valueOffset);
    const pos = valueOffset;
    const head = await source.read(pos, 8);
    if (head.length < 8) {
      w.endWalk(pos + head.length, pos);
      return w;
    }
    const { delimiter, length } = parseItemHeader(head, pos);
    if (delimiter) {
      w.endWalk(pos + 8, undefined);
      return w;
    }
    checkBotLength(pos, length);
    w.botEntries = length / 4;
    const frames = options.numberOfFrames;
    const usable = !(options.extendedOffsetTable && options.extendedOffsetTable.length > 0) && w.botEntries === frames && frames <= w.maxFragments;
    if (usable && length > 0) {
      const bot = await source.read(pos + 8, length);
      for (let i = 0; i + 4 <= bot.length; i += 4) w.bot.push(u32(bot, i));
      if (bot.length < length) w.botEntries = w.bot.length;
    } else if (length > 4 * w.maxFragments) {
      source.release(pos + 8 + length); // a table that cannot be used is skipped without being buffered
    }
    w.pos = pos + 8 + length;
    w.firstFragmentOffset = w.pos;
    return w;
  }

  /** True once the walk reached the Sequence Delimitation Item or the end of the data. */
  get complete(): boolean {
    return this.ended;
  }

  /** The Basic Offset Table values when they were read (one entry per frame), else empty. */
  get basicOffsetTable(): number[] {
    return this.bot;
  }

  /**
   * The fragments of frame `index`, walking forward as far as needed.
   * @throws {DicomPixelError} INVALID_ARGUMENT when the frame was released; the frame map's errors
   * (INVALID_OFFSET_TABLE, INVALID_DATA, NOT_ENOUGH_PIXEL_DATA), SIZE_LIMIT above maxFrameBytes,
   * TRUNCATED without the Sequence Delimitation Item (unless lenient), INVALID_ITEM for a broken item
   */
  frameFragments(index: number): Promise<Fragment[]> {
    return this.serial(async () => {
      if (index < this.released) {
        throw frameErrors.released(index, this.released);
      }
      this.chooseMode();
      while (!this.ended && !this.failedAt(index) && !this.oversized.has(index) && this.starts.length <= index + 1) await this.step();
      const failure = this.failure;
      if (failure && index >= failure.fromFrame) throw failure.make(index);
      const tooLarge = this.oversized.get(index);
      if (tooLarge) throw tooLarge(index);
      const first = this.starts[index];
      if (first === undefined) throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `frame ${index} was not found in the encapsulated Pixel Data`, { frameIndex: index });
      const last = index + 1 < this.starts.length ? this.starts[index + 1]! : this.fragments.length;
      return this.fragments.slice(first, last);
    });
  }

  /**
   * Frames before `index` will not be read: their bytes are dropped now (what was walked) and skipped later
   * without being buffered.
   */
  release(index: number): Promise<void> {
    return this.serial(async () => {
      this.released = Math.max(this.released, index);
      this.dropUnneeded();
    });
  }

  /**
   * Walks to the end of the Pixel Data. Data of frames not released stays buffered (this is the full walk a
   * summary of all fragments needs on a stream).
   * @throws {DicomPixelError} INVALID_ITEM / INVALID_LENGTH for a broken item
   */
  finish(): Promise<void> {
    return this.serial(async () => {
      this.chooseMode();
      while (!this.ended) await this.step();
    });
  }

  /** The index of each frame's first fragment, after {@link StreamFrameWalker.finish}; throws the frame map's error. */
  frameStarts(): number[] {
    if (this.failure) throw this.failure.make(this.failure.fromFrame);
    return [...this.starts];
  }

  /**
   * The walk as a FragmentScan (complete once {@link StreamFrameWalker.complete}). Its `basicOffsetTable` is
   * empty unless the table was read (one entry per frame, no Extended Offset Table); see `botEntries`.
   */
  scan(): FragmentScan {
    return {
      basicOffsetTable: this.bot,
      fragments: this.fragments,
      firstFragmentOffset: this.firstFragmentOffset,
      end: this.end,
      ...(this.truncatedAt !== undefined ? { truncatedAt: this.truncatedAt } : {}),
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private failedAt(index: number): boolean {
    return this.failure !== undefined && index >= this.failure.fromFrame;
  }

  private fail(fromFrame: number, make: FrameError): void {
    if (!this.failure || fromFrame < this.failure.fromFrame) this.failure = { fromFrame: Math.max(0, fromFrame), make };
  }

  /** mapFrames' rule order (PS3.5 A.4), decided before the first fragment. */
  private chooseMode(): void {
    if (this.mode) return;
    const { numberOfFrames: frames, extendedOffsetTable: eot, transferSyntaxUID } = this.options;
    const family = codestreamFamily(transferSyntaxUID);
    if (eot !== undefined && eot.length > 0) {
      this.mode = { kind: "table", table: eot, what: "(7FE0,0001) Extended Offset Table" };
      if (eot.length !== frames) {
        this.fail(0, frameErrors.eotCount(eot.length, frames));
      }
    } else if (this.botEntries > 0 && this.botEntries === frames && this.bot.length === frames) {
      this.mode = { kind: "table", table: this.bot, what: "Basic Offset Table" };
    } else {
      if (this.botEntries > 0) this.options.warn?.(`the Basic Offset Table has ${this.botEntries} entries for ${frames} frame(s); ignored`);
      if (frames === 1) this.mode = { kind: "single" };
      else if (family === "rle" || family === "other") this.mode = { kind: "per-fragment", family };
      else this.mode = { kind: "markers", family };
    }
    if (this.mode.kind === "table") {
      const { table, what } = this.mode;
      for (let i = 1; i < table.length; i++) {
        if (table[i]! <= table[i - 1]!) {
          const off = table[i]!;
          this.fail(i - 1, frameErrors.tableOrder(what, i, off));
          break;
        }
      }
    }
    if (this.ended) this.checkEnd();
  }

  /** Reads one item header (and, in markers mode, a fragment's first bytes); skips released data. */
  private async step(): Promise<void> {
    if (this.broken) throw this.broken;
    const pos = this.pos;
    const head = await this.source.read(pos, 8);
    if (head.length < 8) {
      const lastFragment = this.fragments[this.fragments.length - 1];
      const size = this.source.size ?? pos + head.length;
      if (lastFragment && lastFragment.offset + lastFragment.length > size) {
        lastFragment.available = Math.max(0, size - lastFragment.offset);
        const at = lastFragment.offset + lastFragment.available;
        this.endWalk(at, at);
      } else {
        this.endWalk(pos + head.length, pos);
      }
      return;
    }
    let header: { delimiter: boolean; length: number };
    try {
      header = parseItemHeader(head, pos);
    } catch (e) {
      this.broken = e;
      throw e;
    }
    if (header.delimiter) {
      this.endWalk(pos + 8, undefined);
      return;
    }
    if (this.fragments.length >= this.maxFragments) {
      this.broken = frameErrors.tooManyFragments(this.maxFragments, pos);
      throw this.broken;
    }
    const length = header.length;
    const fragment: Fragment = { itemOffset: pos, offset: pos + 8, length, available: length };
    const k = this.fragments.length;
    this.fragments.push(fragment);
    const frame = await this.assign(k, fragment);
    this.frameOf.push(frame);
    this.pos = fragment.offset + length;
    if (this.needed(frame)) {
      const acc = this.frameBytesOf.frame === frame ? this.frameBytesOf : (this.frameBytesOf = { frame, bytes: 0 });
      acc.bytes += length;
      const max = this.options.maxFrameBytes;
      // More than maxFrameBytes is never buffered: when the data really goes on past the frame's
      // (maxFrameBytes + 1)-th byte the frame fails with SIZE_LIMIT; when it ends before, the walk finds the
      // truncation next (TRUNCATED).
      if (acc.bytes > max && (await this.source.read(fragment.offset + length - (acc.bytes - max), 1)).length === 1) {
        const total = acc.bytes;
        this.oversized.set(frame, frameErrors.frameTooLarge(frame, total, pos, length, max));
      }
    }
    this.dropUnneeded();
  }

  /** A fragment of `frame` may still be read. */
  private needed(frame: number): boolean {
    return frame !== NO_FRAME && frame >= this.released && !this.failedAt(frame) && !this.oversized.has(frame);
  }

  /**
   * Lets the source drop everything before the first fragment that may still be read (or up to the next
   * item when there is none): released and failed frames are skipped without being buffered.
   */
  private dropUnneeded(): void {
    while (this.keep < this.fragments.length && !this.needed(this.frameOf[this.keep]!)) this.keep++;
    this.source.release(this.keep < this.fragments.length ? this.fragments[this.keep]!.itemOffset : this.pos);
  }

  /** The frame fragment `k` belongs to, by the current mode (records starts and mapping failures). */
  private async assign(k: number, fragment: Fragment): Promise<number> {
    const mode = this.mode!;
    const frames = this.options.numberOfFrames;
    const startFrame = (): number => {
      this.starts.push(k);
      return this.starts.length - 1;
    };
    switch (mode.kind) {
      case "single":
        return k === 0 ? startFrame() : 0;
      case "per-fragment":
        if (k >= frames) {
          const family = mode.family;
          this.fail(frames - 1, frameErrors.extraFragment(family, frames, k, fragment.itemOffset));
          return NO_FRAME;
        }
        return startFrame();
      case "markers": {
        const head = await this.source.read(fragment.offset, Math.min(8, fragment.length));
        const starts = startsCodestream(mode.family, head);
        if (k === 0 && !starts) {
          // Only "one fragment per frame" can map this file (markers need a start at fragment 0).
          this.mode = { kind: "per-fragment", family: mode.family };
          return startFrame();
        }
        if (!starts) {
          if (k + 1 <= frames && this.ambiguousFrame === undefined) this.ambiguousFrame = this.starts.length - 1;
          return this.starts.length - 1;
        }
        if (this.starts.length >= frames) {
          const family = mode.family;
          this.fail(frames - 1, frameErrors.extraStart(family, frames, k, fragment.itemOffset));
          return NO_FRAME;
        }
        return startFrame();
      }
      case "table": {
        const next = this.starts.length;
        const rel = fragment.itemOffset - this.firstFragmentOffset;
        if (next < mode.table.length && rel >= mode.table[next]!) {
          if (rel === mode.table[next]!) return startFrame();
          this.failTableEntry(mode, next);
          return NO_FRAME;
        }
        if (this.failedAt(next - 1)) return NO_FRAME;
        return next - 1;
      }
    }
  }

  private failTableEntry(mode: { table: number[]; what: string }, entry: number): void {
    const off = mode.table[entry]!;
    const first = this.firstFragmentOffset;
    this.fail(entry - 1, frameErrors.tableMiss(mode.what, entry, off, first));
  }

  private endWalk(end: number, truncatedAt: number | undefined): void {
    this.ended = true;
    this.end = end;
    this.pos = end;
    this.truncatedAt = truncatedAt;
    if (truncatedAt !== undefined) this.options.warn?.(`encapsulated Pixel Data ends at byte ${truncatedAt} without its Sequence Delimitation Item`);
    if (this.mode) this.checkEnd();
  }

  /** The checks that need the whole item list, as mapFrames makes them. */
  private checkEnd(): void {
    const n = this.fragments.length;
    const frames = this.options.numberOfFrames;
    const located = this.starts.length;
    const first = this.firstFragmentOffset;
    const mode = this.mode!;
    if (n === 0) {
      this.fail(0, frameErrors.noFragments(frames, first));
    } else if (mode.kind === "table") {
      if (located < mode.table.length) this.failTableEntry(mode, located);
    } else if (mode.kind !== "single" && located < frames) {
      if (n < frames) {
        this.fail(located - 1, frameErrors.tooFewFragments(frames, n, first));
      } else if (this.ambiguousFrame !== undefined && n === frames && located === this.ambiguousFrame + 1 && ![...this.oversized.keys()].some((f) => f >= located - 1)) {
        // As many fragments as frames, and no codestream start after the first fragment that lacked one: the
        // frame holding it was never complete under the marker rule, so "one fragment per frame" (mapFrames'
        // answer) can still be taken; the fragments from there on are still buffered.
        this.mode = { kind: "per-fragment", family: mode.family };
        for (let k = located; k < n; k++) {
          this.starts.push(k);
          this.frameOf[k] = k;
        }
      } else {
        const family = mode.family;
        const ambiguous = this.ambiguousFrame;
        const oneEach = ambiguous !== undefined && n === frames;
        // With one fragment per frame mapFrames would succeed, and a strict read then fails with TRUNCATED.
        const strictTruncated = this.truncatedAt !== undefined && !this.options.lenient;
        const make = !oneEach
          ? frameErrors.tooFewStarts(family, located, n, frames, first)
          : strictTruncated
            ? frameErrors.truncated(this.truncatedAt!)
            : frameErrors.oneEachUnknowable(family, n, first);
        this.fail(oneEach ? ambiguous : located - 1, make);
      }
    }
    const truncatedAt = this.truncatedAt;
    if (truncatedAt !== undefined && !this.options.lenient) {
      this.fail(Math.max(0, located - 1), frameErrors.truncated(truncatedAt));
    }
  }
}
