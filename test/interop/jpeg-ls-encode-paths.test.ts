/**
 * JPEG-LS encoder fast paths against DCMTK dcmcjpls (CharLS inside), byte for byte: seeded images large
 * enough to reach every specialised path of the encoder (long runs scanned 4 samples at a time, three 8-bit
 * components de-interleaved 16 pixels at a time, the sample-interleaved RGB line coder, the bit writer's
 * word and byte paths with many 0xFF bytes, long and escape Golomb codes of 16-bit noise, signed input)
 * are written as native DICOM and coded by `dcmcjpls` with default parameters (lossless `+el`, and
 * near-lossless `+en +md NEAR`); our coded scans must equal DCMTK's, up to a 0xFF fill byte DCMTK may add
 * before EOI. The images are generated here (no fixture files); DCMTK is the only oracle. (For 16-bit DCMTK
 * writes an LSE segment holding the default parameters, which we leave out: scans are compared from SOS on.)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { jpeglsEncode } from "../../src/wasm/kernels/jpeg-ls.js";

function has(cmd: string): boolean {
  try {
    execFileSync(cmd, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** xorshift32 floats in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Image {
  rows: number;
  cols: number;
  spp: 1 | 3;
  bits: number;
  signed: boolean;
  /** Interleaved little-endian cells (1 byte for bits <= 8, else 2). */
  data: Uint8Array;
}

/** An image of flat blocks (long runs), gradients and a noisy band; `noise` scales the band's amplitude. */
function scene(rows: number, cols: number, spp: 1 | 3, bits: number, seed: number, noise: number, signed = false): Image {
  const r = rng(seed);
  const max = 2 ** bits - 1;
  const cb = bits <= 8 ? 1 : 2;
  const data = new Uint8Array(rows * cols * spp * cb);
  const dv = new DataView(data.buffer);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      for (let c = 0; c < spp; c++) {
        let v: number;
        if (y < rows / 3) v = Math.floor(((x + 2 * y + 7 * c) / (cols + rows)) * max * 0.9); // gradient
        else if (x < cols / 2) v = ((x >> 5) + (y >> 4) + c) & 1 ? Math.floor(max * 0.8) : Math.floor(max * 0.1); // flat blocks
        else v = Math.floor(max / 2 + (r() - 0.5) * noise * max); // noise band
        v = Math.max(0, Math.min(max, v));
        if (signed) v -= 2 ** (bits - 1);
        const i = (y * cols + x) * spp + c;
        if (cb === 1) data[i] = v & 0xff;
        else dv.setUint16(2 * i, v & 0xffff, true);
      }
    }
  }
  return { rows, cols, spp, bits, signed, data };
}

