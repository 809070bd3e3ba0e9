/**
 * HTJ2K checks shared by htj2k.test.ts (release build) and htj2k.debug.test.ts (debug build): the committed
 * fixtures of test/fixtures/htj2k/ against their reference hashes (README there), and hostile input: every
 * truncation of a stream, corrupted bytes, and the HT block kernel fed impossible segments (Lcup < 2,
 * Scup > Lcup, zero-length segments, bad pass counts) and random cleanup / refinement bytes. Each must give a
 * typed DicomPixelError (or a kernel status) or a decode, never a trap or a hang.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { decodeJpeg2000 } from "../../src/codecs/jpeg2000.js";
import { parseCodestream } from "../../src/codecs/jpeg2000/codestream.js";
import { buildTilePlan } from "../../src/codecs/jpeg2000/packets.js";
import { KERNEL_STATUS } from "../../src/errors.js";
import { getInstance } from "../../src/wasm/module.js";
import { fixtureDir, sha256, tryDecode } from "./htj2k-oracle.js";

/** The fixtures and the sha256 of their reference decode (test/fixtures/htj2k/README.md). */
export const FIXTURES: Record<string, string> = {
  "gray8-rev-5levels": "df0b69ecd93ccc1613e84534b00130cf34ffe4c565dad653e75fe05e3494be54",
  "gray12-rev-tiles-rpcl-precincts": "280812b9a7bbe7e3443c7913ca693737eec4d6837f43e4b33cd00a8a800fafe3",
  "rgb8-rev-lrcp-3x5": "0cef85f311d02988254fd3613df0b197b4ea98f13e84c5dd5a052e73aca83859",
  "rgb8-irrev-ict": "41a25fd15dd7d50210f17834a2cd43707d63cdfd3f4b03d711668a01db25dd84",
  "gray16-rev-block4x1024": "c2c8714429ded779b2b1d9c4fa978aa88856183c10dcb4caacb99fee846d49c9",
  "one-block-8x8": "f58f890560569f553852f6a7c3d6702f9c821c09a128028fd1c5dbd6a4576941",
};

export const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtureDir(), `${name}.j2c`)));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function fixtureSuite(): void {
  for (const [name, hash] of Object.entries(FIXTURES)) {
    it(`fixture ${name} decodes to its reference hash`, () => {
      const img = decodeJpeg2000(fixture(name));
      expect(sha256(img.data)).toBe(hash);
    });
  }
}

/** One HT block through j2k_decode_block: src = cleanup (+ refinement) bytes, segs = (length, passes) pairs. */
function decodeHtBlock(src: Uint8Array, segs: number[], w: number, h: number, numBps: number, style = 0x40): number {
  const { exports: ex, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src.length ? src : new Uint8Array(1));
    const dstLen = w * h * 4;
    const dst = arena.alloc(dstLen, 8);
    const sg = arena.alloc(segs.length * 4 + 8, 8);
    new Int32Array(arena.u8().buffer, sg, segs.length).set(segs);
    const scratchLen = ex.j2k_block_scratch_size(w, h);
    const scratch = arena.alloc(scratchLen, 16);
    return ex.j2k_decode_block(s, src.length, dst, dstLen, 0, w, w, h, 0, numBps, style, sg, segs.length >> 1, scratch, scratchLen, 0, 1);
  });
}

/** Statuses a hostile HT block may return: success or a known kernel status (never a trap). */
function expectStatus(r: number): void {
  expect(r <= 0).toBe(true);
  if (r < 0) expect(KERNEL_STATUS[-r], `status ${r}`).toBeDefined();
}

/** The code-blocks (data, segments, geometry) of a fixture, from our packet parser. */
function blocksOf(name: string): { data: Uint8Array; segs: number[]; w: number; h: number; numBps: number }[] {
  const cs = parseCodestream(fixture(name), false);
  const out: { data: Uint8Array; segs: number[]; w: number; h: number; numBps: number }[] = [];
  for (const t of cs.tiles) {
    for (const c of buildTilePlan(cs, t).components) {
      for (const b of c.blocks) {
        const n = b.chunks.reduce((a, ch) => a + ch.length, 0);
        const data = new Uint8Array(n);
        let o = 0;
        for (const ch of b.chunks) {
          data.set(ch, o);
          o += ch.length;
        }
        out.push({ data, segs: b.segments.slice(), w: b.w, h: b.h, numBps: b.numBps });
      }
    }
  }
  return out;
}

