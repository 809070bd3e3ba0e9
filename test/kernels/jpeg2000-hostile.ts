/**
 * JPEG 2000 checks shared by jpeg2000.test.ts (release build) and jpeg2000.debug.test.ts (debug build):
 * a small corpus codestream decoded against pydicom's pixels (via the manifest hash), the inverse 5-3 / 9-7
 * DWT against a plain TS forward transform (T.800 F.4.8), and hostile inputs (every truncation of a small
 * codestream, corrupted bytes, huge SIZ, bad marker lengths) that must give a typed DicomPixelError or a
 * decode, never a trap or a hang.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, repoRoot } from "../helpers/corpus.js";
import { isDicomPixelError } from "../../src/errors.js";
import { openDicom } from "../../src/part10/open.js";
import { decodeJpeg2000 } from "../../src/codecs/jpeg2000.js";
import { j2kInverseDwt } from "../../src/wasm/kernels/jpeg2000.js";
import { getInstance } from "../../src/wasm/module.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** The first frame's codestream of a corpus file. */
export async function corpusCodestream(path: string): Promise<Uint8Array> {
  const e = loadManifest().find((m) => m.path === path)!;
  const f = await openDicom(corpusFile(e));
  try {
    const m = f.pixelModule();
    return (await f.readFrame(0, m)).bytes.slice();
  } finally {
    await f.close();
  }
}

/** Decodes; the image on success, null on a DicomPixelError; rethrows anything else (a trap is a RuntimeError). */
export function tryDecode(src: Uint8Array): Uint8Array | null {
  try {
    return decodeJpeg2000(src, { maxFrameBytes: 2 ** 24 }).data;
  } catch (e) {
    if (!isDicomPixelError(e) || e.code === "INTERNAL_ERROR") throw e;
    return null;
  }
}

// --- plain TS reference: forward 5-3 (T.800 F.4.8.1) and 9-7 (F.4.8.2) with symmetric extension ---
function ext(i: number, n: number): number {
  if (n === 1) return 0;
  const p = 2 * (n - 1);
  let m = ((i % p) + p) % p;
  return m >= n ? p - m : m;
}
/** Forward 1-D transform of x (start index i0 parity p0) -> [lows..., highs...]. */
function fwd1d(x: number[], p0: number, reversible: boolean): number[] {
  const n = x.length;
  if (n === 1) return p0 === 1 ? [reversible ? x[0]! * 2 : x[0]! * 2] : x.slice();
  const y = x.slice();
  const get = (a: number[], i: number) => a[ext(i, n)]!;
  const odd = (i: number) => ((i + p0) & 1) === 1;
  if (reversible) {
    const t = y.slice();
    for (let i = 0; i < n; i++) if (odd(i)) y[i] = t[i]! - Math.floor((get(t, i - 1) + get(t, i + 1)) / 2);
    const u = y.slice();
    for (let i = 0; i < n; i++) if (!odd(i)) y[i] = u[i]! + Math.floor((get(u, i - 1) + get(u, i + 1) + 2) / 4);
  } else {
    const [a, b, g, d, k] = [-1.586134342059924, -0.052980118572961, 0.882911075530934, 0.443506852043971, 1.230174104914001];
    const step = (c: number, wantOdd: boolean) => {
      const t = y.slice();
      for (let i = 0; i < n; i++) if (odd(i) === wantOdd) y[i] = t[i]! + c * (get(t, i - 1) + get(t, i + 1));
    };
    step(a, true);
    step(b, false);
    step(g, true);
    step(d, false);
    // Band gains folded as the decoder expects: lows / K, highs / 1.625732422 (~ K / 2: the decoder's
    // OpenJPEG-compatible high-pass factor; the E.1.1.1 gains live in the step sizes).
    for (let i = 0; i < n; i++) y[i] = odd(i) ? y[i]! / 1.625732422 : y[i]! / k;
  }
  const lows: number[] = [];
  const highs: number[] = [];
  for (let i = 0; i < n; i++) (odd(i) ? highs : lows).push(y[i]!);
  return lows.concat(highs);
}

