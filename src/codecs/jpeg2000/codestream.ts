/**
 * JPEG 2000 codestream syntax (ITU-T T.800 Annex A): the main header (SIZ, COD, COC, QCD, QCC), the
 * tile-part headers (SOT ... SOD) and the JP2 file format wrapper (Annex I: skip to the contiguous
 * codestream box). Marker segments are small, so they are read here; the hot parts are kernels.
 */
import { DicomPixelError } from "../../errors.js";

export interface J2kComponentSiz {
  /** Bit depth 1..38 (Ssiz & 0x7f) + 1. */
  precision: number;
  signed: boolean;
  dx: number;
  dy: number;
}

export interface J2kSiz {
  xsiz: number;
  ysiz: number;
  x0: number;
  y0: number;
  tw: number;
  th: number;
  tx0: number;
  ty0: number;
  components: J2kComponentSiz[];
}

/** Coding style of one component (COD SPcod / COC SPcoc, Tables A.15, A.20). */
export interface J2kCodingStyle {
  levels: number;
  /** Code-block width / height exponents (xcb, ycb), 2..10. */
  xcb: number;
  ycb: number;
  style: number;
  reversible: boolean;
  /** Precinct exponents per resolution (PPx, PPy). */
  ppx: number[];
  ppy: number[];
}

/** Quantisation of one component (QCD / QCC, Table A.28). */
export interface J2kQuant {
  /** 0 none, 1 scalar derived, 2 scalar expounded. */
  style: number;
  guardBits: number;
  /** Per subband (LL, then HL/LH/HH from the lowest level): exponent and mantissa. */
  exponents: number[];
  mantissas: number[];
}

export interface J2kCod {
  sop: boolean;
  eph: boolean;
  progression: number;
  layers: number;
  mct: boolean;
}

/** Headers in force for a tile: the main header, overridden by the tile's first tile-part header. */
export interface J2kHeaderState {
  cod: J2kCod;
  styles: J2kCodingStyle[];
  quants: J2kQuant[];
}

export interface J2kTileData {
  index: number;
  state: J2kHeaderState;
  /** The tile's packet data: the bodies of its tile-parts after SOD, in order. */
  parts: Uint8Array[];
}

export interface J2kCodestream {
  siz: J2kSiz;
  main: J2kHeaderState;
  tiles: J2kTileData[];
  /** Tiles across and down. */
  numXTiles: number;
  numYTiles: number;
  /** CAP marker (T.800 A.5.2 as extended by T.814 A.3): Pcap and, for Part 15, Ccap15. */
  cap?: { pcap: number; ccap15?: number };
}

function bad(msg: string, offset: number, frameIndex?: number): DicomPixelError {
  return new DicomPixelError("INVALID_DATA", `JPEG 2000 codestream${frameIndex === undefined ? "" : ` of frame ${frameIndex}`}: ${msg} (at byte ${offset})`, {
    byteOffset: offset,
    frameIndex,
  });
}

function unsupported(feature: string, frameIndex?: number): DicomPixelError {
  return new DicomPixelError("UNSUPPORTED_FEATURE", `JPEG 2000 ${feature} is not supported${frameIndex === undefined ? "" : ` (frame ${frameIndex})`}`, {
    frameIndex,
  });
}

/** Finds the codestream inside a JP2 file (I.5.4 jp2c box), or returns the input when it starts with SOC. */
export function unwrapJp2(src: Uint8Array, frameIndex?: number): Uint8Array {
  if (src.length >= 2 && src[0] === 0xff && src[1] === 0x4f) return src;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  if (src.length >= 12 && dv.getUint32(0) === 12 && dv.getUint32(4) === 0x6a502020) {
    let p = 0;
    while (p + 8 <= src.length) {
      let len = dv.getUint32(p);
      const type = dv.getUint32(p + 4);
      let head = 8;
      if (len === 1) {
        if (p + 16 > src.length) break;
        len = dv.getUint32(p + 8) * 2 ** 32 + dv.getUint32(p + 12);
        head = 16;
      } else if (len === 0) len = src.length - p;
      if (len < head) throw bad(`JP2 box length ${len} is smaller than its header`, p, frameIndex);
      if (type === 0x6a703263) return src.subarray(p + head, Math.min(src.length, p + len));
      p += len;
    }
    throw bad("JP2 file has no contiguous codestream box (jp2c)", p, frameIndex);
  }
  throw new DicomPixelError("INVALID_DATA", `JPEG 2000 frame${frameIndex === undefined ? "" : ` ${frameIndex}`} does not start with SOC (FF4F) or a JP2 signature box`, {
    byteOffset: 0,
    frameIndex,
  });
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public p: number,
    readonly end: number,
    readonly frameIndex?: number,
  ) {}
  need(n: number): void {
    if (this.p + n > this.end) {
      throw new DicomPixelError("TRUNCATED", `JPEG 2000 marker segment ends past its declared length or the data (at byte ${this.p})`, {
        byteOffset: this.p,
        frameIndex: this.frameIndex,
      });
    }
  }
  u8(): number {
    this.need(1);
    return this.b[this.p++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.b[this.p]! << 8) | this.b[this.p + 1]!;
    this.p += 2;
    return v;
  }
  u32(): number {
    return this.u16() * 65536 + this.u16();
  }
}

