/**
 * JPEG-LS round trips (fast-check): decode(encode(x)) == x for lossless coding, and |decode(encode(x)) - x|
 * <= NEAR for near-lossless coding (T.87 A.4.4), over random small images of 1-4 components, precision
 * 2..16, every interleave mode, restart intervals, signed and unsigned cells, and images built from few values (long runs,
 * run interruptions, escapes at the line ends).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { jpeglsDecode, jpeglsEncode } from "../../src/wasm/kernels/jpeg-ls.js";

interface Case {
  rows: number;
  columns: number;
  components: number;
  precision: number;
  interleave: 0 | 1 | 2;
  signed: boolean;
  restartInterval: number;
  values: number[];
}

const caseArb = (fewValues: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 12 }),
      columns: fc.integer({ min: 1, max: 14 }),
      components: fc.integer({ min: 1, max: 4 }),
      precision: fc.integer({ min: 2, max: 16 }),
      interleave: fc.constantFrom(0 as const, 1 as const, 2 as const),
      signed: fc.boolean(),
      restartInterval: fc.constantFrom(0, 0, 1, 2, 5),
    })
    .chain((c) => {
      const n = c.rows * c.columns * c.components;
      const lo = c.signed ? -(2 ** (c.precision - 1)) : 0;
      const hi = c.signed ? 2 ** (c.precision - 1) - 1 : 2 ** c.precision - 1;
      const sample = fewValues
        ? fc.constantFrom(lo, hi, 0, Math.min(hi, lo + 1), Math.floor((lo + hi) / 2))
        : fc.integer({ min: lo, max: hi });
      return fc.array(sample, { minLength: n, maxLength: n }).map((values) => ({ ...c, values }));
    });

function cells(c: Case): { bytes: Uint8Array; cellBytes: 1 | 2 } {
  const cellBytes = c.precision <= 8 ? 1 : 2;
  const bytes = new Uint8Array(c.values.length * cellBytes);
  const view = new DataView(bytes.buffer);
  c.values.forEach((v, i) => (cellBytes === 1 ? view.setInt8(i, v << 24 >> 24) : view.setInt16(2 * i, v << 16 >> 16, true)));
  if (!c.signed) c.values.forEach((v, i) => (cellBytes === 1 ? view.setUint8(i, v) : view.setUint16(2 * i, v, true)));
  return { bytes, cellBytes };
}

/** Decodes and returns the samples as numbers (sign-extended from the precision when signed). */
function roundTrip(c: Case, near: number): number[] {
  const { bytes, cellBytes } = cells(c);
  const enc = jpeglsEncode(bytes, { ...c, cellBytes, near });
  const out = new Uint8Array(bytes.length);
  jpeglsDecode(enc, (h) => {
    expect(h).toMatchObject({ rows: c.rows, columns: c.columns, components: c.components, precision: c.precision, near });
    return { dst: out, cellBytes };
  });
  const view = new DataView(out.buffer);
  const shift = 32 - c.precision;
  return c.values.map((_, i) => {
    const raw = cellBytes === 1 ? view.getUint8(i) : view.getUint16(2 * i, true);
    return c.signed ? (raw << shift) >> shift : raw;
  });
}

describe("JPEG-LS encode/decode round trips", () => {
  beforeAll(setupWasm);

  it("lossless: decode(encode(x)) == x (random samples)", () => {
    fc.assert(fc.property(caseArb(false), (c) => {
      expect(roundTrip(c, 0)).toEqual(c.values);
    }), { numRuns: 150 });
  });

  it("lossless: decode(encode(x)) == x (few values: runs and interruptions)", () => {
    fc.assert(fc.property(caseArb(true), (c) => {
      expect(roundTrip(c, 0)).toEqual(c.values);
    }), { numRuns: 150 });
  });

  it("near-lossless: every sample within NEAR (unsigned)", () => {
    fc.assert(
      fc.property(
        caseArb(false).filter((c) => !c.signed && c.precision >= 3),
        fc.integer({ min: 1, max: 10 }),
        (c, n) => {
          const near = Math.min(n, Math.floor((2 ** c.precision - 1) / 2));
          const back = roundTrip(c, near);
          back.forEach((v, i) => expect(Math.abs(v - c.values[i]!)).toBeLessThanOrEqual(near));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("refuses samples outside the precision", () => {
    expect(() =>
      jpeglsEncode(new Uint8Array([0, 200]), { rows: 1, columns: 2, components: 1, precision: 7, cellBytes: 1, interleave: 0, near: 0, signed: false }),
    ).toThrow(/does not fit/);
  });
});
