/**
 * RLE interop with independent implementations (DCMTK and GDCM command-line tools):
 * - our encoder's fragments, wrapped in a DICOM file, decode bit-exactly with DCMTK `dcmdrle` and GDCM
 *   `gdcmconv --raw`;
 * - their encoders' output (`dcmcrle`, `gdcmconv --rle` on a native file written here) decodes bit-exactly
 *   with ours.
 * GDCM 3.0.21 decodes 16- and 32-bit RGB RLE wrongly (see ../shared/conformance-data/README.md), so those
 * two layouts are counted skips for the GDCM decoder only; its encoder asserts on odd-length Pixel Data (a
 * counted skip for that case).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { openDicom } from "../../src/part10/open.js";
import { rleCodec, RLE_LOSSLESS_UID } from "../../src/codecs/rle.js";
import { transcode } from "../../src/transcode.js";
import { PixelModule } from "../../src/pixel-module.js";
import { nativeFile, rleFile, type ImageSpec } from "./rle-dicom.js";
import { seededBytes, toPlanar } from "../kernels/rle-reference.js";

function has(tool: string): boolean {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const haveDcmtk = has("dcmdrle") && has("dcmcrle");
const haveGdcm = has("gdcmconv");

interface Case extends ImageSpec {
  name: string;
}

const CASES: Case[] = [
  { name: "8-bit grey, odd width", rows: 17, columns: 33, samplesPerPixel: 1, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 1 },
  { name: "16-bit signed 12-bit grey, 2 frames", rows: 20, columns: 31, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, planarConfiguration: 0, numberOfFrames: 2 },
  { name: "16-bit grey, 1 row", rows: 1, columns: 300, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 1 },
  { name: "32-bit grey", rows: 9, columns: 13, samplesPerPixel: 1, bitsAllocated: 32, bitsStored: 32, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 1 },
  { name: "8-bit RGB, 2 frames", rows: 15, columns: 21, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 2 },
  { name: "16-bit RGB", rows: 11, columns: 19, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 1 },
  { name: "32-bit RGB", rows: 5, columns: 7, samplesPerPixel: 3, bitsAllocated: 32, bitsStored: 32, pixelRepresentation: 0, planarConfiguration: 0, numberOfFrames: 1 },
];

/** GDCM 3.0.21 known issue: 16/32-bit RGB RLE is decoded wrongly. */
const gdcmBroken = (c: Case) => c.samplesPerPixel === 3 && c.bitsAllocated > 8;
/** GDCM 3.0.21 known issue: its RLE encoder asserts (gdcmRLECodec.cxx `partition % dims[1] == 0`) on Pixel
 *  Data of odd length. */
const gdcmEncoderBroken = (c: Case) => (c.rows * c.columns * c.samplesPerPixel * c.numberOfFrames * c.bitsAllocated) / 8 % 2 === 1;

function moduleOf(c: Case): PixelModule {
  return PixelModule.from({
    rows: c.rows,
    columns: c.columns,
    samplesPerPixel: c.samplesPerPixel,
    photometricInterpretation: c.samplesPerPixel === 3 ? "RGB" : "MONOCHROME2",
    planarConfiguration: c.planarConfiguration,
    numberOfFrames: c.numberOfFrames,
    bitsAllocated: c.bitsAllocated,
    bitsStored: c.bitsStored,
    highBit: c.bitsStored - 1,
    pixelRepresentation: c.pixelRepresentation,
  });
}

/** Canonical frames: image-like data (smooth areas, runs and noise), masked/sign-extended to Bits Stored. */
function framesOf(c: Case, m: PixelModule): Uint8Array[] {
  return Array.from({ length: c.numberOfFrames }, (_, f) => {
    const bytes = seededBytes(m.frameByteLength(), 1000 + f * 7 + c.rows);
    const cells = m.frameArrayType();
    const view = new cells(bytes.buffer as ArrayBuffer);
    for (let i = 0; i < view.length; i++) {
      const smooth = i % 50 < 20;
      let v = smooth ? (i / 50) | 0 : Number(view[i]);
      if (c.bitsStored < c.bitsAllocated) {
        const mask = 2 ** c.bitsStored - 1;
        v = v & mask;
        if (c.pixelRepresentation === 1 && v >= 2 ** (c.bitsStored - 1)) v -= 2 ** c.bitsStored;
      }
      view[i] = v;
    }
    return new Uint8Array(view.buffer);
  });
}

let dir: string;

/** Reads every frame of a native file as stored (little-endian cells), honouring its Planar Configuration. */
async function readNative(path: string): Promise<{ frames: Uint8Array[]; planar: number }> {
  const file = await openDicom(path);
  try {
    const m = file.pixelModule();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < m.numberOfFrames; i++) frames.push((await file.readFrame(i, m)).bytes.slice(0, m.frameByteLength()));
    return { frames, planar: m.planarConfiguration };
  } finally {
    await file.close();
  }
}

