/**
 * Kernels of the JPEG 2000 lossy encoder on raw memory, against plain TS references written from the standard:
 * the ICT (T.800 G.3.1, Equation G-7) and the forward irreversible 9-7 (F.4.8.2 lifting, Table F.4, F.3.7
 * symmetric extension) computed in f32 one operation at a time (Math.fround) must equal the kernels bit for bit;
 * the quantiser (E.1) must give sign(c) floor(|c| / step) after rounding the quotient to 1/64; the synthesis
 * norms of encode-quant.ts are recomputed in double precision. Hostile arguments give a negated status.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bandNorm } from "../../src/codecs/jpeg2000/encode-quant.js";
import { passTruncationBytes, truncateAt, truncationHull } from "../../src/codecs/jpeg2000/encode-rate.js";
import type { J2kEncodedBlock } from "../../src/wasm/kernels/jpeg2000.js";
import { getInstance } from "../../src/wasm/module.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { rng } from "../helpers/rng.js";

const f = Math.fround;
const ALPHA = f(-1.586134342);
const BETA = f(-0.052980118);
const GAMMA = f(0.882911075);
const DELTA = f(0.443506852);
const K = f(1.230174105);
const INV_K = f(1 / 1.230174105);

/** 1D_SD (F.4.8.2) of a line in f32, in place, then lows first (ceil(n / 2)) and highs. */
function fdwt1(x: number[]): number[] {
  const n = x.length;
  if (n < 2) return x;
  const at = (j: number) => x[j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j]!; // F.3.7 PSE
  for (const [c, p] of [[ALPHA, 1], [BETA, 0], [GAMMA, 1], [DELTA, 0]] as const) {
    for (let j = p; j < n; j += 2) x[j] = f(x[j]! + f(f(at(j - 1) + at(j + 1)) * c));
  }
  for (let j = 0; j < n; j++) x[j] = f(x[j]! * (j % 2 === 0 ? INV_K : K));
  return [...x.filter((_, j) => j % 2 === 0), ...x.filter((_, j) => j % 2 === 1)];
}

/** 2D_SD (F.4.2) `levels` times: per level columns (VER_SD) then rows (HOR_SD) of the current LL. */
function fdwt2(buf: Float32Array, w: number, h: number, levels: number): void {
  let cw = w;
  let ch = h;
  for (let l = 0; l < levels; l++) {
    if (ch >= 2) {
      for (let x = 0; x < cw; x++) {
        const col = fdwt1(Array.from({ length: ch }, (_, y) => buf[y * w + x]!));
        col.forEach((v, y) => (buf[y * w + x] = v));
      }
    }
    if (cw >= 2) {
      for (let y = 0; y < ch; y++) {
        const row = fdwt1(Array.from(buf.subarray(y * w, y * w + cw)));
        buf.set(row, y * w);
      }
    }
    cw = Math.ceil(cw / 2);
    ch = Math.ceil(ch / 2);
  }
}

/** Round half to even (the default IEEE rounding of lrintf / f32.nearest). */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function ict(r: number, g: number, b: number): [number, number, number] {
  const lin = (a: number, ca: number, bb: number, cb: number, c: number, cc: number) => f(f(f(a * f(ca)) + f(bb * f(cb))) + f(c * f(cc)));
  return [lin(r, 0.299, g, 0.587, b, 0.114), lin(r, -0.16875, g, -0.33126, b, 0.5), lin(r, 0.5, g, -0.41869, b, -0.08131)];
}

