/**
 * JPEG lossless kernels on raw codestreams (no DICOM): streams from the plain reference encoder of
 * jpeg-lossless-reference.ts (independent of the kernels) decode to exactly the input, for every predictor,
 * precision, point transform, component count, restart interval and stream feature of T.81 Annex B/H;
 * malformed streams give typed errors, never a trap or a hang. Runs on both kernel flavours (the debug
 * build has assertions on and checked memory access).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DicomPixelError } from "../../src/errors.js";
import { init, resetInstance } from "../../src/wasm/module.js";
import { jpllDecode, jpllDecodeInto, jpllEncode, jpllReadHeader, JPLL_WARN_NO_EOI, JPLL_WARN_OVERRUN, JPLL_WARN_RESTART } from "../../src/wasm/kernels/jpeg-lossless.js";
import { refEncode, refExpected, type RefImage, type RefOptions } from "./jpeg-lossless-reference.js";

let seed = 12345;
function rnd(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
}

function image(rows: number, cols: number, comps: number, precision: number, kind: "noise" | "ramp" | "extremes" = "noise"): RefImage {
  const n = rows * cols * comps;
  const max = 2 ** precision - 1;
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (kind === "noise") samples[i] = Math.floor(rnd() * (max + 1));
    else if (kind === "ramp") samples[i] = (i * 37 + Math.floor(rnd() * 5)) & max;
    else samples[i] = rnd() < 0.5 ? 0 : max;
  }
  return { rows, cols, comps, precision, samples };
}

function decodeValues(stream: Uint8Array, precision: number): { values: number[]; warnings: number } {
  const cb = precision <= 8 ? 1 : 2;
  const h = jpllReadHeader(stream);
  const dst = new Uint8Array(h.rows * h.columns * h.components * cb);
  const r = jpllDecodeInto(stream, dst, { cellBytes: cb });
  expect(r.bytesWritten).toBe(dst.length);
  const values = cb === 1 ? Array.from(dst) : Array.from(new Uint16Array(dst.buffer, 0, dst.length / 2));
  return { values, warnings: r.warnings };
}

function expectCode(fn: () => unknown, code?: string): DicomPixelError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DicomPixelError);
  if (code) expect((err as DicomPixelError).code).toBe(code);
  return err as DicomPixelError;
}

describe.each(["release", "debug"] as const)("JPEG lossless kernels (%s)", (flavour) => {
  beforeAll(async () => {
    resetInstance();
    await init({ flavour });
  });
  afterAll(() => resetInstance());

  describe("decoder against the reference encoder", () => {
    it("every predictor 1-7 x precision 2..16 (H.1.2.1 first-row/column rules)", () => {
      for (const precision of [2, 3, 7, 8, 9, 12, 15, 16]) {
        for (let sv = 1; sv <= 7; sv++) {
          const img = image(7, 9, 1, precision, sv % 2 ? "noise" : "ramp");
          const { values, warnings } = decodeValues(refEncode(img, { predictor: sv }), precision);
          expect(warnings).toBe(0);
          expect(values, `P ${precision} SV ${sv}`).toEqual(Array.from(img.samples));
        }
      }
    });

    it("point transform Pt 1..P-1: output is the reconstructed value shifted left by Pt", () => {
      for (const [precision, pt] of [[8, 1], [8, 7], [12, 4], [16, 15], [16, 3]] as const) {
        const img = image(5, 6, 1, precision);
        const h = jpllReadHeader(refEncode(img, { predictor: 4, pointTransform: pt }));
        expect(h.pointTransform).toBe(pt);
        const { values } = decodeValues(refEncode(img, { predictor: 4, pointTransform: pt }), precision);
        expect(values).toEqual(refExpected(img, pt));
      }
    });

    it("1 to 4 components, interleaved and one scan per component", () => {
      for (const comps of [1, 2, 3, 4]) {
        for (const separateScans of [false, true]) {
          const img = image(6, 5, comps, 10);
          const { values } = decodeValues(refEncode(img, { predictor: 7, separateScans }), 10);
          expect(values, `${comps} comps, separate ${separateScans}`).toEqual(Array.from(img.samples));
        }
      }
    });

    it("restart intervals, whole rows and mid-row (RSTn with H.1.2.1 restart rules)", () => {
      for (const ri of [1, 3, 5, 10, 17, 1000]) {
        for (const sv of [1, 4, 6]) {
          const img = image(6, 5, 3, 8);
          const { values, warnings } = decodeValues(refEncode(img, { predictor: sv, restartInterval: ri }), 8);
          expect(warnings).toBe(0);
          expect(values, `Ri ${ri} SV ${sv}`).toEqual(Array.from(img.samples));
        }
      }
    });

    it("fill bytes, DHT before SOF, garbage after EOI, missing EOI", () => {
      const img = image(4, 4, 1, 12);
      for (const o of [{ fillBytes: 3 }, { tablesFirst: true }, { trailing: [0, 1, 2, 0xff, 0xd9, 7] }] as RefOptions[]) {
        expect(decodeValues(refEncode(img, { ...o, predictor: 5 }), 12).values).toEqual(Array.from(img.samples));
      }
      const r = decodeValues(refEncode(img, { noEoi: true }), 12);
      expect(r.values).toEqual(Array.from(img.samples));
      expect(r.warnings & JPLL_WARN_NO_EOI).toBeTruthy();
    });

    it("DNL: the height comes from the DNL segment after the first scan (B.2.5)", () => {
      const img = image(9, 4, 1, 8);
      const s = refEncode(img, { dnl: true, predictor: 2 });
      const h = jpllReadHeader(s);
      expect(h.rows).toBe(9);
      expect(h.heightFromDnl).toBe(true);
      expect(decodeValues(s, 8).values).toEqual(Array.from(img.samples));
    });

    it("SSSS = 16 (difference 32768, no extra bits) and modulo 2^16 reconstruction", () => {
      // 0 -> 32768 is difference 32768; 65535 -> 0 wraps (difference +1 modulo 2^16); predictor 4 overflows.
      const samples = [0, 32768, 0, 65535, 0, 65535, 65535, 0, 1, 65535, 32767, 32768];
      const img: RefImage = { rows: 3, cols: 4, comps: 1, precision: 16, samples };
      for (let sv = 1; sv <= 7; sv++) expect(decodeValues(refEncode(img, { predictor: sv }), 16).values).toEqual(samples);
    });

    it("1x1, one row, one column, wide images", () => {
      for (const [rows, cols] of [[1, 1], [1, 37], [23, 1], [2, 700]] as const) {
        const img = image(rows, cols, 1, 16, "extremes");
        expect(decodeValues(refEncode(img, { predictor: 6 }), 16).values).toEqual(Array.from(img.samples));
      }
    });

    it("DCMTK +w6 / +wc workarounds decode the buggy encoders' streams, and are off by default", () => {
      const samples = [40000, 50000, 1000, 65000, 30000, 33000, 100, 64000, 5, 60000, 32768, 0];
      const img: RefImage = { rows: 3, cols: 4, comps: 1, precision: 16, samples };
      const w6 = refEncode(img, { predictor: 6, predictor6Int16: true });
      const dst = new Uint8Array(24);
      jpllDecodeInto(w6, dst, { cellBytes: 2, workaroundPredictor6: true });
      expect(Array.from(new Uint16Array(dst.buffer))).toEqual(samples);
      jpllDecodeInto(w6, dst, { cellBytes: 2 });
      expect(Array.from(new Uint16Array(dst.buffer))).not.toEqual(samples);
      const big: RefImage = { rows: 1, cols: 4, comps: 1, precision: 16, samples: [0, 32768, 0, 7] };
      const wc = refEncode(big, { ssss16ExtraBits: true });
      const d2 = new Uint8Array(8);
      jpllDecodeInto(wc, d2, { cellBytes: 2, workaroundSsss16: true });
      expect(Array.from(new Uint16Array(d2.buffer))).toEqual(big.samples);
    });

    it("8-bit data in 16-bit cells", () => {
      const img = image(3, 3, 1, 8);
      const s = refEncode(img);
      const dst = new Uint8Array(18);
      jpllDecodeInto(s, dst, { cellBytes: 2 });
      expect(Array.from(new Uint16Array(dst.buffer))).toEqual(Array.from(img.samples));
    });
  });

  describe("encoder", () => {
    it("the fixed-table option and optimised tables both round-trip; optimised is smaller on smooth data", () => {
      const img = image(16, 16, 1, 12, "ramp");
      const src = new Uint8Array(new Uint16Array(img.samples).buffer);
      const params = { rows: 16, columns: 16, components: 1, precision: 12, cellBytes: 2 as const, predictor: 1, pointTransform: 0, restartInterval: 0, signed: false };
      const opt = jpllEncode(src, { ...params, standardTables: false });
      const std = jpllEncode(src, { ...params, standardTables: true });
      expect(decodeValues(opt, 12).values).toEqual(Array.from(img.samples));
      expect(decodeValues(std, 12).values).toEqual(Array.from(img.samples));
      expect(opt.length).toBeLessThan(std.length);
    });

    it("writes SOI, SOF3 with the precision and size, SOS with the predictor and Pt, EOI", () => {
      const src = new Uint8Array(2 * 3 * 5);
      const s = jpllEncode(src, { rows: 3, columns: 5, components: 1, precision: 10, cellBytes: 2, predictor: 6, pointTransform: 2, restartInterval: 0, signed: false, standardTables: false });
      expect([s[0], s[1], s[2], s[3]]).toEqual([0xff, 0xd8, 0xff, 0xc3]);
      expect([s[6], (s[7]! << 8) | s[8]!, (s[9]! << 8) | s[10]!]).toEqual([10, 3, 5]);
      expect([s.at(-2), s.at(-1)]).toEqual([0xff, 0xd9]);
      const h = jpllReadHeader(s);
      expect([h.predictor, h.pointTransform]).toEqual([6, 2]);
    });

    it("incompressible 16-bit noise with the fixed table (larger than the input) still encodes", () => {
      const img = image(8, 64, 1, 16, "noise");
      const src = new Uint8Array(new Uint16Array(img.samples).buffer);
      const s = jpllEncode(src, { rows: 8, columns: 64, components: 1, precision: 16, cellBytes: 2, predictor: 1, pointTransform: 0, restartInterval: 0, signed: false, standardTables: true });
      expect(s.length).toBeGreaterThan(src.length * 1.25);
      expect(decodeValues(s, 16).values).toEqual(Array.from(img.samples));
    });

    it("refuses values that do not fit the precision", () => {
      const src = new Uint8Array(new Uint16Array([1, 2, 4096, 3]).buffer);
      const e = expectCode(() => jpllEncode(src, { rows: 2, columns: 2, components: 1, precision: 12, cellBytes: 2, predictor: 1, pointTransform: 0, restartInterval: 0, signed: false, standardTables: false }), "VALUE_OUT_OF_RANGE");
      expect(e.message).toMatch(/sample 2/);
      const signed = new Uint8Array(new Int16Array([-2048, 2047, -2049, 0]).buffer);
      expectCode(() => jpllEncode(signed, { rows: 2, columns: 2, components: 1, precision: 12, cellBytes: 2, predictor: 1, pointTransform: 0, restartInterval: 0, signed: true, standardTables: false }), "VALUE_OUT_OF_RANGE");
    });
  });

  describe("malformed streams: typed errors, never a trap", () => {
    const img = image(5, 7, 3, 12);
    const good = refEncode(img, { predictor: 4, restartInterval: 8 });

    it("truncated at every byte", () => {
      for (let n = 0; n < good.length - 2; n++) {
        const cut = good.subarray(0, n);
        let err: unknown;
        try {
          const h = jpllReadHeader(cut);
          const r = jpllDecodeInto(cut, new Uint8Array(h.rows * h.columns * h.components * 2), { cellBytes: 2 });
          if (r.warnings & (JPLL_WARN_OVERRUN | JPLL_WARN_RESTART)) err = new DicomPixelError("TRUNCATED", "reported");
        } catch (e) {
          err = e;
        }
        expect(err, `cut at ${n}`).toBeInstanceOf(DicomPixelError);
      }
    });

    it("corrupted bytes anywhere: an error or a decode, never a trap", () => {
      for (let i = 0; i < 300; i++) {
        const bad = good.slice();
        const k = 1 + Math.floor(rnd() * 3);
        for (let j = 0; j < k; j++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
        try {
          jpllDecode(bad, (h) => {
            const n = h.rows * h.columns * h.components * 2;
            if (n > 1 << 22) throw new DicomPixelError("SIZE_LIMIT", "too big");
            return { dst: new Uint8Array(n), cellBytes: 2 };
          });
        } catch (e) {
          expect(e).toBeInstanceOf(DicomPixelError);
          expect((e as DicomPixelError).code).not.toBe("INTERNAL_ERROR");
        }
      }
    });

    it("a code that is in no Huffman table", () => {
      // Only 5-bit codes 00000..10000 exist; 11111 is in no table.
      const s = refEncode(image(2, 2, 1, 8));
      const sos = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xda);
      const data = sos + 2 + 8;
      const bad = Uint8Array.from([...s.subarray(0, data), 0xff, 0x00, 0xff, 0x00, 0xff, 0xd9]);
      expectCode(() => jpllDecodeInto(bad, new Uint8Array(4), { cellBytes: 1 }), "JPEG_HUFFMAN_CODE");
    });

    it("missing SOS, missing SOF, missing table, no SOI", () => {
      const s = refEncode(image(2, 2, 1, 8));
      expectCode(() => jpllReadHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])), "JPEG_NO_FRAME");
      const sof = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc3);
      const sos = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xda);
      expectCode(() => jpllReadHeader(Uint8Array.from([...s.subarray(0, sof), ...s.subarray(sos)])), "JPEG_NO_FRAME");
      const dht = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc4);
      expectCode(() => jpllReadHeader(Uint8Array.from([...s.subarray(0, dht), ...s.subarray(sos)])), "JPEG_MISSING_TABLE");
      expectCode(() => jpllReadHeader(s.subarray(2)), "JPEG_INVALID_MARKER");
      expectCode(() => jpllReadHeader(s.subarray(0, 1)), "TRUNCATED");
    });

    it("segment lengths past the end, impossible header values", () => {
      const s = refEncode(image(2, 2, 1, 8));
      const sof = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc3);
      const long = s.slice();
      long[sof + 2] = 0x7f;
      expectCode(() => jpllReadHeader(long), "TRUNCATED");
      for (const [off, v] of [[4, 1], [4, 17], [9, 0], [9, 5]] as const) {
        const bad = s.slice();
        bad[sof + off] = v; // precision 1 / 17, Nf 0 / 5
        expect(() => jpllReadHeader(bad)).toThrow(DicomPixelError);
      }
      const sos = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xda);
      for (const v of [0, 8]) {
        const bad = s.slice();
        bad[sos + 7] = v; // selection value 0 / 8
        expectCode(() => jpllReadHeader(bad), "JPEG_INVALID_HEADER");
      }
      const badPt = s.slice();
      badPt[sos + 9] = 8; // Pt = P
      expectCode(() => jpllReadHeader(badPt), "JPEG_INVALID_HEADER");
    });

    it("huge SOF dimensions: DESTINATION_TOO_SMALL, nothing written", () => {
      const s = refEncode(image(2, 2, 1, 8));
      const sof = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc3);
      const big = s.slice();
      big.set([0xff, 0xff, 0xff, 0xff], sof + 5);
      const h = jpllReadHeader(big);
      expect([h.rows, h.columns]).toEqual([65535, 65535]);
      expectCode(() => jpllDecodeInto(big, new Uint8Array(16), { cellBytes: 1 }), "DESTINATION_TOO_SMALL");
    });

    it("other JPEG processes are refused naming the process", () => {
      const s = refEncode(image(2, 2, 1, 8));
      const sof = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc3);
      for (const [m, name] of [[0xc0, /baseline/], [0xc7, /SOF7/], [0xcb, /SOF11/], [0xcf, /SOF15/]] as const) {
        const bad = s.slice();
        bad[sof + 1] = m;
        expect(expectCode(() => jpllReadHeader(bad), "JPEG_UNSUPPORTED_PROCESS").message).toMatch(name);
      }
    });

    it("subsampled multi-component frames are an unsupported feature", () => {
      const s = refEncode(image(2, 2, 3, 8));
      const sof = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xc3);
      const bad = s.slice();
      bad[sof + 11] = 0x22;
      expectCode(() => jpllReadHeader(bad), "UNSUPPORTED_FEATURE");
    });

    it("a missing or wrong RST marker: resynchronised and reported", () => {
      const img2 = image(6, 4, 1, 8);
      const s = refEncode(img2, { restartInterval: 4 });
      // Renumber the second RST (RST1 -> RST5): decoded through, reported.
      const renum = s.slice();
      const r1 = renum.findIndex((b, i) => b === 0xff && renum[i + 1] === 0xd1);
      renum[r1 + 1] = 0xd5;
      const a = decodeValues(renum, 8);
      expect(a.values).toEqual(Array.from(img2.samples));
      expect(a.warnings & JPLL_WARN_RESTART).toBeTruthy();
      // Drop the RST0 marker: the interval runs into the next one's data; reported, no trap.
      const r0 = s.findIndex((b, i) => b === 0xff && s[i + 1] === 0xd0);
      const dropped = Uint8Array.from([...s.subarray(0, r0), ...s.subarray(r0 + 2)]);
      const b = decodeValues(dropped, 8);
      expect(b.warnings & (JPLL_WARN_RESTART | JPLL_WARN_OVERRUN)).toBeTruthy();
    });
  });
});
