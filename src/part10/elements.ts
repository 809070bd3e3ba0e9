/**
 * Data element parsing (PS3.5 section 7): explicit and implicit VR, little and big endian, defined and
 * undefined lengths, sequences, items and delimiters, to any (bounded) nesting depth.
 */
import { DicomPixelError } from "../errors.js";
import type { Cursor } from "./cursor.js";
import { DataSet, UNDEFINED_LENGTH, tagString, type DataElement } from "./dataset.js";
import { implicitVR } from "./dictionary.js";
import { PIXEL_DATA_TAGS, Tag } from "./tags.js";

/** VRs with a 2-byte reserved field and a 4-byte length in Explicit VR (PS3.5 7.1.2, Table 7.1-1). */
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);
/** Every VR of PS3.5 Table 6.2-1. */
export const KNOWN_VRS = new Set([
  "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN",
  "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
]);
/** VRs that may have undefined length (PS3.5 7.1.1, A.4): SQ, UN, and OB/OW for encapsulated Pixel Data. */
const UNDEFINED_OK = new Set(["SQ", "UN", "OB", "OW"]);
/** Nesting depth beyond which a data set is rejected (no real file comes near; stops recursion bombs). */
const MAX_DEPTH = 64;

export interface ParseOptions {
  /** Stop at the first top-level element with a tag >= this (not read). Default: the first Pixel Data element. */
  stopBefore?: number;
  /** Called for tolerated deviations. */
  warn: (message: string) => void;
  /** Pixel Representation seen so far, to resolve "US or SS" in Implicit VR. */
  signed?: boolean;
}

/** What the top-level parse found besides the data set. */
export interface TopLevelResult {
  /** The Pixel Data element (7FE0,0010/0008/0009): header read, value located but not loaded. */
  pixelData?: DataElement;
  /** Byte offset where reading stopped (the start of the element not read), or undefined at end of data. */
  stoppedAt?: number;
}

export interface Encoding {
  littleEndian: boolean;
  explicitVR: boolean;
}

interface Header {
  tag: number;
  vr: string;
  length: number;
  /** Offset of the value's first byte. */
  valueOffset: number;
}

function err(code: "INVALID_ELEMENT" | "INVALID_LENGTH" | "INVALID_ITEM" | "TRUNCATED", message: string, byteOffset: number, tag?: number) {
  return new DicomPixelError(code, message, { byteOffset, ...(tag !== undefined ? { tag: tagString(tag) } : {}) });
}

/** True when the two bytes at the cursor look like an explicit VR. */
export function looksExplicit(c: Cursor, at: number): boolean {
  const a = c.u8(at);
  const b = c.u8(at + 1);
  return a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a && KNOWN_VRS.has(String.fromCharCode(a, b));
}

