/**
 * The data set model shared by the reader, the writer and the imaging pipeline (PS3.5 section 7).
 *
 * A {@link DataSet} is an ordered collection of {@link DataElement}s keyed by tag (a number 0xGGGGEEEE).
 * Every element keeps its value exactly as stored (`value`, raw bytes in the data set's byte order), so a
 * rewrite in the same transfer syntax reproduces it byte for byte; typed accessors decode on demand what pixel
 * handling needs (numbers of US/SS/UL/SL/FL/FD/IS/DS/AT, text of CS/UI/LO/SH/LT/...). Sequences (SQ) keep their
 * items as nested DataSets in `items`.
 *
 * Elements whose value was not loaded (Pixel Data by default, or anything past a `stopBefore` tag) have no
 * `value`; `offset` and `length` locate it in the source.
 */

/** Undefined length (PS3.5 7.1.1): the value ends with a delimiter. */
export const UNDEFINED_LENGTH = 0xffffffff;

/** One data element (PS3.5 7.1). */
export interface DataElement {
  /** Tag as a number 0xGGGGEEEE, e.g. 0x7fe00010 for Pixel Data. */
  tag: number;
  /** Two-letter VR: explicit in the stream, from the data dictionary for Implicit VR ("UN" when unknown). */
  vr: string;
  /** Declared value length in bytes; {@link UNDEFINED_LENGTH} for undefined length (SQ, encapsulated Pixel Data, UN). */
  length: number;
  /**
   * Byte offset of the value's first byte in the source (for Deflated transfer syntaxes: in the inflated
   * data set stream, counted from the start of the file as if the data were not deflated). -1 when the
   * element was created in memory.
   */
  offset: number;
  /** The value bytes exactly as stored (data set byte order, padding included). Absent when not loaded. */
  value?: Uint8Array;
  /** The items of a sequence (SQ, or UN with undefined length read as a sequence). */
  items?: DataSet[];
}

/** How a data set is encoded. Items of a sequence share their parent's encoding. */
export interface DataSetEncoding {
  littleEndian: boolean;
  explicitVR: boolean;
}

const latin1 = new TextDecoder("latin1");
const encoder = new TextEncoder();

