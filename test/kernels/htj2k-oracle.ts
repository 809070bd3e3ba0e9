/**
 * HTJ2K checks shared by htj2k.test.ts (release build) and htj2k.debug.test.ts (debug build). Codestreams are
 * made at run time by OpenJPH's ojph_compress over a grid of parameters (reversible / irreversible, levels
 * 0..5, code-block sizes, precincts, the five progression orders, tiles, 8..16 bits, signed, 1 and 3
 * components with and without the colour transform, odd sizes) from seeded synthetic images. The expected
 * samples never come from our decoder:
 *  - reversible, unsigned: the input image itself (and ojph_expand must agree with it);
 *  - irreversible: OpenJPEG's opj_decompress output exactly (where installed), and OpenJPH's ojph_expand
 *    within 1 (the two reference decoders differ by 1 on a few samples of 9-7 streams);
 *  - signed: opj_decompress (ojph_expand's raw writer clamps signed samples).
 * Where the tools are missing the grid is skipped with the reason; the committed fixtures of
 * test/fixtures/htj2k/ (see its README) run everywhere.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJpeg2000 } from "../../src/codecs/jpeg2000.js";
import { isDicomPixelError } from "../../src/errors.js";
import { repoRoot } from "../helpers/corpus.js";

function has(tool: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}
export const HAVE_OJPH = has("ojph_compress") && has("ojph_expand");
export const HAVE_OPJ = has("opj_decompress");

export interface HtCase {
  name: string;
  w: number;
  h: number;
  comps: 1 | 3;
  depth: number;
  signed?: boolean;
  reversible: boolean;
  qstep?: number;
  decomps?: number;
  block?: [number, number];
  precincts?: string;
  prog?: string;
  tiles?: [number, number];
  colourTrans?: boolean;
  /** 0 smooth + noise (default), 1 white noise, 2 mostly flat with sparse peaks. */
  content?: number;
}

/** Deterministic samples (planar: component, row, column), in the unsigned or signed range of `depth` bits. */
export function makeImage(c: HtCase, seed = 1): Int32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const max = 2 ** c.depth - 1;
  const out = new Int32Array(c.w * c.h * c.comps);
  let i = 0;
  for (let k = 0; k < c.comps; k++) {
    for (let y = 0; y < c.h; y++) {
      for (let x = 0; x < c.w; x++) {
        let v: number;
        if (c.content === 1) v = rnd() * max;
        else if (c.content === 2) v = rnd() < 0.02 ? rnd() * max : max / 2;
        else v = (0.5 + 0.35 * Math.sin((x + 7 * k) / 9) * Math.cos(y / 13)) * max + (rnd() - 0.5) * max * 0.15;
        v = Math.max(0, Math.min(max, Math.round(v)));
        out[i++] = c.signed ? v - 2 ** (c.depth - 1) : v;
      }
    }
  }
  return out;
}

function writeInput(dir: string, c: HtCase, img: Int32Array): { file: string; args: string[] } {
  const wide = c.depth > 8;
  if (!c.signed) {
    // PGM / PPM (16-bit big-endian samples above 8 bits), interleaved.
    const n = c.w * c.h;
    const body = new Uint8Array(n * c.comps * (wide ? 2 : 1));
    for (let p = 0; p < n; p++) {
      for (let k = 0; k < c.comps; k++) {
        const v = img[k * n + p]!;
        const o = (p * c.comps + k) * (wide ? 2 : 1);
        if (wide) {
          body[o] = v >> 8;
          body[o + 1] = v & 255;
        } else body[o] = v;
      }
    }
    const file = join(dir, c.comps === 3 ? "in.ppm" : "in.pgm");
    const head = new TextEncoder().encode(`${c.comps === 3 ? "P6" : "P5"}\n${c.w} ${c.h}\n${2 ** c.depth - 1}\n`);
    const all = new Uint8Array(head.length + body.length);
    all.set(head);
    all.set(body, head.length);
    writeFileSync(file, all);
    return { file, args: [] };
  }
  // Signed: planar raw (.yuv), little endian above 8 bits.
  const file = join(dir, "in.yuv");
  const b = new Uint8Array(img.length * (wide ? 2 : 1));
  for (let i = 0; i < img.length; i++) {
    if (wide) {
      b[2 * i] = img[i]! & 255;
      b[2 * i + 1] = (img[i]! >> 8) & 255;
    } else b[i] = img[i]! & 255;
  }
  writeFileSync(file, b);
  const rep = (v: string) => Array(c.comps).fill(v).join(",");
  return {
    file,
    args: ["-dims", `{${c.w},${c.h}}`, "-num_comps", `${c.comps}`, "-signed", rep("true"), "-bit_depth", rep(`${c.depth}`), "-downsamp", rep("{1,1}")],
  };
}