function readSiz(r: Reader): J2kSiz {
  r.u16(); // Rsiz (capabilities)
  const siz = {
    xsiz: r.u32(),
    ysiz: r.u32(),
    x0: r.u32(),
    y0: r.u32(),
    tw: r.u32(),
    th: r.u32(),
    tx0: r.u32(),
    ty0: r.u32(),
    components: [] as J2kComponentSiz[],
  };
  const n = r.u16();
  if (n < 1 || n > 16384) throw bad(`SIZ Csiz ${n} is invalid: must be 1..16384`, r.p - 2, r.frameIndex);
  for (let i = 0; i < n; i++) {
    const s = r.u8();
    const dx = r.u8();
    const dy = r.u8();
    if ((s & 0x7f) + 1 > 38 || dx === 0 || dy === 0) throw bad(`SIZ component ${i} has Ssiz ${s}, XRsiz ${dx}, YRsiz ${dy}`, r.p - 3, r.frameIndex);
    siz.components.push({ precision: (s & 0x7f) + 1, signed: (s & 0x80) !== 0, dx, dy });
  }
  // A.5.1: XOsiz < Xsiz, XTOsiz <= XOsiz < XTOsiz + XTsiz (and the same for y).
  if (siz.x0 >= siz.xsiz || siz.y0 >= siz.ysiz || siz.tw === 0 || siz.th === 0 || siz.tx0 > siz.x0 || siz.ty0 > siz.y0 ||
    siz.tx0 + siz.tw <= siz.x0 || siz.ty0 + siz.th <= siz.y0) {
    throw bad(`SIZ geometry is invalid: image ${siz.xsiz}x${siz.ysiz} offset (${siz.x0},${siz.y0}), tiles ${siz.tw}x${siz.th} offset (${siz.tx0},${siz.ty0})`, r.p, r.frameIndex);
  }
  return siz;
}

function readSpcod(r: Reader, precincts: boolean, end: number): J2kCodingStyle {
  const levels = r.u8();
  const xcb = r.u8() + 2;
  const ycb = r.u8() + 2;
  const style = r.u8();
  const transform = r.u8();
  if (levels > 32 || xcb > 10 || ycb > 10 || xcb + ycb > 12 || transform > 1) {
    throw bad(`COD/COC values invalid: ${levels} levels, code-block 2^${xcb} x 2^${ycb}, transform ${transform}`, r.p - 5, r.frameIndex);
  }
  // T.814 A.2: code-block style bit 6 = HT code-blocks, bit 7 = mixed (HT or Part 1 per code-block, chosen per
  // precinct layer) which this decoder does not implement.
  if (style & 0x80) throw unsupported("HTJ2K mixed code-block mode (code-block style bit 7)", r.frameIndex);
  const ppx: number[] = [];
  const ppy: number[] = [];
  for (let i = 0; i <= levels; i++) {
    if (precincts && r.p < end) {
      const v = r.u8();
      ppx.push(v & 15);
      ppy.push(v >> 4);
      if (i > 0 && ((v & 15) === 0 || v >> 4 === 0)) throw bad(`precinct size exponent 0 at resolution ${i}`, r.p - 1, r.frameIndex);
    } else {
      ppx.push(15);
      ppy.push(15);
    }
  }
  return { levels, xcb, ycb, style, reversible: transform === 1, ppx, ppy };
}

function readQuant(r: Reader, end: number): J2kQuant {
  const s = r.u8();
  const style = s & 31;
  if (style > 2) throw bad(`quantisation style ${style} is invalid`, r.p - 1, r.frameIndex);
  const q: J2kQuant = { style, guardBits: s >> 5, exponents: [], mantissas: [] };
  while (r.p < end) {
    if (style === 0) {
      q.exponents.push(r.u8() >> 3);
      q.mantissas.push(0);
    } else {
      const v = r.u16();
      q.exponents.push(v >> 11);
      q.mantissas.push(v & 0x7ff);
    }
  }
  if (q.exponents.length === 0) throw bad("QCD/QCC without step sizes", r.p, r.frameIndex);
  return q;
}

