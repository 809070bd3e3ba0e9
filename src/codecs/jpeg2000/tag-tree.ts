/**
 * Packet header primitives of ITU-T T.800 B.10: the bit reader with its 0xFF bit stuffing (B.10.1) and the
 * tag trees (B.10.2) that code code-block inclusion and zero bit-planes.
 */
import { DicomPixelError } from "../../errors.js";

export class TagTree {
  private readonly value: Int32Array;
  private readonly low: Int32Array;
  private readonly known: Uint8Array;
  private readonly parent: Int32Array;
  private readonly leaves: number;
  constructor(w: number, h: number) {
    const sizes: [number, number][] = [];
    let cw = w;
    let ch = h;
    do {
      sizes.push([cw, ch]);
      cw = Math.ceil(cw / 2);
      ch = Math.ceil(ch / 2);
    } while (sizes[sizes.length - 1]![0] * sizes[sizes.length - 1]![1] > 1);
    let total = 0;
    const offs: number[] = [];
    for (const [a, b] of sizes) {
      offs.push(total);
      total += a * b;
    }
    this.value = new Int32Array(total);
    this.low = new Int32Array(total);
    this.known = new Uint8Array(total);
    this.parent = new Int32Array(total).fill(-1);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [a, b] = sizes[l]!;
      const pa = sizes[l + 1]![0];
      for (let y = 0; y < b; y++) for (let x = 0; x < a; x++) this.parent[offs[l]! + y * a + x] = offs[l + 1]! + (y >> 1) * pa + (x >> 1);
    }
    this.leaves = w * h;
  }
  /** B.10.2: decodes as far as needed to tell whether leaf i's value is < threshold; returns the value when known, else threshold. */
  decode(bits: BitReader, leaf: number, threshold: number): number {
    const path: number[] = [];
    for (let n = leaf; n >= 0; n = this.parent[n]!) path.push(n);
    let lowFromParent = 0;
    for (let k = path.length - 1; k >= 0; k--) {
      const n = path[k]!;
      let low = Math.max(this.low[n]!, lowFromParent);
      while (!this.known[n] && low < threshold) {
        if (bits.bit()) {
          this.value[n] = low;
          this.known[n] = 1;
        } else low++;
      }
      this.low[n] = low;
      lowFromParent = this.known[n] ? this.value[n]! : low;
      if (!this.known[n]) return threshold;
    }
    return this.value[leaf]!;
  }
  get size(): number {
    return this.leaves;
  }
}

/** Packet header bits (B.10.1): after a 0xFF byte, the next byte carries 7 bits. */
export class BitReader {
  pos: number;
  private byte = 0;
  private left = 0;
  private prevFF = false;
  constructor(
    private readonly b: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  bit(): number {
    if (this.left === 0) {
      if (this.pos >= this.b.length) throw new DicomPixelError("TRUNCATED", `JPEG 2000 packet header runs past the tile data (at byte ${this.pos})`, { byteOffset: this.pos });
      this.byte = this.b[this.pos++]!;
      this.left = this.prevFF ? 7 : 8;
      this.prevFF = this.byte === 0xff;
    }
    this.left--;
    return (this.byte >> this.left) & 1;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }
  /** B.10.1: the header ends on a byte boundary; after a final 0xFF byte the next byte (its stuffed bit) belongs to the header too. */
  align(): number {
    this.left = 0;
    if (this.prevFF) this.pos++;
    this.prevFF = false;
    return this.pos;
  }
}
