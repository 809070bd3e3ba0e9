/**
 * Shared by the JPEG 2000 encoder tests: synthetic images (canonical cells and their values) and OpenJPEG's
 * opj_decompress as the independent decoder of our codestreams.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { jpeg2000Codec } from "../../src/codecs/jpeg2000.js";
import { PixelModule } from "../../src/pixel-module.js";
import { rng } from "../helpers/rng.js";

let work: string | undefined;
function workDir(): string {
  work ??= mkdtempSync(join(tmpdir(), "dicompix-j2k-enc-"));
  return work;
}

/** Removes the temporary files of opjDecode. */
export function cleanupOracle(): void {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
}

export interface Image {
  module: PixelModule;
  /** Canonical cells (little endian). */
  frame: Uint8Array;
  /** Sample values, colour-by-pixel. */
  values: Int32Array;
}

/** Builds the canonical frame of the given sample values. */
export function makeImage(w: number, h: number, spp: 1 | 3, ba: 8 | 16, bs: number, signed: boolean, values: Int32Array): Image {
  const module = PixelModule.from({
    rows: h,
    columns: w,
    samplesPerPixel: spp,
    photometricInterpretation: spp === 3 ? "RGB" : "MONOCHROME2",
    ...(spp === 3 ? { planarConfiguration: 0 } : {}),
    bitsAllocated: ba,
    bitsStored: bs,
    highBit: bs - 1,
    pixelRepresentation: signed ? 1 : 0,
  });
  const frame = new Uint8Array(values.length * (ba / 8));
  const dv = new DataView(frame.buffer);
  for (let i = 0; i < values.length; i++) {
    if (ba === 8) frame[i] = values[i]! & 0xff;
    else dv.setUint16(i * 2, values[i]! & 0xffff, true);
  }
  return { module, frame, values };
}

/** CT-like content: a smooth disc with noise, a flat area, and min / max extremes. */
export function synthetic(w: number, h: number, spp: 1 | 3, bs: number, signed: boolean, seed: number): Int32Array {
  const r = rng(seed);
  const lo = signed ? -(2 ** (bs - 1)) : 0;
  const hi = signed ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
  const out = new Int32Array(w * h * spp);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < spp; c++) {
        let v: number;
        const d = Math.hypot(x - w / 2, y - h / 2) / Math.max(1, Math.min(w, h) / 2);
        if (x < w / 8) v = lo + ((hi - lo) >> 2); // flat band
        else if ((x + y + c) % 97 === 0) v = r() < 0.5 ? lo : hi; // extremes
        else v = lo + (hi - lo) * (d < 0.8 ? 0.6 - 0.3 * d : 0.1) + (r() - 0.5) * (hi - lo) * 0.05 * (c + 1);
        out[(y * w + x) * spp + c] = Math.max(lo, Math.min(hi, Math.round(v)));
      }
    }
  }
  return out;
}

let counter = 0;
/** Decodes a codestream with opj_decompress; returns the samples colour-by-pixel. */
export function opjDecode(cs: Uint8Array, w: number, h: number, spp: number, bs: number, signed: boolean): Int32Array {
  const id = counter++;
  const inp = join(workDir(), `c${id}.j2k`);
  const outp = join(workDir(), `c${id}.rawl`);
  writeFileSync(inp, cs);
  execFileSync("opj_decompress", ["-i", inp, "-o", outp], { stdio: "pipe" });
  const raw = readFileSync(outp);
  const bytes = bs <= 8 ? 1 : 2;
  const out = new Int32Array(w * h * spp);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  expect(raw.byteLength).toBe(w * h * spp * bytes);
  // RAWL is component after component (planar), little endian.
  for (let c = 0; c < spp; c++) {
    for (let i = 0; i < w * h; i++) {
      const o = (c * w * h + i) * bytes;
      // opj_decompress writes signed samples as their two's complement in `bs` bits.
      const u = (bytes === 1 ? dv.getUint8(o) : dv.getUint16(o, true)) & (2 ** bs - 1);
      out[i * spp + c] = signed && u >= 2 ** (bs - 1) ? u - 2 ** bs : u;
    }
  }
  return out;
}

/**
 * OpenJPEG's own encode (opj_compress, default parameters but `levels` and `extra` arguments such as `-I`)
 * of the image, with its COM marker (an encoder comment) removed: the codestream an identical encoder would write.
 */
export function opjEncode(img: Image, levels: number, extra: readonly string[] = []): Uint8Array {
  const m = img.module;
  const spp = m.samplesPerPixel;
  const n = m.rows * m.columns;
  const bytes = m.bitsStored <= 8 ? 1 : 2;
  const raw = new Uint8Array(n * spp * bytes);
  const dv = new DataView(raw.buffer);
  // RAWL input: component after component, little endian.
  for (let c = 0; c < spp; c++) {
    for (let i = 0; i < n; i++) {
      const v = img.values[i * spp + c]!;
      if (bytes === 1) raw[c * n + i] = v & 0xff;
      else dv.setUint16((c * n + i) * 2, v & 0xffff, true);
    }
  }
  const id = counter++;
  const inp = join(workDir(), `e${id}.rawl`);
  const outp = join(workDir(), `e${id}.j2k`);
  writeFileSync(inp, raw);
  const format = `${m.columns},${m.rows},${spp},${m.bitsStored},${m.pixelRepresentation === 1 ? "s" : "u"}`;
  execFileSync("opj_compress", ["-i", inp, "-o", outp, "-F", format, "-n", String(levels + 1), ...extra], { stdio: "pipe" });
  const cs = new Uint8Array(readFileSync(outp));
  for (let i = 2; i + 4 <= cs.length; ) {
    const marker = (cs[i]! << 8) | cs[i + 1]!;
    const len = (cs[i + 2]! << 8) | cs[i + 3]!;
    if (marker === 0xff64) return Uint8Array.from([...cs.subarray(0, i), ...cs.subarray(i + 2 + len)]);
    if (marker === 0xff90) break;
    i += 2 + len;
  }
  return cs;
}

/** Our decoder, through the codec (canonical cells) back to sample values. */
export function ourDecode(cs: Uint8Array, img: Image, transferSyntaxUID = "1.2.840.10008.1.2.4.90"): Int32Array {
  const dst = new Uint8Array(img.module.frameByteLength());
  jpeg2000Codec.decodeInto(cs, img.module, dst, { transferSyntaxUID, frameIndex: 0 });
  const dv = new DataView(dst.buffer);
  const out = new Int32Array(img.values.length);
  const signed = img.module.pixelRepresentation === 1;
  for (let i = 0; i < out.length; i++) {
    out[i] = img.module.bitsAllocated === 8 ? (signed ? dv.getInt8(i) : dv.getUint8(i)) : signed ? dv.getInt16(i * 2, true) : dv.getUint16(i * 2, true);
  }
  return out;
}

/** Where two sample arrays first differ, for assertion messages ("equal" when they do not). */
export function firstDiff(a: Int32Array, b: Int32Array): string {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `sample ${i}: ${a[i]} != ${b[i]}`;
  return "equal";
}