/** Runs ojph_compress for the case; returns the codestream. */
export function compress(dir: string, c: HtCase, img: Int32Array): Uint8Array {
  const { file, args } = writeInput(dir, c, img);
  const out = join(dir, "out.j2c");
  const a = ["-i", file, "-o", out, ...args, "-reversible", c.reversible ? "true" : "false"];
  if (c.qstep !== undefined) a.push("-qstep", `${c.qstep}`);
  if (c.decomps !== undefined) a.push("-num_decomps", `${c.decomps}`);
  if (c.block) a.push("-block_size", `{${c.block[0]},${c.block[1]}}`);
  if (c.precincts) a.push("-precincts", c.precincts);
  if (c.prog) a.push("-prog_order", c.prog);
  if (c.tiles) a.push("-tile_size", `{${c.tiles[0]},${c.tiles[1]}}`);
  if (c.colourTrans !== undefined && c.comps === 3) a.push("-colour_trans", c.colourTrans ? "true" : "false");
  execFileSync("ojph_compress", a, { stdio: "pipe" });
  return new Uint8Array(readFileSync(out));
}

/** Planar samples of a reference decoder's raw output (opj .rawl: little endian; ojph .yuv: little endian). */
function readPlanar(file: string, n: number, depth: number, signed: boolean): Int32Array {
  const b = readFileSync(file);
  const wide = depth > 8;
  expect(b.length).toBe(n * (wide ? 2 : 1));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let v = wide ? b[2 * i]! | (b[2 * i + 1]! << 8) : b[i]!;
    v &= 2 ** depth - 1;
    if (signed && v >= 2 ** (depth - 1)) v -= 2 ** depth;
    out[i] = v;
  }
  return out;
}

export function opjDecode(dir: string, cs: Uint8Array, c: HtCase): Int32Array {
  const inp = join(dir, "ref.j2c");
  writeFileSync(inp, cs);
  const out = join(dir, "opj.rawl");
  execFileSync("opj_decompress", ["-i", inp, "-o", out], { stdio: "pipe" });
  return readPlanar(out, c.w * c.h * c.comps, c.depth, !!c.signed);
}

/** Planar samples of a PGM / PPM file (16-bit big-endian samples when maxval > 255). */
function readPnm(file: string, c: HtCase): Int32Array {
  const b = readFileSync(file);
  let p = 0;
  const tokens: number[] = [];
  while (tokens.length < 3) {
    while (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09) p++;
    if (b[p] === 0x23) {
      while (b[p] !== 0x0a) p++;
      continue;
    }
    if (b[p] === 0x50) {
      p += 2;
      continue;
    }
    let v = 0;
    while (b[p]! >= 0x30 && b[p]! <= 0x39) v = v * 10 + b[p++]! - 0x30;
    tokens.push(v);
  }
  p++;
  const [w, h, maxval] = tokens as [number, number, number];
  expect([w, h]).toEqual([c.w, c.h]);
  const wide = maxval > 255;
  const n = w * h;
  const out = new Int32Array(n * c.comps);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c.comps; k++) {
      const o = p + (i * c.comps + k) * (wide ? 2 : 1);
      out[k * n + i] = wide ? (b[o]! << 8) | b[o + 1]! : b[o]!;
    }
  }
  return out;
}

/** ojph_expand to PGM / PPM (unsigned cases only). */
export function ojphDecode(dir: string, cs: Uint8Array, c: HtCase): Int32Array {
  const inp = join(dir, "ref.j2c");
  writeFileSync(inp, cs);
  const out = join(dir, c.comps === 3 ? "ojph.ppm" : "ojph.pgm");
  execFileSync("ojph_expand", ["-i", inp, "-o", out], { stdio: "pipe" });
  return readPnm(out, c);
}