/** VRs whose values are text with leading spaces insignificant (PS3.5 Table 6.2-1). */
const TRIM_BOTH = new Set(["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "PN", "SH", "TM", "UC", "UI"]);
/** VRs that are text but keep leading spaces (only trailing padding is trimmed). */
const TRIM_END = new Set(["LT", "ST", "UT", "UR"]);
/** VRs whose value is a single text value (a backslash is data, not a delimiter). */
const SINGLE_TEXT = new Set(["LT", "ST", "UT", "UR"]);

const BINARY_SIZE: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4, UV: 8, SV: 8 };

/** True for VRs whose value is text (PS3.5 6.2). */
export function isTextVR(vr: string): boolean {
  return TRIM_BOTH.has(vr) || TRIM_END.has(vr);
}

/** Formats a tag number 0xggggeeee as "(gggg,eeee)". */
export function tagString(tag: number): string {
  const h = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  return `(${h(tag >>> 16)},${h(tag & 0xffff)})`;
}

function trimText(text: string, vr: string): string {
  if (vr === "UI") return text.replace(/[\0 ]+$/, "").replace(/^[\0 ]+/, "");
  if (TRIM_END.has(vr)) return text.replace(/[\0 ]+$/, "");
  return text.replace(/[\0 ]+$/, "").replace(/^ +/, "");
}

/**
 * An ordered set of data elements with typed accessors. Iterating yields the elements in tag order as read
 * (the reader keeps stream order, which PS3.5 7.1 requires to be ascending).
 */
export class DataSet implements Iterable<DataElement> {
  readonly littleEndian: boolean;
  readonly explicitVR: boolean;
  private readonly map = new Map<number, DataElement>();
  /** Highest tag present (elements are appended in ascending order by the reader: O(1) insertion). */
  private lastTag = -1;

  constructor(encoding: DataSetEncoding = { littleEndian: true, explicitVR: true }, elements: Iterable<DataElement> = []) {
    this.littleEndian = encoding.littleEndian;
    this.explicitVR = encoding.explicitVR;
    for (const e of elements) this.set(e);
  }

  /** Number of elements at this level. */
  get size(): number {
    return this.map.size;
  }

  /** The element with this tag, or undefined. */
  get(tag: number): DataElement | undefined {
    return this.map.get(tag);
  }

  /** True when the element is present (even with an empty value). */
  has(tag: number): boolean {
    return this.map.has(tag);
  }

  /** Elements in stored order. */
  [Symbol.iterator](): Iterator<DataElement> {
    return this.map.values();
  }

  /** Tags in stored order. */
  tags(): number[] {
    return [...this.map.keys()];
  }

  /** Adds or replaces an element. A new tag is inserted in ascending tag order (PS3.5 7.1). */
  set(element: DataElement): void {
    if (this.map.has(element.tag)) {
      this.map.set(element.tag, element);
      return;
    }
    if (this.lastTag < element.tag) {
      this.map.set(element.tag, element);
      this.lastTag = element.tag;
      return;
    }
    const all = [...this.map.values(), element].sort((a, b) => a.tag - b.tag);
    this.map.clear();
    for (const e of all) this.map.set(e.tag, e);
  }

  /** Removes an element; returns true when it was present. */
  delete(tag: number): boolean {
    const had = this.map.delete(tag);
    if (had && tag === this.lastTag) this.lastTag = Math.max(-1, ...this.map.keys());
    return had;
  }

  /** The raw value bytes (as stored, padding included), or undefined when absent or not loaded. */
  bytes(tag: number): Uint8Array | undefined {
    return this.map.get(tag)?.value;
  }

  /**
   * The text value with DICOM padding trimmed (trailing spaces/NULs; leading spaces too, except for
   * LT/ST/UT/UR). Multi-valued text is returned whole, backslashes included. Undefined when absent/empty.
   * Text is decoded as ISO 8859-1, which is exact for the default character repertoire.
   */
  string(tag: number): string | undefined {
    const e = this.map.get(tag);
    if (e?.value === undefined || e.value.length === 0) return undefined;
    const text = trimText(latin1.decode(e.value), e.vr);
    return text === "" ? undefined : text;
  }

  /** Text values split at backslashes (PS3.5 6.4), each trimmed; [] when absent. */
  strings(tag: number): string[] {
    const e = this.map.get(tag);
    if (e?.value === undefined || e.value.length === 0) return [];
    const text = latin1.decode(e.value);
    if (SINGLE_TEXT.has(e.vr)) return [trimText(text, e.vr)];
    return text.split("\\").map((s) => trimText(s, e.vr));
  }

  /** The first numeric value (see {@link numbers}), or undefined. */
  number(tag: number): number | undefined {
    return this.numbers(tag)[0];
  }

  /**
   * Numeric values: binary US/SS/UL/SL/FL/FD/UV/SV/AT in the data set's byte order, IS/DS parsed from text.
   * Empty text values are skipped; a value that is not a number yields NaN. [] when absent.
   * OB/OW/UN of the right length are not interpreted (use `bytes`).
   */
  numbers(tag: number): number[] {
    const e = this.map.get(tag);
    if (e?.value === undefined || e.value.length === 0) return [];
    return decodeNumbers(e.vr, e.value, this.littleEndian);
  }

  /** The items of a sequence; [] when absent or not a sequence. */
  sequence(tag: number): DataSet[] {
    return this.map.get(tag)?.items ?? [];
  }

  /**
   * Sets a value encoded in this data set's byte order, padded to even length (space for text, NUL for UI
   * and binary), replacing any element with the same tag.
   */
  setValue(tag: number, vr: string, value: string | readonly string[] | number | readonly number[] | Uint8Array): DataElement {
    const bytes = encodeValue(vr, value, this.littleEndian);
    const element: DataElement = { tag, vr, length: bytes.length, offset: -1, value: bytes };
    this.set(element);
    return element;
  }
}

/** Decodes the numbers of a value of the given VR (see {@link DataSet.numbers}). */
export function decodeNumbers(vr: string, value: Uint8Array, littleEndian: boolean): number[] {
  if (vr === "IS" || vr === "DS") {
    const out: number[] = [];
    for (const part of latin1.decode(value).split("\\")) {
      const t = part.replace(/[\0 ]+$/, "").trim();
      if (t !== "") out.push(Number(t));
    }
    return out;
  }
  const size = BINARY_SIZE[vr];
  if (size === undefined) return [];
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const n = Math.floor(value.length / size);
  const out = new Array<number>(n);
  const le = littleEndian;
  for (let i = 0; i < n; i++) {
    const at = i * size;
    switch (vr) {
      case "US":
        out[i] = view.getUint16(at, le);
        break;
      case "SS":
        out[i] = view.getInt16(at, le);
        break;
      case "UL":
        out[i] = view.getUint32(at, le);
        break;
      case "SL":
        out[i] = view.getInt32(at, le);
        break;
      case "FL":
        out[i] = view.getFloat32(at, le);
        break;
      case "FD":
        out[i] = view.getFloat64(at, le);
        break;
      case "UV":
        out[i] = Number(view.getBigUint64(at, le));
        break;
      case "SV":
        out[i] = Number(view.getBigInt64(at, le));
        break;
      default: // AT: group then element, each 16-bit (PS3.5 6.2)
        out[i] = ((view.getUint16(at, le) << 16) | view.getUint16(at + 2, le)) >>> 0;
    }
  }
  return out;
}

/**
 * Encodes a value for the given VR and byte order, padded to even length (PS3.5 7.1.1: UI with NUL, other
 * text with space, binary with NUL).
 * @throws {TypeError} when the value type does not fit the VR
 */
export function encodeValue(
  vr: string,
  value: string | readonly string[] | number | readonly number[] | Uint8Array,
  littleEndian = true,
): Uint8Array {
  if (value instanceof Uint8Array) return padEven(value, 0);
  const size = BINARY_SIZE[vr];
  if (size !== undefined) {
    const list = (typeof value === "number" ? [value] : value) as readonly (number | string)[];
    const out = new Uint8Array(list.length * size);
    const view = new DataView(out.buffer);
    list.forEach((raw, i) => {
      const v = Number(raw);
      const at = i * size;
      switch (vr) {
        case "US":
          view.setUint16(at, v, littleEndian);
          break;
        case "SS":
          view.setInt16(at, v, littleEndian);
          break;
        case "UL":
          view.setUint32(at, v, littleEndian);
          break;
        case "SL":
          view.setInt32(at, v, littleEndian);
          break;
        case "FL":
          view.setFloat32(at, v, littleEndian);
          break;
        case "FD":
          view.setFloat64(at, v, littleEndian);
          break;
        case "UV":
          view.setBigUint64(at, BigInt(v), littleEndian);
          break;
        case "SV":
          view.setBigInt64(at, BigInt(v), littleEndian);
          break;
        default:
          view.setUint16(at, v >>> 16, littleEndian);
          view.setUint16(at + 2, v & 0xffff, littleEndian);
      }
    });
    return out;
  }
  if (typeof value === "number" || (Array.isArray(value) && typeof value[0] === "number")) {
    if (vr !== "IS" && vr !== "DS") throw new TypeError(`encodeValue: VR ${vr} does not take numbers`);
  }
  const parts = (Array.isArray(value) ? value : [value]) as readonly (string | number)[];
  const text = parts.map((p) => String(p)).join("\\");
  return padEven(encodeLatin1(text), vr === "UI" ? 0 : 0x20);
}

function encodeLatin1(text: string): Uint8Array {
  // Code points above 0xFF are not representable in the default repertoire; fall back to UTF-8 for them.
  if (/[^\u0000-\u00ff]/.test(text)) return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function padEven(bytes: Uint8Array, pad: number): Uint8Array {
  if ((bytes.length & 1) === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = pad;
  return out;
}
