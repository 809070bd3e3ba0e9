/**
 * Transcoding (issue 3): read frames lazily, decode with the source syntax's codec, encode with the target's,
 * and stream the result through the Part 10 writer. Only one frame (source bytes, canonical frame, encoded
 * frame) is alive at a time, so memory does not grow with the number of frames.
 *
 * Native -> native between little-endian syntaxes copies each frame's bytes unchanged (so bits above High
 * Bit, e.g. old overlay bits, survive); every other path goes through the canonical decoded form, after which
 * High Bit is Bits Stored - 1 (the canonical form shifts the stored bits down to bit 0).
 */
import type { EncodeOptions, FrameCodec } from "./codecs/codec.js";
import { DicomPixelError } from "./errors.js";
import type { PixelModule } from "./pixel-module.js";
import { DataSet, type DataElement } from "./part10/dataset.js";
import { openDicom } from "./part10/open.js";
import type { SourceInput } from "./io/source.js";
import { PIXEL_DATA_TAGS, Tag } from "./part10/tags.js";
import { writeDicom, type WriteResult } from "./part10/writer/write-dicom.js";
import type { OffsetTableMode, PixelDataSource } from "./part10/writer/pixel-data.js";
import type { Destination } from "./part10/writer/sink.js";
import { generateUid } from "./part10/writer/uid.js";
import { getCodec } from "./registry.js";
import { init } from "./wasm/module.js";
import { findTransferSyntax, type TransferSyntax } from "./uids.js";

/** What transcode needs of an opened file: the Part 10 reader's DicomFile satisfies it. */
export interface FrameSourceFile {
  meta: DataSet;
  dataset: DataSet;
  transferSyntaxUID: string;
  numberOfFrames: number;
  /** The Pixel Data element (located, not loaded), or undefined when the file has none. */
  pixelData?: DataElement | undefined;
  pixelModule(): PixelModule;
  /** Frame i as stored (native: its bytes; encapsulated: its codestream) and its bit offset (1-bit data). */
  readFrame(index: number): Promise<{ bytes: Uint8Array; bitOffset?: number }>;
  /**
   * Tells a one-pass source that frames before `index` will not be read again (DicomFile has it), so that a
   * transcode from a stream holds about one frame, not the whole input.
   */
  releaseFramesBefore?(index: number): Promise<void>;
  close(): Promise<void>;
  /**
   * The elements after the Pixel Data (e.g. (FFFC,FFFC) Data Set Trailing Padding), read after the frames;
   * transcode writes them after the new Pixel Data. Optional: without it only `dataset` is written.
   */
  trailingElements?(): Promise<Iterable<DataElement>>;
}

/** A source the Part 10 reader opens (path, bytes, Blob, stream, file handle...) or an opened file. */
export type TranscodeInput = FrameSourceFile | SourceInput;

function isFrameSourceFile(v: unknown): v is FrameSourceFile {
  return typeof v === "object" && v !== null && typeof (v as FrameSourceFile).readFrame === "function" && (v as FrameSourceFile).dataset instanceof DataSet;
}

async function openFrameSource(source: TranscodeInput): Promise<{ file: FrameSourceFile; owned: boolean }> {
  if (isFrameSourceFile(source)) return { file: source, owned: false };
  return { file: await openDicom(source), owned: true };
}

export interface TranscodeProgress {
  /** Frames written so far. */
  frame: number;
  frames: number;
  /** Bytes handed to the destination so far. */
  bytesWritten: number;
}

export interface TranscodeOptions extends EncodeOptions {
  /** Target transfer syntax: a UID or a keyword such as "JPEGLosslessSV1". */
  transferSyntaxUID: string;
  /** Offset table for encapsulated targets (default "auto": BOT written back on files, empty on streams). */
  offsetTable?: OffsetTableMode;
  /** Refuse decoded frames larger than this, before allocating (default 1 GiB). */
  maxFrameBytes?: number;
  /**
   * Which colour space wins when a JPEG stream's own signals (JFIF, Adobe APP14, component ids) contradict
   * the source's Photometric Interpretation: "header" (default) or "stream" (DecodeOptions.colorSignals).
   */
  colorSignals?: "header" | "stream";
  /** Called with each warning of the decoders (e.g. a colour-signal mismatch resolved in favour of the stream). */
  onWarning?: (message: string) => void;
  /** Give the output a new SOP Instance UID (default: only when the result is lossy or the source has none). */
  newSOPInstanceUID?: boolean;
  onProgress?: (p: TranscodeProgress) => void;
}