/** Reads one element header at the cursor and advances past it. */
async function readHeader(c: Cursor, enc: Encoding, opts: ParseOptions): Promise<Header> {
  const start = c.pos;
  if (!(await c.need(8))) throw err("TRUNCATED", `the data ends inside an element header at byte ${start}`, start);
  const tag = c.tag(0, enc.littleEndian);
  // Item and delimiter tags never have a VR (PS3.5 7.5).
  if (tag >>> 16 === 0xfffe) {
    const length = c.u32(4, enc.littleEndian);
    c.skip(8);
    return { tag, vr: "NA", length, valueOffset: c.pos };
  }
  if (!enc.explicitVR) {
    const length = c.u32(4, enc.littleEndian);
    c.skip(8);
    return { tag, vr: implicitVR(tag, opts.signed), length, valueOffset: c.pos };
  }
  if (!looksExplicit(c, 4)) {
    const shown = [c.u8(4), c.u8(5)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    throw err("INVALID_ELEMENT", `element ${tagString(tag)} at byte ${start} has an invalid VR (bytes ${shown})`, start, tag);
  }
  const vr = c.chars2(4);
  if (LONG_VRS.has(vr)) {
    if (!(await c.need(12))) throw err("TRUNCATED", `the data ends inside the header of ${tagString(tag)} at byte ${start}`, start, tag);
    const length = c.u32(8, enc.littleEndian);
    c.skip(12);
    return { tag, vr, length, valueOffset: c.pos };
  }
  const length = c.u16(6, enc.littleEndian);
  c.skip(8);
  return { tag, vr, length, valueOffset: c.pos };
}

/** Reads an element's value (header already read). Sequences recurse. */
async function readValue(c: Cursor, h: Header, enc: Encoding, opts: ParseOptions, depth: number): Promise<DataElement> {
  const el: DataElement = { tag: h.tag, vr: h.vr, length: h.length, offset: h.valueOffset };
  const isSeq = h.vr === "SQ" || (h.length === UNDEFINED_LENGTH && h.vr === "UN");
  if (isSeq) {
    // PS3.5 6.2.2: UN of undefined length is a sequence encoded in Implicit VR Little Endian.
    const itemEnc = h.vr === "UN" ? { littleEndian: true, explicitVR: false } : enc;
    el.items = await readSequence(c, h, itemEnc, opts, depth + 1);
    return el;
  }
  if (h.length === UNDEFINED_LENGTH) {
    if (!UNDEFINED_OK.has(h.vr)) {
      throw err("INVALID_LENGTH", `element ${tagString(h.tag)} (${h.vr}) at byte ${h.valueOffset - 8} has undefined length, which PS3.5 7.1.1 allows only for SQ, UN and encapsulated Pixel Data`, h.valueOffset, h.tag);
    }
    // OB/OW of undefined length outside Pixel Data: items of fragments (keep them as raw items).
    el.items = await readSequence(c, h, { littleEndian: enc.littleEndian, explicitVR: false }, opts, depth + 1, true);
    return el;
  }
  el.value = await c.take(h.length, () => `element ${tagString(h.tag)}`);
  if (h.tag === Tag.PixelRepresentation && el.value.length >= 2) {
    opts.signed = (enc.littleEndian ? el.value[0]! : el.value[1]!) === 1;
  }
  return el;
}

/** Reads the items of a sequence (PS3.5 7.5): defined length, or up to (FFFE,E0DD). */
async function readSequence(c: Cursor, h: Header, enc: Encoding, opts: ParseOptions, depth: number, rawItems = false): Promise<DataSet[]> {
  if (depth > MAX_DEPTH) throw err("INVALID_ELEMENT", `sequences nested deeper than ${MAX_DEPTH} levels at byte ${c.pos}`, c.pos, h.tag);
  const undefinedLength = h.length === UNDEFINED_LENGTH;
  const end = undefinedLength ? Infinity : h.valueOffset + h.length;
  if (!undefinedLength) checkFits(c, h);
  const items: DataSet[] = [];
  while (c.pos < end) {
    const at = c.pos;
    if (!(await c.need(8))) {
      throw err("TRUNCATED", `the data ends inside sequence ${tagString(h.tag)} (started at byte ${h.valueOffset}) at byte ${at}`, at, h.tag);
    }
    const tag = c.tag(0, enc.littleEndian);
    const length = c.u32(4, enc.littleEndian);
    c.skip(8);
    if (tag === Tag.SequenceDelimitationItem) {
      if (!undefinedLength) opts.warn(`sequence delimiter at byte ${at} inside ${tagString(h.tag)} of defined length; ignored`);
      break;
    }
    if (tag !== Tag.Item) {
      throw err("INVALID_ITEM", `expected an item tag (FFFE,E000) in sequence ${tagString(h.tag)} at byte ${at}, found ${tagString(tag)}`, at, h.tag);
    }
    const itemHeader: Header = { tag, vr: "NA", length, valueOffset: c.pos };
    if (rawItems) {
      if (length === UNDEFINED_LENGTH) throw err("INVALID_LENGTH", `item at byte ${at} has undefined length inside ${tagString(h.tag)}`, at, h.tag);
      const item = new DataSet(enc);
      item.set({ tag: Tag.Item, vr: "OB", length, offset: c.pos, value: await c.take(length, () => `item at byte ${at}`) });
      items.push(item);
      continue;
    }
    items.push(await readDataSet(c, itemHeader, enc, opts, depth));
  }
  if (!undefinedLength && c.pos !== end) {
    throw err("INVALID_LENGTH", `sequence ${tagString(h.tag)} at byte ${h.valueOffset} declares ${h.length} bytes but its items end at byte ${c.pos}`, c.pos, h.tag);
  }
  return items;
}

function checkFits(c: Cursor, h: Header): void {
  const size = c.source.size;
  if (size !== undefined && h.valueOffset + h.length > size) {
    throw err("INVALID_LENGTH", `element ${tagString(h.tag)} at byte ${h.valueOffset} declares ${h.length} bytes but only ${size - h.valueOffset} remain`, h.valueOffset, h.tag);
  }
}

/** Reads one item's data set (defined length, or up to (FFFE,E00D)). */
async function readDataSet(c: Cursor, item: Header, enc: Encoding, opts: ParseOptions, depth: number): Promise<DataSet> {
  const ds = new DataSet(enc);
  const undefinedLength = item.length === UNDEFINED_LENGTH;
  if (!undefinedLength) checkFits(c, item);
  const end = undefinedLength ? Infinity : item.valueOffset + item.length;
  while (c.pos < end) {
    const h = await readHeader(c, enc, opts);
    if (h.tag === Tag.ItemDelimitationItem) {
      if (!undefinedLength) opts.warn(`item delimiter at byte ${h.valueOffset - 8} inside an item of defined length; ignored`);
      return ds;
    }
    if (h.tag >>> 16 === 0xfffe) {
      throw err("INVALID_ITEM", `unexpected ${tagString(h.tag)} at byte ${h.valueOffset - 8} inside an item`, h.valueOffset - 8, h.tag);
    }
    if (!undefinedLength && h.length !== UNDEFINED_LENGTH && h.valueOffset + h.length > end) {
      throw err("INVALID_LENGTH", `element ${tagString(h.tag)} at byte ${h.valueOffset} declares ${h.length} bytes, past the end of its item at byte ${end}`, h.valueOffset, h.tag);
    }
    ds.set(await readValue(c, h, enc, opts, depth));
  }
  if (!undefinedLength && c.pos !== end) {
    throw err("INVALID_LENGTH", `item at byte ${item.valueOffset} declares ${item.length} bytes but its elements end at byte ${c.pos}`, c.pos);
  }
  return ds;
}

/**
 * Skips the value of an undefined-length (encapsulated) element by walking its items up to (FFFE,E0DD),
 * reading only the 8-byte item headers.
 */
async function skipEncapsulated(c: Cursor, h: Header, enc: Encoding): Promise<void> {
  for (;;) {
    const at = c.pos;
    if (!(await c.need(8))) throw err("TRUNCATED", `the data ends inside encapsulated ${tagString(h.tag)} at byte ${at}`, at, h.tag);
    const tag = c.tag(0, enc.littleEndian);
    const length = c.u32(4, enc.littleEndian);
    c.skip(8);
    if (tag === Tag.SequenceDelimitationItem) return;
    if (tag !== Tag.Item || length === UNDEFINED_LENGTH) {
      throw err("INVALID_ITEM", `expected an item tag (FFFE,E000) of defined length in ${tagString(h.tag)} at byte ${at}, found ${tagString(tag)}`, at, h.tag);
    }
    c.skip(length);
  }
}

/**
 * Parses the top-level data set from the cursor to the end of the data (or `stopBefore`). Pixel Data
 * elements are located, never loaded.
 */
export async function readTopLevel(c: Cursor, ds: DataSet, enc: Encoding, opts: ParseOptions): Promise<TopLevelResult> {
  const result: TopLevelResult = {};
  const stopBefore = opts.stopBefore;
  for (;;) {
    const start = c.pos;
    if (await c.atEnd()) return result;
    if (!(await c.need(8))) {
      const rem = c.remaining();
      opts.warn(`${rem ?? "some"} trailing bytes at byte ${start} are too few for an element header; ignored`);
      return result;
    }
    const tag = c.tag(0, enc.littleEndian);
    if (stopBefore !== undefined && tag >= stopBefore && !PIXEL_DATA_TAGS.includes(tag)) {
      result.stoppedAt = start;
      return result;
    }
    const h = await readHeader(c, enc, opts);
    if (h.tag >>> 16 === 0xfffe) {
      if (h.tag === Tag.SequenceDelimitationItem || h.tag === Tag.ItemDelimitationItem) {
        opts.warn(`stray delimiter ${tagString(h.tag)} at byte ${start} in the top-level data set; ignored`);
        continue;
      }
      throw err("INVALID_ITEM", `unexpected item ${tagString(h.tag)} at byte ${start} in the top-level data set`, start, h.tag);
    }
    if (PIXEL_DATA_TAGS.includes(h.tag)) {
      const el: DataElement = { tag: h.tag, vr: h.vr, length: h.length, offset: h.valueOffset };
      ds.set(el);
      result.pixelData ??= el;
      if (stopBefore === undefined || h.tag >= stopBefore) {
        result.stoppedAt = start;
        return result;
      }
      if (h.length === UNDEFINED_LENGTH) await skipEncapsulated(c, h, enc);
      else {
        const rem = c.remaining();
        if (rem !== undefined && h.length > rem) return result; // truncated pixel data: nothing follows
        c.skip(h.length);
      }
      continue;
    }
    ds.set(await readValue(c, h, enc, opts, 0));
  }
}
