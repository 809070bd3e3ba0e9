/**
 * Decode orchestration: file -> frame bytes -> the registry's codec -> a frame in the canonical form
 * (src/pixel-module.ts). Two-phase: the pixel module gives the decoded size, checked against
 * `maxFrameBytes` before anything is allocated; `decodeFrameInto` writes into a caller-owned buffer.
 */
import type { DecodeOptions, FrameContext } from "./codecs/codec.js";
import { DicomPixelError } from "./errors.js";
import type { SourceInput } from "./io/source.js";
import { openDicom, type DicomFile, type OpenOptions } from "./part10/open.js";
import type { FrameArray, PhotometricInterpretation, PixelModule, PlanarConfiguration } from "./pixel-module.js";
import { getCodec } from "./registry.js";
import { toRgb } from "./transforms/color.js";
import { init } from "./wasm/module.js";

const DEFAULT_MAX_FRAME_BYTES = 2 ** 30;

/** One decoded frame. */
export interface DecodedFrameResult {
  /** The frame as a typed array of PixelModule.frameArrayType() over `bytes`. */
  pixels: FrameArray;
  /** The canonical bytes (little endian). */
  bytes: Uint8Array;
  /** The file's validated pixel module. */
  module: PixelModule;
  /** Photometric Interpretation of the output (YBR_FULL for expanded YBR_FULL_422, RGB after conversion). */
  photometricInterpretation: PhotometricInterpretation;
  planarConfiguration: PlanarConfiguration;
  frameIndex: number;
}

/** What decodeFrameInto wrote. */
export interface DecodeIntoResult {
  bytesWritten: number;
  module: PixelModule;
  photometricInterpretation: PhotometricInterpretation;
  planarConfiguration: PlanarConfiguration;
}

export interface IterFramesOptions extends DecodeOptions {
  /** Decode every frame into one buffer, reused from frame to frame (default false: a new buffer each). */
  reuseBuffer?: boolean;
  /** First frame (default 0) and end (exclusive, default Number of Frames). */
  start?: number;
  end?: number;
}

function moduleOf(file: DicomFile, options: DecodeOptions): PixelModule {
  const module = file.pixelModule({ lenient: options.lenient ?? false });
  if (options.onWarning) for (const w of module.warnings) options.onWarning(w.message);
  return module;
}

function checkSize(module: PixelModule, options: DecodeOptions, index: number): number {
  const size = module.frameByteLength();
  const cap = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (size > cap) {
    throw new DicomPixelError("SIZE_LIMIT", `frame ${index} decodes to ${size} bytes, more than maxFrameBytes (${cap})`, { frameIndex: index });
  }
  return size;
}

async function decodeIntoBytes(file: DicomFile, index: number, dst: Uint8Array, module: PixelModule, options: DecodeOptions): Promise<DecodeIntoResult> {
  await init();
  const codec = getCodec(file.transferSyntaxUID);
  const frame = await file.readFrame(index, module);
  let bytes = frame.bytes;
  const bitOffset = frame.bitOffset;
  const context: FrameContext & { pixelDataVR?: string; valueByteOffset?: number } = {
    transferSyntaxUID: file.transferSyntaxUID,
    frameIndex: index,
    bitOffset,
  };
  if (file.pixelData && !file.encapsulated) {
    context.pixelDataVR = file.pixelData.vr;
    context.valueByteOffset = Math.floor((index * module.nativeFrameBitLength()) / 8);
    if (needsWordRealign(file, module, context.valueByteOffset)) {
      bytes = await unswapOddFrame(file, context.valueByteOffset, bytes.length);
      context.pixelDataVR = "OB";
      context.valueByteOffset = 0;
    }
  }
  const info = codec.readInfo(bytes, module, context);
  const size = codec.decodedSize(info, module, options);
  if (dst.byteLength < size) {
    throw new DicomPixelError("DESTINATION_TOO_SMALL", `frame ${index}: the destination holds ${dst.byteLength} bytes, ${size} are needed`, { frameIndex: index });
  }
  if (options.colorSpace === "rgb" && module.photometricInterpretation.startsWith("YBR") && module.pixelRepresentation === 1) {
    // YBR components are unsigned (PS3.3 C.7.6.3.1.2: chroma centred on 2^(Bits Stored - 1)); converting
    // sign-extended cells would give values outside the canonical range. Checked here for every codec.
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `frame ${index}: (0028,0103) Pixel Representation 1 with ${module.photometricInterpretation}: YBR to RGB conversion of signed samples is not defined (decode without colorSpace "rgb")`,
      { frameIndex: index, tag: "(0028,0103)" },
    );
  }
  const r = codec.decodeInto(bytes, module, dst, context, options);
  let photometric = r.photometricInterpretation;
  if (options.colorSpace === "rgb" && photometric.startsWith("YBR") && r.bytesWritten > 0) {
    // The codec kept the stored colour space: convert here (full-resolution YBR in, same size out).
    const converted = toRgb(dst.subarray(0, r.bytesWritten), photometric, {
      rows: module.rows,
      columns: module.columns,
      bitsAllocated: module.bitsAllocated,
      bitsStored: module.bitsStored,
      planarConfiguration: r.planarConfiguration,
    }, { chroma: "full", maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });
    dst.set(converted.data.subarray(0, r.bytesWritten));
    photometric = converted.photometricInterpretation;
  }
  return { bytesWritten: r.bytesWritten, module, photometricInterpretation: photometric, planarConfiguration: r.planarConfiguration };
}

/**
 * Explicit VR Big Endian OW holds 8-bit (and 1-bit) cells as 16-bit words with the bytes of each pair
 * exchanged (PS3.5 A.3). A frame starting at an odd offset of the value splits a word, so it is re-read from
 * the even offset before it and un-swapped here; the codec then sees plain bytes (VR "OB").
 */