export interface TranscodeResult {
  transferSyntaxUID: string;
  frames: number;
  bytesWritten: number;
  lossy: boolean;
  sopInstanceUID: string | undefined;
  basicOffsetTable: boolean;
  extendedOffsetTable: boolean;
  fragments: number;
}

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

/** Compression method codes of (0028,2114) (PS3.3 C.7.6.1.1.5.1) by target syntax. */
const LOSSY_METHOD: Readonly<Record<string, string>> = {
  "1.2.840.10008.1.2.4.50": "ISO_10918_1",
  "1.2.840.10008.1.2.4.51": "ISO_10918_1",
  "1.2.840.10008.1.2.4.81": "ISO_14495_1",
  "1.2.840.10008.1.2.4.91": "ISO_15444_1",
  "1.2.840.10008.1.2.4.93": "ISO_15444_2",
  "1.2.840.10008.1.2.4.203": "ISO_15444_15",
};

/** Resolves a UID or keyword. @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX when unknown */
export function resolveTransferSyntax(uidOrKeyword: string): TransferSyntax {
  const ts = findTransferSyntax(uidOrKeyword.trim());
  if (!ts) throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `unknown transfer syntax ${JSON.stringify(uidOrKeyword)}`);
  return ts;
}

interface FramePipeline {
  /** Output frame i (native LE bytes or one encoded fragment). The array may be reused by the next call. */
  frame(i: number): Promise<Uint8Array>;
  /** Attributes to set on the output data set (after frame 0 was produced). */
  changes(): Map<number, { vr: string; value: string | number }>;
  lossy: boolean;
  /** Decoded bytes / encoded bytes of frame 0, for (0028,2112) until the whole image is known. */
  ratio: number;
  /** Decoded and encoded bytes of all frames so far. */
  decodedBytes: number;
  encodedBytes: number;
}

function isLittleEndianNative(ts: TransferSyntax): boolean {
  return !ts.encapsulated && ts.littleEndian;
}

/** Cells of `bytes` (BE) swapped to LE in place; `size` 2, 4 or 8. */
function swapInPlace(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

function cellSize(module: PixelModule): number {
  if (module.pixelDataElement === "FloatPixelData") return 4;
  if (module.pixelDataElement === "DoubleFloatPixelData") return 8;
  return module.bitsAllocated / 8;
}

/** Reads frame i's stored bytes; may return the same (overwritten) buffer each call. */
export type FrameReader = (index: number) => Promise<{ bytes: Uint8Array; bitOffset?: number }>;

/**
 * A frame reader that reuses one buffer for native, non-deflated data in a file opened by path (positional
 * reads on its own handle), which keeps large short-lived allocations (and the RSS they leave behind) out of
 * long transcodes; otherwise the file's own readFrame. Close it when done.
 */
export async function openFrameReader(file: FrameSourceFile, path: unknown): Promise<{ read: FrameReader; close(): Promise<void> }> {
  const fallback = { read: (i: number) => file.readFrame(i), close: async () => undefined };
  const ts = findTransferSyntax(file.transferSyntaxUID);
  const element = file.pixelData;
  if (typeof path !== "string" || !ts || ts.encapsulated || ts.deflated || !element || element.offset < 0) return fallback;
  const module = file.pixelModule();
  // 1-bit frames are not byte aligned; 8-bit OW under big endian is read in word-swapped pairs, so an odd-length
  // frame needs the next byte too (PS3.5 A.3): file.readFrame knows both.
  if (module.bitsAllocated === 1 || (!ts.littleEndian && module.bitsAllocated === 8)) return fallback;
  const frameLength = module.nativeFrameByteLength();
  if (element.length !== 0xffffffff && element.length < frameLength * file.numberOfFrames) return fallback;
  const { open } = await import("node:fs/promises");
  const handle = await open(path, "r");
  const buffer = new Uint8Array(frameLength);
  return {
    async read(i) {
      if (!Number.isInteger(i) || i < 0 || i >= file.numberOfFrames) {
        throw new DicomPixelError("FRAME_OUT_OF_RANGE", `frame ${i} is outside 0..${file.numberOfFrames - 1}`, { frameIndex: i });
      }
      const at = element.offset + i * frameLength;
      let done = 0;
      while (done < frameLength) {
        const { bytesRead } = await handle.read(buffer, done, frameLength - done, at + done);
        if (bytesRead === 0) {
          throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `not enough pixel data: frame ${i} needs ${frameLength} bytes at ${at}, found ${done}`, { frameIndex: i, byteOffset: at + done });
        }
        done += bytesRead;
      }
      return { bytes: buffer, bitOffset: 0 };
    },
    close: () => handle.close(),
  };
}

