/**
 * Palette Color (PS3.3 C.7.6.3.1.5, C.7.9): turns PALETTE COLOR indices into RGB.
 *
 * The LUTs come as plain values (descriptor numbers, data bytes and their byte order), so this module does
 * not depend on the Part 10 reader; {@link paletteFromDataSet} reads them from a DataSet.
 *
 * - Descriptor (0028,1101-1103): number of entries (0 means 65536), first stored value mapped (US, or SS
 *   when Pixel Representation is 1), bits per entry (8 or 16).
 * - LUT Data (0028,1201-1203) is OW: 16-bit entries are words in the data set's byte order. 8-bit entries
 *   are packed two per word, the first in the low-order byte (PS3.5 8.1.1 / 8.2); under big endian the
 *   word swap puts it in the second byte. (pydicom 2.3 reads big-endian LUT data as little endian; the
 *   corpus notes it gives wrong colours.) Old files that declare 8 bits but store one entry per word are
 *   accepted (with a warning).
 * - Segmented LUT Data (0028,1221-1223, C.7.9.2): discrete (0), linear (1) and indirect (2) segments.
 * - Indices below the first mapped value use the first entry, above the last the last entry (C.7.6.3.1.5).
 * - Output: RGB, colour-by-pixel, 8 or 16 bits per sample. 16-bit entries are kept as they are for 16-bit
 *   output and reduced to their high byte for 8-bit output (what DCMTK's 8-bit rendering gives); 8-bit
 *   entries are widened by x257 (0..255 -> 0..65535) for 16-bit output.
 */
import { DicomPixelError } from "../errors.js";
import type { PhotometricInterpretation, PlanarConfiguration } from "../pixel-module.js";
import type { DataSet } from "../part10/dataset.js";
import { paletteLookup } from "../wasm/kernels/color.js";
import { expandSegmentedLut, readWords } from "./palette-segmented.js";

export { expandSegmentedLut } from "./palette-segmented.js";

export type PaletteChannelName = "Red" | "Green" | "Blue";

export interface PaletteDescriptor {
  /** Number of LUT entries (1..65536; a stored 0 means 65536). */
  entries: number;
  /** The first stored pixel value mapped (may be negative for Pixel Representation 1). */
  firstMapped: number;
  /** Bits per LUT entry: 8 or 16. */
  bitsPerEntry: 8 | 16;
}

export interface PaletteChannelInput {
  /** The three descriptor values as stored, or a parsed descriptor. */
  descriptor: readonly number[] | PaletteDescriptor;
  /** (0028,120x) LUT Data bytes as stored. */
  data?: Uint8Array;
  /** (0028,122x) Segmented LUT Data bytes as stored (used when `data` is absent). */
  segmentedData?: Uint8Array;
}

export interface PaletteInput {
  red: PaletteChannelInput;
  green: PaletteChannelInput;
  blue: PaletteChannelInput;
  /** Byte order of the data bytes (the data set's transfer syntax); default true. */
  littleEndian?: boolean;
  /** Pixel Representation of the indices: 1 makes the first mapped value signed (SS). Default 0. */
  pixelRepresentation?: 0 | 1;
}

/** Three expanded LUTs, ready for {@link applyPalette}. */
export interface PaletteLut {
  red: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
  /** First mapped value of each channel (PS3.3 requires them equal; they may differ in the wild). */
  firstMapped: readonly [number, number, number];
  /** Largest bits per entry of the three channels: the natural output depth. */
  bitsPerEntry: 8 | 16;
  /** Bits per entry of each channel. */
  channelBits: readonly [8 | 16, 8 | 16, 8 | 16];
  /** Tolerated deviations found while reading the LUTs. */
  warnings: string[];
}

const TAGS: Readonly<Record<PaletteChannelName, { descriptor: string; data: string; segmented: string }>> = {
  Red: { descriptor: "(0028,1101)", data: "(0028,1201)", segmented: "(0028,1221)" },
  Green: { descriptor: "(0028,1102)", data: "(0028,1202)", segmented: "(0028,1222)" },
  Blue: { descriptor: "(0028,1103)", data: "(0028,1203)", segmented: "(0028,1223)" },
};

