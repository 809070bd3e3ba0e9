// JPEG-LS marker segments (T.87 Annex C and D): SOI, SOF55 frame header, LSE preset parameters, DRI,
// SOS scan header, EOI; APPn and COM are skipped. Values are big endian (T.81 B.1.1.4).
import { loadU16be } from "../../common/bytes";
import {
  JPEGLS_INVALID_HEADER, JPEGLS_INVALID_MARKER, JPEGLS_NOT_JPEGLS, JPEGLS_UNSUPPORTED, TRUNCATED,
} from "../../common/status";

export const MAX_COMPONENTS: i32 = 4;

// Frame header (SOF55, T.87 C.2.2): P precision 2..16, Y lines, X columns, Nf components.
export let P: i32 = 0;
export let Y: i32 = 0;
export let X: i32 = 0;
export let NF: i32 = 0;
/** Component identifiers Ci. */
export const COMP_ID: usize = memory.data(16, 4);

// Preset coding parameters (LSE id 1, T.87 C.2.4.1.1); 0 = default.
export let PRESET_MAXVAL: i32 = 0;
export let PRESET_T1: i32 = 0;
export let PRESET_T2: i32 = 0;
export let PRESET_T3: i32 = 0;
export let PRESET_RESET: i32 = 0;
/** Restart interval in lines (MCUs), DRI (T.87 C.2.5); 0 = none. */
export let RI: i32 = 0;

// Scan header (SOS, T.87 C.2.3).
export let NS: i32 = 0;
/** Frame component index of each scan component. */
export const SCAN_COMP: usize = memory.data(16, 4);
export let SCAN_NEAR: i32 = 0;
export let SCAN_ILV: i32 = 0;
export let SCAN_PT: i32 = 0;

export let SAW_EOI: bool = false;
export let SAW_SOI: bool = false;
/** Offset of the last problem found, for error messages. */
export let ERROR_OFFSET: i32 = -1;

export function resetHeader(): void {
  P = 0;
  Y = 0;
  X = 0;
  NF = 0;
  PRESET_MAXVAL = 0;
  PRESET_T1 = 0;
  PRESET_T2 = 0;
  PRESET_T3 = 0;
  PRESET_RESET = 0;
  RI = 0;
  NS = 0;
  SCAN_NEAR = 0;
  SCAN_ILV = 0;
  SCAN_PT = 0;
  SAW_EOI = false;
  SAW_SOI = false;
  ERROR_OFFSET = -1;
}

function fail(status: i32, offset: i32): i32 {
  ERROR_OFFSET = offset;
  return -status;
}

/** Big-endian unsigned value of `n` (1..4) bytes. */
function loadBe(p: usize, n: i32): u32 {
  let v: u32 = 0;
  for (let i: i32 = 0; i < n; i++) v = (v << 8) | <u32>load<u8>(p + <usize>i);
  return v;
}

/** SOF55 (T.87 C.2.2): Lf, P, Y, X, Nf, then Nf x (Ci, Hi|Vi, Tqi). */
function readFrame(seg: usize, len: i32, off: i32): i32 {
  if (NF != 0) return fail(JPEGLS_INVALID_MARKER, off); // a second frame header
  if (len < 6) return fail(JPEGLS_INVALID_HEADER, off);
  const p = <i32>load<u8>(seg);
  const y = <i32>loadU16be(seg + 1);
  const x = <i32>loadU16be(seg + 3);
  const nf = <i32>load<u8>(seg + 5);
  if (p < 2 || p > 16 || nf < 1 || len != 6 + 3 * nf) return fail(JPEGLS_INVALID_HEADER, off);
  if (nf > MAX_COMPONENTS) return fail(JPEGLS_UNSUPPORTED, off);
  for (let i: i32 = 0; i < nf; i++) {
    const c = seg + 6 + <usize>(3 * i);
    // T.87 C.2.2: sampling factors other than 1x1 (subsampled components) are not supported here
    if (load<u8>(c + 1) != 0x11) return fail(JPEGLS_UNSUPPORTED, off);
    const id = <i32>load<u8>(c);
    for (let j: i32 = 0; j < i; j++) if (load<i32>(COMP_ID + (<usize>j << 2)) == id) return fail(JPEGLS_INVALID_HEADER, off);
    store<i32>(COMP_ID + (<usize>i << 2), id);
  }
  P = p;
  // Y or X 0: given by an LSE id 4 segment (T.87 C.2.4.1.4) that may precede or follow
  if (y != 0) Y = y;
  if (x != 0) X = x;
  NF = nf;
  return 0;
}

/** LSE (T.87 C.2.4.1): id 1 preset parameters, id 4 oversize dimensions; ids 2/3 (mapping tables) refused. */
function readLse(seg: usize, len: i32, off: i32): i32 {
  if (len < 1) return fail(JPEGLS_INVALID_HEADER, off);
  const id = <i32>load<u8>(seg);
  if (id == 1) {
    if (len != 11) return fail(JPEGLS_INVALID_HEADER, off);
    PRESET_MAXVAL = <i32>loadU16be(seg + 1);
    PRESET_T1 = <i32>loadU16be(seg + 3);
    PRESET_T2 = <i32>loadU16be(seg + 5);
    PRESET_T3 = <i32>loadU16be(seg + 7);
    PRESET_RESET = <i32>loadU16be(seg + 9);
    return 0;
  }
  if (id == 4) {
    if (len < 2) return fail(JPEGLS_INVALID_HEADER, off);
    const wxy = <i32>load<u8>(seg + 1);
    if (wxy < 2 || wxy > 4 || len != 2 + 2 * wxy) return fail(JPEGLS_INVALID_HEADER, off);
    const y = loadBe(seg + 2, wxy);
    const x = loadBe(seg + 2 + <usize>wxy, wxy);
    if (y > 0x7fffffff || x > 0x7fffffff) return fail(JPEGLS_UNSUPPORTED, off);
    if (y != 0) Y = <i32>y;
    if (x != 0) X = <i32>x;
    return 0;
  }
  if (id == 2 || id == 3) return fail(JPEGLS_UNSUPPORTED, off); // mapping tables (C.2.4.1.2/3)
  return fail(JPEGLS_INVALID_HEADER, off);
}

