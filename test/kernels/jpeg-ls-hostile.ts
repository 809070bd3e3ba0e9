/**
 * JPEG-LS kernel checks shared by jpeg-ls.test.ts (release build) and jpeg-ls.debug.test.ts (debug build):
 * fixtures decoded against DCMTK's decode, and malformed streams (every truncation, bad markers, corrupted
 * bytes, huge dimensions) that must give a typed DicomPixelError, never a trap or a hang.
 * Fixtures: test/fixtures/jpeg-ls (made by make-fixtures.py with DCMTK dcmcjpls / dcmdjpls).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../helpers/corpus.js";
import { isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { jpeglsDecode, jpeglsEncode, jpeglsReadHeader } from "../../src/wasm/kernels/jpeg-ls.js";

export const FIXTURES = [
  "grey8", "grey12", "grey16", "grey5", "rgb8-ilv0", "rgb8-ilv1", "rgb8-ilv2",
  "grey8-near3", "grey12-near2", "rgb8-ilv2-near2", "rgb8-ilv1-near1", "grey8-lse",
];

export const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, "test/fixtures/jpeg-ls", name)));

/** Decodes with cells of 1 byte for P <= 8 and 2 otherwise, under a 16 MiB cap. */
export function decode(src: Uint8Array): Uint8Array {
  let out = new Uint8Array(0);
  jpeglsDecode(src, (h) => {
    const cb = h.precision <= 8 ? 1 : 2;
    const size = h.rows * h.columns * h.components * cb;
    if (size > 2 ** 24) throw new RangeError("test cap");
    out = new Uint8Array(size);
    return { dst: out, cellBytes: cb };
  });
  return out;
}

/** Decodes; true on success, false on a DicomPixelError (or the test's size cap); rethrows anything else. */
export function tryDecode(src: Uint8Array): Uint8Array | null {
  try {
    return decode(src);
  } catch (e) {
    if (e instanceof RangeError && e.message === "test cap") return null;
    if (!isDicomPixelError(e) || e.code === "INTERNAL_ERROR") throw e;
    return null;
  }
}

export function codeOf(f: () => unknown): ErrorCode | "none" {
  try {
    f();
    return "none";
  } catch (e) {
    if (!isDicomPixelError(e)) throw e;
    return e.code;
  }
}

/** A minimal stream: SOI, SOF55 (P, Y, X, Nf components), optional extra segments, SOS, data, EOI. */
export function stream(opts: { p?: number; y?: number; x?: number; nf?: number; hv?: number; extra?: number[]; sos?: number[]; data?: number[] } = {}): Uint8Array {
  const { p = 8, y = 4, x = 4, nf = 1, hv = 0x11 } = opts;
  const sof = [0xff, 0xf7, 0, 6 + 3 * nf + 2, p, y >> 8, y & 255, x >> 8, x & 255, nf];
  for (let i = 0; i < nf; i++) sof.push(i + 1, hv, 0);
  const sos = opts.sos ?? [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0];
  return new Uint8Array([0xff, 0xd8, ...sof, ...(opts.extra ?? []), ...sos, ...(opts.data ?? [0, 0, 0, 0]), 0xff, 0xd9]);
}

