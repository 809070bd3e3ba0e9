/**
 * `writeDicom`: a DICOM Part 10 file (PS3.10 7.1) streamed to a sink: preamble, "DICM", File Meta group, the
 * data set in the target transfer syntax, and Pixel Data from a source that is never loaded whole.
 */
import { DicomPixelError } from "../../errors.js";
import { findTransferSyntax } from "../../uids.js";
import { DataSet, type DataElement } from "../dataset.js";
import { PIXEL_DATA_TAGS, Tag } from "../tags.js";
import { DeflateSink } from "./deflate.js";
import { encodeElements, type TargetEncoding } from "./encode.js";
import { encodeFileMeta } from "./file-meta.js";
import {
  nativeElementLength,
  pixelTag,
  writeEncapsulatedPixelData,
  writeNativePixelData,
  type PixelDataResult,
  type PixelDataSource,
} from "./pixel-data.js";
import { BufferedSink, openSink, type ByteSink, type Destination } from "./sink.js";

export interface WriteOptions {
  /** Transfer syntax of the data set (and of the Pixel Data given). */
  transferSyntaxUID: string;
  /**
   * The Pixel Data, streamed. When absent, a Pixel Data element of the data set is written like any other
   * element (its value must be loaded).
   */
  pixelData?: PixelDataSource;
  /** Meta elements of a source file to keep (Source AE Title, private meta...); dicompix sets its own. */
  meta?: DataSet | null;
  /** 128-byte preamble (default zeros). */
  preamble?: Uint8Array;
  /** Sequences with defined lengths (default) or undefined lengths and delimiters. */
  sequenceLength?: "defined" | "undefined";
  /**
   * Elements to write after the Pixel Data besides those of `dataset` (e.g. (FFFC,FFFC) Data Set Trailing
   * Padding or private elements after group 7FE0 of a source file), or a function that gives them and is
   * called only once the Pixel Data is written (so a source can read them after its frames:
   * `() => file.trailingElements()`). Elements with a tag not after the Pixel Data, of group 0002, or also
   * present in `dataset` are ignored; used only with `pixelData`.
   */
  trailing?: Iterable<DataElement> | (() => Promise<Iterable<DataElement>> | Iterable<DataElement>);
  /** Called after each Pixel Data chunk / frame is handed to the sink (for progress). */
  onProgress?: (bytesWritten: number) => void;
}

export interface WriteResult {
  /** Bytes handed to the destination before any deflate (for non-deflated syntaxes: the file size). */
  bytesWritten: number;
  /**
   * Absolute offset of each top-level data set element written before the Pixel Data (its tag's first byte),
   * in the file for non-deflated syntaxes, so that a caller can patch a fixed-width value afterwards.
   */
  elementOffsets: ReadonlyMap<number, number>;
  pixelData: PixelDataResult | null;
}

/** Elements the Pixel Data source replaces. */
const REPLACED = new Set<number>([...PIXEL_DATA_TAGS, Tag.ExtendedOffsetTable, Tag.ExtendedOffsetTableLengths]);

/**
 * Writes `dataset` as a Part 10 file. Values are taken exactly as stored in the DataSet (byte-swapped only
 * when the byte order changes); group lengths present are recalculated; odd values are padded.
 * @param destination a file path (removed again if writing fails), a FileHandle, a WritableStream, a Node
 *   Writable or a {@link ByteSink}
 * @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX for an unknown UID; INVALID_ARGUMENT when the Pixel
 *   Data kind does not match the syntax, or a value is not loaded; MISSING_ATTRIBUTE without SOP Class/Instance UID
 */