/** SOS (T.87 C.2.3): Ns, Ns x (Cs, Tm), NEAR, ILV, Ah|Al (point transform). */
function readScan(seg: usize, len: i32, off: i32): i32 {
  if (NF == 0) return fail(JPEGLS_INVALID_HEADER, off); // scan before frame
  if (len < 1) return fail(JPEGLS_INVALID_HEADER, off);
  const ns = <i32>load<u8>(seg);
  if (ns < 1 || ns > NF || len != 4 + 2 * ns) return fail(JPEGLS_INVALID_HEADER, off);
  for (let i: i32 = 0; i < ns; i++) {
    const cs = <i32>load<u8>(seg + 1 + <usize>(2 * i));
    let k: i32 = -1;
    for (let j: i32 = 0; j < NF; j++) if (load<i32>(COMP_ID + (<usize>j << 2)) == cs) k = j;
    if (k < 0) return fail(JPEGLS_INVALID_HEADER, off);
    for (let j: i32 = 0; j < i; j++) if (load<i32>(SCAN_COMP + (<usize>j << 2)) == k) return fail(JPEGLS_INVALID_HEADER, off);
    store<i32>(SCAN_COMP + (<usize>i << 2), k);
    if (load<u8>(seg + 2 + <usize>(2 * i)) != 0) return fail(JPEGLS_UNSUPPORTED, off); // mapping table Tm
  }
  const t = seg + 1 + <usize>(2 * ns);
  const near = <i32>load<u8>(t);
  const ilv = <i32>load<u8>(t + 1);
  const pt = <i32>load<u8>(t + 2) & 15;
  if (ilv > 2 || (ilv == 0 && ns != 1)) return fail(JPEGLS_INVALID_HEADER, off);
  if (pt != 0 || (load<u8>(t + 2) >> 4) != 0) return fail(JPEGLS_UNSUPPORTED, off);
  if (Y == 0 || X == 0) return fail(JPEGLS_UNSUPPORTED, off); // no oversize LSE / height from DNL
  NS = ns;
  SCAN_NEAR = near;
  SCAN_ILV = ilv;
  SCAN_PT = pt;
  return 0;
}

/**
 * Reads marker segments from `off` up to the next SOS (returns the offset of its coded data) or EOI
 * (returns 0 and sets SAW_EOI). A negative result is a negated status with ERROR_OFFSET set.
 */
export function readMarkers(src: usize, len: i32, off: i32): i32 {
  let i = off;
  if (!SAW_SOI) {
    if (len < 2) return fail(TRUNCATED, len);
    if (load<u8>(src) != 0xff || load<u8>(src + 1) != 0xd8) return fail(JPEGLS_INVALID_MARKER, 0);
    SAW_SOI = true;
    i = 2;
  }
  while (true) {
    if (i + 2 > len) return fail(TRUNCATED, len);
    if (load<u8>(src + <usize>i) != 0xff) return fail(JPEGLS_INVALID_MARKER, i);
    const m = <i32>load<u8>(src + <usize>i + 1);
    if (m == 0xff) {
      i++; // fill byte (T.81 B.1.1.2)
      continue;
    }
    const at = i;
    i += 2;
    if (m == 0xd9) {
      SAW_EOI = true;
      return 0;
    }
    if (m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01 || m < 0xc0) return fail(JPEGLS_INVALID_MARKER, at);
    if (i + 2 > len) return fail(TRUNCATED, len);
    const seglen = <i32>loadU16be(src + <usize>i);
    if (seglen < 2) return fail(JPEGLS_INVALID_HEADER, at);
    if (i + seglen > len) return fail(TRUNCATED, len);
    const seg = src + <usize>i + 2;
    const body = seglen - 2;
    let r: i32 = 0;
    if (m == 0xf7) r = readFrame(seg, body, at);
    else if (m == 0xf8) r = readLse(seg, body, at);
    else if (m == 0xdd) {
      // DRI (T.87 C.2.5): Ri in 2..4 bytes
      if (body < 2 || body > 4) return fail(JPEGLS_INVALID_HEADER, at);
      const ri = loadBe(seg, body);
      if (ri > 0x7fffffff) return fail(JPEGLS_UNSUPPORTED, at);
      RI = <i32>ri;
    } else if (m == 0xda) {
      r = readScan(seg, body, at);
      if (r < 0) return r;
      return i + seglen;
    } else if (m == 0xe8 && body >= 5 && load<u32>(seg) == 0x7866726d && load<u8>(seg + 4) != 0) {
      // APP8 "mrfx": the HP colour transform extension (not T.87); decoding it as plain samples would give
      // wrong colours, so it is refused
      return fail(JPEGLS_UNSUPPORTED, at);
    } else if ((m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) || m == 0xf9) {
      return fail(JPEGLS_NOT_JPEGLS, at); // a T.81 process (or SOF57): not a JPEG-LS stream
    } else if (!((m >= 0xe0 && m <= 0xef) || m == 0xfe || m == 0xc4 || m == 0xcc || m == 0xdb || m == 0xdc)) {
      return fail(JPEGLS_INVALID_MARKER, at);
    }
    if (r < 0) return r;
    i += seglen;
  }
  return 0;
}
