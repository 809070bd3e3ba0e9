/**
 * Streaming Pixel Data writers: native values (PS3.5 8.1.1, A.1-A.3) and encapsulated fragments with a Basic
 * or Extended Offset Table (PS3.5 A.4, PS3.3 C.7.6.3.1.8 / C.7.6.3.1.9). Neither ever holds more than one
 * chunk or one frame of pixel data.
 */
import { DicomPixelError } from "../../errors.js";
import type { PixelDataElement } from "../../pixel-module.js";
import { Tag } from "../tags.js";
import { ByteBuilder, swapBytes, writeHeader, type TargetEncoding } from "./encode.js";
import type { BufferedSink } from "./sink.js";
import { swapBytes as swapBytesKernel } from "../../transforms/native-bytes.js";
import type { SwapWord } from "../../wasm/kernels/native.js";
import { isInitialized } from "../../wasm/module.js";

/** Bytes as any typed array or DataView view. */
export type BytesLike = ArrayBufferView;
/** A synchronous or asynchronous sequence. */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;

/** Native (uncompressed) Pixel Data streamed from chunks that are never gathered. */
export interface NativePixelData {
  kind: "native";
  /** Total value length in bytes before even padding, e.g. frames x Rows x Columns x samples x bytes. */
  byteLength: number;
  /**
   * The value bytes in little-endian cell order, in any chunking (one frame per chunk is typical). Under
   * Explicit VR Big Endian the writer swaps each cell; chunks must then hold whole cells.
   */
  chunks: AnyIterable<BytesLike>;
  /** Bits Allocated: chooses OB (<= 8) or OW (> 8) per PS3.5 A.1 and the big-endian swap unit. */
  bitsAllocated: number;
  /** Which element holds the pixels (default "PixelData"; Float = OF, Double Float = OD). */
  element?: PixelDataElement;
}

/** Which offset table to write for encapsulated Pixel Data. */
export type OffsetTableMode = "auto" | "basic" | "extended" | "empty";

/** Encapsulated Pixel Data (PS3.5 A.4): one item per fragment, one or more fragments per frame. */
export interface EncapsulatedPixelData {
  kind: "encapsulated";
  numberOfFrames: number;
  /** One entry per frame: its codestream (one fragment) or its fragments. An array means "already encoded". */
  frames: AnyIterable<BytesLike | readonly BytesLike[]>;
  /**
   * "auto" (default): frames given as an array get a computed Basic Offset Table (Extended when an offset passes
   * 4 GiB); streamed frames get a BOT reserved and written back on a seekable destination when `maxTotalBytes`
   * says it fits in 32 bits, an Extended Offset Table reserved and written back otherwise, and an empty BOT on a
   * stream. "empty" always writes an empty BOT. A wrong offset table is never written.
   */
  offsetTable?: OffsetTableMode;
  /** Upper bound of all fragment bytes together (streamed frames, "auto" mode). */
  maxTotalBytes?: number;
}

export type PixelDataSource = NativePixelData | EncapsulatedPixelData;

/** What was written, for reports and tests. */
export interface PixelDataResult {
  frames: number;
  fragments: number;
  basicOffsetTable: boolean;
  extendedOffsetTable: boolean;
  /** Bytes of the Pixel Data element, header included. */
  byteLength: number;
}

const TAG_FOR: Readonly<Record<PixelDataElement, number>> = {
  PixelData: Tag.PixelData,
  FloatPixelData: Tag.FloatPixelData,
  DoubleFloatPixelData: Tag.DoubleFloatPixelData,
};

export function pixelTag(source: PixelDataSource): number {
  return source.kind === "native" ? TAG_FOR[source.element ?? "PixelData"] : Tag.PixelData;
}