export async function writeDicom(destination: Destination, dataset: DataSet, options: WriteOptions): Promise<WriteResult> {
  const ts = findTransferSyntax(options.transferSyntaxUID);
  if (ts === undefined) {
    throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `unknown transfer syntax ${JSON.stringify(options.transferSyntaxUID)}`);
  }
  const pixel = options.pixelData;
  if (pixel && pixel.kind === "encapsulated" && !ts.encapsulated) {
    throw new DicomPixelError("INVALID_ARGUMENT", `${ts.name} (${ts.uid}) is a native transfer syntax: encapsulated Pixel Data cannot be written in it`);
  }
  if (pixel && pixel.kind === "native" && ts.encapsulated) {
    throw new DicomPixelError("INVALID_ARGUMENT", `${ts.name} (${ts.uid}) is encapsulated: native Pixel Data cannot be written in it`);
  }
  const target: TargetEncoding = {
    littleEndian: ts.littleEndian,
    explicitVR: ts.explicitVR,
    sequenceLength: options.sequenceLength ?? "defined",
  };

  // Build the whole header before opening the destination, so that bad input leaves no partial file.
  const meta = encodeFileMeta(dataset, { transferSyntaxUID: ts.uid, extra: options.meta ?? null, ...(options.preamble ? { preamble: options.preamble } : {}) });
  const all: DataElement[] = [...dataset].filter((e) => e.tag >>> 16 !== 0x0002 && !(pixel && REPLACED.has(e.tag)));
  const splitAt = pixel ? pixelTag(pixel) : Number.POSITIVE_INFINITY;
  let before = all.filter((e) => e.tag >>> 0 < splitAt);
  const after = all.filter((e) => e.tag >>> 0 > splitAt);
  let pixelGroupExtra = 0;
  if (pixel?.kind === "native") pixelGroupExtra = nativeElementLength(pixel, target);
  else if (pixel?.kind === "encapsulated") before = before.filter((e) => e.tag !== 0x7fe00000); // undefined length: no group length
  const extra = (group: number) => (group === 0x7fe0 ? pixelGroupExtra : 0);
  const offsets = new Map<number, number>();
  const head = encodeElements(before, dataset.littleEndian, target, extra, offsets);
  const tail = after.length > 0 ? encodeElements(after, dataset.littleEndian, target) : new Uint8Array(0);

  const raw = await openSink(destination);
  let sink: BufferedSink | undefined;
  try {
    let counted = 0;
    if (ts.deflated) {
      // PS3.5 A.5: the File Meta stays plain; everything after it is raw-deflated.
      await raw.write(meta);
      counted += meta.length;
      sink = new BufferedSink(new DeflateSink(raw));
    } else {
      sink = new BufferedSink(raw);
      await sink.write(meta);
    }
    const headAt = ts.deflated ? meta.length + sink.position : sink.position;
    await sink.write(head);
    let result: PixelDataResult | null = null;
    if (pixel) {
      const progressSink = options.onProgress ? withProgress(sink, options.onProgress) : sink;
      result = pixel.kind === "native" ? await writeNativePixelData(progressSink, pixel, target) : await writeEncapsulatedPixelData(progressSink, pixel);
    }
    // The data set's own elements after the Pixel Data, merged in tag order with the trailing ones.
    await sink.write(pixel && options.trailing ? await encodeTail(after, options.trailing, dataset, splitAt, target) : tail);
    counted += sink.position;
    await sink.close();
    sink = undefined;
    const elementOffsets = new Map([...offsets].map(([tag, at]) => [tag, headAt + at] as const));
    return { bytesWritten: counted, elementOffsets, pixelData: result };
  } catch (e) {
    if (sink) await sink.flush().catch(() => undefined);
    await closeQuietly(raw);
    // A file this call created by path is removed rather than left truncated.
    if (typeof destination === "string") {
      const { unlink } = await import("node:fs/promises");
      await unlink(destination).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * Encodes the data set's elements after the Pixel Data (`after`) together with the trailing elements it does
 * not have (tag after the Pixel Data, not group 0002), in ascending tag order (PS3.5 7.1).
 */
async function encodeTail(after: DataElement[], trailing: NonNullable<WriteOptions["trailing"]>, dataset: DataSet, splitAt: number, target: TargetEncoding): Promise<Uint8Array> {
  const given = typeof trailing === "function" ? await trailing() : trailing;
  const extra = [...given].filter((e) => e.tag >>> 0 > splitAt && e.tag >>> 16 !== 0x0002 && !REPLACED.has(e.tag) && !dataset.has(e.tag));
  if (extra.length === 0) return after.length > 0 ? encodeElements(after, dataset.littleEndian, target) : new Uint8Array(0);
  // Values are stored in their source's byte order: encode each part from its own.
  const extraLittleEndian = given instanceof DataSet ? given.littleEndian : dataset.littleEndian;
  if (after.length === 0 || extraLittleEndian === dataset.littleEndian) return encodeElements([...after, ...extra], dataset.littleEndian, target);
  const a = encodeElements(after, dataset.littleEndian, target);
  const b = encodeElements(extra, extraLittleEndian, target);
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

async function closeQuietly(sink: ByteSink): Promise<void> {
  try {
    await sink.close();
  } catch {
    // the original error matters more
  }
}

/** A view of the buffered sink that reports the position after each write. */
function withProgress(sink: BufferedSink, onProgress: (bytes: number) => void): BufferedSink {
  return new Proxy(sink, {
    get(target, prop, receiver) {
      if (prop === "write") {
        return async (chunk: Uint8Array) => {
          await target.write(chunk);
          onProgress(target.position);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      void receiver;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