function needsWordRealign(file: DicomFile, module: PixelModule, valueByteOffset: number): boolean {
  return !file.dataset.littleEndian && file.pixelData?.vr === "OW" && module.bitsAllocated <= 8 && valueByteOffset % 2 === 1;
}

async function unswapOddFrame(file: DicomFile, valueByteOffset: number, length: number): Promise<Uint8Array> {
  const pd = file.pixelData!;
  const from = valueByteOffset - 1;
  const want = (length + 1 + 1) & ~1;
  const raw = await file.source.read(pd.offset + from, want);
  const words = raw.slice(0, raw.length & ~1);
  for (let i = 0; i + 1 < words.length; i += 2) {
    const t = words[i]!;
    words[i] = words[i + 1]!;
    words[i + 1] = t;
  }
  if (words.length - 1 < length) {
    throw new DicomPixelError("NOT_ENOUGH_PIXEL_DATA", `frame at byte ${valueByteOffset} of Pixel Data: ${words.length - 1} of ${length} bytes present`, {
      byteOffset: pd.offset + from + raw.length,
    });
  }
  return words.subarray(1, 1 + length);
}

function typedView(module: PixelModule, buffer: ArrayBuffer, byteOffset: number, bytes: number): FrameArray {
  const T = module.frameArrayType();
  return new T(buffer, byteOffset, Math.floor(bytes / T.BYTES_PER_ELEMENT));
}

/**
 * Decodes frame `index` (0-based) to the canonical form.
 * @throws {DicomPixelError} FRAME_OUT_OF_RANGE, PIXEL_DATA_NOT_FOUND, NOT_ENOUGH_PIXEL_DATA, SIZE_LIMIT,
 * UNSUPPORTED_TRANSFER_SYNTAX, INVALID_ATTRIBUTE / MISSING_ATTRIBUTE, and the codec's data errors
 */
export async function decodeFrame(file: DicomFile, index: number, options: DecodeOptions = {}): Promise<DecodedFrameResult> {
  const module = moduleOf(file, options);
  const size = checkSize(module, options, index);
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const r = await decodeIntoBytes(file, index, bytes, module, options);
  const out = r.bytesWritten === size ? bytes : bytes.subarray(0, r.bytesWritten);
  return {
    pixels: typedView(module, buffer, 0, r.bytesWritten),
    bytes: out,
    module,
    photometricInterpretation: r.photometricInterpretation,
    planarConfiguration: r.planarConfiguration,
    frameIndex: index,
  };
}

/**
 * Decodes frame `index` into a caller-owned buffer (a Uint8Array or any typed array; its bytes are written).
 * @throws {DicomPixelError} DESTINATION_TOO_SMALL when `dst` cannot hold the frame, and as {@link decodeFrame}
 */
export async function decodeFrameInto(
  file: DicomFile,
  index: number,
  dst: Uint8Array | FrameArray,
  options: DecodeOptions = {},
): Promise<DecodeIntoResult> {
  const module = moduleOf(file, options);
  checkSize(module, options, index);
  const bytes = dst instanceof Uint8Array ? dst : new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength);
  return decodeIntoBytes(file, index, bytes, module, options);
}

/**
 * Decodes frames one after the other. With `reuseBuffer`, every result shares one buffer (copy what you
 * keep before asking for the next frame); memory then stays at one frame whatever the number of frames.
 * On a one-pass source (stream) each frame is released once decoded, and the frames before `start` are
 * released first: they cannot be read again from that file.
 */
export async function* iterFrames(file: DicomFile, options: IterFramesOptions = {}): AsyncGenerator<DecodedFrameResult> {
  const module = moduleOf(file, options);
  const start = options.start ?? 0;
  const end = Math.min(options.end ?? module.numberOfFrames, module.numberOfFrames);
  let shared: ArrayBuffer | undefined;
  // On a one-pass source the frames before `start` are skipped without being buffered.
  if (start > 0 && start < end) await file.releaseFramesBefore(start);
  for (let i = start; i < end; i++) {
    const size = checkSize(module, options, i);
    const buffer = options.reuseBuffer ? (shared ??= new ArrayBuffer(size)) : new ArrayBuffer(size);
    const bytes = new Uint8Array(buffer, 0, size);
    const r = await decodeIntoBytes(file, i, bytes, module, { ...options, onWarning: undefined });
    await file.releaseFramesBefore(i + 1);
    yield {
      pixels: typedView(module, buffer, 0, r.bytesWritten),
      bytes: bytes.subarray(0, r.bytesWritten),
      module,
      photometricInterpretation: r.photometricInterpretation,
      planarConfiguration: r.planarConfiguration,
      frameIndex: i,
    };
  }
}

/** Everything in a buffer decoded: the file (header) and every frame. */
export interface DecodedImage {
  file: DicomFile;
  module: PixelModule;
  frames: DecodedFrameResult[];
}

/**
 * Opens and decodes a whole DICOM file (or bare JPEG stream) held in memory or at a path: all frames.
 * @throws {DicomPixelError} as {@link openDicom} and {@link decodeFrame}
 */
export async function decodeBuffer(input: SourceInput, options: DecodeOptions & OpenOptions = {}): Promise<DecodedImage> {
  const file = await openDicom(input, options);
  try {
    const frames: DecodedFrameResult[] = [];
    for await (const f of iterFrames(file, options)) frames.push(f);
    return { file, module: file.pixelModule({ lenient: options.lenient ?? false }), frames };
  } finally {
    await file.close();
  }
}