function attrError(tag: string, message: string): DicomPixelError {
  return new DicomPixelError("INVALID_ATTRIBUTE", `${tag} ${message}`, { tag });
}

/**
 * Parses a Palette Color LUT Descriptor (PS3.3 C.7.6.3.1.5).
 * @param values the three stored values (numbers as read; negative values of an SS reading are accepted)
 * @param channel which LUT, for messages
 * @param pixelRepresentation 1 when the first mapped value is signed
 * @throws {DicomPixelError} INVALID_ATTRIBUTE when there are not three values or bits per entry is not 8 or 16
 */
export function parsePaletteDescriptor(values: readonly number[], channel: PaletteChannelName, pixelRepresentation: 0 | 1 = 0): PaletteDescriptor {
  const tag = TAGS[channel].descriptor;
  const name = `${channel} Palette Color Lookup Table Descriptor`;
  if (values.length < 3 || values.slice(0, 3).some((v) => !Number.isInteger(v))) {
    throw attrError(tag, `${name} ${JSON.stringify(values)} is invalid: must be 3 integers (entries, first mapped value, bits per entry)`);
  }
  const entriesRaw = values[0]! & 0xffff;
  const entries = entriesRaw === 0 ? 65536 : entriesRaw;
  const firstRaw = values[1]! & 0xffff;
  const firstMapped = pixelRepresentation === 1 ? (firstRaw << 16) >> 16 : firstRaw;
  const bits = values[2]! & 0xffff;
  if (bits !== 8 && bits !== 16) {
    throw attrError(tag, `${name} bits per entry ${bits} is invalid: must be 8 or 16`);
  }
  return { entries, firstMapped, bitsPerEntry: bits };
}

function isDescriptor(d: readonly number[] | PaletteDescriptor): d is PaletteDescriptor {
  return !Array.isArray(d) && typeof (d as PaletteDescriptor).entries === "number";
}

/**
 * Reads plain (not segmented) LUT Data into one value per entry.
 * @throws {DicomPixelError} INVALID_ATTRIBUTE when the data is shorter than the descriptor declares
 */
export function readLutData(bytes: Uint8Array, descriptor: PaletteDescriptor, littleEndian: boolean, channel: PaletteChannelName, warnings: string[] = []): Uint16Array {
  const { entries, bitsPerEntry } = descriptor;
  const tag = TAGS[channel].data;
  const out = new Uint16Array(entries);
  if (bitsPerEntry === 16 || (bytes.length >= entries * 2 && bytes.length < entries * 2 + 2 && entries > 1)) {
    if (bytes.length < entries * 2) {
      throw attrError(tag, `${channel} Palette Color Lookup Table Data has ${bytes.length} bytes; the descriptor declares ${entries} entries of 16 bits (${entries * 2} bytes)`);
    }
    const words = readWords(bytes, entries, littleEndian);
    if (bitsPerEntry === 16) return words;
    // Declared 8 bits but stored one entry per word (old writers): take the byte that holds the values.
    let max = 0;
    for (const w of words) max = Math.max(max, w);
    const shift = max > 0xff ? 8 : 0;
    for (let i = 0; i < entries; i++) out[i] = (words[i]! >> shift) & 0xff;
    warnings.push(`${tag} ${channel} LUT declares 8-bit entries but stores one per 16-bit word; used the ${shift ? "high" : "low"} byte`);
    return out;
  }
  // 8-bit entries, two per OW word, first in the low-order byte.
  if (bytes.length < entries) {
    throw attrError(tag, `${channel} Palette Color Lookup Table Data has ${bytes.length} bytes; the descriptor declares ${entries} entries of 8 bits`);
  }
  for (let i = 0; i < entries; i++) out[i] = littleEndian ? bytes[i]! : bytes[i ^ 1] ?? 0;
  return out;
}