/** Minimal Explicit VR Little Endian Part 10 file holding `img` (PS3.10 7.1, PS3.5 7.1.2). */
function nativeDicom(img: Image): Uint8Array {
  const parts: Uint8Array[] = [];
  const el = (group: number, element: number, vr: string, value: Uint8Array): Uint8Array => {
    const long = vr === "OW" || vr === "OB";
    const h = new Uint8Array(long ? 12 : 8);
    const v = new DataView(h.buffer);
    v.setUint16(0, group, true);
    v.setUint16(2, element, true);
    h[4] = vr.charCodeAt(0);
    h[5] = vr.charCodeAt(1);
    if (long) v.setUint32(8, value.length, true);
    else v.setUint16(6, value.length, true);
    const out = new Uint8Array(h.length + value.length);
    out.set(h);
    out.set(value, h.length);
    return out;
  };
  const str = (s: string, pad: string): Uint8Array => new TextEncoder().encode(s.length % 2 ? s + pad : s);
  const us = (n: number): Uint8Array => new Uint8Array([n & 0xff, n >> 8]);
  const secondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
  const instance = "1.2.826.0.1.3680043.10.1.1";
  const meta = [
    el(0x0002, 0x0002, "UI", str(secondaryCapture, "\0")),
    el(0x0002, 0x0003, "UI", str(instance, "\0")),
    el(0x0002, 0x0010, "UI", str("1.2.840.10008.1.2.1", "\0")),
  ];
  const metaLen = meta.reduce((a, m) => a + m.length, 0);
  const lenValue = new Uint8Array(4);
  new DataView(lenValue.buffer).setUint32(0, metaLen, true);
  parts.push(new Uint8Array(128), new TextEncoder().encode("DICM"), el(0x0002, 0x0000, "UL", lenValue), ...meta);
  const cb = img.bits <= 8 ? 8 : 16;
  parts.push(
    el(0x0008, 0x0016, "UI", str(secondaryCapture, "\0")),
    el(0x0008, 0x0018, "UI", str(instance, "\0")),
    el(0x0028, 0x0002, "US", us(img.spp)),
    el(0x0028, 0x0004, "CS", str(img.spp === 3 ? "RGB" : "MONOCHROME2", " ")),
    ...(img.spp === 3 ? [el(0x0028, 0x0006, "US", us(0))] : []),
    el(0x0028, 0x0010, "US", us(img.rows)),
    el(0x0028, 0x0011, "US", us(img.cols)),
    el(0x0028, 0x0100, "US", us(cb)),
    el(0x0028, 0x0101, "US", us(img.bits)),
    el(0x0028, 0x0102, "US", us(img.bits - 1)),
    el(0x0028, 0x0103, "US", us(img.signed ? 1 : 0)),
    el(0x7fe0, 0x0010, cb === 8 ? "OB" : "OW", img.data.length % 2 ? Uint8Array.from([...img.data, 0]) : img.data),
  );
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Index of the first SOS marker (the coded scans follow the frame header). */
function sos(s: Uint8Array): number {
  for (let i = 0; i + 1 < s.length; i++) if (s[i] === 0xff && s[i + 1] === 0xda) return i;
  return -1;
}

const CASES: { name: string; img: Image; ilv: 0 | 1 | 2; option: string; near?: number }[] = [
  { name: "RGB 8-bit 200x120 sample-interleaved, NEAR 2", img: scene(120, 200, 3, 8, 8, 0.1), ilv: 2, option: "+is", near: 2 },
  { name: "RGB 8-bit 200x120 line-interleaved, NEAR 1", img: scene(120, 200, 3, 8, 9, 0.1), ilv: 1, option: "+il", near: 1 },
  { name: "grey 12-bit 150x90 NEAR 3", img: scene(90, 150, 1, 12, 10, 0.05), ilv: 0, option: "+in", near: 3 },
  { name: "RGB 8-bit 200x120 sample-interleaved", img: scene(120, 200, 3, 8, 1, 0.1), ilv: 2, option: "+is" },
  { name: "RGB 8-bit 200x120 line-interleaved", img: scene(120, 200, 3, 8, 2, 0.1), ilv: 1, option: "+il" },
  { name: "RGB 8-bit 200x120 not interleaved", img: scene(120, 200, 3, 8, 3, 0.1), ilv: 0, option: "+in" },
  { name: "grey 8-bit 203x97, strong noise (many 0xFF bytes)", img: scene(97, 203, 1, 8, 4, 1), ilv: 0, option: "+in" },
  { name: "grey 16-bit 150x90, strong noise (long and escape codes)", img: scene(90, 150, 1, 16, 5, 1), ilv: 0, option: "+in" },
  { name: "grey 16-bit 150x90, mild noise", img: scene(90, 150, 1, 16, 6, 0.01), ilv: 0, option: "+in" },
  { name: "grey 8-bit signed 131x77", img: scene(77, 131, 1, 8, 7, 0.2, true), ilv: 0, option: "+in" },
];

const dcmtk = has("dcmcjpls");

describe.skipIf(!dcmtk)("JPEG-LS encoder fast paths: coded scans identical to DCMTK's (CharLS)", () => {
  let dir = "";
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-jls-paths-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  CASES.forEach(({ name, img, ilv, option, near = 0 }, i) => {
    it(name, () => {
      const input = join(dir, `${i}.dcm`);
      const output = join(dir, `${i}.jls.dcm`);
      writeFileSync(input, nativeDicom(img));
      execFileSync("dcmcjpls", [...(near ? ["+en", "+md", String(near)] : ["+el"]), option, input, output]);
      const theirs = new Uint8Array(readFileSync(output));
      const ours = jpeglsEncode(img.data, {
        rows: img.rows, columns: img.cols, components: img.spp, precision: img.bits,
        cellBytes: img.bits <= 8 ? 1 : 2, interleave: ilv, near, signed: img.signed,
      });
      // Our scans up to EOI; DCMTK may put a 0xFF fill byte before EOI to make the fragment's length even
      const a = ours.subarray(sos(ours), ours.length - 2);
      const t = sos(theirs);
      expect(t).toBeGreaterThan(0);
      expect(a.length).toBeGreaterThan(1000);
      expect(Buffer.from(theirs.subarray(t, t + a.length)).equals(Buffer.from(a))).toBe(true);
      let e = t + a.length;
      if (theirs[e] === 0xff && theirs[e + 1] === 0xff) e++;
      expect([theirs[e], theirs[e + 1]]).toEqual([0xff, 0xd9]);
    });
  });
});
