// Kernel-level tests of assembly/imaging through the typed wrappers: every expected value comes from a plain TS
// transcription of the formulas of PS3.3 C.11.2.1.2 (LINEAR) and C.11.2.1.3 (LINEAR_EXACT, SIGMOID).
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { getInstance, init } from "../../src/wasm/module.js";
import { lookupSamples, rescaleSamples, sampleMinMax, windowSamples } from "../../src/wasm/kernels/imaging.js";
import { isDicomPixelError } from "../../src/errors.js";

beforeAll(async () => {
  await init();
});

/** PS3.3 C.11.2.1.2.1, truncated to an integer level. */
function linearRef(x: number, c: number, w: number, yMin: number, yMax: number): number {
  if (x <= c - 0.5 - (w - 1) / 2) return yMin;
  if (x > c - 0.5 + (w - 1) / 2) return yMax;
  return Math.trunc(((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin);
}
/** PS3.3 C.11.2.1.3.2. */
function linearExactRef(x: number, c: number, w: number, yMin: number, yMax: number): number {
  if (x <= c - w / 2) return yMin;
  if (x > c + w / 2) return yMax;
  return Math.trunc(((x - c) / w + 0.5) * (yMax - yMin) + yMin);
}
/** PS3.3 C.11.2.1.3.1. */
function sigmoidRef(x: number, c: number, w: number, yMin: number, yMax: number): number {
  return Math.trunc((yMax - yMin) / (1 + Math.exp((-4 * (x - c)) / w)) + yMin);
}

describe("imaging_window", () => {
  it("LINEAR matches the standard's formula (property, int16 input, gray8/gray16, normal and inverted)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 64 }),
        fc.integer({ min: -3000, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.boolean(),
        fc.boolean(),
        (xs, c, w, invert, wide) => {
          const src = Int16Array.from(xs);
          const top = wide ? 65535 : 255;
          const [y0, y1] = invert ? [top, 0] : [0, top];
          const out = wide ? new Uint16Array(xs.length) : new Uint8Array(xs.length);
          windowSamples(src, wide ? "gray16" : "gray8", 0, c, w, y0, y1, out);
          const want = xs.map((x) => linearRef(x, c, w, y0, y1));
          // Algebraically rearranged (offset + x * gradient): identical except where the product lands within
          // float rounding of an integer.
          for (let i = 0; i < xs.length; i++) expect(Math.abs(out[i]! - want[i]!)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("LINEAR on exact grid points: CT window 40/400 on HU", () => {
    const hu = Int16Array.from([-1024, -160, -159, 40, 239, 240, 3000]);
    const out = windowSamples(hu, "gray8", 0, 40, 400, 0, 255, new Uint8Array(hu.length));
    expect(Array.from(out)).toEqual(Array.from(hu, (x) => linearRef(x, 40, 400, 0, 255)));
    expect(out[0]).toBe(0);
    expect(out[6]).toBe(255);
  });

  it("LINEAR_EXACT and SIGMOID match the standard's formulas (float64 input)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5000, max: 5000, noNaN: true }), { minLength: 1, maxLength: 32 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.5, max: 4000, noNaN: true }),
        (xs, c, w) => {
          const src = Float64Array.from(xs);
          const a = windowSamples(src, "gray16", 1, c, w, 0, 65535, new Uint16Array(xs.length));
          const b = windowSamples(src, "gray8", 2, c, w, 0, 255, new Uint8Array(xs.length));
          for (let i = 0; i < xs.length; i++) {
            expect(Math.abs(a[i]! - linearExactRef(xs[i]!, c, w, 0, 65535))).toBeLessThanOrEqual(1);
            expect(Math.abs(b[i]! - sigmoidRef(xs[i]!, c, w, 0, 255))).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("RGBA8 output repeats the level in R, G, B with A = 255", () => {
    const out = windowSamples(Uint16Array.from([0, 2048, 4095]), "rgba8", 0, 2048, 4096, 0, 255, new Uint8ClampedArray(12));
    expect(Array.from(out)).toEqual([0, 0, 0, 255, 127, 127, 127, 255, 255, 255, 255, 255]);
  });

  it("rejects a LINEAR width below 1 and out-of-range levels with INVALID_ARGUMENT", () => {
    const src = Int16Array.from([1, 2, 3]);
    for (const f of [() => windowSamples(src, "gray8", 0, 0, 0.5, 0, 255, new Uint8Array(3)), () => windowSamples(src, "gray8", 0, 0, 10, 0, 256, new Uint8Array(3))]) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isDicomPixelError(e, "INVALID_ARGUMENT")).toBe(true);
      }
    }
  });
});

describe("imaging_rescale", () => {
  it("keeps negative Hounsfield units: uint16 stored, intercept -1024 into int16", () => {
    const stored = Uint16Array.from([0, 24, 1024, 4095]);
    const hu = rescaleSamples(stored, 1, -1024, new Int16Array(4));
    expect(Array.from(hu)).toEqual([-1024, -1000, 0, 3071]);
  });

  it("float32 for non-integer slope; int32 for wide ranges (property vs x * m + b)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 40 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -100000, max: 100000 }), (xs, m, b) => {
        const src = Int16Array.from(xs);
        const i32 = rescaleSamples(src, m === 0 ? 1 : m, b, new Int32Array(xs.length));
        expect(Array.from(i32)).toEqual(xs.map((x) => x * (m === 0 ? 1 : m) + b));
        const f32 = rescaleSamples(src, 0.25, -3.5, new Float32Array(xs.length));
        expect(Array.from(f32)).toEqual(xs.map((x) => Math.fround(x * 0.25 - 3.5)));
      }),
      { numRuns: 100 },
    );
  });

  it("saturates instead of wrapping when asked for a narrow type", () => {
    expect(Array.from(rescaleSamples(Uint16Array.from([65535, 0]), 1, 10, new Int16Array(2)))).toEqual([32767, 10]);
  });
});

describe("imaging_lut", () => {
  it("clamps below the first mapped value and above the last entry (PS3.3 C.11.2.1.1)", () => {
    const lut = Uint16Array.from([10, 20, 30, 40]);
    const out = lookupSamples(Int16Array.from([-200, -101, -100, -99, -97, -96, 500]), "gray16", lut, -100, new Uint16Array(7));
    expect(Array.from(out)).toEqual([10, 10, 10, 20, 40, 40, 40]);
  });

  it("property: matches a TS lookup for int32 and float inputs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: -70000, max: 70000 }), { maxLength: 50 }),
        fc.integer({ min: -40000, max: 40000 }),
        (entries, xs, first) => {
          const lut = Uint16Array.from(entries);
          const ref = (x: number) => lut[Math.min(lut.length - 1, Math.max(0, Math.trunc(x) - first))]!;
          expect(Array.from(lookupSamples(Int32Array.from(xs), "gray16", lut, first, new Uint16Array(xs.length)))).toEqual(xs.map(ref));
          const fx = xs.map((x) => x + 0.75);
          expect(Array.from(lookupSamples(Float64Array.from(fx), "gray16", lut, first, new Uint16Array(xs.length)))).toEqual(fx.map(ref));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("imaging_min_max", () => {
  it("matches Math.min/max for every type, SIMD body and scalar tail (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 100 }), (xs) => {
        const want = [Math.min(...xs), Math.max(...xs)];
        expect(sampleMinMax(Int16Array.from(xs))).toEqual(want);
        expect(sampleMinMax(Int32Array.from(xs))).toEqual(want);
        expect(sampleMinMax(Float32Array.from(xs))).toEqual(want);
        const u = xs.map((x) => x + 32768);
        expect(sampleMinMax(Uint16Array.from(u))).toEqual([Math.min(...u), Math.max(...u)]);
      }),
      { numRuns: 100 },
    );
  });
});

describe("hostile arguments never trap", () => {
  it("returns INVALID_ARGUMENT / DESTINATION_TOO_SMALL for out-of-memory pointers and lengths", () => {
    const { exports } = getInstance();
    const huge = 0x7ffffff0;
    expect(exports.imaging_rescale(huge, 16, 0, 16, 2, 3, 1, 0)).toBe(-100);
    expect(exports.imaging_window(0, 16, huge, 64, 2, 0, 0, 0, 10, 0, 255)).toBe(-100);
    expect(exports.imaging_window(0, 16, 1024, 4, 2, 0, 0, 0, 10, 0, 255)).toBe(-101);
    expect(exports.imaging_lut(0, 16, 1024, 64, 2, 0, huge, 4, 0)).toBe(-100);
    expect(exports.imaging_lut(0, 16, 1024, 64, 2, 0, 2048, 0, 0)).toBe(-100);
    expect(exports.imaging_lut(0, 15, 1024, 64, 2, 0, 2048, 4, 0)).toBe(-100);
    expect(exports.imaging_min_max(0, -1, 1024, 16, 2)).toBe(-100);
    expect(exports.imaging_rescale(0, 16, 1024, 64, 9, 3, 1, 0)).toBe(-100);
    expect(exports.imaging_rescale(0, 16, 1024, 64, 2, 3, NaN, 0)).toBe(-100);
  });
});

describe("fuzzed arguments", () => {
  it("every kernel returns a status (never traps) for random types, formats, lengths and parameters", () => {
    const { exports, arena } = getInstance();
    arena.scoped(() => {
      const region = arena.alloc(1 << 16);
      const lut = arena.copyIn(Uint16Array.from({ length: 256 }, (_, i) => i * 7));
      const mem = () => arena.capacity;
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 1 << 16 }),
          fc.integer({ min: -8, max: 1 << 17 }),
          fc.integer({ min: 0, max: 1 << 16 }),
          fc.integer({ min: -8, max: 1 << 17 }),
          fc.integer({ min: -2, max: 9 }),
          fc.integer({ min: -2, max: 9 }),
          fc.oneof(fc.double(), fc.constant(Infinity), fc.constant(NaN), fc.integer({ min: -70000, max: 70000 })),
          fc.oneof(fc.double(), fc.constant(0), fc.integer({ min: -10, max: 5000 })),
          (so, sl, dof, dl, t1, t2, a, b) => {
            const src = region + so;
            const dst = region + dof;
            const results = [
              exports.imaging_rescale(src, sl, dst, dl, t1, t2, a, b),
              exports.imaging_window(src, sl, dst, dl, t1, t2, ((t1 % 3) + 3) % 3, a, b, 0, 255),
              exports.imaging_lut(src, sl, dst, dl, t1, t2, lut, (so % 300) - 20, Math.trunc(Number.isFinite(a) ? a : 0) | 0),
              exports.imaging_min_max(src, sl, dst, dl, t1),
            ];
            for (const r of results) expect(Number.isInteger(r)).toBe(true);
            expect(mem()).toBeGreaterThan(0);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