function channelLut(input: PaletteChannelInput, channel: PaletteChannelName, littleEndian: boolean, pr: 0 | 1, warnings: string[]): [Uint16Array, PaletteDescriptor] {
  const d = isDescriptor(input.descriptor) ? input.descriptor : parsePaletteDescriptor(input.descriptor, channel, pr);
  if (input.data !== undefined && input.data.length > 0) return [readLutData(input.data, d, littleEndian, channel, warnings), d];
  if (input.segmentedData !== undefined && input.segmentedData.length > 0) {
    return [expandSegmentedLut(input.segmentedData, d, littleEndian, channel, warnings), d];
  }
  throw new DicomPixelError(
    "MISSING_ATTRIBUTE",
    `${TAGS[channel].data} ${channel} Palette Color Lookup Table Data (or ${TAGS[channel].segmented} Segmented) is missing`,
    { tag: TAGS[channel].data },
  );
}

/**
 * Builds the three LUTs from plain values.
 * @throws {DicomPixelError} INVALID_ATTRIBUTE / MISSING_ATTRIBUTE for malformed or missing descriptors and data
 */
export function createPalette(input: PaletteInput): PaletteLut {
  const le = input.littleEndian ?? true;
  const pr = input.pixelRepresentation ?? 0;
  const warnings: string[] = [];
  const [red, dr] = channelLut(input.red, "Red", le, pr, warnings);
  const [green, dg] = channelLut(input.green, "Green", le, pr, warnings);
  const [blue, db] = channelLut(input.blue, "Blue", le, pr, warnings);
  if (dr.firstMapped !== dg.firstMapped || dr.firstMapped !== db.firstMapped) {
    warnings.push(`the first mapped values of the Red/Green/Blue descriptors differ (${dr.firstMapped}, ${dg.firstMapped}, ${db.firstMapped})`);
  }
  const channelBits = [dr.bitsPerEntry, dg.bitsPerEntry, db.bitsPerEntry] as const;
  return {
    red,
    green,
    blue,
    firstMapped: [dr.firstMapped, dg.firstMapped, db.firstMapped],
    bitsPerEntry: channelBits.includes(16) ? 16 : 8,
    channelBits,
    warnings,
  };
}

export interface ApplyPaletteOptions {
  /** Bits Allocated of the index cells: 8 or 16 (canonical little-endian cells). */
  bitsAllocated: number;
  /** 1 when indices are signed (cells sign-extended, as in the canonical form). Default 0. */
  pixelRepresentation?: 0 | 1;
  /** Output bits per sample, 8 or 16; default the palette's bits per entry. */
  outputBits?: 8 | 16;
  /** Caller-owned output (pixels x 3 samples). */
  dst?: ArrayBufferView;
  /** Refuse outputs larger than this (default 1 GiB). */
  maxFrameBytes?: number;
}

export interface PaletteResult {
  /** RGB cells, colour-by-pixel, little endian. */
  data: Uint8Array;
  photometricInterpretation: PhotometricInterpretation;
  planarConfiguration: PlanarConfiguration;
  /** Bits Allocated (= Bits Stored) of the output. */
  bitsAllocated: 8 | 16;
}

/** The dense lookup table the kernel uses: one RGB entry per possible cell value. */
export function buildPaletteTable(palette: PaletteLut, indexBits: 8 | 16, signed: boolean, outputBits: 8 | 16): Uint8Array {
  const count = indexBits === 8 ? 256 : 65536;
  const luts = [palette.red, palette.green, palette.blue];
  const scale = (v: number, ch: number): number => {
    const bits = palette.channelBits[ch];
    if (outputBits === 16) return bits === 16 ? v : v * 257;
    return bits === 16 ? v >> 8 : v & 0xff;
  };
  if (outputBits === 8) {
    const t = new Uint32Array(count);
    for (let c = 0; c < count; c++) {
      const v = signed ? (indexBits === 8 ? (c << 24) >> 24 : (c << 16) >> 16) : c;
      let e = 0;
      for (let ch = 0; ch < 3; ch++) {
        const lut = luts[ch]!;
        const i = Math.min(Math.max(v - palette.firstMapped[ch]!, 0), lut.length - 1);
        e |= scale(lut[i]!, ch) << (8 * ch);
      }
      t[c] = e >>> 0;
    }
    return new Uint8Array(t.buffer);
  }
  const t = new Uint16Array(count * 4);
  for (let c = 0; c < count; c++) {
    const v = signed ? (indexBits === 8 ? (c << 24) >> 24 : (c << 16) >> 16) : c;
    for (let ch = 0; ch < 3; ch++) {
      const lut = luts[ch]!;
      const i = Math.min(Math.max(v - palette.firstMapped[ch]!, 0), lut.length - 1);
      t[c * 4 + ch] = scale(lut[i]!, ch);
    }
  }
  return new Uint8Array(t.buffer);
}

