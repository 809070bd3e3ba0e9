/**
 * Encapsulated Pixel Data items (PS3.5 A.4): after the (7FE0,0010) header of undefined length come Items
 * (FFFE,E000) — the first is the Basic Offset Table, each further one a fragment — closed by a Sequence
 * Delimitation Item (FFFE,E0DD). Only the 8-byte item headers are read; fragment values stay in the source.
 *
 *   (7FE0,0010) OB FFFFFFFF | FFFE,E000 len  BOT (len/4 × UL)  | FFFE,E000 len  fragment 0 | ... | FFFE,E0DD 0
 */
import { DicomPixelError } from "../errors.js";
import type { ByteSource } from "../io/source.js";

/** One fragment: where its value bytes are in the source. */
export interface Fragment {
  /** Offset of the fragment's item tag (FFFE,E000) — what offset tables point to, relative to the first fragment. */
  itemOffset: number;
  /** Offset of the fragment's first value byte (itemOffset + 8). */
  offset: number;
  /** Declared length. */
  length: number;
  /** Bytes of the value actually present in the source (less than `length` for a truncated file). */
  available: number;
}

export interface FragmentScan {
  /** The Basic Offset Table entries (empty when the BOT item is empty). */
  basicOffsetTable: number[];
  fragments: Fragment[];
  /** Offset of the first fragment's item tag: BOT offsets are relative to it (PS3.5 A.4). */
  firstFragmentOffset: number;
  /** Set when the data ends before the Sequence Delimitation Item (a truncated file). */
  truncatedAt?: number;
  /** Offset just past the Sequence Delimitation Item (or of the end of the data). */
  end: number;
}

export const ITEM = 0xfffee000;
export const SEQ_DELIM = 0xfffee0dd;
/** Item headers are read in batches when fragments are small; a batch never exceeds this. */
const HEADER_READ = 8;

function tagAt(b: Uint8Array, at: number): number {
  // Item tags in encapsulated data are little endian: encapsulation exists only in LE transfer syntaxes.
  return ((b[at]! | (b[at + 1]! << 8)) << 16 | (b[at + 2]! | (b[at + 3]! << 8))) >>> 0;
}

/** A little-endian 32-bit unsigned value at `at`. */
export function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/**
 * Parses the 8-byte item header `head` read at byte `pos`: an Item (with its defined length) or the
 * Sequence Delimitation Item.
 * @throws {DicomPixelError} INVALID_ITEM when the tag is neither, INVALID_LENGTH for an undefined item length
 */
export function parseItemHeader(head: Uint8Array, pos: number): { delimiter: boolean; length: number } {
  const tag = tagAt(head, 0);
  const length = u32(head, 4);
  if (tag === SEQ_DELIM) return { delimiter: true, length };
  if (tag !== ITEM) {
    throw new DicomPixelError(
      "INVALID_ITEM",
      `encapsulated Pixel Data: expected an item tag (FFFE,E000) at byte ${pos}, found (${hex4(tag >>> 16)},${hex4(tag & 0xffff)})`,
      { byteOffset: pos, tag: "(7FE0,0010)" },
    );
  }
  if (length === 0xffffffff) {
    throw new DicomPixelError("INVALID_LENGTH", `encapsulated Pixel Data: the item at byte ${pos} has undefined length (PS3.5 A.4 requires a defined length)`, {
      byteOffset: pos,
      tag: "(7FE0,0010)",
    });
  }
  return { delimiter: false, length };
}

/**
 * Checks the Basic Offset Table item's length (PS3.5 A.4: 4-byte offsets, possibly none).
 * @throws {DicomPixelError} INVALID_OFFSET_TABLE when it is not a multiple of 4
 */
export function checkBotLength(pos: number, length: number): void {
  if (length % 4 !== 0) {
    throw new DicomPixelError("INVALID_OFFSET_TABLE", `the Basic Offset Table at byte ${pos} has length ${length}, not a multiple of 4`, {
      byteOffset: pos,
      tag: "(7FE0,0010)",
    });
  }
}

/**
 * Walks the items of encapsulated Pixel Data starting at `valueOffset` (the byte after the element header).
 * @param maxFragments safety cap on the number of items (default 2^21; each costs a small object)
 * @throws {DicomPixelError} INVALID_ITEM when an item tag is missing (with the byte offset),
 * INVALID_OFFSET_TABLE when the Basic Offset Table length is not a multiple of 4
 */
export async function scanFragments(source: ByteSource, valueOffset: number, maxFragments = 1 << 21): Promise<FragmentScan> {
  const size = source.size;
  let pos = valueOffset;
  const fragments: Fragment[] = [];
  let basicOffsetTable: number[] = [];
  let first = true;
  let firstFragmentOffset = valueOffset;
  for (;;) {
    const head = await source.read(pos, HEADER_READ);
    if (head.length < 8) {
      return { basicOffsetTable, fragments, firstFragmentOffset, truncatedAt: pos, end: pos + head.length };
    }
    const { delimiter, length } = parseItemHeader(head, pos);
    if (delimiter) return { basicOffsetTable, fragments, firstFragmentOffset, end: pos + 8 };
    const valueAt = pos + 8;
    const available = size === undefined ? length : Math.max(0, Math.min(length, size - valueAt));
    if (first) {
      first = false;
      // PS3.5 A.4: the first item is the Basic Offset Table, 4-byte offsets (possibly none).
      checkBotLength(pos, length);
      if (available < length) return { basicOffsetTable, fragments, firstFragmentOffset: valueAt + length, truncatedAt: valueAt, end: valueAt + available };
      if (length > 0) {
        const bot = await source.read(valueAt, length);
        basicOffsetTable = [];
        for (let i = 0; i + 4 <= bot.length; i += 4) basicOffsetTable.push(u32(bot, i));
      }
      pos = valueAt + length;
      firstFragmentOffset = pos;
      continue;
    }
    if (fragments.length >= maxFragments) {
      throw new DicomPixelError("SIZE_LIMIT", `encapsulated Pixel Data has more than ${maxFragments} fragments (at byte ${pos})`, { byteOffset: pos });
    }
    fragments.push({ itemOffset: pos, offset: valueAt, length, available });
    if (available < length) return { basicOffsetTable, fragments, firstFragmentOffset, truncatedAt: valueAt + available, end: valueAt + available };
    pos = valueAt + length;
  }
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}
