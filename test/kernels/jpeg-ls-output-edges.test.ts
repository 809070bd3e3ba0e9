/**
 * The JPEG-LS decoder's output stage at row ends: its SIMD row writers (grey 8 samples, 8-bit RGB 16 pixels per
 * step) must not store past a row, least of all past the last row into whatever follows an exact-size
 * destination. The wrapper allocates scratch right after the destination, which would hide such a write, so the
 * kernel is called here directly with guard bytes after the destination. Widths are multiples of the step and
 * not; line- and sample-interleaved colour, 8- and 16-bit grey; lossless, so the expected output is the input.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getInstance } from "../../src/wasm/module.js";
import { jpeglsEncode } from "../../src/wasm/kernels/jpeg-ls.js";
import { KERNEL_FLAVOURS, useFlavour } from "../helpers/wasm.js";
import { seededBytes } from "../helpers/color-reference.js";

const GUARD = 64;

interface Case {
  label: string;
  components: 1 | 3;
  cellBytes: 1 | 2;
  precision: number;
  interleave: 0 | 1 | 2;
  widths: number[];
}

const CASES: Case[] = [
  { label: "RGB 8-bit, line-interleaved", components: 3, cellBytes: 1, precision: 8, interleave: 1, widths: [16, 32, 48, 21, 37, 53] },
  { label: "RGB 8-bit, sample-interleaved", components: 3, cellBytes: 1, precision: 8, interleave: 2, widths: [16, 32, 48, 21, 37, 53] },
  { label: "RGB 8-bit, one scan per component", components: 3, cellBytes: 1, precision: 8, interleave: 0, widths: [16, 21] },
  { label: "grey 8-bit", components: 1, cellBytes: 1, precision: 8, interleave: 0, widths: [8, 16, 24, 13, 29] },
  { label: "grey 12-bit in 16-bit cells", components: 1, cellBytes: 2, precision: 12, interleave: 0, widths: [8, 16, 24, 13, 29] },
];

function pixels(c: Case, rows: number, columns: number, seed: number): Uint8Array {
  const n = rows * columns * c.components;
  if (c.cellBytes === 1) return seededBytes(n, seed);
  const raw = seededBytes(2 * n, seed);
  const cells = new Uint16Array(raw.buffer, raw.byteOffset, n);
  for (let i = 0; i < n; i++) cells[i] = cells[i]! & ((1 << c.precision) - 1);
  return raw;
}

describe.each(KERNEL_FLAVOURS)("JPEG-LS decode output at row ends (%s kernels)", (flavour) => {
  beforeAll(() => useFlavour(flavour));

  it.each(CASES)("$label: exact-size destination, nothing written past it", (c) => {
    const rows = 3;
    for (const columns of c.widths) {
      const src = pixels(c, rows, columns, columns * 7 + c.interleave);
      const stream = jpeglsEncode(src, {
        rows, columns, components: c.components, precision: c.precision, cellBytes: c.cellBytes, interleave: c.interleave, near: 0, signed: false,
      });
      const { exports, arena } = getInstance();
      arena.scoped(() => {
        const s = arena.copyIn(stream);
        const scratchLen = exports.jpegls_scratch_size(columns, c.components);
        const scratch = arena.alloc(scratchLen);
        const size = src.length;
        const d = arena.alloc(size + GUARD);
        arena.u8().fill(0xa5, d, d + size + GUARD);
        expect(exports.jpegls_decode(s, stream.length, d, size, scratch, scratchLen, c.cellBytes, 0), `${columns} columns`).toBe(size);
        expect(Array.from(arena.view(d, size)), `${columns} columns`).toEqual(Array.from(src));
        expect(arena.view(d + size, GUARD).every((v) => v === 0xa5), `${columns} columns: guard bytes`).toBe(true);
      });
    }
  });
});
