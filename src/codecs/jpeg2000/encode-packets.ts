/**
 * Tier-2 of the lossless encoder (ITU-T T.800 B.9-B.10): packet headers written with the bit stuffing of
 * B.10.1, tag trees for code-block inclusion and zero bit-planes (B.10.2, B.10.4, B.10.5), the number of coding
 * passes (Table B.4) and the codeword segment lengths with Lblock (B.10.7.1). One quality layer, LRCP
 * progression (B.12.1.1), one precinct per resolution, no SOP / EPH markers.
 */
import type { J2kEncodedBlock } from "../../wasm/kernels/jpeg2000.js";
import type { EncodeLayout } from "./encode-layout.js";

/** Packet-header bit writer: after a 0xFF byte the next byte carries 7 bits, its MSB a stuffed 0 (B.10.1). */
export class HeaderBitWriter {
  readonly bytes: number[] = [];
  private cur = 0;
  private n = 0;
  private room = 8;

  put(bit: number): void {
    this.cur = (this.cur << 1) | bit;
    if (++this.n === this.room) this.flushByte();
  }

  /** Writes the `count` low bits of `value`, most significant first. */
  putBits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.put(Math.floor(value / 2 ** i) & 1);
  }

  private flushByte(): void {
    this.bytes.push(this.cur);
    this.room = this.cur === 0xff ? 7 : 8;
    this.cur = 0;
    this.n = 0;
  }

  /** Pads the last byte with zeros; a header that would end in 0xFF gets a 0x00 after it (B.10.1). */
  finish(): number[] {
    if (this.n > 0) {
      this.cur <<= this.room - this.n;
      this.flushByte();
    }
    if (this.bytes.length > 0 && this.bytes[this.bytes.length - 1] === 0xff) this.bytes.push(0);
    return this.bytes;
  }
}

/** B.10.2 tag tree over a w x h grid of leaves, encoding side. */
export class TagTreeEncoder {
  private readonly value: Int32Array;
  private readonly low: Int32Array;
  private readonly known: Uint8Array;
  private readonly parent: Int32Array;

  /** @param leafValues w * h values, raster order */
  constructor(w: number, h: number, leafValues: ArrayLike<number>) {
    const sizes: [number, number][] = [];
    let cw = w;
    let ch = h;
    for (;;) {
      sizes.push([cw, ch]);
      if (cw * ch <= 1) break;
      cw = Math.ceil(cw / 2);
      ch = Math.ceil(ch / 2);
    }
    let total = 0;
    const offs: number[] = [];
    for (const [a, b] of sizes) {
      offs.push(total);
      total += a * b;
    }
    this.value = new Int32Array(total).fill(0x7fffffff);
    this.low = new Int32Array(total);
    this.known = new Uint8Array(total);
    this.parent = new Int32Array(total).fill(-1);
    for (let i = 0; i < w * h; i++) this.value[i] = leafValues[i]!;
    // Each node holds the minimum of its children (B.10.2); levels are stored leaves first.
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [a, b] = sizes[l]!;
      const pa = sizes[l + 1]![0];
      for (let y = 0; y < b; y++) {
        for (let x = 0; x < a; x++) {
          const i = offs[l]! + y * a + x;
          const p = offs[l + 1]! + (y >> 1) * pa + (x >> 1);
          this.parent[i] = p;
          if (this.value[i]! < this.value[p]!) this.value[p] = this.value[i]!;
        }
      }
    }
  }

  /** Codes, root first, as much as tells whether leaf's value is below `threshold` (its value when it is). */
  encode(bits: HeaderBitWriter, leaf: number, threshold: number): void {
    const path: number[] = [];
    for (let n = leaf; n >= 0; n = this.parent[n]!) path.push(n);
    let low = 0;
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      if (low > this.low[n]!) this.low[n] = low;
      else low = this.low[n]!;
      while (low < threshold) {
        if (low >= this.value[n]!) {
          if (!this.known[n]) {
            bits.put(1);
            this.known[n] = 1;
          }
          break;
        }
        bits.put(0);
        low++;
      }
      this.low[n] = low;
    }
  }
}

/** Table B.4: the codeword for the number of coding passes (1-164). */
function putPassCount(bits: HeaderBitWriter, n: number): void {
  if (n === 1) bits.put(0);
  else if (n === 2) bits.putBits(0b10, 2);
  else if (n <= 5) bits.putBits((0b11 << 2) | (n - 3), 4);
  else if (n <= 36) bits.putBits((0b1111 << 5) | (n - 6), 9);
  else bits.putBits((0b111111111 << 7) | (n - 37), 16);
}

/**
 * The packets of one tile in LRCP order (one layer, so resolution by resolution, then component), each a
 * header followed by the codeword segments of the code-blocks it includes.
 * @param coded per component, per block of layout.blocks
 * @param mb per component, per block: Mb of the block's band (E.1, Equation E-2: G + exponent - 1)
 */
export function writePackets(layout: EncodeLayout, coded: readonly J2kEncodedBlock[][], mb: readonly Int32Array[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const bands of layout.resolutions) {
    for (let c = 0; c < coded.length; c++) {
      const blocks = coded[c]!;
      const bits = new HeaderBitWriter();
      const body: Uint8Array[] = [];
      let any = false;
      for (const b of bands) for (let i = 0; i < b.blocksX * b.blocksY; i++) if (blocks[b.firstBlock + i]!.passes > 0) any = true;
      // B.10.3: the first header bit says whether the packet is empty.
      bits.put(any ? 1 : 0);
      if (any) {
        for (const b of bands) {
          const n = b.blocksX * b.blocksY;
          if (n === 0) continue;
          const incl = new Int32Array(n);
          const zero = new Int32Array(n);
          for (let i = 0; i < n; i++) {
            const blk = blocks[b.firstBlock + i]!;
            // B.10.4: the layer of first inclusion (0), or 1 for a block never included in this one-layer stream.
            incl[i] = blk.passes > 0 ? 0 : 1;
            // An empty block's leaf is Mb (numBps 0), so that it does not lower its parents' minimum.
            zero[i] = mb[c]![b.firstBlock + i]! - blk.numBps;
          }
          const inclTree = new TagTreeEncoder(b.blocksX, b.blocksY, incl);
          const zeroTree = new TagTreeEncoder(b.blocksX, b.blocksY, zero);
          for (let i = 0; i < n; i++) {
            const blk = blocks[b.firstBlock + i]!;
            inclTree.encode(bits, i, 1);
            if (blk.passes === 0) continue;
            // B.10.5: zero bit-planes, coded until the leaf is known.
            zeroTree.encode(bits, i, zero[i]! + 1);
            putPassCount(bits, blk.passes);
            // B.10.7.1: length in Lblock + floor(log2(passes)) bits, Lblock (3 at first) raised by a comma code.
            const extra = Math.floor(Math.log2(blk.passes));
            const need = Math.max(1, Math.ceil(Math.log2(blk.data.length + 1)));
            const inc = Math.max(0, need - (3 + extra));
            for (let k = 0; k < inc; k++) bits.put(1);
            bits.put(0);
            bits.putBits(blk.data.length, 3 + inc + extra);
            body.push(blk.data);
          }
        }
      }
      parts.push(Uint8Array.from(bits.finish()));
      parts.push(...body);
    }
  }
  return parts;
}
