/**
 * JPEG DCT kernels on raw codestreams (no DICOM): decode of small libjpeg-turbo fixtures compared with
 * libjpeg-turbo's own decode (test/fixtures/jpeg/expected.json, made by make-fixtures.py), header fields,
 * encoder properties, and malformed streams (typed errors, never a trap).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { repoRoot } from "../helpers/corpus.js";
import { decodeJpegInto, encodeJpeg, jpegDecodedBytes, readJpegHeader, type JpegHeader } from "../../src/wasm/kernels/jpeg.js";
import { DicomPixelError, isDicomPixelError } from "../../src/errors.js";

const dir = join(repoRoot, "test/fixtures/jpeg");
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<
  string,
  { width: number; height: number; components: number; ycbcr?: string; rgb?: string; grey?: string }
>;
const fixture = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function decode(src: Uint8Array, rgb = false): { header: JpegHeader; pixels: Uint8Array } {
  const header = readJpegHeader(src);
  const pixels = new Uint8Array(jpegDecodedBytes(header));
  decodeJpegInto(src, header, pixels, { rgb });
  return { header, pixels };
}

/** Decodes and returns the error (or null): anything but a DicomPixelError fails the test. */
function tryDecode(src: Uint8Array): DicomPixelError | null {
  try {
    const h = readJpegHeader(src);
    if (jpegDecodedBytes(h) > 2 ** 26 || h.workBytes > 2 ** 27) return new DicomPixelError("SIZE_LIMIT", "corrupted size"); // the codec's cap refuses it
    decode(src);
    return null;
  } catch (e) {
    if (!isDicomPixelError(e)) throw e;
    return e;
  }
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / se);
}

/** Index of the first marker `code` (0xFFxx) in a stream. */
function findMarker(s: Uint8Array, code: number): number {
  for (let i = 0; i + 1 < s.length; i++) if (s[i] === 0xff && s[i + 1] === code) return i;
  return -1;
}

