/**
 * Interoperability of the JPEG baseline encoder: our streams, wrapped as DICOM, are decoded by DCMTK
 * (`dcmdjpeg`) and GDCM (`gdcmconv --raw`), and agree bit-exactly with our decoder; at quality 90 the PSNR
 * against the source is at least DCMTK `dcmcjpeg +q 90`'s at no larger size. Skipped when the tools are absent.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { jpegCodec } from "../../src/codecs/jpeg.js";
import { PixelModule } from "../../src/pixel-module.js";
import { openDicom } from "../../src/part10/open.js";

function hasTool(t: string): boolean {
  try {
    execFileSync("which", [t], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const tools = hasTool("dcmdjpeg") && hasTool("dcmcjpeg") && hasTool("gdcmconv");

// ---- a minimal Part 10 writer for the test (Explicit VR Little Endian data elements) ----
function el(group: number, elem: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ["OB", "OW", "UN", "SQ", "UT"].includes(vr);
  const h = new Uint8Array(long ? 12 : 8);
  const v = new DataView(h.buffer);
  v.setUint16(0, group, true);
  v.setUint16(2, elem, true);
  h[4] = vr.charCodeAt(0);
  h[5] = vr.charCodeAt(1);
  if (long) v.setUint32(8, value.length, true);
  else v.setUint16(6, value.length, true);
  return concat([h, value]);
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const text = (s: string, pad = " ") => new TextEncoder().encode(s.length % 2 ? s + pad : s);
const us = (n: number) => new Uint8Array([n & 0xff, n >> 8]);

function part10(ts: string, module: { rows: number; columns: number; spp: number; pi: string; bits?: number }, pixels: Uint8Array, encapsulated: boolean): Uint8Array {
  const ba = module.bits && module.bits > 8 ? 16 : 8;
  const bs = module.bits ?? 8;
  const sop = "1.2.840.10008.5.1.4.1.1.7";
  const uid = "1.2.826.0.1.3680043.10.1234.1";
  const metaBody = concat([
    el(2, 1, "OB", new Uint8Array([0, 1])),
    el(2, 2, "UI", text(sop, "\0")),
    el(2, 3, "UI", text(uid, "\0")),
    el(2, 0x10, "UI", text(ts, "\0")),
    el(2, 0x12, "UI", text("1.2.826.0.1.3680043.10.1234", "\0")),
  ]);
  const gl = new Uint8Array(4);
  new DataView(gl.buffer).setUint32(0, metaBody.length, true);
  const ds = [
    el(8, 0x16, "UI", text(sop, "\0")),
    el(8, 0x18, "UI", text(uid, "\0")),
    el(0x28, 2, "US", us(module.spp)),
    el(0x28, 4, "CS", text(module.pi)),
    ...(module.spp > 1 ? [el(0x28, 6, "US", us(0))] : []),
    el(0x28, 0x10, "US", us(module.rows)),
    el(0x28, 0x11, "US", us(module.columns)),
    el(0x28, 0x100, "US", us(ba)),
    el(0x28, 0x101, "US", us(bs)),
    el(0x28, 0x102, "US", us(bs - 1)),
    el(0x28, 0x103, "US", us(0)),
  ];
  let pd: Uint8Array;
  if (encapsulated) {
    const frag = pixels.length % 2 ? concat([pixels, new Uint8Array(1)]) : pixels;
    const item = (b: Uint8Array) => {
      const h = new Uint8Array(8);
      const v = new DataView(h.buffer);
      v.setUint16(0, 0xfffe, true);
      v.setUint16(2, 0xe000, true);
      v.setUint32(4, b.length, true);
      return concat([h, b]);
    };
    const head = new Uint8Array([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    const end = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    pd = concat([head, item(new Uint8Array(0)), item(frag), end]);
  } else {
    pd = el(0x7fe0, 0x10, "OB", pixels.length % 2 ? concat([pixels, new Uint8Array(1)]) : pixels);
  }
  return concat([new Uint8Array(128), text("DICM"), el(2, 0, "UL", gl), metaBody, ...ds, pd]);
}

/** A 256 x 192 RGB test frame: gradients, hard-edged shapes, text-like strokes and noise. */
function sourceImage(w = 256, h = 192): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  let s = 12345;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = ((s >>> 16) % 9) - 4;
      let r = (x * 255) / w, g = (y * 255) / h, b = 128 + 100 * Math.sin((x + y) / 11);
      if (x > 40 && x < 100 && y > 30 && y < 90) [r, g, b] = [230, 40, 40];
      if ((x % 16 < 2 && y > 120 && y < 170) || (y % 12 === 0 && x > 140)) [r, g, b] = [255, 255, 255];
      const i = (y * w + x) * 3;
      out[i] = Math.max(0, Math.min(255, Math.round(r + n)));
      out[i + 1] = Math.max(0, Math.min(255, Math.round(g + n)));
      out[i + 2] = Math.max(0, Math.min(255, Math.round(b + n)));
    }
  }
  return out;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255 * a.length) / se);
}

