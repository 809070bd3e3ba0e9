/**
 * Deterministic (seeded) mutation fuzzing of the whole public decode path: openDicom(bytes) -> decodeFrame(file, i).
 *
 * A case passes when every call either succeeds or throws a DicomPixelError with a non-empty code. Anything
 * else (WebAssembly.RuntimeError, TypeError, RangeError from internals, a plain Error) is a failure, as is a
 * case that takes longer than {@link CASE_BUDGET_MS} on these tiny inputs (a hang).
 *
 * Mutations are chosen from the structure of the original file (found with openDicom on the unmutated
 * bytes): the Pixel Data element header, the encapsulation items and Basic Offset Table, the RLE header, the
 * JPEG marker segments of the first fragment, the Image Pixel attributes, and random offsets.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { openDicom, type DicomFile } from "../../src/part10/open.js";
import { decodeFrame, type DecodedFrameResult } from "../../src/decode.js";
import { imagingFromDataSet } from "../../src/imaging/from-dataset.js";
import { createRenderer } from "../../src/imaging/render.js";
import { renderColorFrame, renderPaletteFrame } from "../../src/imaging/color.js";
import { encodePng } from "../../src/imaging/png.js";
import { paletteFromDataSet } from "../../src/transforms/palette.js";
import type { DecodeOptions } from "../../src/codecs/codec.js";
import { DicomPixelError } from "../../src/errors.js";
import { corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

/** A decode that takes longer than this on a file of a few KiB is treated as a hang. */
export const CASE_BUDGET_MS = 2000;
/** Frames decoded per mutated input (the chosen files have few; this bounds multi-frame cost). */
const MAX_FRAMES = 4;

/** Seeded PRNG (mulberry32): every run mutates the same way. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutation {
  name: string;
  apply(src: Uint8Array): Uint8Array;
  /** "bytes": same length (composable); "attr": changes a header value at `at`; "cut": truncation. */
  kind?: "bytes" | "attr" | "cut";
  at?: number;
}

export interface FuzzTarget {
  entry: ManifestEntry;
  bytes: Uint8Array;
}

