/**
 * Data element encoding for the writer (PS3.5 section 7): element headers for Explicit VR Little/Big Endian
 * and Implicit VR Little Endian, value byte order, even-length padding, sequences, recalculated group lengths.
 *
 * Values come from the shared DataSet model (src/part10/dataset.ts) exactly as stored in the source data set;
 * they are rewritten unchanged when the byte order does not change, so a rewrite in the same transfer syntax
 * is byte-exact.
 */
import { DicomPixelError } from "../../errors.js";
import { DataSet, tagString, type DataElement } from "../dataset.js";

/** How the target data set is encoded. */
export interface TargetEncoding {
  littleEndian: boolean;
  explicitVR: boolean;
  /** Sequences and items with defined lengths (default) or undefined lengths and delimiters. */
  sequenceLength: "defined" | "undefined";
}

/** VRs with a 4-byte length field in Explicit VR (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"]);

/** Byte-swap unit of binary VRs when the byte order changes (PS3.5 7.3); AT is two 16-bit words. */
const SWAP_SIZE: Readonly<Record<string, number>> = {
  US: 2,
  SS: 2,
  OW: 2,
  AT: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  OL: 4,
  OF: 4,
  FD: 8,
  OD: 8,
  OV: 8,
  SV: 8,
  UV: 8,
};

/** Text VRs padded with a space; UI, OB and binary values are padded with NUL (PS3.5 6.2, 7.1.1). */
const SPACE_PADDED = new Set(["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT"]);

/** Explicit VR elements need a 4-byte length field. */
export function hasLongLength(vr: string): boolean {
  return LONG_VRS.has(vr);
}

/**
 * Reverses each `size`-byte unit of `bytes` into `out` (a new array by default); a trailing partial unit is
 * copied as is. Plain TS: element values are small; Pixel Data goes through the swap kernel when loaded.
 */
export function swapBytes(bytes: Uint8Array, size: number, out: Uint8Array = new Uint8Array(bytes.length)): Uint8Array {
  const whole = bytes.length - (bytes.length % size);
  if (size === 2) {
    for (let i = 0; i < whole; i += 2) {
      out[i] = bytes[i + 1]!;
      out[i + 1] = bytes[i]!;
    }
  } else {
    for (let i = 0; i < whole; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k]!;
  }
  out.set(bytes.subarray(whole), whole);
  return out;
}

/** Grows as bytes are appended; returns one array at the end. */
export class ByteBuilder {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  u16(v: number, le: boolean): void {
    this.ensure(2);
    if (le) {
      this.buf[this.len] = v & 0xff;
      this.buf[this.len + 1] = (v >>> 8) & 0xff;
    } else {
      this.buf[this.len] = (v >>> 8) & 0xff;
      this.buf[this.len + 1] = v & 0xff;
    }
    this.len += 2;
  }