async function nativePixels(path: string): Promise<{ pixels: Uint8Array; pi: string }> {
  const f = await openDicom(readFileSync(path));
  const { bytes } = await f.readFrame(0);
  const pi = f.pixelModule({ lenient: true }).photometricInterpretation;
  await f.close();
  return { pixels: bytes, pi };
}

let dir = "";
beforeAll(async () => {
  await setupWasm();
  dir = mkdtempSync(join(tmpdir(), "dicompix-jpeg-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!tools)("JPEG baseline encoder interop (DCMTK, GDCM)", () => {
  const W = 256;
  const H = 192;
  const src = sourceImage(W, H);
  const rgbModule = PixelModule.from({ rows: H, columns: W, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });

  for (const [label, opts] of [
    ["optimised Huffman", { quality: 90 }],
    ["standard Huffman, restart interval 3", { quality: 90, optimizeHuffman: false, restartInterval: 3 }],
  ] as const) {
    it(`colour (${label}): DCMTK and GDCM decode our stream exactly as we do`, async () => {
      const enc = jpegCodec.encodeFrame!(src, rgbModule, opts);
      expect(enc.photometricInterpretation).toBe("YBR_FULL_422");
      const file = join(dir, "ours.dcm");
      writeFileSync(file, part10("1.2.840.10008.1.2.4.50", { rows: H, columns: W, spp: 3, pi: "YBR_FULL_422" }, enc.data, true));
      const ybrModule = rgbModule.with({ photometricInterpretation: "YBR_FULL_422" });
      const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 };
      const oursYbr = new Uint8Array(W * H * 3);
      jpegCodec.decodeInto(enc.data, ybrModule, oursYbr, ctx);
      const oursRgb = new Uint8Array(W * H * 3);
      jpegCodec.decodeInto(enc.data, ybrModule, oursRgb, ctx, { colorSpace: "rgb" });
      // DCMTK: no colour conversion (+cn) and RGB (+cp), colour-by-pixel.
      execFileSync("dcmdjpeg", ["+cn", "+px", file, join(dir, "dcmtk-ybr.dcm")]);
      execFileSync("dcmdjpeg", ["+cp", "+px", file, join(dir, "dcmtk-rgb.dcm")]);
      expect(Buffer.compare((await nativePixels(join(dir, "dcmtk-ybr.dcm"))).pixels, oursYbr)).toBe(0);
      expect(Buffer.compare((await nativePixels(join(dir, "dcmtk-rgb.dcm"))).pixels, oursRgb)).toBe(0);
      // GDCM: raw output keeps YCbCr.
      execFileSync("gdcmconv", ["--raw", file, join(dir, "gdcm.dcm")]);
      const g = await nativePixels(join(dir, "gdcm.dcm"));
      expect(g.pixels.length).toBe(W * H * 3);
      expect(Buffer.compare(g.pi === "RGB" ? oursRgb : oursYbr, g.pixels)).toBe(0);
    });
  }

  it("grey: DCMTK decodes our stream exactly as we do", async () => {
    const grey = new Uint8Array(W * H);
    for (let i = 0; i < grey.length; i++) grey[i] = src[3 * i + 1]!;
    const m = PixelModule.from({ rows: H, columns: W, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
    const enc = jpegCodec.encodeFrame!(grey, m, { quality: 75 });
    const file = join(dir, "grey.dcm");
    writeFileSync(file, part10("1.2.840.10008.1.2.4.50", { rows: H, columns: W, spp: 1, pi: "MONOCHROME2" }, enc.data, true));
    execFileSync("dcmdjpeg", [file, join(dir, "grey-raw.dcm")]);
    const ours = new Uint8Array(W * H);
    jpegCodec.decodeInto(enc.data, m, ours, { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 });
    expect(Buffer.compare((await nativePixels(join(dir, "grey-raw.dcm"))).pixels, ours)).toBe(0);
  });

  it("12-bit grey (.51): DCMTK and GDCM decode our extended stream exactly as we do", async () => {
    const grey = new Uint16Array(W * H);
    for (let i = 0; i < grey.length; i++) grey[i] = (src[3 * i]! << 4) | (src[3 * i + 2]! >> 4);
    const m = PixelModule.from({ rows: H, columns: W, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 0 });
    const enc = jpegCodec.encodeFrame!(new Uint8Array(grey.buffer), m, { quality: 90, transferSyntaxUID: "1.2.840.10008.1.2.4.51" });
    expect(enc.data[3]).toBe(0xe0); // APP0 first, SOF1 later
    const file = join(dir, "grey12.dcm");
    writeFileSync(file, part10("1.2.840.10008.1.2.4.51", { rows: H, columns: W, spp: 1, pi: "MONOCHROME2", bits: 12 }, enc.data, true));
    const ours = new Uint8Array(W * H * 2);
    jpegCodec.decodeInto(enc.data, m, ours, { transferSyntaxUID: "1.2.840.10008.1.2.4.51", frameIndex: 0 });
    execFileSync("dcmdjpeg", [file, join(dir, "grey12-dcmtk.dcm")]);
    expect(Buffer.compare((await nativePixels(join(dir, "grey12-dcmtk.dcm"))).pixels, ours)).toBe(0);
    execFileSync("gdcmconv", ["--raw", file, join(dir, "grey12-gdcm.dcm")]);
    expect(Buffer.compare((await nativePixels(join(dir, "grey12-gdcm.dcm"))).pixels, ours)).toBe(0);
  });

  it("quality 90: PSNR >= DCMTK dcmcjpeg +q 90 at no larger size (both decoded by DCMTK)", async () => {
    const native = join(dir, "native.dcm");
    writeFileSync(native, part10("1.2.840.10008.1.2.1", { rows: H, columns: W, spp: 3, pi: "RGB" }, src, false));
    execFileSync("dcmcjpeg", ["+eb", "+q", "90", native, join(dir, "dcmtk-q90.dcm")]);
    execFileSync("dcmdjpeg", ["+cp", "+px", join(dir, "dcmtk-q90.dcm"), join(dir, "dcmtk-q90-rgb.dcm")]);
    const dcmtkFile = await openDicom(readFileSync(join(dir, "dcmtk-q90.dcm")));
    const dcmtkSize = (await dcmtkFile.readFrame(0)).bytes.length; // the codestream (fragment), not the file
    await dcmtkFile.close();
    const dcmtkPsnr = psnr((await nativePixels(join(dir, "dcmtk-q90-rgb.dcm"))).pixels, src);

    const enc = jpegCodec.encodeFrame!(src, rgbModule, { quality: 90 });
    const ours = join(dir, "ours-q90.dcm");
    writeFileSync(ours, part10("1.2.840.10008.1.2.4.50", { rows: H, columns: W, spp: 3, pi: "YBR_FULL_422" }, enc.data, true));
    execFileSync("dcmdjpeg", ["+cp", "+px", ours, join(dir, "ours-q90-rgb.dcm")]);
    const oursPsnr = psnr((await nativePixels(join(dir, "ours-q90-rgb.dcm"))).pixels, src);
    const oursSize = enc.data.length;
    console.log(`q90 256x192 RGB: dicompix ${oursSize} bytes, PSNR ${oursPsnr.toFixed(3)} dB; DCMTK ${dcmtkSize} bytes, PSNR ${dcmtkPsnr.toFixed(3)} dB`);
    expect(oursPsnr).toBeGreaterThanOrEqual(dcmtkPsnr - 0.05);
    expect(oursSize).toBeLessThanOrEqual(dcmtkSize * 1.02);
  });
});