export function hostileSuite(): void {
  it("truncation at every byte gives a typed error or (only when the coded data is complete) the full image", () => {
    for (const name of ["grey8", "rgb8-ilv0", "rgb8-ilv2", "grey12-near2"]) {
      const src = fixture(`${name}.jls`);
      const raw = fixture(`${name}.raw`);
      for (let n = 0; n < src.length; n++) {
        const r = tryDecode(src.subarray(0, n));
        if (r !== null) {
          expect(n, `${name} cut at ${n} decoded`).toBeGreaterThanOrEqual(src.length - 2);
          expect(r).toEqual(raw);
        }
      }
    }
  });

  it("a stream with restart markers: decodes, and every truncation or corrupted marker fails cleanly", () => {
    const raw = fixture("rgb8-ilv2.raw");
    const src = jpeglsEncode(raw, { rows: 16, columns: 24, components: 3, precision: 8, cellBytes: 1, interleave: 2, near: 0, signed: false, restartInterval: 3 });
    expect(jpeglsReadHeader(src).restartInterval).toBe(3);
    expect(decode(src)).toEqual(raw);
    for (let n = 0; n < src.length; n++) {
      const r = tryDecode(src.subarray(0, n));
      if (r !== null) expect(r).toEqual(raw);
    }
    // RST markers out of sequence: the first RST0 becomes RST1
    const bad = src.slice();
    const at = bad.findIndex((b, i) => b === 0xff && bad[i + 1] === 0xd0);
    bad[at + 1] = 0xd1;
    expect(codeOf(() => decode(bad))).toBe("JPEGLS_INVALID_MARKER");
  });

  it("lenient mode decodes coded data that ends early, with a warning bit", () => {
    const src = fixture("grey8.jls");
    const cut = src.subarray(0, src.length - 40);
    expect(codeOf(() => decode(cut))).toBe("TRUNCATED");
    const out = new Uint8Array(768);
    const r = jpeglsDecode(cut, () => ({ dst: out, cellBytes: 1 }), { lenient: true });
    expect(r.warnings & 2).toBe(2);
    // the lines coded before the cut are exact
    expect(out.subarray(0, 32 * 8)).toEqual(fixture("grey8.raw").subarray(0, 32 * 8));
  });

  it("corrupted bytes never trap or hang (seeded mutations)", () => {
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const name of ["grey8", "grey16", "rgb8-ilv1", "rgb8-ilv2-near2", "grey8-lse"]) {
      const src = fixture(`${name}.jls`);
      for (let t = 0; t < 150; t++) {
        const m = src.slice();
        const k = 1 + Math.floor(rnd() * 3);
        for (let j = 0; j < k; j++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
        tryDecode(m);
      }
    }
  });

  it("bad markers and impossible headers give typed errors", () => {
    expect(codeOf(() => decode(new Uint8Array([0xff, 0xd9])))).toBe("JPEGLS_INVALID_MARKER"); // no SOI
    expect(codeOf(() => decode(new Uint8Array([0xff])))).toBe("TRUNCATED");
    expect(codeOf(() => decode(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])))).toBe("JPEGLS_INVALID_HEADER"); // EOI, no scan
    expect(codeOf(() => decode(new Uint8Array([0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0, 4, 0, 4, 1, 1, 0x11, 0])))).toBe(
      "JPEG_UNSUPPORTED_PROCESS",
    ); // a T.81 lossless frame
    expect(codeOf(() => decode(new Uint8Array([0xff, 0xd8, 0x12, 0x34])))).toBe("JPEGLS_INVALID_MARKER");
    expect(codeOf(() => decode(stream({ p: 1 })))).toBe("JPEGLS_INVALID_HEADER"); // precision 1
    expect(codeOf(() => decode(stream({ p: 17 })))).toBe("JPEGLS_INVALID_HEADER");
    expect(codeOf(() => decode(stream({ nf: 5 })))).toBe("UNSUPPORTED_FEATURE");
    expect(codeOf(() => decode(stream({ hv: 0x21 })))).toBe("UNSUPPORTED_FEATURE"); // subsampling
    // SOS naming an unknown component / a mapping table / ILV 3 / NEAR above MAXVAL/2 / point transform
    expect(codeOf(() => decode(stream({ sos: [0xff, 0xda, 0, 8, 1, 9, 0, 0, 0, 0] })))).toBe("JPEGLS_INVALID_HEADER");
    expect(codeOf(() => decode(stream({ sos: [0xff, 0xda, 0, 8, 1, 1, 1, 0, 0, 0] })))).toBe("UNSUPPORTED_FEATURE");
    expect(codeOf(() => decode(stream({ sos: [0xff, 0xda, 0, 8, 1, 1, 0, 0, 3, 0] })))).toBe("JPEGLS_INVALID_HEADER");
    expect(codeOf(() => decode(stream({ sos: [0xff, 0xda, 0, 8, 1, 1, 0, 200, 0, 0] })))).toBe("JPEGLS_INVALID_HEADER");
    expect(codeOf(() => decode(stream({ sos: [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 1] })))).toBe("UNSUPPORTED_FEATURE");
    // LSE: mapping table (id 2) refused; preset T1 > T2 invalid
    expect(codeOf(() => decode(stream({ extra: [0xff, 0xf8, 0, 6, 2, 1, 1, 0] })))).toBe("UNSUPPORTED_FEATURE");
    expect(codeOf(() => decode(stream({ extra: [0xff, 0xf8, 0, 13, 1, 0, 255, 0, 9, 0, 5, 0, 21, 0, 64] })))).toBe("JPEGLS_INVALID_HEADER");
    // APP8 "mrfx" with an HP colour transform (not T.87) is refused; transform 0 is ignored
    expect(codeOf(() => decode(stream({ extra: [0xff, 0xe8, 0, 7, 0x6d, 0x72, 0x66, 0x78, 1] })))).toBe("UNSUPPORTED_FEATURE");
    expect(codeOf(() => decode(stream({ extra: [0xff, 0xe8, 0, 7, 0x6d, 0x72, 0x66, 0x78, 0], data: [0xff, 0x7f, 0xff, 0x7f] })))).toBe("none");
    // SOS before SOF
    expect(codeOf(() => decode(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0, 0, 0xff, 0xd9])))).toBe("JPEGLS_INVALID_HEADER");
    // a restart marker where the DRI says one must be, missing
    const src = fixture("grey8.jls");
    const dri = new Uint8Array([...src.subarray(0, 2), 0xff, 0xdd, 0, 4, 0, 2, ...src.subarray(2)]);
    expect(["JPEGLS_INVALID_MARKER", "TRUNCATED"]).toContain(codeOf(() => decode(dri)));
  });

  it("huge dimensions are refused before any allocation by the caller's cap", () => {
    const big = stream({ y: 65535, x: 65535 });
    expect(jpeglsReadHeader(big)).toMatchObject({ rows: 65535, columns: 65535 });
    expect(tryDecode(big)).toBeNull();
    // LSE id 4 (oversize dimensions, T.87 C.2.4.1.4): 2^31 - 1 columns
    const huge = stream({ y: 0, x: 0, extra: [0xff, 0xf8, 0, 12, 4, 4, 0, 0, 0, 16, 0x7f, 0xff, 0xff, 0xff] });
    expect(jpeglsReadHeader(huge)).toMatchObject({ rows: 16, columns: 0x7fffffff });
    expect(tryDecode(huge)).toBeNull();
    // too small a destination
    expect(
      codeOf(() => jpeglsDecode(fixture("grey8.jls"), () => ({ dst: new Uint8Array(10), cellBytes: 1 }))),
    ).toBe("DESTINATION_TOO_SMALL");
    // 8-bit cells for a 16-bit stream
    expect(codeOf(() => jpeglsDecode(fixture("grey16.jls"), () => ({ dst: new Uint8Array(1 << 16), cellBytes: 1 })))).toBe("INVALID_ARGUMENT");
  });

  it("a stream of coded zeros (all runs) and one of 0xFF bytes (long codes) decode or fail cleanly", () => {
    expect(tryDecode(stream({ data: new Array(64).fill(0) }))).not.toBeUndefined();
    tryDecode(stream({ data: new Array(64).fill(0xff).map((v, i) => (i % 2 ? 0x7f : v)) }));
    tryDecode(stream({ p: 16, y: 64, x: 64, data: new Array(300).fill(0x01) }));
  });
}
