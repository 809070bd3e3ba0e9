/**
 * A minimal Part 10 writer for the RLE interop tests (Explicit VR Little Endian data set, PS3.10 7.1 / PS3.5
 * 7.1.2), independent of src/part10/writer so that the interop tests depend only on the RLE codec.
 */

export interface ImageSpec {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  planarConfiguration: 0 | 1;
  numberOfFrames: number;
}

const SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7";

/** Secondary Capture for one frame; the multi-frame SC classes otherwise (GDCM refuses multi-frame SC). */
function sopClass(spec: ImageSpec): string {
  if (spec.numberOfFrames === 1) return SC_IMAGE;
  if (spec.samplesPerPixel === 3) return `${SC_IMAGE}.4`;
  return spec.bitsAllocated === 8 ? `${SC_IMAGE}.2` : `${SC_IMAGE}.3`;
}
const INSTANCE = "1.2.826.0.1.3680043.8.498.1";
export const EXPLICIT_LE = "1.2.840.10008.1.2.1";
export const RLE = "1.2.840.10008.1.2.5";

function pad(bytes: number[], padByte: number): number[] {
  return bytes.length % 2 === 0 ? bytes : [...bytes, padByte];
}

function text(s: string, padByte = 0x20): number[] {
  return pad(Array.from(s, (c) => c.charCodeAt(0)), padByte);
}

function u16(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** One explicit VR LE element (PS3.5 7.1.2): short form for most VRs, 4-byte length for OB/OW/UN/SQ. */
function element(group: number, elem: number, vr: string, value: number[]): number[] {
  const head = [...u16(group), ...u16(elem), vr.charCodeAt(0), vr.charCodeAt(1)];
  if (vr === "OB" || vr === "OW" || vr === "UN") return [...head, 0, 0, ...u32(value.length), ...value];
  return [...head, ...u16(value.length), ...value];
}

function concat(parts: (number[] | Uint8Array)[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fileMeta(ts: string, sop: string): number[] {
  const body = [
    ...element(0x0002, 0x0001, "OB", [0, 1]),
    ...element(0x0002, 0x0002, "UI", text(sop, 0)),
    ...element(0x0002, 0x0003, "UI", text(INSTANCE, 0)),
    ...element(0x0002, 0x0010, "UI", text(ts, 0)),
    ...element(0x0002, 0x0012, "UI", text("1.2.826.0.1.3680043.8.498.2", 0)),
  ];
  return [...new Array(128).fill(0), ...text("DICM"), ...element(0x0002, 0x0000, "UL", u32(body.length)), ...body];
}

function imageAttributes(spec: ImageSpec): number[] {
  const photometric = spec.samplesPerPixel === 3 ? "RGB" : "MONOCHROME2";
  return [
    ...element(0x0008, 0x0016, "UI", text(sopClass(spec), 0)),
    ...element(0x0008, 0x0018, "UI", text(INSTANCE, 0)),
    ...element(0x0028, 0x0002, "US", u16(spec.samplesPerPixel)),
    ...element(0x0028, 0x0004, "CS", text(photometric)),
    ...(spec.samplesPerPixel > 1 ? element(0x0028, 0x0006, "US", u16(spec.planarConfiguration)) : []),
    ...(spec.numberOfFrames > 1 ? element(0x0028, 0x0008, "IS", text(String(spec.numberOfFrames))) : []),
    ...element(0x0028, 0x0010, "US", u16(spec.rows)),
    ...element(0x0028, 0x0011, "US", u16(spec.columns)),
    ...element(0x0028, 0x0100, "US", u16(spec.bitsAllocated)),
    ...element(0x0028, 0x0101, "US", u16(spec.bitsStored)),
    ...element(0x0028, 0x0102, "US", u16(spec.bitsStored - 1)),
    ...element(0x0028, 0x0103, "US", u16(spec.pixelRepresentation)),
  ];
}

/** A native (Explicit VR Little Endian) file holding `pixels` (all frames, little-endian cells). */
export function nativeFile(spec: ImageSpec, pixels: Uint8Array): Uint8Array {
  const vr = spec.bitsAllocated > 8 ? "OW" : "OB";
  const value = Array.from(pixels);
  if (value.length % 2) value.push(0);
  return concat([fileMeta(EXPLICIT_LE, sopClass(spec)), imageAttributes(spec), element(0x7fe0, 0x0010, vr, value)]);
}

/** An RLE Lossless file: empty Basic Offset Table, one fragment per frame (PS3.5 A.4), even item lengths. */
export function rleFile(spec: ImageSpec, fragments: Uint8Array[]): Uint8Array {
  const items: (number[] | Uint8Array)[] = [[...u16(0xfffe), ...u16(0xe000), ...u32(0)]];
  for (const f of fragments) {
    const len = f.length + (f.length & 1);
    items.push([...u16(0xfffe), ...u16(0xe000), ...u32(len)], f);
    if (f.length & 1) items.push([0]);
  }
  items.push([...u16(0xfffe), ...u16(0xe0dd), ...u32(0)]);
  const pixelHead = [...u16(0x7fe0), ...u16(0x0010), 0x4f, 0x42, 0, 0, ...u32(0xffffffff)];
  return concat([fileMeta(RLE, sopClass(spec)), imageAttributes(spec), pixelHead, ...items]);
}