function cloneState(s: J2kHeaderState): J2kHeaderState {
  return { cod: { ...s.cod }, styles: s.styles.slice(), quants: s.quants.slice() };
}

/** Applies one COD/COC/QCD/QCC marker segment to `state`; returns false for other markers. */
function applySegment(marker: number, r: Reader, end: number, state: J2kHeaderState, nc: number, codSeen: boolean[]): boolean {
  const compIndex = () => (nc < 257 ? r.u8() : r.u16());
  switch (marker) {
    case 0xff52: {
      // COD (A.6.1)
      const scod = r.u8();
      state.cod = { sop: (scod & 2) !== 0, eph: (scod & 4) !== 0, progression: r.u8(), layers: r.u16(), mct: r.u8() === 1 };
      if (state.cod.progression > 4 || state.cod.layers === 0) throw bad(`COD progression ${state.cod.progression} / layers ${state.cod.layers} invalid`, r.p, r.frameIndex);
      const cs = readSpcod(r, (scod & 1) !== 0, end);
      for (let c = 0; c < nc; c++) if (!codSeen[c]) state.styles[c] = cs;
      return true;
    }
    case 0xff53: {
      // COC (A.6.2)
      const c = compIndex();
      const s = r.u8();
      if (c >= nc) throw bad(`COC component ${c} out of range (Csiz ${nc})`, r.p, r.frameIndex);
      state.styles[c] = readSpcod(r, (s & 1) !== 0, end);
      codSeen[c] = true;
      return true;
    }
    case 0xff5c: {
      // QCD (A.6.4)
      const q = readQuant(r, end);
      for (let c = 0; c < nc; c++) if (!codSeen[nc + c]) state.quants[c] = q;
      return true;
    }
    case 0xff5d: {
      // QCC (A.6.5)
      const c = compIndex();
      if (c >= nc) throw bad(`QCC component ${c} out of range (Csiz ${nc})`, r.p, r.frameIndex);
      state.quants[c] = readQuant(r, end);
      codSeen[nc + c] = true;
      return true;
    }
    default:
      return false;
  }
}

/**
 * CAP (T.800 A.5.2, T.814 A.3): Pcap (32 bits; bit 32 - i set when Part i capabilities follow), then one
 * 16-bit Ccap per set bit. Part 15 (Pcap bit 17) gives Ccap15: bits 15-14 HT code-block types, 13 multiple
 * HT sets, 12 region of interest, 11 heterogeneous, 5 irreversible, 4-0 MAGB.
 * @throws {DicomPixelError} INVALID_DATA when Lcap disagrees with Pcap
 */
function readCap(r: Reader, len: number): { pcap: number; ccap15?: number } {
  const at = r.p - 4;
  const pcap = r.u32();
  let n = 0;
  for (let v = pcap; v; v >>>= 1) n += v & 1;
  if (len !== 6 + 2 * n) throw bad(`CAP Lcap ${len} does not match Pcap 0x${pcap.toString(16)} (${n} Ccap values): must be ${6 + 2 * n}`, at, r.frameIndex);
  let ccap15: number | undefined;
  for (let i = 1; i <= 32; i++) {
    if (!((pcap >>> (32 - i)) & 1)) continue;
    const c = r.u16();
    if (i === 15) ccap15 = c;
  }
  return { pcap, ccap15 };
}

const UNSUPPORTED_MARKERS: Record<number, string> = {
  0xff5e: "region of interest (RGN marker)",
  0xff5f: "progression order change (POC marker)",
  0xff60: "packed packet headers (PPM marker)",
  0xff61: "packed packet headers (PPT marker)",
  0xff74: "multiple component transformation (Part 2)",
};

/**
 * Parses a codestream (after unwrapJp2) into its headers and per-tile packet data.
 * @param headerOnly stop after the main header (for readInfo)
 * @throws {DicomPixelError} INVALID_DATA / TRUNCATED for malformed marker segments, UNSUPPORTED_FEATURE for
 *   POC, PPM/PPT, RGN and Part 2 markers
 */