/** Forward 2-D multi-level transform into the resolution-nested layout; returns the rects of resolution 0..levels. */
export function forwardDwt(img: number[], w: number, h: number, x0: number, y0: number, levels: number, reversible: boolean): { coeffs: number[]; rects: number[] } {
  const c = img.slice();
  const rects: number[] = [];
  for (let r = levels; r >= 0; r--) {
    const s = 2 ** (levels - r);
    rects.unshift(Math.ceil(x0 / s), Math.ceil(y0 / s), Math.ceil((x0 + w) / s), Math.ceil((y0 + h) / s));
  }
  for (let lev = 1; lev <= levels; lev++) {
    const r = levels - lev + 1;
    const [rx0, ry0, rx1, ry1] = rects.slice(r * 4, r * 4 + 4) as [number, number, number, number];
    const rw = rx1 - rx0;
    const rh = ry1 - ry0;
    if (rw === 0 || rh === 0) continue;
    for (let x = 0; x < rw; x++) {
      const col = [];
      for (let y = 0; y < rh; y++) col.push(c[y * w + x]!);
      const t = fwd1d(col, ry0 & 1, reversible);
      for (let y = 0; y < rh; y++) c[y * w + x] = t[y]!;
    }
    for (let y = 0; y < rh; y++) {
      const t = fwd1d(c.slice(y * w, y * w + rw), rx0 & 1, reversible);
      for (let x = 0; x < rw; x++) c[y * w + x] = t[x]!;
    }
  }
  return { coeffs: c, rects };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function dwtSuite(): void {
  for (const [w, h, x0, y0, levels] of [[17, 13, 0, 0, 3], [32, 32, 1, 3, 5], [5, 9, 3, 2, 2], [1, 7, 1, 0, 2], [64, 3, 0, 1, 4]] as const) {
    it(`inverse 5-3 restores a ${w}x${h} image at (${x0},${y0}) with ${levels} levels exactly`, () => {
      const rnd = lcg(w * 131 + h);
      const img = Array.from({ length: w * h }, () => Math.floor(rnd() * 4096) - 2048);
      const { coeffs, rects } = forwardDwt(img, w, h, x0, y0, levels, true);
      const buf = Int32Array.from(coeffs);
      j2kInverseDwt(buf, w, rects, levels);
      expect(Array.from(buf)).toEqual(img);
    });
    it(`inverse 9-7 restores a ${w}x${h} image at (${x0},${y0}) with ${levels} levels within 0.01`, () => {
      const rnd = lcg(w * 7 + h);
      const img = Array.from({ length: w * h }, () => Math.floor(rnd() * 256));
      const { coeffs, rects } = forwardDwt(img, w, h, x0, y0, levels, false);
      const buf = Float32Array.from(coeffs);
      j2kInverseDwt(buf, w, rects, levels);
      let max = 0;
      for (let i = 0; i < img.length; i++) max = Math.max(max, Math.abs(buf[i]! - img[i]!));
      expect(max).toBeLessThan(0.002);
    });
  }
}

const SMALL = "pydicom/MR_small_jp2klossless.dcm";

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jpeg2000", name)));
const LOSSLESS_FIXTURES = ["grey8-lrcp", "grey8-rlcp-layers", "grey8-rpcl-precincts", "grey8-pcrl-tiles", "grey8-pcrl-precincts", "grey8-cprl-offset", "grey16-lrcp", "rgb8-rct-rpcl",
  "grey8-style-bypass", "grey8-style-all", "grey8-style-termall-causal"];
const LOSSY_FIXTURES = ["rgb8-ict-lossy", "grey8-ict-lossy-cprl", "grey8-style-bypass-reset-lossy"];

export function fixtureSuite(): void {
  for (const name of LOSSLESS_FIXTURES) {
    it(`${name}.j2k decodes to OpenJPEG's image exactly`, () => {
      const img = decodeJpeg2000(fixture(`${name}.j2k`));
      expect(sha256(img.data)).toBe(sha256(fixture(`${name}.raw`)));
    });
  }
  for (const name of LOSSY_FIXTURES) {
    it(`${name}.j2k decodes to OpenJPEG's image within 1`, () => {
      const img = decodeJpeg2000(fixture(`${name}.j2k`));
      const ref = fixture(`${name}.raw`);
      expect(img.data.length).toBe(ref.length);
      let max = 0;
      for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(img.data[i]! - ref[i]!));
      expect(max).toBeLessThanOrEqual(1);
    });
  }
  it("every truncation of a tiled, multi-layer fixture decodes or fails with a typed error", () => {
    const cs = fixture("grey8-pcrl-tiles.j2k");
    for (let n = 0; n < cs.length; n += 7) tryDecode(cs.subarray(0, n));
  });
}