function testImage(w: number, h: number, c: number, seed = 7): Uint8Array {
  const out = new Uint8Array(w * h * c);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        s = (s * 1103515245 + 12345) >>> 0;
        const v = 128 + 90 * Math.sin(x / (9 + k) + y / 13) + ((s >>> 16) % 17) - 8;
        out[(y * w + x) * c + k] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

beforeAll(setupWasm);

describe("JPEG DCT decoder vs libjpeg-turbo (fixtures)", () => {
  for (const [name, e] of Object.entries(expected)) {
    it(`${name}: canonical decode is bit-exact`, () => {
      const { header, pixels } = decode(fixture(name));
      expect(header.width).toBe(e.width);
      expect(header.height).toBe(e.height);
      expect(header.components.length).toBe(e.components);
      expect(sha(pixels)).toBe(e.components === 3 ? e.ycbcr : e.grey);
    });
    if (e.rgb) {
      it(`${name}: RGB decode is bit-exact`, () => {
        expect(sha(decode(fixture(name), true).pixels)).toBe(e.rgb);
      });
    }
  }

  it("reads header facts: process, sampling factors, JFIF, work size", () => {
    const h = readJpegHeader(fixture("rgb-420-progressive.jpg"));
    expect(h.sof).toBe(0xc2);
    expect(h.precision).toBe(8);
    expect(h.jfif).toBe(true);
    expect(h.components.map((c) => [c.h, c.v])).toEqual([[2, 2], [1, 1], [1, 1]]);
    expect([h.hmax, h.vmax]).toEqual([2, 2]);
    expect(h.workBytes).toBeGreaterThan(61 * 37 * 2);
    expect(readJpegHeader(fixture("rgb-422.jpg")).components.map((c) => [c.h, c.v])).toEqual([[2, 1], [1, 1], [1, 1]]);
  });
});

describe("JPEG baseline encoder", () => {
  it("grey: decodes to a close image (q90 PSNR > 36 dB), optimised and standard tables decode identically", () => {
    const img = testImage(67, 45, 1);
    const opt = encodeJpeg(img, { rows: 45, columns: 67, components: 1, quality: 90, optimizeHuffman: true, subsample: false, rgbInput: false, restartInterval: 0 });
    const std = encodeJpeg(img, { rows: 45, columns: 67, components: 1, quality: 90, optimizeHuffman: false, subsample: false, rgbInput: false, restartInterval: 0 });
    const a = decode(opt).pixels;
    expect(sha(a)).toBe(sha(decode(std).pixels)); // Huffman coding is lossless
    expect(opt.length).toBeLessThan(std.length);
    expect(psnr(a, img)).toBeGreaterThan(36);
  });

  it("colour 4:2:2 from RGB: SOF0 with H=2,V=1 luma; RGB decode close to the source", () => {
    const img = testImage(70, 41, 3);
    const jpg = encodeJpeg(img, { rows: 41, columns: 70, components: 3, quality: 90, optimizeHuffman: true, subsample: true, rgbInput: true, restartInterval: 0 });
    const h = readJpegHeader(jpg);
    expect(h.sof).toBe(0xc0);
    expect(h.components.map((c) => [c.id, c.h, c.v, c.tq])).toEqual([[1, 2, 1, 0], [2, 1, 1, 1], [3, 1, 1, 1]]);
    expect(psnr(decode(jpg, true).pixels, img)).toBeGreaterThan(30);
  });

  it("restart intervals change the stream, not the pixels", () => {
    const img = testImage(50, 30, 3, 3);
    const base = { rows: 30, columns: 50, components: 3 as const, quality: 75, optimizeHuffman: true, subsample: true, rgbInput: true };
    const plain = encodeJpeg(img, { ...base, restartInterval: 0 });
    const rst = encodeJpeg(img, { ...base, restartInterval: 2 });
    expect(findMarker(rst, 0xdd)).toBeGreaterThan(0);
    expect(findMarker(rst, 0xd0)).toBeGreaterThan(0);
    expect(readJpegHeader(rst).restartInterval).toBe(2);
    expect(sha(decode(rst).pixels)).toBe(sha(decode(plain).pixels));
  });

  it("quality orders size and error", () => {
    const img = testImage(64, 64, 1, 11);
    const enc = (q: number) => encodeJpeg(img, { rows: 64, columns: 64, components: 1, quality: q, optimizeHuffman: true, subsample: false, rgbInput: false, restartInterval: 0 });
    const q20 = enc(20), q95 = enc(95), q100 = enc(100);
    expect(q20.length).toBeLessThan(q95.length);
    expect(psnr(decode(q20).pixels, img)).toBeLessThan(psnr(decode(q95).pixels, img));
    expect(psnr(decode(q100).pixels, img)).toBeGreaterThan(45);
  });

  it("12-bit grey (extended, SOF1): decodes close to the source", () => {
    const rows = 40, columns = 52;
    const img = new Uint16Array(rows * columns);
    for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) img[y * columns + x] = Math.round(2048 + 1500 * Math.sin(x / 7) * Math.cos(y / 9)) + ((x * y) % 5);
    const jpg = encodeJpeg(new Uint8Array(img.buffer), { rows, columns, components: 1, quality: 95, optimizeHuffman: true, subsample: false, rgbInput: false, restartInterval: 0, precision: 12 });
    const h = readJpegHeader(jpg);
    expect([h.sof, h.precision]).toEqual([0xc1, 12]);
    const out = new Uint8Array(jpegDecodedBytes(h));
    decodeJpegInto(jpg, h, out);
    const dec = new Uint16Array(out.buffer);
    let se = 0;
    for (let i = 0; i < img.length; i++) se += (dec[i]! - img[i]!) ** 2;
    const psnr = 10 * Math.log10((4095 * 4095 * img.length) / se);
    expect(psnr).toBeGreaterThan(50);
  });

  it("rejects invalid arguments with RangeError", () => {
    const img = new Uint8Array(16);
    const o = { rows: 4, columns: 4, components: 1 as const, quality: 0, optimizeHuffman: true, subsample: false, rgbInput: false, restartInterval: 0 };
    expect(() => encodeJpeg(img, o)).toThrow(RangeError);
    expect(() => encodeJpeg(img, { ...o, quality: 50, rows: 5 })).toThrow(RangeError);
  });
});