/** Runs a kernel on a copy of `data` (f32 / i32 cells) in the arena; returns the status and the cells after. */
function onArena(data: Float32Array | Int32Array, call: (ptr: number, len: number) => number): { status: number; out: ArrayBuffer } {
  const { arena } = getInstance();
  return arena.scoped(() => {
    const p = arena.copyIn(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const status = call(p, data.byteLength);
    return { status, out: arena.copyOut(p, data.byteLength).slice().buffer };
  });
}

describe.each(KERNEL_FLAVOURS.map((f) => [f] as const))("JPEG 2000 lossy encoder kernels (%s build)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  it("j2k_enc_to_real: i32 to f32, and the ICT (G.3.1) in f32, as the reference", () => {
    const { exports: ex } = getInstance();
    const r = rng(7);
    for (const count of [1, 3, 4, 5, 37]) {
      const data = Int32Array.from({ length: count * 3 }, () => Math.floor(r() * 65536) - 32768);
      const plain = onArena(data, (p, len) => ex.j2k_enc_to_real(p, len, count, 3, 0));
      expect(plain.status).toBe(0);
      expect(Array.from(new Float32Array(plain.out))).toEqual(Array.from(data));
      const withIct = onArena(data, (p, len) => ex.j2k_enc_to_real(p, len, count, 3, 1));
      const got = new Float32Array(withIct.out);
      for (let i = 0; i < count; i++) {
        const want = ict(data[i]!, data[count + i]!, data[2 * count + i]!);
        expect([got[i], got[count + i], got[2 * count + i]]).toEqual(want);
      }
    }
  });

  it("j2k_enc_fdwt97: bit-exact against the f32 F.4.8.2 reference, sizes 1x1 to 70x66, levels 0-6", () => {
    const { exports: ex, arena } = getInstance();
    const r = rng(11);
    for (const [w, h] of [[1, 1], [1, 9], [9, 1], [2, 2], [5, 3], [3, 8], [37, 29], [64, 64], [70, 66]] as const) {
      for (const levels of [0, 1, 2, 5, 6]) {
        const data = Float32Array.from({ length: w * h }, () => Math.round((r() - 0.5) * 4000));
        const want = data.slice();
        fdwt2(want, w, h, levels);
        const got = onArena(data, (p, len) =>
          arena.scoped(() => {
            const sl = ex.j2k_enc_fdwt_scratch_size(w, h);
            return ex.j2k_enc_fdwt97(p, len, w, w, h, levels, arena.alloc(sl), sl);
          }),
        );
        expect(got.status).toBe(0);
        expect(Array.from(new Float32Array(got.out)), `${w}x${h} levels ${levels}`).toEqual(Array.from(want));
      }
    }
  });

  it("j2k_enc_quantize: sign(c) floor(|c| / step) from the quotient rounded to 1/64, only inside the band", () => {
    const { exports: ex } = getInstance();
    const r = rng(3);
    const w = 13;
    const h = 9;
    const data = Float32Array.from({ length: w * h }, () => f((r() - 0.5) * 300));
    data[0] = f(2.99 * 1.5); // quotient 2.99: rounds to 191.36 / 64 -> 2
    data[1] = f(-2.999 * 1.5); // quotient -2.999 rounds to -192 / 64 -> -3 (OpenJPEG's 1/64 rounding)
    data[2] = f((2.5 / 64) * 1.5); // quotient * 64 = 2.5: a tie, to even
    data[3] = f((1 + 63.5 / 64) * 1.5); // quotient * 64 = 127.5 -> 128 (even) -> 2
    const step = f(1.5);
    const [x0, y0, bw, bh] = [0, 0, 11, 7];
    const res = onArena(data, (p, len) => ex.j2k_enc_quantize(p, len, w, x0, y0, bw, bh, step));
    expect(res.status).toBe(0);
    const got = new Int32Array(res.out);
    const asF = new Float32Array(res.out);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (x < bw && y < bh) {
          const t = Math.abs(roundEven(f(f(data[i]! / step) * 64)) / 64);
          const m = Math.floor(t);
          expect(got[i], `cell ${x},${y}`).toBe((data[i]! < 0 ? -m : m) | 0);
        } else {
          expect(asF[i]).toBe(data[i]);
        }
      }
    }
    expect(got[0]).toBe(2);
    expect(got[1]).toBe(-3);
    expect(got[3]).toBe(2);
  });

  it("j2k_enc_blocks rate-distortion table: gains per plane and per refinement pass as the reference, rates rising", () => {
    const { exports: ex, arena } = getInstance();
    const r = rng(5);
    const [w, h] = [21, 13];
    const vals = Int32Array.from({ length: w * h }, () => Math.round((r() - 0.5) * 2 ** (1 + Math.floor(r() * 12))));
    const RD = 96 * 4 + 96 * 8;
    const res = arena.scoped(() => {
      const src = arena.copyIn(new Uint8Array(vals.buffer));
      const dst = arena.alloc(1 << 16);
      const desc = arena.alloc(32, 8);
      new Int32Array(arena.u8().buffer, desc, 8).set([0, w, h, 3, 0, 0, 0, 0]);
      const sl = ex.j2k_enc_block_scratch_size(64, 64);
      const scratch = arena.alloc(sl);
      const rd = arena.alloc(RD, 8);
      expect(ex.j2k_enc_blocks(src, w * h * 4, dst, 1 << 16, w, desc, 1, scratch, sl, rd, RD - 1)).toBe(-100);
      const n = ex.j2k_enc_blocks(src, w * h * 4, dst, 1 << 16, w, desc, 1, scratch, sl, rd, RD);
      const d = new Int32Array(arena.u8().buffer, desc, 8).slice();
      return { n, d, bytes: new Int32Array(arena.u8().buffer.slice(rd, rd + 384)), gains: new Float64Array(arena.u8().buffer.slice(rd + 384, rd + RD)) };
    });
    const numBps = res.d[6]!;
    const passes = res.d[7]!;
    expect(passes).toBe(3 * numBps - 2);
    expect(res.n).toBe(res.d[5]);
    // Reference: coefficient m taken as m + 1/2, reconstructed at its known bits + half the next plane's weight;
    // per plane k, the gain of the coefficients becoming significant and of those refined.
    const sig = new Float64Array(32);
    const ref = new Float64Array(32);
    for (const q of vals) {
      const m = Math.abs(q);
      if (m === 0) continue;
      const t = Math.floor(Math.log2(m));
      let before = 0;
      for (let p = t; p >= 0; p--) {
        const after = Math.floor(m / 2 ** p) * 2 ** p + 2 ** p / 2;
        const g = (m + 0.5 - before) ** 2 - (m + 0.5 - after) ** 2;
        const arr = p === t ? sig : ref;
        arr[numBps - 1 - p] = arr[numBps - 1 - p]! + g;
        before = after;
      }
    }
    // Pass 0: cleanup of plane 0; then plane k: sig (3k - 2) + ref (3k - 1) + cleanup (3k).
    expect(res.gains[0]).toBeCloseTo(sig[0]!, 6);
    for (let k = 1; k < numBps; k++) {
      expect(res.gains[3 * k - 1]).toBeCloseTo(ref[k]!, 6);
      expect(res.gains[3 * k - 2]! + res.gains[3 * k]!).toBeCloseTo(sig[k]!, 6);
      expect(res.gains[3 * k - 2]).toBeGreaterThanOrEqual(0);
    }
    for (let k = 1; k < passes; k++) expect(res.bytes[k]).toBeGreaterThanOrEqual(res.bytes[k - 1]!);
    expect(res.bytes[passes - 1]).toBeLessThanOrEqual(res.n);
  });

  it("hostile arguments: a negated status, never a trap", () => {
    const { exports: ex, arena } = getInstance();
    arena.scoped(() => {
      const p = arena.alloc(64 * 4);
      new Float32Array(arena.u8().buffer, p, 64).fill(1e9);
      expect(ex.j2k_enc_to_real(p, 64 * 4, 65, 1, 0)).toBe(-100);
      expect(ex.j2k_enc_to_real(p, 64 * 4, 8, 2, 1)).toBe(-100);
      expect(ex.j2k_enc_to_real(p, 64 * 4, 0, 1, 0)).toBe(-100);
      expect(ex.j2k_enc_fdwt97(p, 64 * 4, 8, 8, 9, 1, p, 1 << 20)).toBe(-100);
      expect(ex.j2k_enc_fdwt97(p, 64 * 4, 7, 8, 8, 1, p, 1 << 20)).toBe(-100);
      expect(ex.j2k_enc_fdwt97(p, 64 * 4, 8, 8, 8, 33, p, 1 << 20)).toBe(-100);
      expect(ex.j2k_enc_fdwt97(p, 64 * 4, 8, 8, 8, 1, p, 4)).toBe(-101);
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 4, 0, 5, 1, 1)).toBe(-100); // past the row
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 7, 8, 2, 1)).toBe(-100); // past the buffer
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 0, 8, 8, 0)).toBe(-100);
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 0, 8, 8, Number.NaN)).toBe(-100);
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 0, 0, 0, 1)).toBe(0);
      // 1e9 / 1e-3: a quotient beyond 2^30, in the vector lanes and in the scalar tail.
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 0, 8, 1, 1e-3)).toBe(-100);
      expect(ex.j2k_enc_quantize(p, 64 * 4, 8, 0, 1, 3, 1, 1e-3)).toBe(-100);
    });
  });
});

