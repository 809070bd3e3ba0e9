/**
 * Mutations of a fuzz target, chosen from its layout: truncations, length fields, item tags, Basic Offset
 * Table entries, RLE headers, JPEG marker segments (SOF/SOS/DHT/DQT/DRI), Image Pixel attributes, transfer
 * syntax swaps, systematic Bits Stored / Pixel Representation combinations, compositions and random flips.
 */
import { SWAP_SYNTAXES, TRANSFER_SYNTAX_TAG, type FuzzTarget, type Layout } from "./fuzz-targets.js";
import { rng } from "../helpers/rng.js";

export interface Mutation {
  name: string;
  apply(src: Uint8Array): Uint8Array;
  /** "bytes": same length (composable); "attr": changes a header value at `at`; "cut": truncation. */
  kind?: "bytes" | "attr" | "cut";
  at?: number;
}

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
  // Systematic: every Bits Stored (High Bit = Bits Stored - 1) with either Pixel Representation, so that
  // masking, sign extension and colour conversion at unusual precisions are checked on every codec.
  const ba = t.entry.bitsAllocated ?? 8;
  for (const bs of [1, 2, 7, 8, 9, 12, 15, 16].filter((b) => b <= ba && b !== t.entry.bitsStored)) {
    for (const pr of [0, 1]) {
      // From the end of the data set backwards: (0028,0103), (0028,0102), (0028,0101).
      const parts = [setAttribute(layout, 0x00280103, pr), setAttribute(layout, 0x00280102, bs - 1), setAttribute(layout, 0x00280101, bs)].filter((m) => m !== undefined);
      if (parts.length === 3) out.push({ name: parts.map((m) => m.name).join(" + "), apply: (src) => parts.reduce((b, m) => m.apply(b), src) });
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
        apply: (s) => { const b = copy(s); for (const [a, x] of sites) if (a < b.length) b[a] = b[a]! ^ x; return b; },
      });
    }
  }
  return out;
}

