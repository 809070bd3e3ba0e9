/**
 * openDicom: a DICOM file (or a bare JPEG codestream) opened for header access and lazy frame reads.
 * Only the header is read at open; for encapsulated Pixel Data on a random-access source the item headers
 * are walked too (8 bytes per fragment; a one-pass source reads only the Basic Offset Table item). A frame
 * read touches only that frame's bytes (and, once, the offset tables).
 *
 * Memory: random-access sources (bytes, a file, a Blob) never hold more than the frame asked for. A one-pass
 * ReadableStream, and the inflated stream of a Deflated data set, buffer what has been read and not yet
 * released: `iterFrames` releases each frame after decoding it, so memory stays at about one frame (+ one
 * stream chunk). With encapsulated data on such a source the items are not walked at open but lazily, as
 * frames are read (src/encapsulation/stream-frames.ts), so the same bound holds; a summary of all fragments
 * ({@link DicomFile.encapsulationSummary}, {@link DicomFile.frameFragments}) needs the full walk there.
 */
import { DicomPixelError } from "../errors.js";
import { BufferSource, toByteSource, type ByteSource, type SourceInput } from "../io/source.js";
import { PixelModule, type PixelModuleOptions } from "../pixel-module.js";
import { pixelAttributesOf } from "./pixel-attributes.js";
import { findTransferSyntax, type TransferSyntax } from "../uids.js";
import { scanFragments, type FragmentScan } from "../encapsulation/items.js";
import { mapFrames } from "../encapsulation/frames.js";
import { StreamFrameWalker } from "../encapsulation/stream-frames.js";
import { readFragmentBytes } from "../encapsulation/fragment-bytes.js";
import { frameErrors } from "../encapsulation/frame-errors.js";
import { bareJpegDataSet, isBareJpeg, parseBareJpeg } from "./bare-jpeg.js";
import { DataSet, UNDEFINED_LENGTH, decodeNumbers, type DataElement } from "./dataset.js";
import { readElementsAfter, readPart10, type ReadOptions } from "./reader.js";
import { Tag } from "./tags.js";

export interface OpenOptions extends ReadOptions {
  /**
   * Accept encapsulated Pixel Data that ends without its Sequence Delimitation Item (a truncated file) when
   * the frame's fragments are complete (default false: such frames are TRUNCATED).
   */
  lenient?: boolean;
  /**
   * Largest bare JPEG stream read into memory, and largest encapsulated frame (its fragments) buffered from a
   * one-pass source (default 1 GiB): larger frames fail with SIZE_LIMIT before they are read.
   */
  maxFrameBytes?: number;
}

/** What `dicompix info` shows about encapsulated Pixel Data. */
export interface EncapsulationSummary {
  /** The Basic Offset Table is non-empty. */
  basicOffsetTable: boolean;
  botEntries: number;
  fragments: number;
  /** (7FE0,0001) Extended Offset Table is present. */
  extendedOffsetTable: boolean;
  /** "one" when there are as many fragments as frames, "several" otherwise. */
  fragmentsPerFrame: "one" | "several";
  /**
   * Set on a one-pass source whose items have not all been walked yet: `fragments` and
   * `fragmentsPerFrame` count the fragments walked so far (see {@link DicomFile.encapsulationSummary}).
   */
  partial?: true;
}

/** One frame's stored bytes. */
export interface FrameBytes {
  /** Native: the bytes holding the frame; encapsulated: the frame's codestream (its fragments concatenated). */
  bytes: Uint8Array;
  /** Native 1-bit data: the frame starts this many bits (0-7) into `bytes`. */
  bitOffset: number;
}


/** An opened DICOM file. Call {@link DicomFile.close} when done (closes files opened by path). */
export class DicomFile {
  private fragmentsScan: FragmentScan | undefined;
  private walker: StreamFrameWalker | undefined;
  private frameStarts: number[] | undefined;
  private readonly modules = new Map<boolean, PixelModule>();