export function parseCodestream(cs: Uint8Array, headerOnly: boolean, frameIndex?: number): J2kCodestream {
  const r = new Reader(cs, 0, cs.length, frameIndex);
  if (r.u16() !== 0xff4f) throw bad("no SOC marker", 0, frameIndex);
  if (r.u16() !== 0xff51) throw bad("SIZ must follow SOC (A.5.1)", 2, frameIndex);
  let len = r.u16();
  let segEnd = r.p - 2 + len;
  if (segEnd > cs.length) throw new DicomPixelError("TRUNCATED", `JPEG 2000 SIZ segment (length ${len}) runs past the data`, { byteOffset: 4, frameIndex });
  const siz = readSiz(new Reader(cs, r.p, segEnd, frameIndex));
  r.p = segEnd;
  const nc = siz.components.length;
  const main: J2kHeaderState = { cod: { sop: false, eph: false, progression: 0, layers: 1, mct: false }, styles: [], quants: [] };
  let capSeen: J2kCodestream["cap"];
  const seen: boolean[] = [];
  let haveCod = false;
  let haveQcd = false;
  for (;;) {
    const at = r.p;
    const marker = r.u16();
    if (marker === 0xff90) {
      r.p = at;
      break;
    }
    if (marker < 0xff30) throw bad(`expected a marker, found ${marker.toString(16)}`, at, frameIndex);
    len = r.u16();
    segEnd = at + 2 + len;
    if (len < 2 || segEnd > cs.length) throw new DicomPixelError("TRUNCATED", `JPEG 2000 marker ${marker.toString(16).toUpperCase()} length ${len} runs past the data (at byte ${at})`, { byteOffset: at, frameIndex });
    const unsup = UNSUPPORTED_MARKERS[marker];
    if (unsup) throw unsupported(unsup, frameIndex);
    if (marker === 0xff50) {
      capSeen = readCap(new Reader(cs, r.p, segEnd, frameIndex), len);
      r.p = segEnd;
      continue;
    }
    const sub = new Reader(cs, r.p, segEnd, frameIndex);
    if (applySegment(marker, sub, segEnd, main, nc, seen)) {
      if (marker === 0xff52) haveCod = true;
      if (marker === 0xff5c) haveQcd = true;
    }
    r.p = segEnd;
  }
  if (!haveCod || !haveQcd) throw bad("main header lacks COD or QCD (A.4)", r.p, frameIndex);
  const numXTiles = Math.ceil((siz.xsiz - siz.tx0) / siz.tw);
  const numYTiles = Math.ceil((siz.ysiz - siz.ty0) / siz.th);
  const out: J2kCodestream = { siz, main, tiles: [], numXTiles, numYTiles, cap: capSeen };
  if (headerOnly) return out;
  const byIndex = new Map<number, J2kTileData>();
  const numTiles = numXTiles * numYTiles;
  while (r.p + 2 <= cs.length) {
    const at = r.p;
    const marker = r.u16();
    if (marker === 0xffd9) break;
    if (marker !== 0xff90) throw bad(`expected SOT or EOC, found ${marker.toString(16).toUpperCase()}`, at, frameIndex);
    // SOT (A.4.2)
    r.u16();
    const isot = r.u16();
    const psot = r.u32();
    r.u8(); // TPsot
    r.u8(); // TNsot
    if (isot >= numTiles) throw bad(`SOT tile index ${isot} out of range (${numTiles} tiles)`, at, frameIndex);
    const partEnd = psot === 0 ? cs.length : Math.min(cs.length, at + psot);
    if (psot !== 0 && psot < 14) throw bad(`SOT Psot ${psot} is too small`, at, frameIndex);
    let tile = byIndex.get(isot);
    const firstPart = tile === undefined;
    if (!tile) {
      tile = { index: isot, state: cloneState(main), parts: [] };
      byIndex.set(isot, tile);
      out.tiles.push(tile);
    }
    const tseen: boolean[] = [];
    for (;;) {
      const mAt = r.p;
      const m = r.u16();
      if (m === 0xff93) break; // SOD
      if (m < 0xff30) throw bad(`expected a marker in the tile-part header, found ${m.toString(16)}`, mAt, frameIndex);
      const l = r.u16();
      const e = mAt + 2 + l;
      if (l < 2 || e > partEnd) throw new DicomPixelError("TRUNCATED", `JPEG 2000 tile-part marker ${m.toString(16).toUpperCase()} runs past its tile-part (at byte ${mAt})`, { byteOffset: mAt, frameIndex });
      const unsup = UNSUPPORTED_MARKERS[m];
      if (unsup) throw unsupported(unsup, frameIndex);
      if (firstPart) applySegment(m, new Reader(cs, r.p, e, frameIndex), e, tile.state, nc, tseen);
      r.p = e;
    }
    tile.parts.push(cs.subarray(r.p, partEnd));
    r.p = partEnd;
  }
  return out;
}