function asBytes(v: BytesLike): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** VR and big-endian swap unit of native Pixel Data (PS3.5 A.1, A.2, A.3). */
function nativeVR(source: NativePixelData): { vr: string; swap: number } {
  const element = source.element ?? "PixelData";
  if (element === "FloatPixelData") return { vr: "OF", swap: 4 };
  if (element === "DoubleFloatPixelData") return { vr: "OD", swap: 8 };
  if (source.bitsAllocated <= 8) return { vr: "OB", swap: 1 };
  // 32-bit cells in OW under big endian are swapped as 32-bit values (the intent of such files; see the
  // corpus README on rtdose_expb): readers that swap 16-bit words disagree, which the standard leaves open.
  return { vr: "OW", swap: source.bitsAllocated / 8 };
}

/** Header + value length of a native Pixel Data element, for (7FE0,0000) group lengths. */
export function nativeElementLength(source: NativePixelData, target: TargetEncoding): number {
  const { vr } = nativeVR(source);
  const header = target.explicitVR ? 12 : 8;
  void vr;
  return header + source.byteLength + (source.byteLength & 1);
}

/**
 * Streams native Pixel Data: header with the even length, the chunks (byte-swapped under big endian), NUL pad.
 * @throws {DicomPixelError} NOT_ENOUGH_PIXEL_DATA / INVALID_ARGUMENT when the chunks do not add up to byteLength
 */
export async function writeNativePixelData(sink: BufferedSink, source: NativePixelData, target: TargetEncoding): Promise<PixelDataResult> {
  const { vr, swap } = nativeVR(source);
  const length = source.byteLength;
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`byteLength ${length} must be a non-negative integer`);
  if (length > 0xfffffffe) {
    throw new DicomPixelError("SIZE_LIMIT", `native Pixel Data of ${length} bytes exceeds the 32-bit value length (PS3.5 7.1.1); use an encapsulated transfer syntax`);
  }
  const padded = length + (length & 1);
  const header = new ByteBuilder();
  writeHeader(header, pixelTag(source), vr, padded, target);
  await sink.write(header.toUint8Array());
  const needSwap = !target.littleEndian && swap > 1;
  let written = 0;
  let chunks = 0;
  let scratch = new Uint8Array(0);
  for await (const chunk of source.chunks) {
    let bytes = asBytes(chunk);
    if (written + bytes.length > length) {
      throw new DicomPixelError("INVALID_ARGUMENT", `native Pixel Data chunks exceed the declared ${length} bytes (chunk ${chunks} ends at byte ${written + bytes.length})`);
    }
    if (needSwap) {
      if (bytes.length % swap !== 0) throw new DicomPixelError("INVALID_ARGUMENT", `chunk ${chunks} of ${bytes.length} bytes does not hold whole ${swap}-byte cells`);
      // One scratch buffer for all chunks; the swap kernel when the WebAssembly module is loaded.
      if (scratch.length < bytes.length) scratch = new Uint8Array(bytes.length);
      const out = scratch.subarray(0, bytes.length);
      bytes = isInitialized() ? swapBytesKernel(bytes, swap as SwapWord, out) : swapBytes(bytes, swap, out);
    }
    await sink.write(bytes);
    written += bytes.length;
    chunks++;
  }
  if (written !== length) {
    throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `not enough pixel data: expected ${length} bytes, found ${written}`);
  }
  if (length & 1) await sink.write(new Uint8Array(1));
  return { frames: chunks, fragments: 0, basicOffsetTable: false, extendedOffsetTable: false, byteLength: header.length + padded };
}

function itemHeader(tag: number, length: number): Uint8Array {
  const b = new ByteBuilder();
  b.u16(tag >>> 16, true);
  b.u16(tag & 0xffff, true);
  b.u32(length, true);
  return b.toUint8Array();
}

function fragmentsOf(frame: BytesLike | readonly BytesLike[]): Uint8Array[] {
  return Array.isArray(frame) ? (frame as readonly BytesLike[]).map(asBytes) : [asBytes(frame as BytesLike)];
}

