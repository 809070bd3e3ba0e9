/**
 * Fuzz targets: the smallest corpus files of each swept transfer syntax, and the layout of each (Pixel Data
 * header, encapsulation items, first codestream, Image Pixel attributes) that the mutations aim at.
 */
import { REFERENCE_DECODES, REFERENCE_TWINS } from "../../src/conformance/check.js";
import { readFileSync } from "node:fs";
import { openDicom, type DicomFile } from "../../src/part10/open.js";
import { corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";

export interface FuzzTarget {
  entry: ManifestEntry;
  bytes: Uint8Array;
}

/** Transfer syntaxes swept, the smallest `count` files of each. */
const PICKS: { label: string; match: (e: ManifestEntry) => boolean; count: number }[] = [
  { label: "implicit LE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2", count: 2 },
  { label: "explicit LE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && e.bitsAllocated !== 1 && !e.pixelDataElement && !isPalette(e) && !is422(e), count: 2 },
  { label: "explicit LE 1-bit", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && e.bitsAllocated === 1, count: 1 },
  { label: "explicit LE float", match: (e) => !!e.pixelDataElement, count: 1 },
  { label: "explicit LE YBR_FULL_422", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1" && is422(e), count: 1 },
  { label: "explicit BE", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated !== 1, count: 2 },
  { label: "explicit BE 1-bit", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.2" && e.bitsAllocated === 1, count: 1 },
  { label: "deflated", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.1.99", count: 1 },
  { label: "deflated image frames", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.8.1", count: 1 },
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
  { label: "JPEG-LS lossless", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.80", count: 2 },
  { label: "JPEG-LS near-lossless", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.81", count: 2 },
  { label: "JPEG 2000 lossless", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.90", count: 2 },
  { label: "JPEG 2000", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.91", count: 2 },
  { label: "HTJ2K", match: (e) => e.transferSyntaxUID === "1.2.840.10008.1.2.4.203", count: 1 },
];

function isPalette(e: ManifestEntry): boolean {
  return e.photometricInterpretation === "PALETTE COLOR";
}
function is422(e: ManifestEntry): boolean {
  return e.photometricInterpretation === "YBR_FULL_422";
}

/**
 * The smallest few files of each swept syntax (files the reference tools reject are excluded, but for those no
 * manifest tool can read whose reference comes from a twin or another decoder: src/conformance/check.ts
 * REFERENCE_TWINS and REFERENCE_DECODES).
 */
export function pickTargets(): FuzzTarget[] {
  const all = loadManifest().filter(
    (e) => (!e.expectError && e.reference.kind !== "error") || REFERENCE_TWINS[e.path] !== undefined || REFERENCE_DECODES[e.path] !== undefined,
  );
  const seen = new Set<string>();
  const out: FuzzTarget[] = [];
  for (const p of PICKS) {
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

export const TRANSFER_SYNTAX_TAG = 0x00020010;
/** Transfer syntaxes swapped in: the decoders then see another codec's bytes (JPEG-LS/J2K left out, see PICKS). */
export const SWAP_SYNTAXES = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90"];
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