export function hostileSuite(): void {
  it("j2k_decode_blocks rejects block descriptors outside its buffers (negated INVALID_ARGUMENT / DESTINATION_TOO_SMALL)", () => {
    const { exports: ex, arena } = getInstance();
    arena.scoped(() => {
      const src = arena.alloc(64);
      const dst = arena.alloc(16 * 16 * 4);
      const desc = arena.alloc(44, 8);
      const segs = arena.alloc(16, 8);
      const scratchLen = ex.j2k_block_scratch_size(16, 16);
      const scratch = arena.alloc(scratchLen);
      new Int32Array(arena.u8().buffer, segs, 2).set([8, 1]);
      // data offset, length, cell offset, w, h, orient, numBps, style, first segment, segment count; delta
      const run = (d: number[]) => {
        new Int32Array(arena.u8().buffer, desc, 10).set(d);
        return ex.j2k_decode_blocks(src, 64, dst, 16 * 16 * 4, 16, desc, 1, segs, 1, scratch, scratchLen, 0);
      };
      expect(run([0, 8, 0, 16, 16, 0, 4, 0, 0, 1])).toBe(0);
      expect(run([60, 8, 0, 16, 16, 0, 4, 0, 0, 1])).toBe(-100); // data past the source
      expect(run([-4, 8, 0, 16, 16, 0, 4, 0, 0, 1])).toBe(-100);
      expect(run([0, 8, 0, 16, 16, 0, 4, 0, 1, 1])).toBe(-100); // segments past the table
      expect(run([0, 8, 0, 16, 16, 0, 4, 0, 0, -1])).toBe(-100);
      expect(run([0, 8, 16, 16, 16, 0, 4, 0, 0, 1])).toBe(-101); // block past the destination
      expect(run([0, 4, 0, 16, 16, 0, 4, 0, 0, 1])).toBe(-100); // segment longer than the block's data
    });
  });

  it.skipIf(!corpusAvailable())("decodes a small corpus codestream bit-exactly (manifest hash)", async () => {
    const cs = await corpusCodestream(SMALL);
    const img = decodeJpeg2000(cs);
    expect(img.rows).toBe(64);
    expect(img.signed).toBe(true);
    const e = loadManifest().find((m) => m.path === SMALL)!;
    expect(sha256(img.data)).toBe(e.reference.frames![0]);
  });

  it.skipIf(!corpusAvailable())("every truncation of a small codestream decodes or fails with a typed error", async () => {
    const cs = await corpusCodestream(SMALL);
    const step = Math.max(1, Math.floor(cs.length / 150));
    let errors = 0;
    for (let n = 0; n < cs.length; n += step) if (tryDecode(cs.subarray(0, n)) === null) errors++;
    expect(errors).toBeGreaterThan(0);
  });

  it.skipIf(!corpusAvailable())("corrupted bytes never trap", async () => {
    const cs = await corpusCodestream(SMALL);
    const rnd = lcg(12345);
    for (let k = 0; k < 150; k++) {
      const c = cs.slice();
      const flips = 1 + Math.floor(rnd() * 4);
      for (let j = 0; j < flips; j++) c[Math.floor(rnd() * c.length)] = Math.floor(rnd() * 256);
      tryDecode(c);
    }
  });

  it.skipIf(!corpusAvailable())("a huge SIZ is SIZE_LIMIT before any allocation; bad marker lengths are typed errors", async () => {
    const cs = await corpusCodestream(SMALL);
    const huge = cs.slice();
    // SIZ Xsiz / Ysiz at bytes 8..15 (after SOC, SIZ marker, Lsiz, Rsiz)
    new DataView(huge.buffer).setUint32(8, 0xfffffff0);
    new DataView(huge.buffer).setUint32(12, 0xfffffff0);
    expect(() => decodeJpeg2000(huge)).toThrow(expect.objectContaining({ code: "SIZE_LIMIT" }));
    const badLen = cs.slice();
    badLen[4] = 0xff; // Lsiz = 0xFFxx: past the end
    expect(() => decodeJpeg2000(badLen)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
    const noSoc = cs.slice();
    noSoc[1] = 0x00;
    expect(() => decodeJpeg2000(noSoc)).toThrow(expect.objectContaining({ code: "INVALID_DATA" }));
    expect(() => decodeJpeg2000(new Uint8Array([0xff, 0x4f]))).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });
}