const U32_MAX = 0xffffffff;

/** Offsets (from the first item after the BOT) and padded lengths of each frame given as an array. */
function layout(frames: readonly (BytesLike | readonly BytesLike[])[]): { offsets: number[]; lengths: number[] } {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  for (const f of frames) {
    offsets.push(offset);
    let length = 0;
    for (const g of fragmentsOf(f)) {
      length += g.length + (g.length & 1);
      offset += 8 + g.length + (g.length & 1);
    }
    lengths.push(length);
  }
  return { offsets, lengths };
}

function u32Table(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(4 * i, v, true));
  return out;
}

function u64Table(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigUint64(8 * i, BigInt(v), true));
  return out;
}

type Plan = { table: "basic" | "extended" | "empty"; precomputed: boolean };

function plan(source: EncapsulatedPixelData, seekable: boolean): Plan {
  const mode = source.offsetTable ?? "auto";
  const n = source.numberOfFrames;
  if (mode === "empty") return { table: "empty", precomputed: false };
  if (Array.isArray(source.frames)) {
    const frames = source.frames as readonly (BytesLike | readonly BytesLike[])[];
    let offset = 0;
    let lastStart = 0;
    let multi = false;
    for (const f of frames) {
      const frags = fragmentsOf(f);
      if (frags.length !== 1) multi = true;
      lastStart = offset;
      for (const g of frags) offset += 8 + g.length + (g.length & 1);
    }
    const fits = lastStart <= U32_MAX;
    if (mode === "basic" && !fits) throw new DicomPixelError("INVALID_ARGUMENT", "a Basic Offset Table cannot hold offsets past 4 GiB; use offsetTable \"extended\"");
    if (mode === "extended" && multi) throw new DicomPixelError("INVALID_ARGUMENT", "an Extended Offset Table requires one fragment per frame (PS3.3 C.7.6.3.1.8)");
    const table = mode === "extended" || (!fits && !multi) ? "extended" : fits ? "basic" : "empty";
    return { table, precomputed: true };
  }
  if (!seekable) {
    if (mode === "auto") return { table: "empty", precomputed: false };
    throw new DicomPixelError("INVALID_ARGUMENT", `a ${mode} offset table for streamed frames needs a seekable destination (a file) or frames given as an array`);
  }
  if (mode === "basic") return { table: "basic", precomputed: false };
  if (mode === "extended") return { table: "extended", precomputed: false };
  const bound = source.maxTotalBytes;
  const fits = bound !== undefined && bound + 8 * Math.max(n, 1) * 2 <= U32_MAX;
  return { table: fits ? "basic" : "extended", precomputed: false };
}

/**
 * Streams encapsulated Pixel Data, preceded by the Extended Offset Table elements (7FE0,0001)/(7FE0,0002)
 * when used. Offsets are measured from the first byte of the first item after the Basic Offset Table item to
 * the Item tag of each frame's first fragment (PS3.5 A.4).
 * @throws {DicomPixelError} INVALID_ARGUMENT when the frames do not match numberOfFrames or the table chosen
 */
