/**
 * The HT refinement passes (T.814 7.4: SigProp, MagRef) against a plain TS reference encoder written here.
 * OpenJPH's encoder emits cleanup passes only, so no installed tool makes refinement segments: the test takes
 * the cleanup segment of an ojph block (fixture gray8-rev-5levels), decodes it one bit-plane higher (p = 1,
 * so each cleanup magnitude q becomes 2q at bit-plane 0) and appends a refinement segment that this file's
 * encoder builds from chosen bits: MagRef gives every cleanup-significant sample its bit-plane-0 bit b
 * (|value| = 2|q| + b), SigProp makes some insignificant neighbours significant with magnitude 1 and a sign.
 * The expected block is computed from those choices, not from our decoder.
 */
import { expect, it } from "vitest";
import { parseCodestream } from "../../src/codecs/jpeg2000/codestream.js";
import { buildTilePlan } from "../../src/codecs/jpeg2000/packets.js";
import { getInstance } from "../../src/wasm/module.js";
import { decodeJpeg2000 } from "../../src/codecs/jpeg2000.js";
import { fixture } from "./htj2k-hostile.js";
import { sha256 } from "./htj2k-oracle.js";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Runs j2k_decode_block (mode 0) on an HT block; returns the w x h integers. */
function decode(src: Uint8Array, segs: number[], w: number, h: number, numBps: number, style = 0x40): Int32Array {
  const { exports: ex, arena } = getInstance();
  return arena.scoped(() => {
    const s = arena.copyIn(src);
    const dst = arena.alloc(w * h * 4, 8);
    const sg = arena.alloc(segs.length * 4 + 8, 8);
    new Int32Array(arena.u8().buffer, sg, segs.length).set(segs);
    const scratchLen = ex.j2k_block_scratch_size(w, h);
    const scratch = arena.alloc(scratchLen, 16);
    const r = ex.j2k_decode_block(s, src.length, dst, w * h * 4, 0, w, w, h, 0, numBps, style, sg, segs.length >> 1, scratch, scratchLen, 0, 1);
    expect(r).toBe(0);
    return new Int32Array(arena.u8().buffer.slice(dst, dst + w * h * 4));
  });
}

/** Forward bit writer, LSB first; after a 0xFF byte the next byte carries 7 bits (T.814 7.4.2 SigProp). */
function forwardWriter() {
  const out: number[] = [];
  let cur = 0;
  let n = 0;
  let cap = 8;
  return {
    bit(b: number) {
      cur |= b << n;
      if (++n === cap) {
        out.push(cur);
        cap = cur === 0xff ? 7 : 8;
        cur = 0;
        n = 0;
      }
    },
    bytes(): number[] {
      if (n > 0) out.push(cur);
      return out;
    },
  };
}

/**
 * Backward bit writer, LSB first, bytes emitted from the segment's end (T.814 7.4.3 MagRef): a byte that
 * follows (in reading order) one above 0x8F and whose low 7 bits are all ones carries only those 7 bits; the
 * first byte read is treated as following such a byte.
 */
function backwardWriter() {
  const out: number[] = [];
  let cur = 0;
  let n = 0;
  let prevBig = true;
  return {
    bit(b: number) {
      cur |= b << n;
      n++;
      if (n === 7 && prevBig && cur === 0x7f) {
        out.push(cur);
        prevBig = false;
        cur = 0;
        n = 0;
      } else if (n === 8) {
        out.push(cur);
        prevBig = cur > 0x8f;
        cur = 0;
        n = 0;
      }
    },
    /** In reading order (first byte read first). */
    bytes(): number[] {
      if (n > 0) out.push(cur);
      return out;
    },
  };
}

/**
 * Encodes the refinement segment for the significance `sig` (cleanup-significant samples) of a w x h block:
 * returns the segment and the expected final integers given the cleanup integers `q` (|value| 2|q| + b).
 */
function encodeRefinement(q: Int32Array, w: number, h: number, causal: boolean, rnd: () => number, withMagRef: boolean): { seg: Uint8Array; expected: Int32Array } {
  const sig = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) sig[i] = q[i] !== 0 ? 1 : 0;
  const expected = new Int32Array(w * h);
  const state = sig.slice(); // 1 = significant now
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < w && y < h ? state[y * w + x]! : 0);
  const spp = forwardWriter();
  for (let y0 = 0; y0 < h; y0 += 4) {
    for (let x0 = 0; x0 < w; x0 += 4) {
      const fresh: number[] = [];
      for (let x = x0; x < Math.min(x0 + 4, w); x++) {
        for (let y = y0; y < Math.min(y0 + 4, h); y++) {
          if (state[y * w + x]) continue;
          let nb = at(x - 1, y - 1) | at(x, y - 1) | at(x + 1, y - 1) | at(x - 1, y) | at(x + 1, y);
          if (!(causal && y === y0 + 3)) nb |= at(x - 1, y + 1) | at(x, y + 1) | at(x + 1, y + 1);
          if (!nb) continue;
          const b = rnd() < 0.4 ? 1 : 0;
          spp.bit(b);
          if (b) {
            state[y * w + x] = 1;
            fresh.push(y * w + x);
          }
        }
      }
      for (const i of fresh) {
        const s = rnd() < 0.5 ? 1 : 0;
        spp.bit(s);
        expected[i] = s ? -1 : 1;
      }
    }
  }
  const mrp = backwardWriter();
  for (let y0 = 0; y0 < h; y0 += 4) {
    for (let x = 0; x < w; x++) {
      for (let y = y0; y < Math.min(y0 + 4, h); y++) {
        const i = y * w + x;
        if (!sig[i]) continue;
        const m = 2 * Math.abs(q[i]!);
        if (withMagRef) {
          const b = rnd() < 0.5 ? 1 : 0;
          mrp.bit(b);
          expected[i] = Math.sign(q[i]!) * (m + b);
        } else expected[i] = Math.sign(q[i]!) * (m + 1); // the middle of the bin, floored: 2|q| + 1
      }
    }
  }
  const a = spp.bytes();
  const b = withMagRef ? mrp.bytes().reverse() : [];
  return { seg: new Uint8Array([...a, ...b]), expected };
}

