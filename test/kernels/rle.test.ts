/**
 * RLE kernels on raw bytes (no DICOM parsing): hand-made PackBits streams (PS3.5 G.3), header validation
 * (G.5) and malformed fragments -> typed errors, never a trap or a hang. Runs on both kernel flavours: the
 * debug build has assertions on and `unchecked()` checked, so an out-of-bounds access would surface there.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { getInstance, init, resetInstance } from "../../src/wasm/module.js";
import { rleDecodeFrameInto, rleEncodeFrame, rleEncodedBound, type RleFrameShape } from "../../src/wasm/kernels/rle.js";
import { DicomPixelError, isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { buildFragment, checkEncoderRules, refDecodeFrame, refDecodeSegment, seededBytes, toPlanar } from "./rle-reference.js";

const shape = (rows: number, columns: number, samplesPerPixel = 1, bytesPerSample = 1): RleFrameShape => ({
  rows,
  columns,
  samplesPerPixel,
  bytesPerSample,
});

function decode(fragment: Uint8Array, s: RleFrameShape, opts: Parameters<typeof rleDecodeFrameInto>[3] = {}): number[] {
  const dst = new Uint8Array(s.rows * s.columns * s.samplesPerPixel * s.bytesPerSample);
  rleDecodeFrameInto(fragment, dst, s, opts);
  return Array.from(dst);
}

function expectCode(fn: () => unknown, code: ErrorCode): DicomPixelError {
  try {
    fn();
  } catch (e) {
    if (!isDicomPixelError(e)) throw e;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

interface FixtureInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  layout: "interleaved" | "planar";
  sha256: string;
}
const FIXTURES = new URL("../fixtures/rle/", import.meta.url);
const fixtureInfo = JSON.parse(readFileSync(new URL("expected.json", FIXTURES), "utf8")) as Record<string, FixtureInfo>;

describe.each(["release", "debug"] as const)("RLE kernels (%s)", (flavour) => {
  beforeAll(async () => {
    resetInstance();
    await init({ flavour });
  });

  describe("PackBits decode (PS3.5 G.3.2)", () => {
    it("literal runs copy n + 1 bytes", () => {
      expect(decode(buildFragment([[3, 1, 2, 3, 4]]), shape(1, 4))).toEqual([1, 2, 3, 4]);
    });

    it("replicate runs repeat one byte -n + 1 times", () => {
      expect(decode(buildFragment([[-3, 7, 0, 9]]), shape(1, 5))).toEqual([7, 7, 7, 7, 9]);
      expect(decode(buildFragment([[-127, 5]]), shape(1, 128))).toEqual(new Array(128).fill(5));
    });

    it("-128 is a no-op", () => {
      expect(decode(buildFragment([[-128, 1, 5, 6, -128]]), shape(1, 2))).toEqual([5, 6]);
    });

    it("runs may cross row boundaries (the row rule binds encoders only)", () => {
      expect(decode(buildFragment([[-5, 9]]), shape(2, 3))).toEqual([9, 9, 9, 9, 9, 9]);
      expect(decode(buildFragment([[5, 1, 2, 3, 4, 5, 6]]), shape(3, 2))).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it("accepts one padding byte after a full plane (odd segments padded to even, G.5)", () => {
      expect(decode(buildFragment([[2, 1, 2, 3, 0]]), shape(1, 3))).toEqual([1, 2, 3]);
    });

    it("long literal runs use the 16-byte copy path and its scalar tail identically", () => {
      const data = seededBytes(300, 7);
      const seg = [127, ...data.subarray(0, 128), 127, ...data.subarray(128, 256), 43, ...data.subarray(256, 300)];
      expect(decode(buildFragment([seg]), shape(1, 300))).toEqual(Array.from(data));
      expect(decode(buildFragment([seg]), shape(3, 100))).toEqual(Array.from(data));
    });
  });

  describe("fragments from DCMTK dcmcrle and GDCM gdcmconv --rle (test/fixtures/rle)", () => {
    for (const [name, info] of Object.entries(fixtureInfo)) {
      it(`${name} decodes to dcmdrle's pixels`, () => {
        const fragment = new Uint8Array(readFileSync(new URL(name, FIXTURES)));
        const s = shape(info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated / 8);
        const out = Uint8Array.from(decode(fragment, s, { planar: info.layout === "planar" }));
        expect(createHash("sha256").update(out).digest("hex")).toBe(info.sha256);
      });
    }
  });

  describe("byte planes -> canonical cells (G.2)", () => {
    it("16-bit: most significant byte segment first, little-endian cells out", () => {
      const f = buildFragment([
        [1, 0x12, 0x34],
        [1, 0x56, 0x78],
      ]);
      expect(decode(f, shape(1, 2, 1, 2))).toEqual([0x56, 0x12, 0x78, 0x34]);
    });

    it("reversed segment order (least significant first, DCMTK +br)", () => {
      const f = buildFragment([
        [1, 0x12, 0x34],
        [1, 0x56, 0x78],
      ]);
      expect(decode(f, shape(1, 2, 1, 2), { reversedSegmentOrder: true })).toEqual([0x12, 0x56, 0x34, 0x78]);
    });

    it("32-bit: four segments MSB..LSB", () => {
      const f = buildFragment([[0, 0x11], [0, 0x22], [0, 0x33], [0, 0x44]]);
      expect(decode(f, shape(1, 1, 1, 4))).toEqual([0x44, 0x33, 0x22, 0x11]);
    });

    it("8-bit RGB: colour-by-pixel by default, colour-by-plane on request", () => {
      const f = buildFragment([
        [1, 1, 2],
        [1, 3, 4],
        [1, 5, 6],
      ]);
      expect(decode(f, shape(1, 2, 3, 1))).toEqual([1, 3, 5, 2, 4, 6]);
      expect(decode(f, shape(1, 2, 3, 1), { planar: true })).toEqual([1, 2, 3, 4, 5, 6]);
    });

    // Every layout and enough pixels for the v128 loops and their scalar tails, against the TS reference.
    for (const [spp, bps] of [
      [1, 1],
      [1, 2],
      [1, 4],
      [3, 1],
      [3, 2],
      [3, 4],
    ] as const) {
      it(`${spp} sample(s) x ${bps * 8} bits, 37 x 3 pixels, interleaved and planar`, () => {
        const s = shape(3, 37, spp, bps);
        const planes = Array.from({ length: spp * bps }, (_, k) => seededBytes(111, 100 + k));
        // segments: literal runs of at most 128 bytes
        const f = buildFragment(planes.map((p) => [110, ...p.subarray(0, 111)]));
        const expected = refDecodeFrame(f, s);
        expect(decode(f, s)).toEqual(Array.from(expected));
        expect(decode(f, s, { planar: true })).toEqual(Array.from(toPlanar(expected, s)));
      });
    }
  });

  describe("header validation (G.5)", () => {
    const s16 = shape(1, 1, 1, 2);
    it("rejects a fragment shorter than the 64-byte header with TRUNCATED", () => {
      expectCode(() => decode(new Uint8Array(63), shape(1, 1)), "TRUNCATED");
      expectCode(() => decode(new Uint8Array(0), shape(1, 1)), "TRUNCATED");
    });
    it("rejects segment counts 0, 16 and counts that do not match Bits Allocated x Samples per Pixel", () => {
      expectCode(() => decode(buildFragment([[0, 1]], { count: 0 }), shape(1, 1)), "RLE_SEGMENT_COUNT");
      expectCode(() => decode(buildFragment([[0, 1]], { count: 16 }), shape(1, 1)), "RLE_SEGMENT_COUNT");
      expectCode(() => decode(buildFragment([[0, 1]]), s16), "RLE_SEGMENT_COUNT");
      expectCode(() => decode(buildFragment([[0, 1], [0, 2], [0, 3]]), s16), "RLE_SEGMENT_COUNT");
    });
    it("rejects offsets out of order, before the header or past the end with RLE_SEGMENT_OFFSET", () => {
      const e = expectCode(() => decode(buildFragment([[0, 1], [0, 2]], { offsets: [66, 64] }), s16), "RLE_SEGMENT_OFFSET");
      expect(e.byteOffset).toBe(8);
      expectCode(() => decode(buildFragment([[0, 1]], { offsets: [60] }), shape(1, 1)), "RLE_SEGMENT_OFFSET");
      expectCode(() => decode(buildFragment([[0, 1]], { offsets: [67] }), shape(1, 1)), "RLE_SEGMENT_OFFSET");
      expectCode(() => decode(buildFragment([[0, 1], [0, 2]], { offsets: [64, 0xffffffff] }), s16), "RLE_SEGMENT_OFFSET");
    });
    it("rejects a destination that is too small", () => {
      expectCode(() => rleDecodeFrameInto(buildFragment([[1, 1, 2]]), new Uint8Array(1), shape(1, 2)), "DESTINATION_TOO_SMALL");
    });
  });

  describe("raw kernel arguments (status 100+)", () => {
    it("rejects impossible arguments with INVALID_ARGUMENT / DESTINATION_TOO_SMALL, before touching memory", () => {
      const { exports: e } = getInstance();
      const dec = e.rle_decode_frame.bind(e);
      const enc = e.rle_encode_frame.bind(e);
      expect(dec(0, -1, 0, 16, 0, 16, 1, 1, 1, 1, 0)).toBe(-100);
      expect(dec(0, 64, 0, 16, 0, 16, 0, 1, 1, 1, 0)).toBe(-100);
      expect(dec(0, 64, 0, 16, 0, 16, 1, 1, 0x40000000, 4, 0)).toBe(-100);
      expect(dec(0, 64, 0, 16, 0, 16, 1, 1, 1, 3, 0)).toBe(-100);
      expect(dec(0, 64, 0, 16, 0, 16, 1, 1, 1, 1, 8)).toBe(-100);
      expect(dec(0, 64, 0, 3, 0, 16, 1, 2, 1, 2, 0)).toBe(-101);
      expect(dec(0, 64, 0, 4, 0, 3, 1, 2, 1, 2, 0)).toBe(-100); // scratch too small for 2 planes
      expect(enc(0, 4, 0, 1000, 0, 4, 1, 1, 0x40000000, 4, 0)).toBe(-100);
      expect(enc(0, 3, 0, 1000, 0, 4, 1, 2, 1, 2, 0)).toBe(-100); // source shorter than a frame
      expect(enc(0, 4, 0, 67, 0, 4, 1, 2, 1, 2, 0)).toBe(-101); // below the worst-case bound
    });
  });

  describe("malformed segments", () => {
    it("a literal run past the end of its segment is TRUNCATED, with its byte offset", () => {
      const e = expectCode(() => decode(buildFragment([[5, 1, 2]]), shape(1, 6)), "TRUNCATED");
      expect(e.byteOffset).toBe(64);
      expect(e.message).toMatch(/segment 1\b.*at byte 64/);
      // also when the next segment's bytes follow: runs do not read across segments
      expectCode(() => decode(buildFragment([[1, 1], [1, 2, 3]]), shape(1, 2, 1, 2)), "TRUNCATED");
    });
    it("a replicate run without its byte is TRUNCATED", () => {
      expectCode(() => decode(buildFragment([[0, 1, -3]]), shape(1, 5)), "TRUNCATED");
    });
    it("a segment that ends before its plane is full is RLE_SEGMENT_LENGTH", () => {
      expectCode(() => decode(buildFragment([[-2, 1]]), shape(1, 4)), "RLE_SEGMENT_LENGTH");
      expectCode(() => decode(buildFragment([[]]), shape(1, 4)), "RLE_SEGMENT_LENGTH");
    });
    it("a segment that decodes to more than one plane is RLE_SEGMENT_LENGTH", () => {
      expectCode(() => decode(buildFragment([[-4, 1]]), shape(1, 4)), "RLE_SEGMENT_LENGTH");
      expectCode(() => decode(buildFragment([[3, 1, 2, 3, 4, 0, 9]]), shape(1, 4)), "RLE_SEGMENT_LENGTH");
    });
    it("lenient mode pads short segments and ignores excess, reporting both", () => {
      const dst = new Uint8Array(8);
      const r = rleDecodeFrameInto(buildFragment([[-1, 7], [-5, 9]]), dst, shape(1, 4, 1, 2), { lenient: true });
      expect(Array.from(dst)).toEqual([9, 7, 9, 7, 9, 0, 9, 0]);
      expect(r.paddedSegments).toEqual([0]);
      expect(r.excessSegments).toEqual([1]);
      const t = rleDecodeFrameInto(buildFragment([[5, 1, 2]]), new Uint8Array(4), shape(1, 4), { lenient: true });
      expect(t.paddedSegments).toEqual([0]);
    });
    it("random bytes after a valid header: a typed error or a frame, never a trap (fuzz)", () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 0, maxLength: 300 }),
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 20 }),
          fc.constantFrom([1, 1], [1, 2], [3, 1], [1, 4]),
          fc.boolean(),
          (body, rows, cols, [spp, bps], lenient) => {
            const n = spp! * bps!;
            const cut = Array.from({ length: n }, (_, k) => Math.floor((body.length * k) / n));
            const segs = cut.map((c, k) => body.subarray(c, cut[k + 1] ?? body.length));
            const s = shape(rows, cols, spp, bps);
            try {
              const out = decode(buildFragment(segs), s, { lenient });
              expect(out.length).toBe(rows * cols * n);
            } catch (e) {
              expect(isDicomPixelError(e)).toBe(true);
              expect((e as DicomPixelError).code).not.toBe("INTERNAL_ERROR");
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe("PackBits encode (G.3.1)", () => {
    const enc = (data: number[], s: RleFrameShape) => rleEncodeFrame(Uint8Array.from(data), s);
    const segment = (f: Uint8Array) => Array.from(f.subarray(64)).map((b) => (b << 24) >> 24);

    it("writes the header: count, offsets, unused offsets 0", () => {
      const f = enc([1, 2, 3, 4], shape(1, 2, 1, 2));
      const v = new DataView(f.buffer, f.byteOffset);
      expect(v.getUint32(0, true)).toBe(2);
      expect(v.getUint32(4, true)).toBe(64);
      expect(v.getUint32(8, true)).toBe(68); // "1, 2|4" then pad -> 4 bytes
      for (let k = 2; k < 15; k++) expect(v.getUint32(4 + 4 * k, true)).toBe(0);
    });

    it("replicate runs of 3+ and literal runs", () => {
      expect(segment(enc([1, 1, 1, 2, 3, 4], shape(1, 6)))).toEqual([-2, 1, 2, 2, 3, 4]);
    });

    it("a run of 2 is a replicate run only when no literal is pending", () => {
      expect(segment(enc([5, 5, 1, 2], shape(1, 4)))).toEqual([-1, 5, 1, 1, 2, 0]);
      expect(segment(enc([1, 5, 5, 2], shape(1, 4)))).toEqual([3, 1, 5, 5, 2, 0]);
    });

    it("runs never cross a row; each row is encoded separately", () => {
      expect(segment(enc([7, 7, 7, 7, 7, 7], shape(2, 3)))).toEqual([-2, 7, -2, 7]);
    });

    it("splits literal runs at 128 and replicate runs at 128, pads odd segments with 0", () => {
      const lit = Array.from({ length: 130 }, (_, i) => i & 0xff);
      const f = segment(enc(lit, shape(1, 130)));
      expect(f[0]).toBe(127);
      expect(f[129]).toBe(1);
      expect(f.length).toBe(132);
      expect(segment(enc(new Array(300).fill(4), shape(1, 300)))).toEqual([-127, 4, -127, 4, -43, 4]);
      expect(segment(enc([1], shape(1, 1)))).toEqual([0, 1]);
      expect(segment(enc([1, 2], shape(1, 2)))).toEqual([1, 1, 2, 0]);
    });

    it("output decodes with the reference decoder and follows the encoder rules on varied data", () => {
      for (const [spp, bps] of [
        [1, 1],
        [1, 2],
        [3, 1],
        [3, 2],
        [1, 4],
        [3, 4],
      ] as const) {
        const s = shape(7, 41, spp, bps);
        const n = 7 * 41 * spp * bps;
        const data = seededBytes(n, spp * 10 + bps).map((b, i) => (i % 97 < 40 ? 3 : b % 4 === 0 ? b : 200));
        const f = rleEncodeFrame(data, s);
        expect(checkEncoderRules(f, s)).toEqual([]);
        expect(f.length).toBeLessThanOrEqual(rleEncodedBound(s));
        expect(Array.from(refDecodeFrame(f, s))).toEqual(Array.from(data));
      }
    });

    it("reference PackBits decoder agrees with the kernel on a plane", () => {
      const data = seededBytes(500, 3).map((b) => (b < 100 ? 0 : b));
      const f = rleEncodeFrame(data, shape(1, 500));
      expect(refDecodeSegment(f.subarray(64)).slice(0, 500)).toEqual(Array.from(data));
    });
  });
});