export async function writeEncapsulatedPixelData(sink: BufferedSink, source: EncapsulatedPixelData): Promise<PixelDataResult> {
  const n = source.numberOfFrames;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`numberOfFrames ${n} must be a positive integer`);
  const { table, precomputed } = plan(source, sink.seekable);
  const le = { littleEndian: true, explicitVR: true };
  const start = sink.position;

  // Frames given as an array: their offsets and lengths are known before anything is written.
  const known = precomputed ? layout(source.frames as readonly (BytesLike | readonly BytesLike[])[]) : undefined;
  if (known && known.offsets.length !== n) {
    throw new DicomPixelError("INVALID_ARGUMENT", `${known.offsets.length} frames were given but numberOfFrames is ${n}`);
  }

  // Extended Offset Table (PS3.3 C.7.6.3.1.8): two OV elements of 8 bytes per frame, before Pixel Data.
  let eotAt = -1;
  if (table === "extended") {
    const h = new ByteBuilder();
    writeHeader(h, Tag.ExtendedOffsetTable, "OV", 8 * n, le);
    eotAt = sink.position + h.length;
    await sink.write(h.toUint8Array());
    await sink.write(known ? u64Table(known.offsets) : new Uint8Array(8 * n));
    const h2 = new ByteBuilder();
    writeHeader(h2, Tag.ExtendedOffsetTableLengths, "OV", 8 * n, le);
    await sink.write(h2.toUint8Array());
    await sink.write(known ? u64Table(known.lengths) : new Uint8Array(8 * n));
  }
  const header = new ByteBuilder();
  writeHeader(header, Tag.PixelData, "OB", U32_MAX, le);
  await sink.write(header.toUint8Array());

  // Basic Offset Table item: empty, reserved (zeros, written back), or computed now.
  const offsets: number[] = [];
  const lengths: number[] = [];
  const botLength = table === "basic" ? 4 * n : 0;
  await sink.write(itemHeader(Tag.Item, botLength));
  const botAt = sink.position;
  if (table === "basic") {
    await sink.write(known ? u32Table(known.offsets) : new Uint8Array(4 * n));
  }
  const first = sink.position;

  let frames = 0;
  let fragments = 0;
  for await (const frame of source.frames) {
    if (frames >= n) throw new DicomPixelError("INVALID_ARGUMENT", `more frames than numberOfFrames (${n})`, { frameIndex: frames });
    const frags = fragmentsOf(frame);
    if (frags.length === 0) throw new DicomPixelError("INVALID_ARGUMENT", `frame ${frames} has no fragment`, { frameIndex: frames });
    if (table === "extended" && frags.length !== 1) {
      throw new DicomPixelError("INVALID_ARGUMENT", `frame ${frames} has ${frags.length} fragments: an Extended Offset Table requires one fragment per frame`, { frameIndex: frames });
    }
    offsets.push(sink.position - first);
    let frameLength = 0;
    for (const g of frags) {
      const odd = g.length & 1;
      if (g.length + odd > 0xfffffffe) throw new DicomPixelError("SIZE_LIMIT", `fragment of ${g.length} bytes exceeds the 32-bit item length`, { frameIndex: frames });
      await sink.write(itemHeader(Tag.Item, g.length + odd));
      await sink.write(g);
      // PS3.5 A.4: each fragment has an even length, padded with a trailing NUL.
      if (odd) await sink.write(new Uint8Array(1));
      frameLength += g.length + odd;
      fragments++;
    }
    lengths.push(frameLength);
    frames++;
  }
  if (frames !== n) throw new DicomPixelError("INVALID_ARGUMENT", `${frames} frames were written but numberOfFrames is ${n}`);
  await sink.write(itemHeader(Tag.SequenceDelimitationItem, 0));

  if (table === "basic" && !precomputed) {
    if (offsets[n - 1]! > U32_MAX) {
      throw new DicomPixelError("SIZE_LIMIT", `frame ${n - 1} starts ${offsets[n - 1]} bytes into the fragments, past what a Basic Offset Table can hold; the table was not written`);
    }
    await sink.writeAt(botAt, u32Table(offsets));
  }
  if (table === "extended" && !precomputed) {
    await sink.writeAt(eotAt, u64Table(offsets));
    await sink.writeAt(eotAt + 8 * n + 12, u64Table(lengths));
  }
  if (known && known.offsets.some((o, i) => o !== offsets[i])) {
    throw new DicomPixelError("INTERNAL_ERROR", "the frames changed between the offset computation and the write");
  }
  return {
    frames,
    fragments,
    basicOffsetTable: table === "basic",
    extendedOffsetTable: table === "extended",
    byteLength: sink.position - start,
  };
}
