/** A tiny independent DICOM byte builder for tests (written from PS3.5 7.1 / PS3.10 7.1, not from our writer). */
export interface Enc {
  le: boolean;
  explicit: boolean;
}
export const ELE: Enc = { le: true, explicit: true };
export const ILE: Enc = { le: true, explicit: false };
export const EBE: Enc = { le: false, explicit: true };

const LONG = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function u16(v: number, le = true): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return b;
}

export function u32(v: number, le = true): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, le);
  return b;
}

/** Element header + value. `length` overrides the value length (0xffffffff for undefined). */
export function el(tag: number, vr: string, value: Uint8Array, enc: Enc = ELE, length = value.length): Uint8Array {
  const t = concat(u16(tag >>> 16, enc.le), u16(tag & 0xffff, enc.le));
  if (!enc.explicit) return concat(t, u32(length, enc.le), value);
  if (LONG.has(vr)) return concat(t, ascii(vr), new Uint8Array(2), u32(length, enc.le), value);
  return concat(t, ascii(vr), u16(length, enc.le), value);
}

export function text(tag: number, vr: string, s: string, enc: Enc = ELE): Uint8Array {
  const v = s.length % 2 ? s + (vr === "UI" ? "\0" : " ") : s;
  return el(tag, vr, ascii(v), enc);
}

export function us(tag: number, v: number, enc: Enc = ELE): Uint8Array {
  return el(tag, "US", u16(v, enc.le), enc);
}

export function item(body: Uint8Array, undefinedLength = false, le = true): Uint8Array {
  const head = concat(u16(0xfffe, le), u16(0xe000, le), u32(undefinedLength ? 0xffffffff : body.length, le));
  return undefinedLength ? concat(head, body, u16(0xfffe, le), u16(0xe00d, le), u32(0, le)) : concat(head, body);
}

export function seqDelim(le = true): Uint8Array {
  return concat(u16(0xfffe, le), u16(0xe0dd, le), u32(0, le));
}

/** Preamble + DICM + File Meta (Explicit VR LE) for a transfer syntax. */
export function meta(ts: string): Uint8Array {
  const body = concat(
    el(0x00020001, "OB", new Uint8Array([0, 1])),
    text(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.7"),
    text(0x00020003, "UI", "1.2.3.4"),
    text(0x00020010, "UI", ts),
  );
  return concat(new Uint8Array(128), ascii("DICM"), el(0x00020000, "UL", u32(body.length)), body);
}

/** Image Pixel attributes for a small image. */
export function pixelModule(rows: number, cols: number, frames: number, bits: number, enc: Enc = ELE, spp = 1): Uint8Array {
  return concat(
    text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7", enc),
    us(0x00280002, spp, enc),
    text(0x00280004, "CS", spp === 1 ? "MONOCHROME2" : "RGB", enc),
    ...(spp > 1 ? [us(0x00280006, 0, enc)] : []),
    text(0x00280008, "IS", String(frames), enc),
    us(0x00280010, rows, enc),
    us(0x00280011, cols, enc),
    us(0x00280100, bits, enc),
    us(0x00280101, bits, enc),
    us(0x00280102, bits - 1, enc),
    us(0x00280103, 0, enc),
  );
}

/** Encapsulated Pixel Data: BOT item + fragment items + delimiter. */
export function encapsulated(bot: number[], fragments: Uint8Array[]): Uint8Array {
  const botBytes = concat(...bot.map((o) => u32(o)));
  return concat(el(0x7fe00010, "OB", new Uint8Array(0), ELE, 0xffffffff), item(botBytes), ...fragments.map((f) => item(f)), seqDelim());
}
