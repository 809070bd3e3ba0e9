/**
 * A tiny raw-deflate writer for tests (RFC 1951), written from the RFC: it builds streams that zlib never
 * emits (15-bit codes, a single distance code, hand-placed errors) so that the inflate kernel can be tested
 * against the specification, with Node's zlib (inflateRawSync) as the oracle for the valid ones.
 */

/** Bits packed least significant first (RFC 1951 3.1.1). */
export class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;

  /** Writes `count` bits of `value`, least significant first (header fields, extra bits). */
  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >>> i) & 1) << this.n;
      if (++this.n === 8) this.flushByte();
    }
    return this;
  }

  /** Writes a Huffman code of `len` bits, most significant bit first (3.1.1). */
  code(code: number, len: number): this {
    for (let i = len - 1; i >= 0; i--) this.bits((code >>> i) & 1, 1);
    return this;
  }

  /** Pads to a byte boundary with zero bits. */
  align(): this {
    if (this.n > 0) this.flushByte();
    return this;
  }

  /** Raw bytes (call align() first). */
  raw(data: ArrayLike<number>): this {
    if (this.n !== 0) throw new Error("raw() needs byte alignment");
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]! & 255);
    return this;
  }

  finish(): Uint8Array {
    this.align();
    return Uint8Array.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    this.acc = 0;
    this.n = 0;
  }
}

/** RFC 1951 3.2.2: canonical codes of the given code lengths (0 = unused). */
export function canonicalCodes(lengths: readonly number[]): number[] {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l > 0) count[l]!++;
  const next = new Array<number>(16).fill(0);
  let code = 0;
  for (let bits = 1; bits <= 15; bits++) {
    code = (code + count[bits - 1]!) << 1;
    next[bits] = code;
  }
  return lengths.map((l) => (l > 0 ? next[l]!++ : -1));
}

/** A Huffman code: lengths and codes per symbol. */
export interface Code {
  lengths: number[];
  codes: number[];
}

export function makeCode(lengths: number[]): Code {
  return { lengths, codes: canonicalCodes(lengths) };
}

/** RFC 1951 3.2.6: the fixed literal/length code and the fixed distance code. */
export const FIXED_LITLEN = makeCode(Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)));
export const FIXED_DIST = makeCode(new Array<number>(32).fill(5));

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** A token of a Huffman block: a literal byte, a (length, distance) match, or a raw symbol (for errors). */
export type Token = number | { length: number; distance: number } | { litlenSymbol: number } | { distSymbol: number; length: number };

function sym(w: BitWriter, c: Code, s: number): void {
  if (!(c.lengths[s]! > 0)) throw new Error(`symbol ${s} has no code`);
  w.code(c.codes[s]!, c.lengths[s]!);
}

/** Writes the tokens of one Huffman block with the given codes, then end-of-block (256). */
export function writeTokens(w: BitWriter, tokens: readonly Token[], lit: Code, dist: Code): void {
  for (const t of tokens) {
    if (typeof t === "number") sym(w, lit, t);
    else if ("litlenSymbol" in t) sym(w, lit, t.litlenSymbol);
    else if ("distSymbol" in t) {
      sym(w, lit, 257); // length 3
      sym(w, dist, t.distSymbol);
    } else {
      let k = LEN_BASE.length - 1;
      while (LEN_BASE[k]! > t.length) k--;
      if (t.length === 258) k = 28;
      else if (k === 28) k = 27;
      sym(w, lit, 257 + k);
      w.bits(t.length - LEN_BASE[k]!, LEN_EXTRA[k]!);
      let j = DIST_BASE.length - 1;
      while (DIST_BASE[j]! > t.distance) j--;
      sym(w, dist, j);
      w.bits(t.distance - DIST_BASE[j]!, DIST_EXTRA[j]!);
    }
  }
  sym(w, lit, 256);
}

/** A fixed-Huffman block (BTYPE 01). */
export function fixedBlock(w: BitWriter, tokens: readonly Token[], final: boolean): void {
  w.bits(final ? 1 : 0, 1).bits(1, 2);
  writeTokens(w, tokens, FIXED_LITLEN, FIXED_DIST);
}

/** A stored block (BTYPE 00); `nlen` overrides the one's complement of LEN. */
export function storedBlock(w: BitWriter, data: ArrayLike<number>, final: boolean, nlen?: number): void {
  w.bits(final ? 1 : 0, 1).bits(0, 2).align();
  w.bits(data.length, 16).bits(nlen ?? ~data.length & 0xffff, 16).raw(data);
}

const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * The header of a dynamic block (BTYPE 10, RFC 1951 3.2.7) sending `litLengths` and `distLengths` with a
 * code length code of `clLengths` (19 values; default: 0..15 of 4 bits each, no repeats). `clSymbols`
 * overrides the code length symbols sent (with their extra bits), for hand-made errors.
 */
export function dynamicHeader(
  w: BitWriter,
  final: boolean,
  litLengths: readonly number[],
  distLengths: readonly number[],
  options: { clLengths?: number[]; clSymbols?: [number, number, number][]; hlit?: number; hdist?: number } = {},
): void {
  const clLengths = options.clLengths ?? Array.from({ length: 19 }, (_, s) => (s < 16 ? 4 : 0));
  const cl = makeCode(clLengths);
  let hclen = 19;
  while (hclen > 4 && clLengths[CL_ORDER[hclen - 1]!] === 0) hclen--;
  w.bits(final ? 1 : 0, 1).bits(2, 2);
  w.bits((options.hlit ?? litLengths.length) - 257, 5).bits((options.hdist ?? distLengths.length) - 1, 5).bits(hclen - 4, 4);
  for (let i = 0; i < hclen; i++) w.bits(clLengths[CL_ORDER[i]!]!, 3);
  const symbols = options.clSymbols ?? [...litLengths, ...distLengths].map((l): [number, number, number] => [l, 0, 0]);
  for (const [s, extra, extraBits] of symbols) {
    sym(w, cl, s);
    w.bits(extra, extraBits);
  }
}

/** Little deterministic generator (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