describe("JPEG DCT decoder: malformed streams", () => {
  for (const name of ["grey.jpg", "rgb-420-progressive.jpg", "rgb-422.jpg"]) {
    it(`${name} truncated at every byte: a typed error or a decode, never a trap`, () => {
      const src = fixture(name);
      let errors = 0;
      for (let n = 0; n < src.length; n++) if (tryDecode(src.subarray(0, n))) errors++;
      // Everything short of the EOI must fail (the last scan is incomplete or EOI missing).
      expect(errors).toBe(src.length);
    });
  }

  it("lenient: a truncated scan decodes (rest from zero bits) with warnings; rows before the cut are intact", () => {
    const src = fixture("grey.jpg");
    const full = decode(src).pixels;
    const cut = src.subarray(0, Math.floor(src.length * 0.8));
    const h = readJpegHeader(cut);
    const out = new Uint8Array(jpegDecodedBytes(h));
    const warnings: string[] = [];
    decodeJpegInto(cut, h, out, { lenient: true, onWarning: (w) => warnings.push(w) });
    expect(warnings.join("\n")).toMatch(/ends early/);
    expect(warnings.join("\n")).toMatch(/no EOI/);
    expect(Buffer.compare(out.subarray(0, 8 * 50), full.subarray(0, 8 * 50))).toBe(0); // the first block row
    const clean: string[] = [];
    decodeJpegInto(src, h, out, { lenient: true, onWarning: (w) => clean.push(w) });
    expect(clean).toEqual([]);
  });

  it("corrupt entropy-coded bytes: typed errors or a decode, never a trap or hang", () => {
    for (const name of ["grey.jpg", "rgb-420-progressive.jpg", "rgb-444.jpg"]) {
      const src = fixture(name);
      const sos = findMarker(src, 0xda);
      let seed = 1;
      for (let trial = 0; trial < 150; trial++) {
        const bad = src.slice();
        for (let k = 0; k < 4; k++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          bad[sos + 14 + (seed % (src.length - sos - 16))] = (seed >>> 8) & 0xff;
        }
        tryDecode(bad);
      }
    }
  });

  it("an undefined Huffman code is JPEG_HUFFMAN_CODE", () => {
    // Standard-table stream whose first AC code becomes all ones (no table has a 16-bit all-ones code).
    const img = testImage(16, 8, 1);
    const jpg = encodeJpeg(img, { rows: 8, columns: 16, components: 1, quality: 50, optimizeHuffman: false, subsample: false, rgbInput: false, restartInterval: 0 });
    const sos = findMarker(jpg, 0xda);
    const data = sos + 2 + ((jpg[sos + 2]! << 8) | jpg[sos + 3]!);
    const bad = new Uint8Array([...jpg.subarray(0, data), 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0xd9]);
    expect(tryDecode(bad)?.code).toBe("JPEG_HUFFMAN_CODE");
  });

  it("a quantisation table id above 3 is JPEG_INVALID_QUANT_TABLE; an undefined one too", () => {
    const src = fixture("grey.jpg").slice();
    const sof = findMarker(src, 0xc0);
    src[sof + 12] = 7; // Tq of component 1 (B.2.2)
    expect(tryDecode(src)?.code).toBe("JPEG_INVALID_QUANT_TABLE");
    src[sof + 12] = 3;
    expect(tryDecode(src)?.code).toBe("JPEG_INVALID_QUANT_TABLE");
  });

  it("arithmetic coding (SOF9) is JPEG_UNSUPPORTED_PROCESS naming the process", () => {
    const src = fixture("grey.jpg").slice();
    src[findMarker(src, 0xc0) + 1] = 0xc9;
    const e = tryDecode(src);
    expect(e?.code).toBe("JPEG_UNSUPPORTED_PROCESS");
    expect(e?.message).toMatch(/arithmetic/);
  });

  it("a lossless (SOF3) stream is JPEG_UNSUPPORTED_PROCESS naming the process", () => {
    const src = fixture("grey.jpg").slice();
    src[findMarker(src, 0xc0) + 1] = 0xc3;
    const e = tryDecode(src);
    expect(e?.code).toBe("JPEG_UNSUPPORTED_PROCESS");
    expect(e?.message).toMatch(/lossless, Huffman \(SOF3\)/);
  });

  it("an all-ones Huffman code in a DHT is JPEG_INVALID_HEADER", () => {
    const src = fixture("grey.jpg").slice();
    const dht = findMarker(src, 0xc4);
    // First table's BITS: two codes of length 1 ("0" and "1" = all ones).
    src.set([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dht + 5);
    expect(tryDecode(src)?.code).toBe("JPEG_INVALID_HEADER");
  });

  it("huge dimensions in the SOF: the header reads, the work size is reported before any allocation", () => {
    const src = fixture("grey.jpg").slice();
    const sof = findMarker(src, 0xc0);
    src.set([0xff, 0xff, 0xff, 0xff], sof + 5); // 65535 x 65535
    const h = readJpegHeader(src);
    expect(h.width * h.height).toBe(65535 * 65535);
    expect(h.workBytes).toBeGreaterThan(2 ** 32);
  });

  it("DNL: a zero height in the SOF is taken from the DNL marker after the first scan", () => {
    const src = fixture("grey.jpg");
    const ref = decode(src).pixels;
    const sof = findMarker(src, 0xc0);
    const eoi = src.length - 2;
    const h = (src[sof + 5]! << 8) | src[sof + 6]!;
    const dnl = new Uint8Array([...src.subarray(0, eoi), 0xff, 0xdc, 0, 4, h >> 8, h & 0xff, 0xff, 0xd9]);
    dnl[sof + 5] = 0;
    dnl[sof + 6] = 0;
    const d = decode(dnl);
    expect(d.header.heightFromDnl).toBe(true);
    expect(sha(d.pixels)).toBe(sha(ref));
  });

  it("garbage before SOI and a scan before SOF are rejected", () => {
    expect(tryDecode(new Uint8Array([0, 1, 2, 3]))?.code).toBe("JPEG_INVALID_MARKER");
    expect(tryDecode(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0xff, 0xd9]))?.code).toBe("JPEG_INVALID_HEADER");
    expect(tryDecode(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))?.code).toBe("JPEG_NO_FRAME");
  });
});