describe("JPEG 2000 9-7 synthesis norms (encode-quant.ts) recomputed in double precision", () => {
  const A = -1.586134342059924;
  const B = -0.052980118572961;
  const G = 0.882911075530934;
  const D = 0.443506852043971;
  const KD = 1.230174104914001;
  /** One 1D_SR stage (F.3.8.2 inverse lifting; lows by K, highs by 2/K, the band gain of Table E.1 included). */
  function synth(low: Float64Array, high: Float64Array): Float64Array {
    const n = low.length + high.length;
    const x = new Float64Array(n);
    low.forEach((v, i) => (x[2 * i] = v * KD));
    high.forEach((v, i) => (x[2 * i + 1] = (v * 2) / KD));
    const at = (j: number) => x[j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j]!;
    for (const [c, p] of [[D, 0], [G, 1], [B, 0], [A, 1]] as const) for (let j = p; j < n; j += 2) x[j] = x[j]! - c * (at(j - 1) + at(j + 1));
    return x;
  }
  /** ||basis|| of one coefficient j levels down, its deepest split low or high. */
  function norm1(j: number, high: boolean): number {
    const size = 8192 >> j;
    const c = new Float64Array(size);
    c[size >> 1] = 1;
    let x = high ? synth(new Float64Array(size), c) : synth(c, new Float64Array(size));
    for (let s = 1; s < j; s++) x = synth(x, new Float64Array(x.length));
    return Math.hypot(...x);
  }

  it("LL, HL / LH and HH at levels 1-8 within 1e-4", () => {
    for (let level = 1; level <= 8; level++) {
      const lo = norm1(level, false);
      const hi = norm1(level, true);
      expect(Math.abs(bandNorm(0, level) / (lo * lo) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(bandNorm(1, level) / (lo * hi) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(bandNorm(2, level) / (lo * hi) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(bandNorm(3, level) / (hi * hi) - 1)).toBeLessThan(1e-4);
    }
    // Past the table each level doubles the 2-D norm.
    expect(bandNorm(0, 12) / bandNorm(0, 11)).toBeCloseTo(2, 10);
  });
});

describe("PCRD truncation points (encode-rate.ts)", () => {
  /** A block with given per-pass end bytes and gains; data of `total` bytes with 0xFF where asked. */
  function block(ends: number[], gains: number[], total: number, ff: number[] = []): J2kEncodedBlock {
    const data = new Uint8Array(total).fill(0x11);
    for (const i of ff) data[i] = 0xff;
    return { data, numBps: 1, passes: ends.length, passBytes: Int32Array.from(ends), passGain: Float64Array.from(gains) };
  }

  it("lengths: end + 3, the whole segment last, never ending on 0xFF, never above a later point", () => {
    expect(passTruncationBytes(block([2, 5, 9, 14], [1, 1, 1, 1], 16))).toEqual([5, 8, 12, 16]);
    expect(passTruncationBytes(block([2, 5, 9, 14], [1, 1, 1, 1], 16, [7]))).toEqual([5, 7, 12, 16]);
    expect(passTruncationBytes(block([10, 12, 13], [1, 1, 1], 14))).toEqual([13, 14, 14]);
  });

  it("the hull keeps decreasing slopes and rising bytes; non-convex and losing passes are skipped", () => {
    // Pass 2 gains little for its bytes, pass 3 much: pass 2 is not on the hull; pass 5 loses a little.
    const blk = block([10, 30, 32, 60, 61], [1000, 10, 900, 5, -1], 64);
    const hull = truncationHull(blk, 1);
    expect(hull.passes).toEqual([0, 1, 3, 4]);
    for (let i = 2; i < hull.slopes.length; i++) expect(hull.slopes[i]!).toBeLessThan(hull.slopes[i - 1]!);
    for (let i = 1; i < hull.bytes.length; i++) expect(hull.bytes[i]!).toBeGreaterThan(hull.bytes[i - 1]!);
    expect(truncateAt(blk, hull, 0).passes).toBe(4);
    expect(truncateAt(blk, hull, Infinity).passes).toBe(0);
    const mid = truncateAt(blk, hull, hull.slopes[2]!);
    expect([mid.passes, mid.data.length]).toEqual([3, 35]);
  });
});
