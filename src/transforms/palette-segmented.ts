/**
 * Segmented Palette Color LUT Data (PS3.3 C.7.9.2), expanded to one value per entry.
 *
 * The data is a sequence of segments, each `opcode, length, ...`, in units of the entry size (16-bit words
 * for 16-bit entries, bytes for 8-bit entries, in the data set's byte order):
 *
 *   discrete (0):  0, n, v1 ... vn        n entries as given
 *   linear   (1):  1, n, y1               n entries from the previous entry y0 towards y1:
 *                                         y0 + (y1 - y0) * k / n, k = 1..n, rounded half to even
 *   indirect (2):  2, n, offLo, offHi     the n segments starting at unit offset offHi << 16 | offLo
 *                                         are expanded again here (C.7.9.2.3)
 *
 * A linear or indirect segment needs a previous entry. Expansion stops at the descriptor's entry count; a
 * shorter expansion is padded with its last entry (both with a warning).
 */
import { DicomPixelError } from "../errors.js";
import type { PaletteChannelName, PaletteDescriptor } from "./palette.js";

const SEGMENTED_TAG: Readonly<Record<PaletteChannelName, string>> = {
  Red: "(0028,1221)",
  Green: "(0028,1222)",
  Blue: "(0028,1223)",
};

/** Reads `count` 16-bit words in the given byte order. */
export function readWords(bytes: Uint8Array, count: number, littleEndian: boolean): Uint16Array {
  const out = new Uint16Array(count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = dv.getUint16(i * 2, littleEndian);
  return out;
}

/** Units of the segmented data: words for 16-bit entries, bytes (low-order byte of each word first) for 8-bit. */
function units(bytes: Uint8Array, bits: 8 | 16, littleEndian: boolean): Uint16Array {
  if (bits === 16) return readWords(bytes, bytes.length >> 1, littleEndian);
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = littleEndian ? bytes[i]! : bytes[i ^ 1] ?? 0;
  return out;
}

/** Round half to even (the rounding numpy's `around` applies to the interpolated values). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5 + 1e-9) return f + 1;
  if (d < 0.5 - 1e-9) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Expands Segmented Palette Color LUT Data.
 * @throws {DicomPixelError} INVALID_ATTRIBUTE for an unknown opcode, a segment running past the data, a
 * linear/indirect segment with no previous entry, or indirection nested deeper than 8
 */
export function expandSegmentedLut(
  bytes: Uint8Array,
  descriptor: PaletteDescriptor,
  littleEndian: boolean,
  channel: PaletteChannelName,
  warnings: string[] = [],
): Uint16Array {
  const tag = SEGMENTED_TAG[channel];
  const data = units(bytes, descriptor.bitsPerEntry, littleEndian);
  const max = descriptor.entries;
  const out = new Uint16Array(max);
  let n = 0;
  let truncated = false;
  const fail = (pos: number, what: string): DicomPixelError =>
    new DicomPixelError("INVALID_ATTRIBUTE", `${tag} Segmented ${channel} Palette Color LUT Data: ${what} (segment at unit ${pos}, byte ${pos * (descriptor.bitsPerEntry / 8)})`, {
      tag,
      byteOffset: pos * (descriptor.bitsPerEntry / 8),
    });
  const push = (v: number): void => {
    if (n < max) out[n++] = v;
    else truncated = true;
  };

  // Expands `count` segments starting at unit `start` (count = Infinity: until the end of the data).
  const run = (start: number, count: number, depth: number): void => {
    if (depth > 8) throw fail(start, "indirect segments nested deeper than 8");
    let pos = start;
    for (let s = 0; s < count && pos < data.length; s++) {
      if (pos + 1 >= data.length) throw fail(pos, "the segment header runs past the end of the data");
      const op = data[pos]!;
      const len = data[pos + 1]!;
      if (op === 0) {
        if (pos + 2 + len > data.length) throw fail(pos, `a discrete segment of ${len} values runs past the end of the data`);
        for (let i = 0; i < len; i++) push(data[pos + 2 + i]!);
        pos += 2 + len;
      } else if (op === 1) {
        if (pos + 2 >= data.length) throw fail(pos, "a linear segment has no end value");
        if (n === 0) throw fail(pos, "a linear segment has no previous entry to start from");
        const y0 = out[n - 1]!;
        const y1 = data[pos + 2]!;
        for (let k = 1; k <= len; k++) push(y1 === y0 ? y1 : roundHalfEven(y0 + ((y1 - y0) * k) / len));
        pos += 3;
      } else if (op === 2) {
        if (pos + 3 >= data.length) throw fail(pos, "an indirect segment has no offset");
        if (n === 0) throw fail(pos, "an indirect segment has no previous entry");
        const offset = data[pos + 2]! | (data[pos + 3]! << 16);
        if (offset >= data.length) throw fail(pos, `an indirect segment points past the data (unit ${offset})`);
        run(offset, len, depth + 1);
        pos += 4;
      } else {
        throw fail(pos, `unknown segment type ${op} (must be 0 discrete, 1 linear or 2 indirect)`);
      }
      if (truncated) break;
    }
  };
  run(0, Infinity, 0);
  if (truncated) warnings.push(`${tag} Segmented ${channel} LUT expands to more than the ${max} entries its descriptor declares; truncated`);
  if (n === 0) throw fail(0, "no entries");
  if (n < max) {
    warnings.push(`${tag} Segmented ${channel} LUT expands to ${n} entries, fewer than the ${max} its descriptor declares; padded with the last entry`);
    out.fill(out[n - 1]!, n);
  }
  return out;
}