/**
 * Applies Palette Color LUTs to a frame of indices (canonical cells).
 * @returns RGB, colour-by-pixel, 8 or 16 bits per sample
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE when Bits Allocated is not 8 or 16
 * @throws {DicomPixelError} SIZE_LIMIT / DESTINATION_TOO_SMALL / NOT_INITIALIZED
 */
export function applyPalette(indices: ArrayBufferView, palette: PaletteLut, options: ApplyPaletteOptions): PaletteResult {
  const ba = options.bitsAllocated;
  if (ba !== 8 && ba !== 16) {
    throw new DicomPixelError("UNSUPPORTED_FEATURE", `Palette Color: (0028,0100) Bits Allocated ${ba} is not supported: must be 8 or 16`, { tag: "(0028,0100)" });
  }
  const out = options.outputBits ?? palette.bitsPerEntry;
  if (out !== 8 && out !== 16) throw new DicomPixelError("INVALID_ARGUMENT", `Palette Color: outputBits ${String(out)} must be 8 or 16`);
  const pixels = Math.floor(indices.byteLength / (ba / 8));
  const bytes = pixels * 3 * (out / 8);
  const max = options.maxFrameBytes ?? 2 ** 30;
  if (bytes > max) throw new DicomPixelError("SIZE_LIMIT", `Palette Color: the output needs ${bytes} bytes, more than maxFrameBytes (${max})`);
  let dst: Uint8Array;
  if (options.dst) {
    if (options.dst.byteLength < bytes) {
      throw new DicomPixelError("DESTINATION_TOO_SMALL", `Palette Color: destination holds ${options.dst.byteLength} bytes, ${bytes} needed`);
    }
    dst = new Uint8Array(options.dst.buffer, options.dst.byteOffset, bytes);
  } else {
    dst = new Uint8Array(bytes);
  }
  const table = buildPaletteTable(palette, ba, options.pixelRepresentation === 1, out);
  paletteLookup(indices, ba, table, out, dst, pixels);
  return { data: dst, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: out };
}

/**
 * Reads the Palette Color LUTs of a data set: descriptors (0028,1101-1103), LUT Data (0028,1201-1203) or
 * Segmented LUT Data (0028,1221-1223), in the data set's byte order.
 * A Supplemental Palette (PS3.3 C.7.6.23: Pixel Presentation (0008,9205) COLOR or MIXED on a MONOCHROME2
 * image) maps only part of the stored range; the rest goes through the greyscale pipeline. Reading it needs
 * `{ supplemental: true }` (then apply it with {@link applySupplementalPalette}); otherwise it is refused
 * with UNSUPPORTED_FEATURE, so that nobody applies it as an ordinary palette by mistake.
 * @throws {DicomPixelError} MISSING_ATTRIBUTE when a descriptor or both data forms are absent
 * @throws {DicomPixelError} INVALID_ATTRIBUTE for malformed values
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE for a supplemental palette without `supplemental: true`
 */