  /** @internal use {@link openDicom} */
  constructor(
    /** File Meta Information (group 0002); empty for files without meta and bare JPEG. */
    readonly meta: DataSet,
    /** The data set, up to the Pixel Data element (its value is located, not loaded). */
    readonly dataset: DataSet,
    /** Transfer Syntax UID (detected for files without meta; .57-like for a bare JPEG). */
    readonly transferSyntaxUID: string,
    /** The source Pixel Data offsets refer to (an inflating stream for deflated files). */
    readonly source: ByteSource,
    /** The Pixel Data element (7FE0,0010/0008/0009), or undefined when the file has none. */
    readonly pixelData: DataElement | undefined,
    /** Tolerated deviations found while reading. */
    readonly warnings: string[],
    private readonly closeSources: () => Promise<void>,
    /** True for a bare JPEG codestream opened as a one-frame image. */
    readonly bareCodestream = false,
    private readonly lenient = false,
  ) {}

  /** The transfer syntax, or undefined for an unknown UID. */
  get transferSyntax(): TransferSyntax | undefined {
    return findTransferSyntax(this.transferSyntaxUID);
  }

  /** True when Pixel Data is encapsulated (undefined length, fragments in items). */
  get encapsulated(): boolean {
    return this.fragmentsScan !== undefined || this.walker !== undefined;
  }

  /** (0008,0016) SOP Class UID, or (0002,0002) Media Storage SOP Class UID when the data set lacks it. */
  get sopClassUID(): string | undefined {
    return this.dataset.string(Tag.SOPClassUID) ?? this.meta.string(Tag.MediaStorageSOPClassUID);
  }

  /** (0028,0008) Number of Frames; 1 when absent, empty or not a positive integer. */
  get numberOfFrames(): number {
    const n = this.dataset.number(Tag.NumberOfFrames);
    return n !== undefined && Number.isInteger(n) && n >= 1 ? n : 1;
  }

  /**
   * The validated Image Pixel module from the data set's values (cached).
   * @throws {DicomPixelError} INVALID_ATTRIBUTE / MISSING_ATTRIBUTE (see PixelModule.from)
   */
  pixelModule(options: PixelModuleOptions = {}): PixelModule {
    const lenient = options.lenient ?? false;
    let m = this.modules.get(lenient);
    if (!m) {
      m = PixelModule.from(this.pixelAttributes(), { lenient });
      this.modules.set(lenient, m);
    }
    return m;
  }

  /** The raw Image Pixel attribute values by keyword (undefined when absent), for PixelModule.from. */
  pixelAttributes(): Record<string, unknown> {
    return pixelAttributesOf(this.dataset, this.pixelData?.tag ?? -1);
  }

  /**
   * Summary of encapsulated Pixel Data, or null for native data (or none). On a one-pass source the items
   * are walked lazily: until they all were (after the last frame was read, or after
   * {@link DicomFile.encapsulationSummary}), the summary counts the fragments walked so far and has `partial`.
   */
  get encapsulation(): EncapsulationSummary | null {
    if (this.bareCodestream) return null;
    const w = this.walker;
    const scan = this.fragmentsScan;
    if (!w && !scan) return null;
    const botEntries = w ? w.botEntries : scan!.basicOffsetTable.length;
    const fragments = w ? w.fragments.length : scan!.fragments.length;
    return {
      basicOffsetTable: botEntries > 0,
      botEntries,
      fragments,
      extendedOffsetTable: this.dataset.has(Tag.ExtendedOffsetTable),
      fragmentsPerFrame: fragments === this.numberOfFrames ? "one" : "several",
      ...(w && !w.complete ? { partial: true as const } : {}),
    };
  }

  /**
   * The complete {@link DicomFile.encapsulation} summary. On a one-pass source this walks the rest of the
   * items: the bytes of frames not yet released stay buffered (call it after reading the frames, or accept
   * that the stream is held in memory).
   * @throws {DicomPixelError} INVALID_ITEM / INVALID_LENGTH for a broken item met on the way
   */
  async encapsulationSummary(): Promise<EncapsulationSummary | null> {
    await this.walker?.finish();
    return this.encapsulation;
  }