/** Decodes every frame of an RLE file with our codec. */
async function decodeOurs(path: string): Promise<Uint8Array[]> {
  const file = await openDicom(path);
  try {
    expect(file.transferSyntaxUID).toBe(RLE_LOSSLESS_UID);
    const m = file.pixelModule();
    const out: Uint8Array[] = [];
    for (let i = 0; i < m.numberOfFrames; i++) {
      const { bytes } = await file.readFrame(i, m);
      const dst = new Uint8Array(m.frameByteLength());
      rleCodec.decodeInto(bytes, m, dst, { transferSyntaxUID: RLE_LOSSLESS_UID, frameIndex: i });
      out.push(dst);
    }
    return out;
  } finally {
    await file.close();
  }
}

function run(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: ["ignore", "ignore", "pipe"] });
}

describe.skipIf(!haveDcmtk && !haveGdcm)("RLE interop with DCMTK and GDCM", () => {
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-rle-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    const tag = c.name.replace(/[^a-z0-9]+/gi, "-");

    describe(c.name, () => {
      const m = moduleOf(c);
      const frames = framesOf(c, m);
      const expectedFor = (planar: number) =>
        frames.map((f) => (planar === 1 ? toPlanar(f, { rows: c.rows, columns: c.columns, samplesPerPixel: c.samplesPerPixel, bytesPerSample: c.bitsAllocated / 8 }) : f));

      const ourFile = () => {
        const enc = frames.map((f) => rleCodec.encodeFrame!(f, m));
        const spec = { ...c, planarConfiguration: enc[0]!.planarConfiguration };
        const path = join(dir, `${tag}.ours.rle.dcm`);
        writeFileSync(path, rleFile(spec, enc.map((e) => e.data)));
        return path;
      };

      it.skipIf(!haveDcmtk)("DCMTK dcmdrle decodes our encoder's output bit-exactly", async () => {
        const out = join(dir, `${tag}.dcmdrle.dcm`);
        run("dcmdrle", [ourFile(), out]);
        const got = await readNative(out);
        expect(got.frames.map((f) => Buffer.from(f).toString("hex"))).toEqual(expectedFor(got.planar).map((f) => Buffer.from(f).toString("hex")));
      });

      const rawName = gdcmBroken(c)
        ? "GDCM gdcmconv --raw decodes our encoder's output bit-exactly — skipped: GDCM 3.0.21 mis-decodes 16/32-bit RGB RLE"
        : "GDCM gdcmconv --raw decodes our encoder's output bit-exactly";
      it.skipIf(!haveGdcm || gdcmBroken(c))(rawName, async () => {
        const out = join(dir, `${tag}.gdcm-raw.dcm`);
        run("gdcmconv", ["--raw", ourFile(), out]);
        const got = await readNative(out);
        expect(got.frames.map((f) => Buffer.from(f).toString("hex"))).toEqual(expectedFor(got.planar).map((f) => Buffer.from(f).toString("hex")));
      });

      const nativePath = () => {
        const path = join(dir, `${tag}.native.dcm`);
        const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
        frames.forEach((f, i) => all.set(f, i * f.length));
        writeFileSync(path, nativeFile(c, all));
        return path;
      };

      it.skipIf(!haveDcmtk)("we decode DCMTK dcmcrle's output bit-exactly", async () => {
        const out = join(dir, `${tag}.dcmcrle.dcm`);
        run("dcmcrle", [nativePath(), out]);
        expect(await decodeOurs(out)).toEqual(frames);
      });

      it.skipIf(!haveDcmtk)("transcode(native -> RLE Lossless) end to end: dcmdrle gets the original pixels back", async () => {
        const out = join(dir, `${tag}.transcoded.dcm`);
        const result = await transcode(nativePath(), out, { transferSyntaxUID: "RLELossless" });
        expect(result).toMatchObject({ transferSyntaxUID: RLE_LOSSLESS_UID, frames: c.numberOfFrames, lossy: false });
        expect(await decodeOurs(out)).toEqual(frames);
        const back = join(dir, `${tag}.transcoded.dcmdrle.dcm`);
        run("dcmdrle", [out, back]);
        const got = await readNative(back);
        expect(got.frames.map((f) => Buffer.from(f).toString("hex"))).toEqual(expectedFor(got.planar).map((f) => Buffer.from(f).toString("hex")));
      });

      it.skipIf(!haveDcmtk)("we decode DCMTK dcmcrle +fs 1 output (frames split over 1 KiB fragments, non-standard)", async () => {
        const out = join(dir, `${tag}.dcmcrle-fs.dcm`);
        run("dcmcrle", ["+fs", "1", nativePath(), out]);
        expect(await decodeOurs(out)).toEqual(frames);
      });

      const rleName = gdcmEncoderBroken(c)
        ? "we decode GDCM gdcmconv --rle's output bit-exactly — skipped: GDCM 3.0.21's RLE encoder aborts on odd-length Pixel Data"
        : "we decode GDCM gdcmconv --rle's output bit-exactly";
      it.skipIf(!haveGdcm || gdcmEncoderBroken(c))(rleName, async () => {
        const out = join(dir, `${tag}.gdcm-rle.dcm`);
        run("gdcmconv", ["--rle", nativePath(), out]);
        expect(readFileSync(out).length).toBeGreaterThan(0);
        expect(await decodeOurs(out)).toEqual(frames);
      });
    });
  }
});