export function refineSuite(): void {
  it("placeholder passes before the HT cleanup pass (T.814 B.3) decode like the stream without them", () => {
    const cs = fixture("one-block-8x8");
    const ref = decodeJpeg2000(cs).data;
    for (const z of [3, 6, 9]) {
      const alt = withPlaceholders(cs, z);
      expect(sha256(decodeJpeg2000(alt).data), `${z} placeholder passes`).toBe(sha256(ref));
    }
  });

  it("SigProp and MagRef segments from a reference encoder decode to the chosen bits", () => {
    const cs = parseCodestream(fixture("gray8-rev-5levels"), false);
    const blocks = buildTilePlan(cs, cs.tiles[0]!).components[0]!.blocks.filter((b) => b.segments.length === 2);
    expect(blocks.length).toBeGreaterThan(5);
    const rnd = lcg(31337);
    let checked = 0;
    for (const b of blocks) {
      const cup = new Uint8Array(b.chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of b.chunks) {
        cup.set(c, o);
        o += c.length;
      }
      const q = decode(cup, [cup.length, 1], b.w, b.h, b.numBps);
      for (const causal of [false, true]) {
        for (const withMagRef of [true, false]) {
          const { seg, expected } = encodeRefinement(q, b.w, b.h, causal, rnd, withMagRef);
          if (seg.length === 0) continue;
          const src = new Uint8Array(cup.length + seg.length);
          src.set(cup);
          src.set(seg, cup.length);
          const got = decode(src, [cup.length, 1, seg.length, withMagRef ? 2 : 1], b.w, b.h, b.numBps + 1, causal ? 0x48 : 0x40);
          expect(Array.from(got)).toEqual(Array.from(expected));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
}

/** MSB-first packet-header bits with T.800 B.10.1 bit stuffing (a 0 bit after every 0xFF byte). */
class HeaderReader {
  private p: number;
  private left = 0;
  private cur = 0;
  constructor(private readonly b: Uint8Array, start: number) {
    this.p = start;
  }
  read(): number {
    if (this.left === 0) {
      this.left = this.cur === 0xff ? 7 : 8;
      this.cur = this.b[this.p++]!;
    }
    this.left--;
    return (this.cur >> this.left) & 1;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.read();
    return v;
  }
}

class HeaderWriter {
  readonly out: number[] = [];
  private cur = 0;
  private n = 0;
  private cap = 8;
  put(v: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((v >> i) & 1);
      if (++this.n === this.cap) this.flush();
    }
  }
  private flush(): void {
    this.out.push(this.cur);
    this.cap = this.cur === 0xff ? 7 : 8;
    this.cur = 0;
    this.n = 0;
  }
  bytes(): number[] {
    if (this.n > 0) {
      this.cur <<= this.cap - this.n;
      this.flush();
    }
    return this.out;
  }
}

/**
 * Rewrites the single packet of a one-block, one-layer ojph codestream so that its code-block has `z`
 * placeholder passes (z / 3 fewer missing MSBs, z + 1 passes, T.814 B.3) before the same cleanup segment.
 */
export function withPlaceholders(cs: Uint8Array, z: number): Uint8Array {
  let sot = -1;
  for (let i = 2; i + 1 < cs.length; i++) if (cs[i] === 0xff && cs[i + 1] === 0x90) { sot = i; break; }
  const sod = sot + 12;
  expect([cs[sod], cs[sod + 1]]).toEqual([0xff, 0x93]);
  const r = new HeaderReader(cs, sod + 2);
  expect(r.read()).toBe(1); // non-empty packet
  expect(r.read()).toBe(1); // inclusion (one-leaf tag tree: included in layer 0)
  let zbp = 0;
  while (r.read() === 0) zbp++;
  expect(r.read()).toBe(0); // one pass
  let lblock = 3;
  while (r.read() === 1) lblock++;
  const lcup = r.bits(lblock);
  const data = cs.subarray(cs.length - 2 - lcup, cs.length - 2);
  const n = z + 1;
  const w = new HeaderWriter();
  w.put(1, 1);
  w.put(1, 1);
  w.put(0, zbp - z / 3);
  w.put(1, 1);
  // B.10.6 pass count codes: 1 "0", 2 "10", 3..5 "11"+2 bits, 6..36 "1111"+5 bits, 37..164 "1111 11111"+7 bits
  if (n === 1) w.put(0, 1);
  else if (n === 2) w.put(2, 2);
  else if (n <= 5) w.put((3 << 2) | (n - 3), 4);
  else if (n <= 36) w.put((15 << 5) | (n - 6), 9);
  else w.put((511 << 7) | (n - 37), 16);
  const lenBits = Math.floor(Math.log2(n));
  let lb = 3;
  while (lb + lenBits < 32 - Math.clz32(lcup)) lb++;
  for (let i = 3; i < lb; i++) w.put(1, 1);
  w.put(0, 1);
  w.put(lcup, lb + lenBits);
  const head = w.bytes();
  const body = [...head, ...data];
  const out = new Uint8Array(sod + 2 + body.length + 2);
  out.set(cs.subarray(0, sod + 2));
  out.set(body, sod + 2);
  out.set([0xff, 0xd9], out.length - 2);
  new DataView(out.buffer).setUint32(sot + 6, sod + 2 + body.length - sot); // Psot
  return out;
}