  /**
   * The fragment layout of encapsulated Pixel Data (offsets in the source), or undefined. On a one-pass
   * source it is undefined until the lazy item walk has reached the end of the Pixel Data.
   */
  get fragments(): FragmentScan | undefined {
    if (this.walker) return this.walker.complete ? this.walker.scan() : undefined;
    return this.fragmentsScan;
  }

  /** @internal */
  setStreamWalker(walker: StreamFrameWalker): void {
    this.walker = walker;
  }

  /** @internal */
  setFragments(scan: FragmentScan): void {
    this.fragmentsScan = scan;
  }

  private requirePixelData(): DataElement {
    if (!this.pixelData) {
      throw new DicomPixelError("PIXEL_DATA_NOT_FOUND", "Pixel Data not found: the data set has no (7FE0,0010), (7FE0,0008) or (7FE0,0009) element", {
        tag: "(7FE0,0010)",
      });
    }
    return this.pixelData;
  }

  private checkIndex(index: number, frames: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= frames) {
      throw new DicomPixelError("FRAME_OUT_OF_RANGE", `frame index ${index} is out of range: the file has ${frames} frame(s) (0..${frames - 1})`, {
        frameIndex: index,
      });
    }
  }

  /**
   * Reads one frame's stored bytes: for native data only that frame's bytes (by offset arithmetic; 1-bit
   * frames that do not start on a byte boundary give `bitOffset`); for encapsulated data the frame's
   * fragments concatenated.
   * @param module the pixel module to locate native frames with (default: `pixelModule({ lenient: true })`)
   * @throws {DicomPixelError} PIXEL_DATA_NOT_FOUND, FRAME_OUT_OF_RANGE, NOT_ENOUGH_PIXEL_DATA, TRUNCATED,
   * INVALID_OFFSET_TABLE / INVALID_DATA when frame boundaries cannot be found
   */
  async readFrame(index: number, module?: PixelModule): Promise<FrameBytes> {
    const pd = this.requirePixelData();
    if (this.walker) return this.readStreamFrame(index, this.walker);
    if (this.fragmentsScan) return this.readEncapsulatedFrame(index, this.fragmentsScan);
    const m = module ?? this.pixelModule({ lenient: true });
    this.checkIndex(index, m.numberOfFrames);
    const bitLength = m.nativeFrameBitLength();
    const startBit = index * bitLength;
    const start = Math.floor(startBit / 8);
    const bitOffset = startBit % 8;
    let length = Math.ceil((bitOffset + bitLength) / 8);
    const size = this.source.size;
    const available = size === undefined ? pd.length : Math.max(0, Math.min(pd.length, size - pd.offset));
    // Explicit VR Big Endian OW is a stream of 16-bit words (PS3.5 A.3): an odd-length frame of 8-bit
    // cells needs the next byte (the value's padding) to undo the word swap.
    if (!this.dataset.littleEndian && (length & 1) === 1 && ((start + length) & 1) === 1 && start + length + 1 <= available) length++;
    if (start + length > available) {
      const expected = m.expectedNativeLength().bytes;
      throw new DicomPixelError(
        "NOT_ENOUGH_PIXEL_DATA",
        `not enough pixel data: expected ${expected} bytes, found ${available} (frame ${index} needs bytes ${start}..${start + length - 1} of Pixel Data at byte ${pd.offset})`,
        { byteOffset: pd.offset + available, frameIndex: index, tag: "(7FE0,0010)" },
      );
    }
    const bytes = await this.source.read(pd.offset + start, length);
    if (bytes.length < length) {
      throw new DicomPixelError("TRUNCATED", `frame ${index}: the data ends after ${bytes.length} of ${length} bytes at byte ${pd.offset + start}`, {
        byteOffset: pd.offset + start + bytes.length,
        frameIndex: index,
      });
    }
    return { bytes, bitOffset };
  }

  /**
   * The index of each frame's first fragment (computed once from EOT / BOT / markers). On a one-pass source
   * this walks all items (the bytes of frames not yet released stay buffered).
   */
  async frameFragments(): Promise<number[]> {
    if (this.walker) {
      await this.walker.finish();
      return this.walker.frameStarts();
    }
    const scan = this.fragmentsScan;
    if (!scan) throw new DicomPixelError("INVALID_ARGUMENT", "frameFragments: the Pixel Data is not encapsulated");
    if (!this.frameStarts) {
      const eotValue = this.dataset.bytes(Tag.ExtendedOffsetTable);
      const options = {
        transferSyntaxUID: this.transferSyntaxUID,
        numberOfFrames: this.numberOfFrames,
        warn: (m: string) => this.warnings.push(m),
      };
      this.frameStarts = await mapFrames(
        this.source,
        scan,
        eotValue ? { ...options, extendedOffsetTable: decodeNumbers("UV", eotValue, this.dataset.littleEndian) } : options,
      );
    }
    return this.frameStarts;
  }

  private async readEncapsulatedFrame(index: number, scan: FragmentScan): Promise<FrameBytes> {
    this.checkIndex(index, this.numberOfFrames);
    const starts = await this.frameFragments();
    const first = starts[index]!;
    const last = index + 1 < starts.length ? starts[index + 1]! : scan.fragments.length;
    const parts = scan.fragments.slice(first, last);
    if (scan.truncatedAt !== undefined && !this.lenient && !this.bareCodestream) {
      throw frameErrors.truncated(scan.truncatedAt)(index);
    }
    return { bytes: await readFragmentBytes(this.source, parts, index), bitOffset: 0 };
  }

  /** A frame's fragments read from a one-pass source, the walk going forward only as far as needed. */
  private async readStreamFrame(index: number, walker: StreamFrameWalker): Promise<FrameBytes> {
    this.checkIndex(index, this.numberOfFrames);
    return { bytes: await readFragmentBytes(this.source, await walker.frameFragments(index), index), bitOffset: 0 };
  }

  /**
   * Tells a one-pass (stream) source that frames before `index` will not be read again, so their bytes can
   * be dropped (for encapsulated data, also skipped without being buffered when the lazy item walk passes
   * them); iterFrames calls it as it goes. No effect on random-access sources.
   */
  async releaseFramesBefore(index: number): Promise<void> {
    if (!this.source.sequential || !this.pixelData) return;
    if (this.walker) return this.walker.release(index);
    if (this.fragmentsScan) return; // (encapsulated data on a sequential source always has a walker)
    const m = this.pixelModule({ lenient: true });
    this.source.release(this.pixelData.offset + Math.floor((index * m.nativeFrameBitLength()) / 8));
  }

  /**
   * The top-level elements after the Pixel Data (e.g. (FFFC,FFFC) Data Set Trailing Padding, private
   * elements after group 7FE0), read on demand from the end of the Pixel Data value: for encapsulated data
   * after its Sequence Delimitation Item, for native data after the value. Empty when there is no Pixel
   * Data, when the Pixel Data runs to the end of the file, or for a bare codestream; also empty, with a
   * message added to {@link DicomFile.warnings}, when those bytes do not parse as elements. With a
   * one-pass stream source, call it after the frames were read.
   */
  async trailingElements(): Promise<DataSet> {
    const encoding = { littleEndian: this.dataset.littleEndian, explicitVR: this.dataset.explicitVR };
    const pd = this.pixelData;
    if (!pd || this.bareCodestream) return new DataSet(encoding);
    let end: number;
    if (this.walker) {
      await this.walker.finish();
      if (this.walker.truncatedAt !== undefined) return new DataSet(encoding);
      end = this.walker.end;
    } else if (this.fragmentsScan) {
      if (this.fragmentsScan.truncatedAt !== undefined) return new DataSet(encoding);
      end = this.fragmentsScan.end;
    } else if (pd.length === UNDEFINED_LENGTH) {
      return new DataSet(encoding);
    } else {
      end = pd.offset + pd.length;
    }
    return readElementsAfter(this.source, end, encoding, { onWarning: (m) => this.warnings.push(m) });
  }

  /** Closes the source if openDicom opened it (a path). */
  async close(): Promise<void> {
    await this.closeSources();
  }
}