export function paletteFromDataSet(ds: DataSet, options: { supplemental?: boolean } = {}): PaletteLut {
  const photometric = ds.string(0x00280004);
  const presentation = ds.string(0x00089205);
  if (photometric !== "PALETTE COLOR" && (presentation === "COLOR" || presentation === "MIXED") && options.supplemental !== true) {
    throw new DicomPixelError(
      "UNSUPPORTED_FEATURE",
      `Supplemental Palette Color LUT (PS3.3 C.7.6.23; (0008,9205) Pixel Presentation ${presentation}, (0028,0004) ${photometric ?? "absent"}): values outside the palette range need the greyscale pipeline; read it with { supplemental: true } and apply it with applySupplementalPalette`,
      { tag: "(0008,9205)" },
    );
  }
  const pr = ds.number(0x00280103) === 1 ? 1 : 0;
  const channel = (name: PaletteChannelName, k: number): PaletteChannelInput => {
    const dBytes = ds.bytes(0x00281101 + k);
    if (dBytes === undefined || dBytes.length < 6) {
      throw new DicomPixelError("MISSING_ATTRIBUTE", `${TAGS[name].descriptor} ${name} Palette Color Lookup Table Descriptor is missing or has fewer than 3 values`, {
        tag: TAGS[name].descriptor,
      });
    }
    // Read the descriptor as raw 16-bit words: its VR is US or SS (and "xs"/UN in implicit VR files).
    const w = readWords(dBytes, 3, ds.littleEndian);
    const input: PaletteChannelInput = { descriptor: [w[0]!, w[1]!, w[2]!] };
    const data = ds.bytes(0x00281201 + k);
    const seg = ds.bytes(0x00281221 + k);
    if (data !== undefined) input.data = data;
    if (seg !== undefined) input.segmentedData = seg;
    return input;
  };
  return createPalette({ red: channel("Red", 0), green: channel("Green", 1), blue: channel("Blue", 2), littleEndian: ds.littleEndian, pixelRepresentation: pr });
}

/**
 * Applies a Supplemental Palette Color LUT (PS3.3 C.7.6.23): stored values inside the palette's mapped range
 * [first mapped, first mapped + entries - 1] take the palette colour; every other pixel takes the grey value
 * the caller rendered for it through the greyscale pipeline (Modality LUT, VOI LUT), on all three samples.
 * @param cells the canonical stored values (8 or 16-bit cells, sign-extended for Pixel Representation 1)
 * @param palette the LUTs (e.g. `paletteFromDataSet(ds, { supplemental: true })`)
 * @param grey one rendered grey value per pixel: Uint8Array for 8-bit output, Uint16Array for 16-bit
 * @returns RGB, colour-by-pixel, in the bit depth of `grey`
 * @throws {DicomPixelError} UNSUPPORTED_FEATURE when Bits Allocated is not 8 or 16
 * @throws {DicomPixelError} INVALID_ARGUMENT when `grey` has fewer values than there are pixels
 */
export function applySupplementalPalette(
  cells: ArrayBufferView,
  palette: PaletteLut,
  grey: Uint8Array | Uint16Array,
  options: Omit<ApplyPaletteOptions, "outputBits">,
): PaletteResult {
  const outputBits: 8 | 16 = grey instanceof Uint16Array ? 16 : 8;
  const ba = options.bitsAllocated;
  const pixels = Math.floor(cells.byteLength / (ba / 8));
  if (grey.length < pixels) {
    throw new DicomPixelError("INVALID_ARGUMENT", `Supplemental palette: ${pixels} pixels but ${grey.length} grey values`);
  }
  const result = applyPalette(cells, palette, { ...options, outputBits });
  const signed = options.pixelRepresentation === 1;
  const view =
    ba === 8
      ? signed ? new Int8Array(cells.buffer, cells.byteOffset, pixels) : new Uint8Array(cells.buffer, cells.byteOffset, pixels)
      : signed ? new Int16Array(cells.buffer, cells.byteOffset, pixels) : new Uint16Array(cells.buffer, cells.byteOffset, pixels);
  const out = outputBits === 8 ? result.data : new Uint16Array(result.data.buffer, result.data.byteOffset, pixels * 3);
  const lo = Math.max(...palette.firstMapped);
  const hi = Math.min(palette.firstMapped[0] + palette.red.length, palette.firstMapped[1] + palette.green.length, palette.firstMapped[2] + palette.blue.length) - 1;
  for (let i = 0; i < pixels; i++) {
    const v = view[i]!;
    if (v < lo || v > hi) {
      const g = grey[i]!;
      out[i * 3] = g;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = g;
    }
  }
  return result;
}
