/**
 * Other libraries' headers as a DataSet, so that a dcmjs or dicom-parser user can hand dicompix the header
 * they already parsed (PixelModule, palette LUTs, writer input) without reading the file again.
 *
 * - dcmjs: a naturalized data set (`{ Rows: 512, PhotometricInterpretation: "MONOCHROME2", ... }`, sequences
 *   as arrays of objects) or a denaturalized dict (`{ "00280010": { vr: "US", Value: [512] } }`).
 * - dicom-parser: its `DataSet` (`elements` keyed "xggggeeee" with `dataOffset`/`length`/`vr`/`items`, over
 *   `byteArray`). Only the structural shape is used; neither package is a runtime dependency.
 */
import { DataSet, encodeValue, type DataElement } from "./dataset.js";
import { implicitVR, lookupTag, tagForKeyword } from "./dictionary.js";

type Json = Record<string, unknown>;

function vrFor(tag: number, given?: string): string {
  if (given && /^[A-Z]{2}$/.test(given)) return given;
  const e = lookupTag(tag);
  return e ? implicitVR(tag) : "UN";
}

function encodeAny(ds: DataSet, tag: number, vr: string, value: unknown): void {
  if (vr === "SQ") {
    const items = (Array.isArray(value) ? value : value == null ? [] : [value]) as Json[];
    ds.set({ tag, vr, length: 0xffffffff, offset: -1, items: items.map((i) => fromNaturalizedInto(i)) });
    return;
  }
  if (value == null) {
    ds.set({ tag, vr, length: 0, offset: -1, value: new Uint8Array(0) });
    return;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const v = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    ds.setValue(tag, vr, v);
    return;
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 0 && (list[0] instanceof ArrayBuffer || ArrayBuffer.isView(list[0]))) {
    encodeAny(ds, tag, vr, list[0]);
    return;
  }
  if (vr === "PN") {
    ds.setValue(tag, vr, list.map((p) => (typeof p === "object" && p !== null ? String((p as Json).Alphabetic ?? "") : String(p))));
    return;
  }
  ds.setValue(tag, vr, list as string[] | number[]);
}

function fromNaturalizedInto(obj: Json): DataSet {
  const ds = new DataSet({ littleEndian: true, explicitVR: true });
  for (const [key, value] of Object.entries(obj)) {
    if (key === "_vrMap" || key === "_meta") continue;
    const tag = tagForKeyword(key);
    if (tag === undefined) continue; // private or unknown keywords cannot be placed
    const vrMap = obj._vrMap as Record<string, string> | undefined;
    encodeAny(ds, tag, vrFor(tag, vrMap?.[key]), value);
  }
  return ds;
}

/**
 * A dcmjs naturalized data set as a DataSet (Explicit VR Little Endian encoding). Keywords the dictionary does
 * not know are skipped; ambiguous VRs use `_vrMap` when present, otherwise the Implicit VR rule.
 */
export function dataSetFromNaturalized(naturalized: Json): DataSet {
  return fromNaturalizedInto(naturalized);
}

/** A dcmjs denaturalized dict (`{ "ggggeeee": { vr, Value } }`, e.g. `DicomMessage.readFile(...).dict`) as a DataSet. */
export function dataSetFromDcmjsDict(dict: Record<string, { vr?: string; Value?: unknown[] }>): DataSet {
  const ds = new DataSet({ littleEndian: true, explicitVR: true });
  for (const [key, el] of Object.entries(dict)) {
    if (!/^[0-9A-Fa-f]{8}$/.test(key)) continue;
    const tag = parseInt(key, 16) >>> 0;
    const vr = vrFor(tag, el.vr);
    if (vr === "SQ") {
      const items = (el.Value ?? []) as Record<string, { vr?: string; Value?: unknown[] }>[];
      ds.set({ tag, vr, length: 0xffffffff, offset: -1, items: items.map((i) => dataSetFromDcmjsDict(i)) });
    } else {
      encodeAny(ds, tag, vr, el.Value ?? null);
    }
  }
  return ds;
}

/** The shape of a dicom-parser DataSet this adapter reads. */
export interface DicomParserDataSetLike {
  byteArray: Uint8Array;
  elements: Record<string, { tag: string; vr?: string; length: number; dataOffset: number; items?: { dataSet?: DicomParserDataSetLike }[] }>;
  /** dicom-parser sets this from the transfer syntax; absent means little endian. */
  littleEndian?: boolean;
}

/**
 * A dicom-parser DataSet as a DataSet: values are copied as stored (the byte order of the parsed file); VRs
 * come from the element when it was explicit, from the dictionary otherwise.
 */
export function dataSetFromDicomParser(parsed: DicomParserDataSetLike, littleEndian = parsed.littleEndian ?? true): DataSet {
  const ds = new DataSet({ littleEndian, explicitVR: true });
  for (const el of Object.values(parsed.elements)) {
    const tag = parseInt(el.tag.slice(1), 16) >>> 0;
    const vr = vrFor(tag, el.vr);
    const element: DataElement = { tag, vr, length: el.length, offset: el.dataOffset };
    if (el.items && (vr === "SQ" || vr === "UN" || el.vr === undefined)) {
      element.items = el.items.filter((i) => i.dataSet).map((i) => dataSetFromDicomParser(i.dataSet!, littleEndian));
      element.vr = "SQ";
    } else if (el.length !== 0xffffffff && el.dataOffset + el.length <= parsed.byteArray.length) {
      element.value = parsed.byteArray.slice(el.dataOffset, el.dataOffset + el.length);
    }
    ds.set(element);
  }
  return ds;
}

/** Re-exported for adapters that build values themselves. */
export { encodeValue };