/** Transfer syntaxes swept (JPEG-LS and JPEG 2000 are left to their own engineers' fuzz tests). */
const PICKS: { label: string; match: (e: ManifestEntry) => boolean; count: number }[] = [
  { label: "implicit LE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2", count: 2 },
  { label: "explicit LE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && e.bitsAllocated !== 1 && !e.pixelDataElement && !isPalette(e) && !is422(e), count: 2 },
  { label: "explicit LE 1-bit", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && e.bitsAllocated === 1, count: 1 },
  { label: "explicit LE float", match: (e) => !!e.pixelDataElement, count: 1 },
  { label: "explicit LE YBR_FULL_422", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && is422(e), count: 1 },
  { label: "explicit BE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated !== 1, count: 2 },
  { label: "explicit BE 1-bit", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated === 1, count: 1 },
  { label: "deflated", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1.99", count: 1 },
  { label: "RLE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.5" && !isPalette(e), count: 3 },
  { label: "explicit LE palette", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && isPalette(e), count: 1 },
  { label: "JPEG baseline multi-frame", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.50" && Number(e.numberOfFrames) > 2, count: 1 },
  { label: "RLE palette", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.5" && isPalette(e), count: 1 },
  { label: "JPEG lossless .57", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.57", count: 1 },
  { label: "JPEG lossless .70", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.70", count: 2 },
  { label: "bare .jpg 8-bit", match: (e) => e.format.startsWith("bare JPEG") && e.columns !== 1 && e.bitsStored === 8 && e.samplesPerPixel === 1, count: 1 },
  { label: "bare .jpg 12-bit", match: (e) => e.format.startsWith("bare JPEG") && e.bitsStored === 12, count: 1 },
  { label: "bare .jpg colour", match: (e) => e.format.startsWith("bare JPEG") && e.samplesPerPixel === 3, count: 2 },
  { label: "JPEG baseline", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.50" && !is422(e), count: 2 },
  { label: "JPEG baseline YBR_FULL_422", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.50" && is422(e), count: 1 },
  { label: "JPEG extended", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.51", count: 1 },
  { label: "JPEG progressive", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.53" || e.transferSyntaxUID === "1.2.840.10008.1.2.4.55", count: 1 },
];

function isPalette(e: ManifestEntry): boolean {
  return e.photometricInterpretation === "PALETTE COLOR";
}
function is422(e: ManifestEntry): boolean {
  return e.photometricInterpretation === "YBR_FULL_422";
}

/**
 * JPEG-LS, swept only when DICOMPIX_FUZZ_JPEGLS=1 (its codec is being written; crashes found there are
 * reported to its owner rather than kept in this always-on test).
 */
const JPEG_LS_PICKS: typeof PICKS = [
  { label: "JPEG-LS lossless", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.80", count: 3 },
  { label: "JPEG-LS near-lossless", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.81", count: 3 },
];

/** The smallest few files of each swept syntax (files the reference tools reject are excluded). */
export function pickTargets(): FuzzTarget[] {
  const all = loadManifest().filter((e) => !e.expectError && e.reference.kind !== "error");
  const seen = new Set<string>();
  const out: FuzzTarget[] = [];
  const picks = process.env.DICOMPIX_FUZZ_JPEGLS === "1" ? JPEG_LS_PICKS : PICKS;
  for (const p of picks) {
    const chosen = all.filter((e) => p.match(e) && !seen.has(e.path)).sort((a, b) => (a as { size?: number }).size! - (b as { size?: number }).size!).slice(0, p.count);
    for (const e of chosen) {
      seen.add(e.path);
      out.push({ entry: e, bytes: new Uint8Array(readFileSync(corpusFile(e))) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Structure of the original file

export interface Layout {
  /** Offset of the Pixel Data value (after its element header), or -1. */
  pixelValue: number;
  /** Offset of the Pixel Data length field (4 bytes), or -1. */
  pixelLengthField: number;
  /** Item tag offsets of encapsulated data (BOT first), with their value lengths. */
  items: { at: number; length: number }[];
  /** Offsets of the first fragment's value and its length (a bare .jpg: the whole file). */
  codestream?: { at: number; length: number };
  /** Image Pixel attributes found in the (undeflated) header: offset of the element and its encoding. */
  attributes: Map<number, { at: number; valueAt: number; length: number; lengthAt: number; lengthSize: number; vr: string; le?: boolean }>;
  littleEndian: boolean;
  deflated: boolean;
  headerEnd: number;
}

const TRANSFER_SYNTAX_TAG = 0x00020010;
/** Transfer syntaxes swapped in: the decoders then see another codec's bytes (JPEG-LS/J2K left out, see PICKS). */
const SWAP_SYNTAXES = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90"];
const ATTRIBUTE_TAGS = [
  0x00280002, 0x00280004, 0x00280006, 0x00280008, 0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102, 0x00280103,
  // Rendering: window, rescale, palette descriptors (PS3.3 C.11.2, C.11.1, C.7.6.3.1.5)
  0x00281050, 0x00281051, 0x00281052, 0x00281053, 0x00281101, 0x00281102, 0x00281103,
];

export async function layoutOf(t: FuzzTarget): Promise<Layout> {
  const file = await openDicom(t.bytes);
  const deflated = file.transferSyntaxUID === "1.2.840.10008.1.2.1.99";
  const le = file.dataset.littleEndian;
  const pd = file.pixelData;
  const layout: Layout = {
    pixelValue: -1,
    pixelLengthField: -1,
    items: [],
    attributes: new Map(),
    littleEndian: le,
    deflated,
    headerEnd: t.bytes.length,
  };
  if (file.bareCodestream) {
    layout.codestream = { at: 0, length: t.bytes.length };
    layout.headerEnd = 0;
    return layout;
  }
  if (pd && !deflated) {
    layout.pixelValue = pd.offset;
    layout.pixelLengthField = pd.offset - 4;
    layout.headerEnd = pd.offset - 12;
    const scan = file.fragments;
    if (scan) {
      layout.items.push({ at: scan.firstFragmentOffset - 8 - scan.basicOffsetTable.length * 4, length: scan.basicOffsetTable.length * 4 });
      for (const f of scan.fragments) layout.items.push({ at: f.itemOffset, length: f.length });
      const f0 = scan.fragments[0];
      if (f0) layout.codestream = { at: f0.offset, length: f0.length };
    }
    findAttributes(t.bytes, layout, file);
  }
  if (pd && !file.bareCodestream) findTransferSyntaxElement(t.bytes, layout, file);
  await file.close();
  return layout;
}

/** Locates (0002,0010) Transfer Syntax UID in the File Meta Information (always explicit VR little endian). */
function findTransferSyntaxElement(b: Uint8Array, layout: Layout, file: DicomFile): void {
  const want = file.meta.get(TRANSFER_SYNTAX_TAG);
  if (!want) return;
  for (let i = 132; i + 8 <= Math.min(b.length, want.offset); i++) {
    if (b[i] === 2 && b[i + 1] === 0 && b[i + 2] === 0x10 && b[i + 3] === 0 && b[i + 4] === 0x55 && b[i + 5] === 0x49 && i + 8 === want.offset) {
      layout.attributes.set(TRANSFER_SYNTAX_TAG, { at: i, valueAt: i + 8, length: b[i + 6]! | (b[i + 7]! << 8), lengthAt: i + 6, lengthSize: 2, vr: "UI", le: true });
      return;
    }
  }
}

/** Locates the Image Pixel attributes by their tag bytes in the header (top-level elements, before Pixel Data). */
function findAttributes(b: Uint8Array, layout: Layout, file: DicomFile): void {
  const le = layout.littleEndian;
  const explicit = file.dataset.explicitVR;
  for (const tag of ATTRIBUTE_TAGS) {
    if (!file.dataset.has(tag)) continue;
    const g = tag >>> 16;
    const el = tag & 0xffff;
    const pat = le ? [g & 255, g >> 8, el & 255, el >> 8] : [g >> 8, g & 255, el >> 8, el & 255];
    const want = file.dataset.get(tag)!;
    for (let i = 132; i + 8 <= layout.headerEnd; i++) {
      if (b[i] !== pat[0] || b[i + 1] !== pat[1] || b[i + 2] !== pat[2] || b[i + 3] !== pat[3]) continue;
      let valueAt: number, length: number, lengthAt: number, lengthSize: number, vr: string;
      if (explicit) {
        vr = String.fromCharCode(b[i + 4]!, b[i + 5]!);
        lengthAt = i + 6;
        lengthSize = 2;
        length = le ? b[i + 6]! | (b[i + 7]! << 8) : (b[i + 6]! << 8) | b[i + 7]!;
        valueAt = i + 8;
      } else {
        vr = want.vr;
        lengthAt = i + 4;
        lengthSize = 4;
        length = b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24);
        valueAt = i + 8;
      }
      if (valueAt !== want.offset || length !== want.length) continue;
      layout.attributes.set(tag, { at: i, valueAt, length, lengthAt, lengthSize, vr });
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

function copy(src: Uint8Array): Uint8Array {
  return src.slice();
}
function put32(b: Uint8Array, at: number, v: number, le = true): void {
  if (at < 0 || at + 4 > b.length) return;
  if (le) {
    b[at] = v & 255; b[at + 1] = (v >>> 8) & 255; b[at + 2] = (v >>> 16) & 255; b[at + 3] = (v >>> 24) & 255;
  } else {
    b[at] = (v >>> 24) & 255; b[at + 1] = (v >>> 16) & 255; b[at + 2] = (v >>> 8) & 255; b[at + 3] = v & 255;
  }
}
function put16be(b: Uint8Array, at: number, v: number): void {
  if (at < 0 || at + 2 > b.length) return;
  b[at] = (v >>> 8) & 255;
  b[at + 1] = v & 255;
}
function truncate(at: number): Mutation {
  return { name: `truncate@${at}`, kind: "cut", at, apply: (s) => s.slice(0, at) };
}
function setByte(at: number, v: number, what: string): Mutation {
  return { name: `${what}@${at}=0x${v.toString(16)}`, apply: (s) => { const b = copy(s); if (at < b.length) b[at] = v; return b; } };
}
function set32(at: number, v: number, what: string, le = true): Mutation {
  return { name: `${what}@${at}=0x${(v >>> 0).toString(16)}`, apply: (s) => { const b = copy(s); put32(b, at, v, le); return b; } };
}
function set16be(at: number, v: number, what: string): Mutation {
  return { name: `${what}@${at}=${v}`, apply: (s) => { const b = copy(s); put16be(b, at, v); return b; } };
}

/** Replaces an attribute's value (adjusting its length field), e.g. Rows=65535 or Number of Frames "2147483647". */
export function setAttribute(layout: Layout, tag: number, value: number | string | number[]): Mutation | undefined {
  const a = layout.attributes.get(tag);
  if (!a) return undefined;
  const le = a.le ?? layout.littleEndian;
  return {
    kind: "attr",
    at: a.at,
    name: `attr(${tag.toString(16).padStart(8, "0")})=${JSON.stringify(value)}`,
    apply: (s) => {
      let v: Uint8Array;
      if (typeof value === "string") {
        const text = value.length % 2 ? value + (a.vr === "UI" ? "\0" : " ") : value;
        v = new Uint8Array([...text].map((c) => c.charCodeAt(0)));
      } else if (Array.isArray(value)) {
        v = new Uint8Array(value.length * 2);
        value.forEach((x, i) => { v[2 * i + (le ? 0 : 1)] = x & 255; v[2 * i + (le ? 1 : 0)] = (x >>> 8) & 255; });
      } else if (a.vr === "IS" || a.vr === "DS") {
        return setAttribute(layout, tag, String(value))!.apply(s);
      } else {
        v = new Uint8Array(a.length >= 4 ? 4 : 2);
        for (let i = 0; i < v.length; i++) v[le ? i : v.length - 1 - i] = (value >>> (8 * i)) & 255;
      }
      const out = new Uint8Array(s.length - a.length + v.length);
      out.set(s.subarray(0, a.valueAt));
      out.set(v, a.valueAt);
      out.set(s.subarray(a.valueAt + a.length), a.valueAt + v.length);
      if (a.lengthSize === 2) {
        if (le) { out[a.lengthAt] = v.length & 255; out[a.lengthAt + 1] = v.length >> 8; } else put16be(out, a.lengthAt, v.length);
      } else put32(out, a.lengthAt, v.length, le);
      return out;
    },
  };
}

interface Segment { marker: number; at: number; length: number }

/** The JPEG marker segments of a codestream up to the first SOS (plus that SOS). */
function jpegSegments(b: Uint8Array, start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let i = start + 2;
  while (i + 4 <= end && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) { i += marker === 0xff ? 1 : 2; continue; }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    out.push({ marker, at: i, length });
    if (marker === 0xda) break;
    i += 2 + length;
  }
  return out;
}

function isSof(m: number): boolean {
  // T.81 B.1.1.3 SOF0-15 (not DHT C4, JPG C8, DAC CC); T.87 SOF55 (F7)
  return (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
}

function jpegMutations(b: Uint8Array, cs: { at: number; length: number }, r: () => number): Mutation[] {
  const out: Mutation[] = [];
  const segs = jpegSegments(b, cs.at, Math.min(b.length, cs.at + cs.length));
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  for (const s of segs) {
    const p = s.at + 4; // first payload byte
    out.push(set16be(s.at + 2, pick([0, 1, 2, 3, 0xffff, s.length + 1, s.length - 1]), `seg${s.marker.toString(16)}.length`));
    if (isSof(s.marker)) {
      out.push(setByte(p, pick([0, 1, 2, 7, 9, 13, 17, 255]), "SOF.precision"));
      out.push(set16be(p + 1, pick([0, 1, 65535, 32768]), "SOF.rows"));
      out.push(set16be(p + 3, pick([0, 1, 65535, 32768]), "SOF.columns"));
      out.push(setByte(p + 5, pick([0, 2, 4, 5, 255]), "SOF.Nf"));
      out.push(setByte(p + 7, pick([0x00, 0x44, 0x41, 0x14, 0xff, 0x55, 0x12]), "SOF.sampling"));
      out.push(setByte(p + 8, pick([3, 4, 255]), "SOF.Tq"));
      out.push(setByte(s.at + 1, pick([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc7, 0xc9, 0xcb]), "SOF.marker"));
    } else if (s.marker === 0xda) {
      out.push(setByte(p, pick([0, 2, 4, 5, 255]), "SOS.Ns"));
      out.push(setByte(p + 1, pick([0, 99, 255]), "SOS.Cs"));
      out.push(setByte(p + 2, pick([0x44, 0xff, 0x0f, 0xf0]), "SOS.TdTa"));
      const ns = b[p] ?? 1;
      const tail = p + 1 + 2 * ns;
      out.push(setByte(tail, pick([0, 8, 63, 64, 255]), "SOS.Ss"));
      out.push(setByte(tail + 1, pick([0, 8, 63, 64, 255]), "SOS.Se"));
      out.push(setByte(tail + 2, pick([0x00, 0x0f, 0xf0, 0xff, 0x10, 0x01]), "SOS.AhAl"));
    } else if (s.marker === 0xc4) {
      out.push(setByte(p, pick([0x04, 0x14, 0xff, 0x20]), "DHT.TcTh"));
      const k = 1 + Math.floor(r() * 16);
      out.push(setByte(p + k, pick([0, 255, 200, 17]), `DHT.L${k}`));
      out.push({ name: "DHT.counts=255", apply: (src) => { const c = copy(src); for (let j = 1; j <= 16 && p + j < c.length; j++) c[p + j] = 255; return c; } });
      // Over-subscribed or incomplete code lengths with a plausible total (T.81 C.2, Annex K.2).
      const lens = pick([[2, 1], [3], [1, 3, 1], [0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]]);
      out.push({ name: `DHT.lengths=${lens.join(",")}`, apply: (src) => { const c = copy(src); for (let j = 0; j < lens.length && p + 1 + j < c.length; j++) c[p + 1 + j] = lens[j]!; return c; } });
      // Symbol values out of range: DC categories > 11 (> 16 lossless), AC run/size 0xF0-0xFF, 0x0F.
      const nsym = Math.max(1, s.length - 19);
      for (let q = 0; q < 2; q++) {
        const at = p + 17 + Math.floor(r() * Math.min(nsym, 256));
        out.push(setByte(at, pick([0x0f, 0x10, 0x11, 0x12, 0x1f, 0xff, 0xf0, 0xfb]), "DHT.symbol"));
      }
      out.push({ name: "DHT.counts=0", apply: (src) => { const c = copy(src); for (let j = 1; j <= 16 && p + j < c.length; j++) c[p + j] = 0; return c; } });
    } else if (s.marker === 0xdb) {
      out.push(setByte(p, pick([0x04, 0x10, 0x14, 0xff, 0x20]), "DQT.PqTq"));
    } else if (s.marker === 0xdd) {
      out.push(set16be(p, pick([0, 1, 65535]), "DRI.interval"));
    }
  }
  // Remove EOI / damage markers inside the entropy-coded data.
  const end = cs.at + cs.length;
  out.push({ name: "codestream.dropEOI", apply: (src) => { const c = copy(src); if (end - 2 >= cs.at) { c[end - 2] = 0; c[end - 1] = 0; } return c; } });
  const sos = segs.find((s) => s.marker === 0xda);
  if (sos) {
    const ecs = sos.at + 2 + sos.length;
    for (let k = 0; k < 4; k++) {
      const at = ecs + Math.floor(r() * Math.max(1, end - ecs));
      out.push(setByte(at, pick([0xff, 0x00]), "ECS.byte"));
      out.push({ name: `ECS.marker@${at}`, apply: (src) => { const c = copy(src); if (at + 1 < c.length) { c[at] = 0xff; c[at + 1] = pick([0xd0, 0xd9, 0xc4, 0xda, 0xdd, 0x01]); } return c; } });
    }
  }
  return out;
}

function rleMutations(cs: { at: number; length: number }, r: () => number): Mutation[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Mutation[] = [];
  out.push(set32(cs.at, pick([0, 15, 16, 255, 0xffffffff, 2]), "RLE.count"));
  for (let k = 0; k < 4; k++) {
    const i = 1 + Math.floor(r() * 15);
    out.push(set32(cs.at + 4 * i, pick([0, 1, 63, 64, 0xffffffff, 0x7fffffff, cs.length, cs.length + 1, cs.length - 1]), `RLE.offset${i}`));
  }
  out.push({ name: "RLE.offsetsDecreasing", apply: (src) => { const b = copy(src); put32(b, cs.at + 4, cs.length - 2); put32(b, cs.at + 8, 64); return b; } });
  for (let k = 0; k < 6; k++) {
    const at = cs.at + 64 + Math.floor(r() * Math.max(1, cs.length - 64));
    out.push(setByte(at, pick([0x80, 0x81, 0x7f, 0x00, 0xff]), "RLE.control"));
  }
  return out;
}

const HUGE = [0xffffffff, 0x7fffffff, 0xfffffff0, 0x7ffffffe, 0x12345, 0x3];

/** The mutations of one target: structural ones first, then `randomCount` random truncations and flips. */
export function mutationsFor(t: FuzzTarget, layout: Layout, seed: number, randomCount: number): Mutation[] {
  const r = rng(seed);
  const n = t.bytes.length;
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Mutation[] = [];
  const region = layout.codestream ?? (layout.pixelValue >= 0 ? { at: layout.pixelValue, length: n - layout.pixelValue } : { at: Math.min(n, 132), length: Math.max(0, n - 132) });
  // Truncation inside the header, at the Pixel Data header, inside items and the codestream.
  for (const at of [0, 1, 4, 128, 132, 133, 140, Math.floor(layout.headerEnd / 2), layout.headerEnd, layout.pixelLengthField, layout.pixelValue - 1, layout.pixelValue + 3, n - 1, n - 2]) {
    if (at > 0 && at < n) out.push(truncate(at));
  }
  for (const it of layout.items.slice(0, 4)) for (const d of [0, 4, 7, 8, 9, 8 + it.length - 1]) if (it.at + d > 0 && it.at + d < n) out.push(truncate(it.at + d));
  if (layout.pixelLengthField >= 0) {
    for (const v of HUGE) out.push(set32(layout.pixelLengthField, v, "PixelData.length", layout.littleEndian));
  }
  for (const it of layout.items.slice(0, 4)) {
    out.push(set32(it.at + 4, pick(HUGE), "item.length"));
    out.push(set32(it.at + 4, pick([0, 1, it.length + 1, it.length - 1, it.length + 8]), "item.length"));
    out.push(set32(it.at, pick([0xe00dfffe, 0x0000fffe, 0xe000fffe ^ 0x100, 0]), "item.tag"));
  }
  const bot = layout.items[0];
  if (bot && bot.length > 0) {
    for (let k = 0; k < 3; k++) out.push(set32(bot.at + 8 + 4 * Math.floor(r() * (bot.length / 4)), pick([0xffffffff, 0x7fffffff, 3, 1, n, 0]), "BOT.entry"));
  } else if (bot) {
    out.push(set32(bot.at + 4, 4, "BOT.length"));
  }
  if (layout.codestream) {
    const cs = layout.codestream;
    const b = t.bytes;
    if (b[cs.at] === 0xff && b[cs.at + 1] === 0xd8) out.push(...jpegMutations(b, cs, r));
    else if (t.entry.transferSyntaxUID === "1.2.840.10008.1.2.5") out.push(...rleMutations(cs, r));
  }
  const tags = [...layout.attributes.keys()];
  const descriptors: number[][] = [[0, 0, 16], [65535, 0, 16], [256, 65535, 8], [256, 0, 0], [256, 0, 33], [4, 0], [0xffff, 0xffff, 0xffff], [16, 65000, 16]];
  const attrValues: Record<number, (number | string | number[])[]> = {
    0x00281050: ["0", "-1e308", "1e308", "NaN", "abc", "1\\2\\3"],
    0x00281051: ["0", "-5", "1e308", "0.0001", "NaN", "1\\0"],
    0x00281052: ["1e308", "-1e308", "NaN", "inf"],
    0x00281053: ["0", "1e308", "-1e-308", "NaN"],
    0x00281101: descriptors,
    0x00281102: descriptors,
    0x00281103: descriptors,
    0x00280002: [0, 1, 2, 3, 4, 65535],
    0x00280004: ["YBR_FULL_422", "YBR_FULL", "PALETTE COLOR", "RGB", "MONOCHROME1", "MONOCHROME2", "YBR_PARTIAL_420", "YBR_PARTIAL_422", "YBR_ICT", "YBR_RCT", "XYZ", ""],
    0x00280006: [1, 2, 65535],
    0x00280008: ["2147483647", "0", "-1", "1.5", "65536"],
    0x00280010: [0, 1, 65535, 3, 2, 7, 9],
    0x00280011: [0, 1, 65535, 3, 2, 7, 9],
    0x00280100: [0, 1, 7, 8, 12, 16, 24, 32, 64, 255],
    0x00280101: [0, 1, 6, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33, 255],
    0x00280102: [0, 6, 7, 11, 15, 16, 31, 63, 255],
    0x00280103: [1, 2, 65535],
    [TRANSFER_SYNTAX_TAG]: SWAP_SYNTAXES.filter((u) => u !== t.entry.transferSyntaxUID),
  };
  for (const tag of tags) {
    const values = tag === TRANSFER_SYNTAX_TAG ? attrValues[tag]! : [pick(attrValues[tag] ?? [0]), pick(attrValues[tag] ?? [0])];
    for (const v of values) {
      const m = setAttribute(layout, tag, v);
      if (m) out.push(m);
    }
  }
  // Compositions: a few same-length byte mutations, then up to two attribute changes, sometimes a cut.
  const bytesMuts = out.filter((m) => m.kind === undefined || m.kind === "bytes");
  const attrMuts = out.filter((m) => m.kind === "attr");
  const cuts = out.filter((m) => m.kind === "cut");
  for (let k = 0; k < randomCount / 2; k++) {
    const parts: Mutation[] = [];
    const nb = Math.floor(r() * 3);
    for (let j = 0; j < nb && bytesMuts.length; j++) parts.push(pick(bytesMuts));
    const na = attrMuts.length ? 1 + Math.floor(r() * 2) : 0;
    const attrs: Mutation[] = [];
    for (let j = 0; j < na; j++) {
      const m = pick(attrMuts);
      if (!attrs.some((x) => x.at === m.at)) attrs.push(m);
    }
    attrs.sort((x, y) => y.at! - x.at!); // from the end, so earlier offsets stay valid
    parts.push(...attrs);
    if (r() < 0.15 && cuts.length) parts.push(pick(cuts));
    if (parts.length < 2) continue;
    out.push({ name: parts.map((m) => m.name).join(" + "), apply: (src) => parts.reduce((b, m) => m.apply(b), src) });
  }
  for (let k = 0; k < randomCount; k++) {
    const kind = r();
    if (kind < 0.3) {
      out.push(truncate(1 + Math.floor(r() * (n - 1))));
    } else if (kind < 0.5) {
      const at = region.at + Math.floor(r() * Math.max(1, Math.min(region.length, n - region.at)));
      out.push(truncate(at));
    } else {
      const flips = 1 + Math.floor(r() * 4);
      const sites: [number, number][] = [];
      for (let j = 0; j < flips; j++) {
        const inRegion = r() < 0.75 && region.length > 0;
        const at = inRegion ? region.at + Math.floor(r() * Math.min(region.length, n - region.at)) : Math.floor(r() * n);
        sites.push([at, r() < 0.5 ? 1 << Math.floor(r() * 8) : Math.floor(r() * 256)]);
      }
      out.push({
        name: `flip(${sites.map(([a, x]) => `${a}^${x}`).join(",")})`,
        apply: (s) => { const b = copy(s); for (const [a, x] of sites) if (a < b.length) b[a] ^= x; return b; },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Running a case

export interface CaseFailure {
  file: string;
  mutation: string;
  options: string;
  error: string;
}

/** Decode options tried: the default on every case, the others on a subset. */
export const OPTION_SETS: { name: string; open: { lenient?: boolean }; decode: DecodeOptions; stream?: boolean; render?: boolean; twice?: boolean }[] = [
  { name: "default", open: {}, decode: {} },
  { name: "rgb", open: {}, decode: { colorSpace: "rgb" } },
  { name: "lenient", open: { lenient: true }, decode: { lenient: true }, twice: true },
  { name: "raw+preserve", open: {}, decode: { raw: true, planar: "preserve", maxFrameBytes: 1 << 24 } },
  { name: "stream", open: {}, decode: {}, stream: true, twice: true },
  { name: "render", open: { lenient: true }, decode: { colorSpace: "rgb", lenient: true }, render: true },
];

/** The bytes as a one-pass ReadableStream in 997-byte chunks (the StreamSource path). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + 997));
      at += 997;
    },
  });
}

/** Frame 0 through Modality LUT, VOI, palette or colour rendering and PNG, as `dicompix render` does. */
function renderLikeTheCli(file: DicomFile, decoded: DecodedFrameResult): void {
  const module = decoded.module;
  const pi = module.photometricInterpretation;
  if (pi === "MONOCHROME1" || pi === "MONOCHROME2") {
    const attrs = imagingFromDataSet(file.dataset, { frameIndex: 0 });
    encodePng(createRenderer(module, attrs, { output: "gray8" }).render(decoded.pixels));
  } else if (pi === "PALETTE COLOR") {
    encodePng(renderPaletteFrame(decoded.pixels, module, paletteFromDataSet(file.dataset), "rgb8"));
  } else {
    const desc = { ...module.toAttributes(), photometricInterpretation: decoded.photometricInterpretation } as typeof module;
    encodePng(renderColorFrame(decoded.pixels, desc, "rgb8"));
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Canonical form: integer samples masked to Bits Stored and sign-extended (src/pixel-module.ts), 1-bit
 * unpacked to 0/1. A sample outside that range is a codec that skipped masking on a hostile path.
 */
function outOfRange(d: DecodedFrameResult): string | undefined {
  const m = d.module;
  if (m.pixelDataElement !== "PixelData" && m.pixelDataElement !== undefined) return undefined;
  const bs = m.bitsAllocated === 1 ? 1 : m.bitsStored;
  const signed = m.pixelRepresentation === 1 && m.bitsAllocated !== 1;
  const lo = signed ? -(2 ** (bs - 1)) : 0;
  const hi = signed ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
  const px = d.pixels as ArrayLike<number>;
  for (let i = 0; i < px.length; i++) {
    const v = px[i]!;
    if (v < lo || v > hi) return `sample ${i} is ${v}, outside ${lo}..${hi} (Bits Stored ${bs}, Pixel Representation ${m.pixelRepresentation})`;
  }
  return undefined;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 8).join("\n")}`;
  return `non-Error thrown: ${String(e)}`;
}

function acceptable(e: unknown): boolean {
  return e instanceof DicomPixelError && typeof e.code === "string" && e.code.length > 0 && e.code !== "INTERNAL_ERROR";
}

/** Opens and decodes every frame (up to MAX_FRAMES); returns a failure description or undefined. */
export async function runOne(bytes: Uint8Array, options: (typeof OPTION_SETS)[number], outcomes?: Map<string, number>, lastKeys?: string[]): Promise<string | undefined> {
  const note = (k: string) => {
    outcomes?.set(k, (outcomes.get(k) ?? 0) + 1);
    if (lastKeys) lastKeys.push(k);
  };
  const t0 = performance.now();
  const done = () => outcomes?.set("maxMs", Math.max(outcomes.get("maxMs") ?? 0, Math.round(performance.now() - t0)));
  try {
    return await runCase(bytes, options, t0, note);
  } finally {
    done();
  }
}

async function runCase(bytes: Uint8Array, options: (typeof OPTION_SETS)[number], t0: number, note: (k: string) => void): Promise<string | undefined> {
  let file: DicomFile | undefined;
  try {
    file = await openDicom(options.stream ? streamOf(bytes) : bytes, options.open);
  } catch (e) {
    if (acceptable(e)) note(`open:${(e as DicomPixelError).code}`);
    return acceptable(e) ? undefined : `openDicom threw ${describe(e)}`;
  }
  let frames = 1;
  try {
    frames = file.pixelModule({ lenient: options.decode.lenient ?? false }).numberOfFrames;
  } catch (e) {
    if (!acceptable(e)) return `pixelModule threw ${describe(e)}`;
    note(`module:${(e as DicomPixelError).code}`);
  }
  for (let i = 0; i < Math.min(frames, MAX_FRAMES); i++) {
    try {
      const decoded = await decodeFrame(file, i, options.decode);
      note("decoded");
      // The canonical form's size follows from the pixel module (src/pixel-module.ts): a codec that writes
      // another cell size for a hostile Bits Allocated returns something that is not the canonical form.
      const want = decoded.module.frameByteLength();
      if (decoded.bytes.length !== want) return `decodeFrame(${i}) returned ${decoded.bytes.length} bytes, the canonical frame has ${want} (${JSON.stringify(decoded.module.toAttributes())})`;
      const range = options.decode.raw ? undefined : outOfRange(decoded);
      if (range) return `decodeFrame(${i}): ${range}`;
      if (options.twice && i === 0) {
        // Same input, same output, whatever ran in between (no stale arena bytes in the output).
        const again = await decodeFrame(file, i, options.decode);
        if (!equalBytes(again.bytes, decoded.bytes)) return `decodeFrame(${i}) twice gave different bytes`;
      }
      if (options.render && i === 0) {
        renderLikeTheCli(file, decoded);
        note("rendered");
      }
    } catch (e) {
      if (!acceptable(e)) return `decodeFrame(${i}) threw ${describe(e)}`;
      note(`decode:${(e as DicomPixelError).code}`);
    }
    const ms = performance.now() - t0;
    if (ms > CASE_BUDGET_MS) return `took ${ms.toFixed(0)} ms (> ${CASE_BUDGET_MS} ms): a hang`;
  }
  return undefined;
}

/** Runs every mutation of every target; returns the failures and the number of (input, options) cases run. */
export async function runSweep(targets: FuzzTarget[], randomPerFile: number, seed: number): Promise<{ cases: number; failures: CaseFailure[]; outcomes: Map<string, number>; examples: Map<string, string> }> {
  const failures: CaseFailure[] = [];
  const outcomes = new Map<string, number>();
  /** The first case that gave each outcome (file | mutation | options), to look into rare codes. */
  const examples = new Map<string, string>();
  const dump = process.env.DICOMPIX_FUZZ_DUMP;
  let cases = 0;
  for (let f = 0; f < targets.length; f++) {
    const t = targets[f]!;
    const layout = await layoutOf(t);
    const muts = mutationsFor(t, layout, seed + f * 7919, randomPerFile);
    for (let m = 0; m < muts.length; m++) {
      const mut = muts[m]!;
      const input = mut.apply(t.bytes);
      // Every case with the default options; every fourth also with each other option set.
      const sets = m % 4 === 0 ? OPTION_SETS : [OPTION_SETS[0]!];
      for (const o of sets) {
        cases++;
        const keys: string[] = [];
        const err = await runOne(input, o, outcomes, keys);
        for (const k of keys) if (!examples.has(k)) examples.set(k, `${t.entry.path} | ${mut.name} | ${o.name}`);
        if (err) {
          failures.push({ file: t.entry.path, mutation: mut.name, options: o.name, error: err });
          if (dump) {
            mkdirSync(dump, { recursive: true });
            writeFileSync(join(dump, `${t.entry.path.replace(/[^A-Za-z0-9_.+-]/g, "_")}__${mut.name.replace(/[^A-Za-z0-9_.=@-]/g, "_").slice(0, 80)}.dcm`), input);
          }
        }
      }
    }
  }
  return { cases, failures, outcomes, examples };
}

/** Iterations per file: DICOMPIX_FUZZ_ITERATIONS overrides the default (for long local runs). */
export function iterations(defaultCount: number): number {
  const v = Number(process.env.DICOMPIX_FUZZ_ITERATIONS);
  return Number.isInteger(v) && v > 0 ? v : defaultCount;
}

export function formatFailures(failures: CaseFailure[]): string {
  return failures.map((f) => `${f.file} | ${f.mutation} | options=${f.options}\n  ${f.error.replace(/\n/g, "\n  ")}`).join("\n\n");
}