export function hostileSuite(): void {
  it("every truncation of an HT codestream decodes or fails with a typed error", () => {
    for (const name of ["gray8-rev-5levels", "rgb8-irrev-ict"]) {
      const cs = fixture(name);
      const step = Math.max(1, Math.floor(cs.length / 120));
      let errors = 0;
      for (let n = 0; n < cs.length; n += step) if (tryDecode(cs.subarray(0, n)) === null) errors++;
      expect(errors).toBeGreaterThan(0);
    }
  });

  it("corrupted bytes never trap", () => {
    const rnd = lcg(4242);
    for (const name of ["gray8-rev-5levels", "gray12-rev-tiles-rpcl-precincts"]) {
      const cs = fixture(name);
      for (let k = 0; k < 100; k++) {
        const c = cs.slice();
        const flips = 1 + Math.floor(rnd() * 4);
        for (let j = 0; j < flips; j++) {
          const at = Math.floor(rnd() * c.length);
          c[at] = rnd() < 0.5 ? c[at]! ^ (1 << Math.floor(rnd() * 8)) : Math.floor(rnd() * 256);
        }
        tryDecode(c);
      }
    }
  });

  it("each cleanup segment truncated at every length, and with bit flips, gives a status or a decode", () => {
    const rnd = lcg(99);
    const blocks = blocksOf("gray8-rev-5levels").filter((b) => b.data.length > 4).slice(0, 6);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(decodeHtBlock(b.data, b.segs, b.w, b.h, b.numBps)).toBe(0);
      for (let l = 0; l <= b.data.length; l++) expectStatus(decodeHtBlock(b.data.subarray(0, l), [l, 1], b.w, b.h, b.numBps));
      for (let k = 0; k < 40; k++) {
        const d = b.data.slice();
        const at = Math.floor(rnd() * d.length);
        d[at] = d[at]! ^ (1 << Math.floor(rnd() * 8));
        expectStatus(decodeHtBlock(d, b.segs, b.w, b.h, b.numBps));
      }
    }
  });

  it("impossible segments are HT_INVALID_SEGMENT (85); Scup larger than Lcup; zero-length segments", () => {
    const d = new Uint8Array([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]);
    expect(decodeHtBlock(d, [1, 1], 8, 8, 4)).toBe(-85); // Lcup < 2
    expect(decodeHtBlock(d, [0, 1], 8, 8, 4)).toBe(-85); // zero-length cleanup segment
    const big = new Uint8Array([0, 0, 0, 0x0f, 0xff]); // Scup = 0xFFF > Lcup
    expect(decodeHtBlock(big, [5, 1], 8, 8, 4)).toBe(-85);
    const one = new Uint8Array([0, 0, 0, 0x01, 0x00]); // Scup = 1 < 2
    expect(decodeHtBlock(one, [5, 1], 8, 8, 4)).toBe(-85);
    const ok = new Uint8Array([0, 0, 0, 0x02, 0x00]); // Scup = 2: an all-zero block
    expect(decodeHtBlock(ok, [5, 1], 8, 8, 4)).toBe(0);
    expect(decodeHtBlock(ok, [5, 2], 8, 8, 4)).toBe(-85); // a cleanup segment holds one pass
    expect(decodeHtBlock(ok, [5, 1, 0, 2], 8, 8, 4)).toBe(0); // empty refinement segment: nothing refined
    expect(decodeHtBlock(ok, [5, 1, 1, 3], 8, 8, 4)).toBe(-85); // a refinement segment holds 1 or 2 passes
    expect(decodeHtBlock(ok, [5, 1, 4, 2], 8, 8, 4)).toBe(-85); // past the data
    expect(decodeHtBlock(ok, [2, 1, 2, 1, 1, 1], 8, 8, 4)).toBe(-85); // three segments
    expect(decodeHtBlock(ok, [5, 1], 8, 8, 0)).toBe(-90); // no bit-plane for the cleanup pass
    expect(decodeHtBlock(ok, [5, 1], 8, 8, 31)).toBe(-90);
  });

  it("random cleanup and refinement bytes over random block shapes never trap", () => {
    const rnd = lcg(7);
    const shapes: [number, number][] = [[64, 64], [4, 1024], [1024, 4], [1, 1], [3, 5], [17, 9], [32, 7]];
    for (let k = 0; k < 250; k++) {
      const [w, h] = shapes[k % shapes.length]!;
      const lcup = 2 + Math.floor(rnd() * 300);
      const lref = rnd() < 0.5 ? 0 : Math.floor(rnd() * 100);
      const d = new Uint8Array(lcup + lref);
      const dense = rnd() < 0.5;
      for (let i = 0; i < d.length; i++) d[i] = dense ? Math.floor(rnd() * 256) : rnd() < 0.8 ? 0xff : Math.floor(rnd() * 256);
      // A plausible Scup most of the time, so the decoding gets past the segment checks.
      if (rnd() < 0.8) {
        const scup = 2 + Math.floor(rnd() * (lcup - 1));
        d[lcup - 1] = scup >> 4;
        d[lcup - 2] = (d[lcup - 2]! & 0xf0) | (scup & 15);
      }
      const segs = lref > 0 ? [lcup, 1, lref, 1 + Math.floor(rnd() * 2)] : [lcup, 1];
      const numBps = 1 + Math.floor(rnd() * 20);
      expectStatus(decodeHtBlock(d, segs, w, h, numBps, rnd() < 0.3 ? 0x48 : 0x40));
    }
  });

  it("CAP with a length that disagrees with Pcap, and HT mixed mode, are typed errors", () => {
    const cs = fixture("gray8-rev-5levels");
    // Find CAP (FF50) in the main header.
    let at = -1;
    for (let i = 2; i + 1 < cs.length; i++) if (cs[i] === 0xff && cs[i + 1] === 0x50) { at = i; break; }
    expect(at).toBeGreaterThan(0);
    const bad = cs.slice();
    bad[at + 5] = 0x03; // Pcap: one more part bit than Lcap has room for
    expect(() => decodeJpeg2000(bad)).toThrow(expect.objectContaining({ code: "INVALID_DATA" }));
    let cod = -1;
    for (let i = 2; i + 1 < cs.length; i++) if (cs[i] === 0xff && cs[i + 1] === 0x52) { cod = i; break; }
    const mixed = cs.slice();
    mixed[cod + 12] = (mixed[cod + 12]! | 0x80) & 0xff; // SPcod code-block style
    expect(mixed[cod + 12]! & 0x40).toBe(0x40);
    expect(() => decodeJpeg2000(mixed)).toThrow(expect.objectContaining({ code: "UNSUPPORTED_FEATURE" }));
  });
}