/** Our decode as planar signed/unsigned integers. */
export function ourDecode(cs: Uint8Array, c: HtCase): Int32Array {
  const img = decodeJpeg2000(cs);
  expect([img.columns, img.rows, img.samplesPerPixel, img.precision, img.signed]).toEqual([c.w, c.h, c.comps, c.depth, !!c.signed]);
  const n = c.w * c.h;
  const cell = img.data.length / n / c.comps;
  const out = new Int32Array(n * c.comps);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < c.comps; k++) {
      const o = (p * c.comps + k) * cell;
      let v = cell === 2 ? img.data[o]! | (img.data[o + 1]! << 8) : img.data[o]!;
      v &= 2 ** c.depth - 1;
      if (c.signed && v >= 2 ** (c.depth - 1)) v -= 2 ** c.depth;
      out[k * n + p] = v;
    }
  }
  return out;
}

function diff(a: Int32Array, b: Int32Array): { count: number; max: number; first: number } {
  let count = 0;
  let max = 0;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d) {
      count++;
      if (first < 0) first = i;
      if (d > max) max = d;
    }
  }
  return { count, max, first };
}

/** The parameter grid. */
export const GRID: HtCase[] = [
  { name: "8-bit grey 64x64 reversible, 5 levels", w: 64, h: 64, comps: 1, depth: 8, reversible: true },
  { name: "1x1", w: 1, h: 1, comps: 1, depth: 8, reversible: true },
  { name: "3x5", w: 3, h: 5, comps: 1, depth: 8, reversible: true, decomps: 2 },
  { name: "17x33 noise, 0 levels", w: 17, h: 33, comps: 1, depth: 8, reversible: true, decomps: 0, content: 1 },
  { name: "17x33, 1 level", w: 17, h: 33, comps: 1, depth: 8, reversible: true, decomps: 1 },
  { name: "sparse peaks 40x24", w: 40, h: 24, comps: 1, depth: 8, reversible: true, decomps: 3, content: 2 },
  { name: "block 32x32", w: 70, h: 45, comps: 1, depth: 8, reversible: true, block: [32, 32] },
  { name: "block 16x16, 4 levels", w: 50, h: 37, comps: 1, depth: 8, reversible: true, block: [16, 16], decomps: 4 },
  { name: "block 4x1024", w: 45, h: 20, comps: 1, depth: 8, reversible: true, block: [4, 1024], decomps: 2 },
  { name: "block 1024x4", w: 20, h: 45, comps: 1, depth: 8, reversible: true, block: [1024, 4], decomps: 2 },
  { name: "block 8x8 noise", w: 33, h: 17, comps: 1, depth: 8, reversible: true, block: [8, 8], content: 1, decomps: 1 },
  { name: "10-bit", w: 31, h: 29, comps: 1, depth: 10, reversible: true, decomps: 3 },
  { name: "12-bit noise", w: 40, h: 30, comps: 1, depth: 12, reversible: true, content: 1, decomps: 2 },
  { name: "16-bit", w: 35, h: 21, comps: 1, depth: 16, reversible: true, decomps: 3 },
  { name: "16-bit noise, 0 levels", w: 19, h: 13, comps: 1, depth: 16, reversible: true, decomps: 0, content: 1 },
  { name: "RGB 8-bit with colour transform", w: 48, h: 40, comps: 3, depth: 8, reversible: true, colourTrans: true },
  { name: "RGB 8-bit without colour transform", w: 33, h: 27, comps: 3, depth: 8, reversible: true, colourTrans: false, decomps: 2 },
  { name: "RGB 12-bit with colour transform", w: 30, h: 20, comps: 3, depth: 12, reversible: true, colourTrans: true, decomps: 2 },
  { name: "precincts", w: 80, h: 70, comps: 1, depth: 8, reversible: true, decomps: 3, precincts: "{32,32},{16,16}", block: [16, 16] },
  { name: "LRCP", w: 40, h: 40, comps: 3, depth: 8, reversible: true, prog: "LRCP", decomps: 2 },
  { name: "RLCP", w: 40, h: 40, comps: 3, depth: 8, reversible: true, prog: "RLCP", decomps: 2 },
  { name: "RPCL with precincts", w: 60, h: 50, comps: 3, depth: 8, reversible: true, prog: "RPCL", decomps: 2, precincts: "{32,32},{16,16}", block: [16, 16] },
  { name: "PCRL", w: 40, h: 40, comps: 3, depth: 8, reversible: true, prog: "PCRL", decomps: 2, precincts: "{16,16}", block: [8, 8] },
  { name: "CPRL", w: 40, h: 40, comps: 3, depth: 8, reversible: true, prog: "CPRL", decomps: 2 },
  { name: "tiles 32x24", w: 70, h: 50, comps: 1, depth: 8, reversible: true, tiles: [32, 24], decomps: 2 },
  { name: "tiles, RGB", w: 50, h: 41, comps: 3, depth: 8, reversible: true, tiles: [24, 24], decomps: 1 },
  { name: "irreversible 8-bit grey", w: 64, h: 48, comps: 1, depth: 8, reversible: false, qstep: 0.01 },
  { name: "irreversible coarse", w: 45, h: 33, comps: 1, depth: 8, reversible: false, qstep: 0.1, decomps: 3 },
  { name: "irreversible fine, noise", w: 31, h: 17, comps: 1, depth: 8, reversible: false, qstep: 0.001, content: 1, decomps: 2 },
  { name: "irreversible RGB (ICT)", w: 48, h: 40, comps: 3, depth: 8, reversible: false, qstep: 0.02 },
  { name: "irreversible 12-bit", w: 40, h: 30, comps: 1, depth: 12, reversible: false, qstep: 0.005, decomps: 3 },
  { name: "irreversible 16-bit, 0 levels", w: 21, h: 19, comps: 1, depth: 16, reversible: false, qstep: 0.0001, decomps: 0 },
  { name: "signed 12-bit", w: 23, h: 17, comps: 1, depth: 12, signed: true, reversible: true, decomps: 2 },
  { name: "signed 16-bit noise", w: 20, h: 18, comps: 1, depth: 16, signed: true, reversible: true, content: 1, decomps: 1 },
  { name: "signed 8-bit irreversible", w: 30, h: 22, comps: 1, depth: 8, signed: true, reversible: false, qstep: 0.01, decomps: 2 },
];