  u32(v: number, le: boolean): void {
    if (le) {
      this.u16(v & 0xffff, true);
      this.u16(v >>> 16, true);
    } else {
      this.u16(v >>> 16, false);
      this.u16(v & 0xffff, false);
    }
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i) & 0xff;
  }

  /** Overwrites a 32-bit value at `at`. */
  patchU32(at: number, v: number, le: boolean): void {
    const view = new DataView(this.buf.buffer, at, 4);
    view.setUint32(0, v >>> 0, le);
  }

  toUint8Array(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Writes an element header: tag, VR (explicit) and length (PS3.5 7.1.2 / 7.1.3). `length` may be 0xFFFFFFFF.
 */
export function writeHeader(out: ByteBuilder, tag: number, vr: string, length: number, enc: Pick<TargetEncoding, "littleEndian" | "explicitVR">): void {
  const le = enc.littleEndian;
  out.u16(tag >>> 16, le);
  out.u16(tag & 0xffff, le);
  if (!enc.explicitVR) {
    out.u32(length, le);
    return;
  }
  out.ascii(vr);
  if (LONG_VRS.has(vr)) {
    out.u16(0, le);
    out.u32(length, le);
  } else {
    out.u16(length, le);
  }
}

/** Encodes an item or delimiter tag with its length (PS3.5 7.5); these never carry a VR. */
function writeItemHeader(out: ByteBuilder, tag: number, length: number, le: boolean): void {
  out.u16(tag >>> 16, le);
  out.u16(tag & 0xffff, le);
  out.u32(length, le);
}

/** The value of an element converted for the target: byte order and even-length padding. */
export function targetValue(e: DataElement, sourceLittleEndian: boolean, target: Pick<TargetEncoding, "littleEndian">): Uint8Array {
  let v = e.value;
  if (v === undefined) {
    if (e.length === 0) return new Uint8Array(0);
    throw new DicomPixelError("INVALID_ARGUMENT", `${tagString(e.tag)} value of ${e.length} bytes was not loaded, so it cannot be written`, {
      tag: tagString(e.tag),
    });
  }
  const swap = SWAP_SIZE[e.vr];
  if (swap !== undefined && sourceLittleEndian !== target.littleEndian) v = swapBytes(v, swap);
  if (v.length & 1) {
    const padded = new Uint8Array(v.length + 1);
    padded.set(v);
    padded[v.length] = SPACE_PADDED.has(e.vr) ? 0x20 : 0x00;
    v = padded;
  }
  return v;
}

/** Encodes one element (with its items) for the target. */
export function encodeElement(e: DataElement, sourceLittleEndian: boolean, target: TargetEncoding, out: ByteBuilder): void {
  if (e.items !== undefined || e.vr === "SQ") {
    encodeSequence(e, target, out);
    return;
  }
  const value = targetValue(e, sourceLittleEndian, target);
  if (value.length > 0xfffffffe) {
    throw new DicomPixelError("SIZE_LIMIT", `${tagString(e.tag)} value of ${value.length} bytes exceeds the 32-bit length field`);
  }
  // PS3.5 6.2.2 Note: a value too long for a 2-byte length field is written with VR UN.
  const vr = target.explicitVR && !LONG_VRS.has(e.vr) && value.length > 0xfffe ? "UN" : e.vr;
  writeHeader(out, e.tag, vr.length === 2 ? vr : "UN", value.length, target);
  out.bytes(value);
}

function encodeSequence(e: DataElement, target: TargetEncoding, out: ByteBuilder): void {
  const le = target.littleEndian;
  const items = e.items ?? [];
  if (target.sequenceLength === "undefined") {
    writeHeader(out, e.tag, "SQ", 0xffffffff, target);
    for (const item of items) {
      writeItemHeader(out, 0xfffee000, 0xffffffff, le);
      out.bytes(encodeDataSet(item, target));
      writeItemHeader(out, 0xfffee00d, 0, le);
    }
    writeItemHeader(out, 0xfffee0dd, 0, le);
    return;
  }
  const body = new ByteBuilder();
  for (const item of items) {
    const bytes = encodeDataSet(item, target);
    writeItemHeader(body, 0xfffee000, bytes.length, le);
    body.bytes(bytes);
  }
  writeHeader(out, e.tag, "SQ", body.length, target);
  out.bytes(body.toUint8Array());
}

/**
 * Encodes the elements of a data set (or an item) for the target, in ascending tag order. Group Length
 * elements (gggg,0000) present in the source are recalculated (PS3.5 7.2); `extraGroupLength` adds bytes
 * written later for a group (the Pixel Data group when the caller streams it).
 */
export function encodeElements(
  elements: readonly DataElement[],
  sourceLittleEndian: boolean,
  target: TargetEncoding,
  extraGroupLength: (group: number) => number = () => 0,
  /** Filled with each element's offset (its tag's first byte) in the returned bytes. */
  offsets?: Map<number, number>,
): Uint8Array {
  const sorted = [...elements].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  const encoded = sorted.map((e) => {
    if ((e.tag & 0xffff) === 0) return undefined; // group length: filled below
    const b = new ByteBuilder();
    encodeElement(e, sourceLittleEndian, target, b);
    return b.toUint8Array();
  });
  const out = new ByteBuilder();
  sorted.forEach((e, i) => {
    const bytes = encoded[i];
    offsets?.set(e.tag, out.length);
    if (bytes !== undefined) {
      out.bytes(bytes);
      return;
    }
    const group = e.tag >>> 16;
    let length = extraGroupLength(group);
    for (let k = i + 1; k < sorted.length && sorted[k]!.tag >>> 16 === group; k++) length += encoded[k]?.length ?? 0;
    writeHeader(out, e.tag, "UL", 4, target);
    out.u32(length, target.littleEndian);
  });
  return out.toUint8Array();
}

/** Encodes a whole data set (sequence item) for the target. */
export function encodeDataSet(ds: DataSet, target: TargetEncoding): Uint8Array {
  return encodeElements([...ds], ds.littleEndian, target);
}