/** Raw native copy: each frame's stored bytes, turned little endian when the source is big endian. */
function rawPipeline(readFrame: FrameReader, module: PixelModule, source: TransferSyntax): FramePipeline {
  const size = cellSize(module);
  return {
    async frame(i) {
      const { bytes } = await readFrame(i);
      if (!source.littleEndian && size > 1) {
        const copy = bytes.slice();
        swapInPlace(copy, size);
        return copy;
      }
      return bytes;
    },
    changes: () => new Map(),
    lossy: false,
    ratio: 1,
    decodedBytes: 0,
    encodedBytes: 0,
  };
}

/** Decode with the source codec into one reused canonical buffer, then encode (or pass through for native). */
function codecPipeline(file: FrameSourceFile, readFrame: FrameReader, module: PixelModule, target: TransferSyntax, options: TranscodeOptions): FramePipeline {
  const decoder: FrameCodec = getCodec(file.transferSyntaxUID);
  const encoder: FrameCodec | undefined = target.encapsulated ? getCodec(target.uid) : undefined;
  if (encoder && typeof encoder.encodeFrame !== "function") {
    throw new DicomPixelError("UNSUPPORTED_TRANSFER_SYNTAX", `No encoder for ${target.name} (${target.uid}): the ${encoder.name} codec decodes only`);
  }
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const decodeOptions = {
    maxFrameBytes,
    ...(options.colorSignals ? { colorSignals: options.colorSignals } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
  let buffer = new Uint8Array(0);
  let outModule: PixelModule | undefined;
  let photometric: string | undefined;
  let planar: number | undefined;
  const state: FramePipeline = {
    lossy: false,
    ratio: 1,
    decodedBytes: 0,
    encodedBytes: 0,
    async frame(i) {
      const { bytes, bitOffset } = await readFrame(i);
      // Native codecs also take the Pixel Data VR (8-bit OW under big endian is word-swapped) and the frame's
      // offset in the value; other codecs ignore these fields.
      const context = {
        transferSyntaxUID: file.transferSyntaxUID,
        frameIndex: i,
        bitOffset: bitOffset ?? 0,
        pixelDataVR: file.pixelData?.vr,
        valueByteOffset: module.bitsAllocated === 1 ? Math.floor((i * module.nativeFrameBitLength()) / 8) : i * module.nativeFrameByteLength(),
      };
      const info = decoder.readInfo(bytes, module, context);
      const size = decoder.decodedSize(info, module, decodeOptions);
      if (size > maxFrameBytes) {
        throw new DicomPixelError("SIZE_LIMIT", `frame ${i} decodes to ${size} bytes, more than maxFrameBytes (${maxFrameBytes})`, { frameIndex: i });
      }
      if (buffer.length < size) buffer = new Uint8Array(size);
      const frame = buffer.subarray(0, size);
      const decoded = decoder.decodeInto(bytes, module, frame, context, decodeOptions);
      const canonical = frame.subarray(0, decoded.bytesWritten);
      if (!outModule) {
        outModule = module.with({
          photometricInterpretation: decoded.photometricInterpretation,
          planarConfiguration: 0,
          highBit: module.bitsStored - 1,
        });
        photometric = decoded.photometricInterpretation;
        planar = 0;
      }
      if (!encoder) return canonical;
      const encoded = encoder.encodeFrame!(canonical, outModule, { ...options, transferSyntaxUID: target.uid });
      if (i === 0) {
        photometric = encoded.photometricInterpretation;
        planar = encoded.planarConfiguration;
        // The encoder says whether it lost information: a reversible stream in a syntax that also allows lossy
        // coding (JPEG 2000 .91, JPEG-LS .81 with NEAR 0) is not "lossy image compression" (PS3.3 C.7.6.1.1.5).
        state.lossy = encoded.lossy;
        state.ratio = canonical.length / Math.max(encoded.data.length, 1);
      }
      state.decodedBytes += canonical.length;
      state.encodedBytes += encoded.data.length;
      return encoded.data;
    },
    changes() {
      const m = new Map<number, { vr: string; value: string | number }>();
      if (photometric !== undefined) m.set(Tag.PhotometricInterpretation, { vr: "CS", value: photometric });
      if (module.samplesPerPixel > 1 && planar !== undefined) m.set(Tag.PlanarConfiguration, { vr: "US", value: planar });
      if (module.bitsAllocated !== 1 && module.pixelDataElement === "PixelData") m.set(Tag.HighBit, { vr: "US", value: module.bitsStored - 1 });
      return m;
    },
  };
  return state;
}

/** Packs canonical 1-bit frames (one byte 0/1 per pixel) into a continuous LSB-first bit stream (PS3.5 8.1.1). */
async function* packBitFrames(frames: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let carry = 0;
  let carryBits = 0;
  for await (const f of frames) {
    const out = new Uint8Array((carryBits + f.length) >>> 3);
    let o = 0;
    for (let i = 0; i < f.length; i++) {
      if (f[i]! & 1) carry |= 1 << carryBits;
      if (++carryBits === 8) {
        out[o++] = carry;
        carry = 0;
        carryBits = 0;
      }
    }
    yield out.subarray(0, o);
  }
  if (carryBits > 0) yield new Uint8Array([carry]);
}

/**
 * Rewrites a DICOM file in another transfer syntax, streaming.
 * @param source a path, bytes, Blob, stream or file handle (opened with the Part 10 reader), or an opened file
 * @param destination a path (seekable: the Basic Offset Table is written back), a FileHandle, a stream or a sink
 * @throws {DicomPixelError} UNSUPPORTED_TRANSFER_SYNTAX when the source cannot be decoded or the target has no
 *   encoder; errors of the reader, the codecs and the writer
 */
export async function transcode(source: TranscodeInput, destination: Destination, options: TranscodeOptions): Promise<TranscodeResult> {
  const target = resolveTransferSyntax(options.transferSyntaxUID);
  await init(); // the codecs' kernels (idempotent; the flavour chosen by an earlier init() stays)
  const { file, owned } = await openFrameSource(source);
  let reader: { read: FrameReader; close(): Promise<void> } | undefined;
  try {
    const sourceTs = resolveTransferSyntax(file.transferSyntaxUID);
    const dataset = new DataSet({ littleEndian: file.dataset.littleEndian, explicitVR: file.dataset.explicitVR }, file.dataset);
    const hasPixels = file.pixelData !== undefined || PIXEL_DATA_TAGS.some((t) => dataset.has(t));
    let pixelData: PixelDataSource | undefined;
    let pipeline: FramePipeline | undefined;
    let frames = 0;
    let progressFrame = 0;
    if (hasPixels) {
      const module = file.pixelModule();
      frames = file.numberOfFrames;
      const raw = !sourceTs.encapsulated && isLittleEndianNative(sourceTs) && !target.encapsulated && module.bitsAllocated !== 1;
      reader = await openFrameReader(file, source);
      pipeline = raw ? rawPipeline(reader.read, module, sourceTs) : codecPipeline(file, reader.read, module, target, options);
      let first: Uint8Array | undefined = (await pipeline.frame(0)).slice();
      const p = pipeline;
      async function* all(): AsyncGenerator<Uint8Array> {
        const frame0 = first!;
        first = undefined;
        yield frame0;
        progressFrame = 1;
        for (let i = 1; i < frames; i++) {
          await file.releaseFramesBefore?.(i);
          yield await p.frame(i);
          progressFrame = i + 1;
        }
      }
      if (target.encapsulated) {
        pixelData = {
          kind: "encapsulated",
          numberOfFrames: frames,
          frames: all(),
          offsetTable: options.offsetTable ?? "auto",
          maxTotalBytes: frames * (module.frameByteLength() * 2 + 1024),
        };
      } else if (module.bitsAllocated === 1) {
        pixelData = { kind: "native", byteLength: Math.ceil((module.pixelsPerFrame() * frames) / 8), chunks: packBitFrames(all()), bitsAllocated: 1 };
      } else {
        const frameLength = raw ? module.nativeFrameByteLength() : module.frameByteLength();
        pixelData = { kind: "native", byteLength: frameLength * frames, chunks: all(), bitsAllocated: module.bitsAllocated, element: module.pixelDataElement };
      }
      for (const [tag, { vr, value }] of pipeline.changes()) dataset.setValue(tag, vr, value);
    }
    const lossy = pipeline?.lossy ?? false;
    if (lossy) applyLossyAttributes(dataset, target, pipeline!.ratio);
    // A new SOP Instance UID when lossy (PS3.3 C.7.6.1.1.5) or asked for, and when the source has none at all
    // (the File Meta (0002,0003) is Type 1).
    const noUid = dataset.string(Tag.SOPInstanceUID) === undefined && file.meta.string(Tag.MediaStorageSOPInstanceUID) === undefined;
    if (options.newSOPInstanceUID ?? (lossy || noUid)) dataset.setValue(Tag.SOPInstanceUID, "UI", generateUid());

    const result: WriteResult = await writeDicom(destination, dataset, {
      transferSyntaxUID: target.uid,
      ...(pixelData ? { pixelData } : {}),
      meta: file.meta,
      ...(hasPixels && typeof file.trailingElements === "function" ? { trailing: () => file.trailingElements!() } : {}),
      ...(options.onProgress
        ? { onProgress: (bytesWritten: number) => options.onProgress!({ frame: progressFrame, frames, bytesWritten }) }
        : {}),
    });
    if (lossy && pipeline) await patchRatio(destination, dataset, result, pipeline.decodedBytes / Math.max(pipeline.encodedBytes, 1));
    return {
      transferSyntaxUID: target.uid,
      frames,
      bytesWritten: result.bytesWritten,
      lossy,
      sopInstanceUID: dataset.string(Tag.SOPInstanceUID),
      basicOffsetTable: result.pixelData?.basicOffsetTable ?? false,
      extendedOffsetTable: result.pixelData?.extendedOffsetTable ?? false,
      fragments: result.pixelData?.fragments ?? 0,
    };
  } finally {
    await reader?.close();
    if (owned) await file.close();
  }
}

/** DS text of a ratio, at most 16 characters. */
function ratioText(ratio: number): string {
  return ratio.toPrecision(6).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/**
 * (0028,2110) "01", (0028,2112) ratio and (0028,2114) method, appended to earlier lossy steps (PS3.3
 * C.7.6.1.1.5). The ratio is frame 0's, padded to the 16 characters a DS may have, so that {@link patchRatio}
 * can put the whole image's ratio in its place once all frames are written.
 */
function applyLossyAttributes(dataset: DataSet, target: TransferSyntax, ratio: number): void {
  const earlier = dataset.string(Tag.LossyImageCompression) === "01";
  const ratios = earlier ? dataset.strings(Tag.LossyImageCompressionRatio).filter((s) => s !== "") : [];
  const methods = earlier ? dataset.strings(Tag.LossyImageCompressionMethod).filter((s) => s !== "") : [];
  dataset.setValue(Tag.LossyImageCompression, "CS", "01");
  dataset.setValue(Tag.LossyImageCompressionRatio, "DS", [...ratios, ratioText(ratio).padEnd(16, " ")]);
  dataset.setValue(Tag.LossyImageCompressionMethod, "CS", [...methods, LOSSY_METHOD[target.uid] ?? "ISO_10918_1"]);
}

/**
 * Overwrites the (0028,2112) value written with frame 0's ratio by the ratio of the whole image, in place, when
 * the destination is a file (path or FileHandle) or a seekable sink. Streams keep frame 0's ratio (an approximation the
 * attribute allows: "approximate compression ratio").
 */
async function patchRatio(destination: Destination, dataset: DataSet, result: WriteResult, ratio: number): Promise<void> {
  const at = result.elementOffsets.get(Tag.LossyImageCompressionRatio);
  const element = dataset.get(Tag.LossyImageCompressionRatio);
  if (at === undefined || !element?.value) return;
  const values = dataset.strings(Tag.LossyImageCompressionRatio);
  const text = [...values.slice(0, -1), ratioText(ratio)].join("\\");
  if (text.length > element.value.length) return;
  const bytes = new Uint8Array(element.value.length).fill(0x20);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  // Explicit VR Little Endian (every lossy syntax): tag 4 + VR 2 + length 2 bytes before the value.
  const position = at + 8;
  if (typeof destination === "string") {
    const { open } = await import("node:fs/promises");
    const handle = await open(destination, "r+");
    try {
      await handle.write(bytes, 0, bytes.length, position);
    } finally {
      await handle.close();
    }
  } else if (typeof destination === "object" && destination !== null && "fd" in destination && typeof (destination as { stat?: unknown }).stat === "function") {
    await (destination as { write(b: Uint8Array, o: number, l: number, p: number): Promise<unknown> }).write(bytes, 0, bytes.length, position);
  } else if (typeof (destination as { writeAt?: unknown }).writeAt === "function") {
    await (destination as { writeAt(p: number, b: Uint8Array): Promise<void> }).writeAt(position, bytes);
  }
}