/** Generates, decodes with us and the reference tools, compares. */
export function gridSuite(cases: readonly HtCase[] = GRID): void {
  describe.skipIf(!HAVE_OJPH)(`ojph_compress streams${HAVE_OJPH ? "" : " (skipped: ojph_compress / ojph_expand not installed, apt-get install openjph-tools)"}`, () => {
    const dir = HAVE_OJPH ? mkdtempSync(join(tmpdir(), "dicompix-htj2k-")) : "";
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    for (const c of cases) {
      it(c.name, () => {
        const img = makeImage(c);
        const cs = compress(dir, c, img);
        const ours = ourDecode(cs, c);
        if (c.reversible && !c.signed) {
          expect(diff(ojphDecode(dir, cs, c), img).count, "ojph_expand reproduces the input").toBe(0);
          expect(diff(ours, img)).toEqual({ count: 0, max: 0, first: -1 });
        } else if (c.signed || !HAVE_OJPH) {
          if (!HAVE_OPJ) return;
          expect(diff(ours, opjDecode(dir, cs, c))).toEqual({ count: 0, max: 0, first: -1 });
        } else {
          if (HAVE_OPJ) expect(diff(ours, opjDecode(dir, cs, c))).toEqual({ count: 0, max: 0, first: -1 });
          expect(diff(ours, ojphDecode(dir, cs, c)).max).toBeLessThanOrEqual(1);
        }
      });
    }
  });
}

/** Committed fixtures (test/fixtures/htj2k/): codestream, expected sha256 of our canonical output. */
export interface HtFixture {
  file: string;
  sha256: string;
}

export function fixtureDir(): string {
  return join(repoRoot, "test", "fixtures", "htj2k");
}

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Decodes; the image on success, null on a DicomPixelError; rethrows anything else (a trap is a RuntimeError). */
export function tryDecode(src: Uint8Array): Uint8Array | null {
  try {
    return decodeJpeg2000(src, { maxFrameBytes: 2 ** 24 }).data;
  } catch (e) {
    if (!isDicomPixelError(e) || e.code === "INTERNAL_ERROR") throw e;
    return null;
  }
}

export { existsSync };