/**
 * Opens a DICOM Part 10 file, a data set without File Meta, or a bare JPEG codestream (SOI at byte 0).
 * @param input bytes, a path (Node), a Blob/File, a ReadableStream (one pass), a Node FileHandle or a ByteSource
 * @throws {DicomPixelError} NOT_DICOM, INVALID_ELEMENT, INVALID_LENGTH, INVALID_ITEM, TRUNCATED (with byte offsets)
 */
export async function openDicom(input: SourceInput, options: OpenOptions = {}): Promise<DicomFile> {
  const source = await toByteSource(input);
  const ownsSource = source !== input;
  try {
    const head = await source.read(0, 4);
    if (isBareJpeg(head)) return await openBareJpeg(source, ownsSource, options);
    const r = await readPart10(source, options);
    const closeAll = async () => {
      if (r.datasetSource !== source) await r.datasetSource.close();
      if (ownsSource) await source.close();
    };
    const file = new DicomFile(r.meta, r.dataset, r.transferSyntaxUID, r.datasetSource, r.pixelData, r.warnings, closeAll, false, options.lenient ?? false);
    const ts = findTransferSyntax(r.transferSyntaxUID);
    const pd = r.pixelData;
    if (pd && pd.length === UNDEFINED_LENGTH) {
      if (ts && !ts.encapsulated) r.warnings.push(`Pixel Data has undefined length although ${ts.name} is native; read as encapsulated`);
      if (r.datasetSource.sequential) {
        file.setStreamWalker(await openStreamWalker(file, pd.offset, options));
        return file;
      }
      const scan = await scanFragments(r.datasetSource, pd.offset);
      if (scan.truncatedAt !== undefined) r.warnings.push(`encapsulated Pixel Data ends at byte ${scan.truncatedAt} without its Sequence Delimitation Item`);
      file.setFragments(scan);
    } else if (pd && ts?.encapsulated) {
      throw new DicomPixelError("INVALID_LENGTH", `Pixel Data at byte ${pd.offset} has defined length ${pd.length} although ${ts.name} requires encapsulation (undefined length, PS3.5 A.4)`, {
        byteOffset: pd.offset,
        tag: "(7FE0,0010)",
      });
    }
    return file;
  } catch (e) {
    if (ownsSource) await source.close().catch(() => undefined);
    throw e;
  }
}

