/**
 * Decoding of a LUT (Modality LUT, VOI LUT; PS3.3 C.11.1.1.1 and C.11.2.1.1) from its descriptor and data,
 * with the edge cases real files have:
 *
 * - 0 entries in the descriptor means 65536 (16-bit tables cannot count to 65536);
 * - the first input value mapped is signed when the LUT's input is signed (Pixel Representation 1 for a
 *   Modality LUT, a modality output that can be negative for a VOI LUT), whatever VR it was read with;
 * - 8-bit entries packed two per 16-bit word (OW "equivalent to 8 bits allocated"): half as many words as
 *   entries, low byte first;
 * - bits per entry that disagree with the data: outside 1..16, or entries above 2^bits - 1 (8 declared with the
 *   8-bit value repeated in both bytes is masked to the low byte, as DCMTK does; otherwise the depth is taken
 *   from the largest entry);
 * - fewer data words than entries (the table is shortened, with a warning) or more (the excess is ignored).
 */
import { DicomPixelError } from "../errors.js";
import type { LutItem } from "./attributes.js";

/** A LUT ready for lookup. */
export interface DecodedLut {
  /** The table (one uint16 per entry). */
  data: Uint16Array;
  /** First input value mapped. */
  firstMapped: number;
  /** Bits per entry actually used for scaling: output range is 0..2^bits - 1. */
  bits: number;
  /** Bits per entry as the descriptor declared it. */
  declaredBits: number;
  explanation?: string;
  /** Deviations that were repaired. */
  warnings: string[];
}

export interface DecodeLutOptions {
  /** True when the LUT's input can be negative (the descriptor's second value is then read as signed). */
  signedInput: boolean;
  /**
   * Where bits per entry come from: "descriptor" (default; the standard, and DCMTK's default, with the repairs
   * listed in the file comment) or "data" (the smallest depth >= 8 holding the largest entry, as DCMTK's
   * `+Mm`/`+Mv` and cornerstone do; fixes tables declared 16-bit that only use a few bits).
   */
  bitsFrom?: "descriptor" | "data";
  /** Name of the sequence for messages, e.g. "(0028,3010) VOI LUT Sequence item 1". */
  context: string;
}

function bitLength(v: number): number {
  return v <= 0 ? 0 : 32 - Math.clz32(v);
}

/**
 * Decodes one LUT item.
 * @throws {DicomPixelError} INVALID_ATTRIBUTE when the descriptor does not have three values or the data is empty
 */
export function decodeLut(item: LutItem, options: DecodeLutOptions): DecodedLut {
  const { context } = options;
  const warnings: string[] = [];
  const d = item.descriptor;
  if (d.length !== 3 || !d.every((v) => Number.isInteger(v))) {
    throw new DicomPixelError(
      "INVALID_ATTRIBUTE",
      `${context}: (0028,3002) LUT Descriptor ${JSON.stringify(d)} is invalid: must be three integers (entries, first value mapped, bits per entry)`,
      { tag: "(0028,3002)" },
    );
  }
  const rawCount = d[0] & 0xffff;
  let count = rawCount === 0 ? 65536 : rawCount; // C.11.1.1.1: 0 means 2^16 entries
  const rawFirst = d[1] & 0xffff;
  const firstMapped = options.signedInput && rawFirst >= 0x8000 ? rawFirst - 0x10000 : rawFirst;
  const declaredBits = d[2] & 0xffff;

  const le = item.littleEndian ?? true;
  const bytes = item.data;
  const words = bytes.length >> 1;
  if (words === 0) {
    throw new DicomPixelError("INVALID_ATTRIBUTE", `${context}: (0028,3006) LUT Data is empty`, { tag: "(0028,3006)" });
  }
  const word = (i: number) => (le ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);

  const data = new Uint16Array(Math.min(count, 2 * words));
  let packed8 = false;
  if (words !== count && words === (count + 1) >> 1 && count > 1) {
    // 8-bit entries two per 16-bit word, low byte first (C.11.2.1.1: "equivalent to 8 bits allocated").
    packed8 = true;
    for (let i = 0; i < count; i++) {
      const w = word(i >> 1);
      data[i] = i & 1 ? w >> 8 : w & 0xff;
    }
  } else {
    if (words < count) {
      warnings.push(`${context}: LUT Descriptor declares ${count} entries but LUT Data holds ${words}; using ${words}`);
      count = words;
    } else if (words > count) {
      warnings.push(`${context}: LUT Data holds ${words} entries, more than the ${count} declared; the excess is ignored`);
    }
    for (let i = 0; i < count; i++) data[i] = word(i);
  }
  const table = data.subarray(0, count);

  let maxEntry = 0;
  let repeatedBytes = true;
  for (let i = 0; i < count; i++) {
    const v = table[i]!;
    if (v > maxEntry) maxEntry = v;
    if (v >> 8 !== 0 && (v & 0xff) !== v >> 8) repeatedBytes = false;
  }
  const dataBits = Math.max(8, bitLength(maxEntry));
  let bits: number;
  if (options.bitsFrom === "data") {
    bits = dataBits;
  } else if (declaredBits < 1 || declaredBits > 16) {
    bits = packed8 ? 8 : dataBits;
    warnings.push(`${context}: LUT Descriptor bits per entry ${declaredBits} is invalid (must be 1..16); using ${bits} from the data`);
  } else if (maxEntry >= 2 ** declaredBits) {
    if (declaredBits === 8 && repeatedBytes) {
      for (let i = 0; i < count; i++) table[i] = table[i]! & 0xff;
      bits = 8;
      warnings.push(`${context}: 8-bit LUT entries stored with the value in both bytes of each word; masked to the low byte`);
    } else {
      bits = dataBits;
      warnings.push(`${context}: LUT entries up to ${maxEntry} exceed the declared ${declaredBits} bits per entry; using ${bits}`);
    }
  } else {
    bits = declaredBits;
    if (declaredBits >= 12 && dataBits <= declaredBits - 4) {
      // The "all white" MONOCHROME1 file (or all black MONOCHROME2): a table declared 16-bit whose entries use
      // a few bits. The standard scales by the declared depth (as DCMTK does); viewers that look at the data
      // (cornerstone, DCMTK +Mv) show it normally.
      warnings.push(
        `${context}: LUT entries reach ${maxEntry}, a small part of the ${declaredBits}-bit range the descriptor declares; the output will look nearly black (or white). bitsFrom "data" (--lut-bits-from-data) scales by the entries' ${dataBits}-bit range instead`,
      );
    }
  }
  const out: DecodedLut = { data: table, firstMapped, bits, declaredBits, warnings };
  if (item.explanation !== undefined) out.explanation = item.explanation;
  return out;
}