/** The lazy item walk for encapsulated Pixel Data on a one-pass source (reads the Basic Offset Table item only). */
function openStreamWalker(file: DicomFile, valueOffset: number, options: OpenOptions): Promise<StreamFrameWalker> {
  const eotValue = file.dataset.bytes(Tag.ExtendedOffsetTable);
  return StreamFrameWalker.open(file.source, valueOffset, {
    transferSyntaxUID: file.transferSyntaxUID,
    numberOfFrames: file.numberOfFrames,
    warn: (m: string) => file.warnings.push(m),
    lenient: options.lenient ?? false,
    maxFrameBytes: options.maxFrameBytes ?? 2 ** 30,
    ...(eotValue ? { extendedOffsetTable: decodeNumbers("UV", eotValue, file.dataset.littleEndian) } : {}),
  });
}

async function openBareJpeg(source: ByteSource, ownsSource: boolean, options: OpenOptions): Promise<DicomFile> {
  const size = source.size;
  const max = options.maxFrameBytes ?? 2 ** 30;
  if (size !== undefined && size > max) {
    throw new DicomPixelError("SIZE_LIMIT", `bare JPEG stream of ${size} bytes exceeds maxFrameBytes (${max})`);
  }
  const bytes = await source.read(0, size ?? max);
  const header = parseBareJpeg(bytes);
  const ds = bareJpegDataSet(header);
  const pd: DataElement = { tag: Tag.PixelData, vr: "OB", length: UNDEFINED_LENGTH, offset: 0 };
  const mem = new BufferSource(bytes);
  const file = new DicomFile(new DataSet(), ds, header.transferSyntaxUID, mem, pd, [], async () => {
    if (ownsSource) await source.close();
  }, true);
  file.setFragments({
    basicOffsetTable: [],
    fragments: [{ itemOffset: 0, offset: 0, length: bytes.length, available: bytes.length }],
    firstFragmentOffset: 0,
    end: bytes.length,
  });
  return file;
}
