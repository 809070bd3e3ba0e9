/**
 * Interop: our JPEG lossless encoder's output, wrapped into a DICOM file by pydicom, is decoded by DCMTK
 * `dcmdjpeg` and GDCM `gdcmconv --raw`; both must return the input bit for bit (after the canonical mask /
 * sign extension, since the tools may leave bits above Bits Stored as they like). Covers 8-bit RGB, 12- and
 * 16-bit unsigned and signed grey, every predictor, a point transform check and restart intervals.
 * Skipped when the tools are not installed (CI installs dcmtk, libgdcm-tools and python3-pydicom).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupWasm } from "../helpers/wasm.js";
import { PixelModule } from "../../src/pixel-module.js";
import { encodeJpegLosslessFrame, JPEG_LOSSLESS_SV1_UID, JPEG_LOSSLESS_UID } from "../../src/codecs/jpeg-lossless.js";

const PY = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const WRAP = new URL("./jpeg-lossless-wrap.py", import.meta.url).pathname;

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const toolsOk = has("dcmdjpeg", ["--version"]) && has("gdcmconv", ["--version"]) && has(PY, ["-c", "import pydicom"]);

let seed = 99;
function rnd(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

/** One DICOM file: a pixel module and one frame per encoding variant. */
interface Group {
  name: string;
  rows: number;
  cols: number;
  spp: 1 | 3;
  ba: 8 | 16;
  bs: number;
  pr: 0 | 1;
  transferSyntaxUID: string;
  frames: { predictor: number; restartInterval?: number; optimizeHuffman?: boolean }[];
}
type Case = Group;

const ALL_PREDICTORS = [1, 2, 3, 4, 5, 6, 7].map((predictor) => ({ predictor }));

/** Canonical cells: smooth gradient + noise + the extremes of the range, sign-extended when signed. */
function makeFrame(c: Case): { frame: Uint8Array; module: PixelModule } {
  const module = PixelModule.from({
    rows: c.rows,
    columns: c.cols,
    samplesPerPixel: c.spp,
    photometricInterpretation: c.spp === 3 ? "RGB" : "MONOCHROME2",
    planarConfiguration: c.spp === 3 ? 0 : null,
    bitsAllocated: c.ba,
    bitsStored: c.bs,
    highBit: c.bs - 1,
    pixelRepresentation: c.pr,
  });
  const n = c.rows * c.cols * c.spp;
  const lo = c.pr ? -(2 ** (c.bs - 1)) : 0;
  const hi = c.pr ? 2 ** (c.bs - 1) - 1 : 2 ** c.bs - 1;
  const vals = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = Math.floor(i / c.spp) % c.cols;
    const y = Math.floor(i / c.spp / c.cols);
    let v = lo + Math.floor(((x + y) / (c.rows + c.cols)) * (hi - lo)) + Math.floor((rnd() - 0.5) * 40);
    if (rnd() < 0.02) v = rnd() < 0.5 ? lo : hi;
    vals[i] = Math.min(hi, Math.max(lo, v));
  }
  const frame = c.ba === 8 ? (c.pr ? new Uint8Array(Int8Array.from(vals).buffer) : Uint8Array.from(vals)) : new Uint8Array((c.pr ? Int16Array.from(vals) : Uint16Array.from(vals)).buffer);
  return { frame, module };
}

/** Masks little-endian cells to Bits Stored and sign-extends (the canonical rule), as plain TS. */
function canonical(bytes: Uint8Array, c: Case): number[] {
  const cells = c.ba === 8 ? Array.from(bytes) : Array.from(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1));
  return cells.map((v) => {
    const m = v & (2 ** c.bs - 1);
    return c.pr && m >= 2 ** (c.bs - 1) ? m - 2 ** c.bs : m;
  });
}

const groups: Group[] = [
  {
    name: "8-bit RGB (.70): optimised and fixed tables, restart every row",
    rows: 33, cols: 47, spp: 3, ba: 8, bs: 8, pr: 0, transferSyntaxUID: JPEG_LOSSLESS_SV1_UID,
    frames: [{ predictor: 1 }, { predictor: 1, optimizeHuffman: false }, { predictor: 1, restartInterval: 47 }],
  },
  { name: "8-bit RGB (.57): predictors 1-7", rows: 9, cols: 11, spp: 3, ba: 8, bs: 8, pr: 0, transferSyntaxUID: JPEG_LOSSLESS_UID, frames: ALL_PREDICTORS },
  { name: "12-bit unsigned grey: predictors 1-7", rows: 40, cols: 31, spp: 1, ba: 16, bs: 12, pr: 0, transferSyntaxUID: JPEG_LOSSLESS_UID, frames: ALL_PREDICTORS },
  { name: "12-bit signed grey: predictors 1-7", rows: 40, cols: 31, spp: 1, ba: 16, bs: 12, pr: 1, transferSyntaxUID: JPEG_LOSSLESS_UID, frames: ALL_PREDICTORS },
  {
    name: "16-bit unsigned grey: predictors 1-7, restart intervals",
    rows: 37, cols: 29, spp: 1, ba: 16, bs: 16, pr: 0, transferSyntaxUID: JPEG_LOSSLESS_UID,
    frames: [...ALL_PREDICTORS, { predictor: 4, restartInterval: 58 }, { predictor: 6, restartInterval: 29 }],
  },
  {
    name: "16-bit signed grey: predictors 1-7, fixed table, restart interval",
    rows: 37, cols: 29, spp: 1, ba: 16, bs: 16, pr: 1, transferSyntaxUID: JPEG_LOSSLESS_UID,
    frames: [...ALL_PREDICTORS, { predictor: 1, optimizeHuffman: false }, { predictor: 7, restartInterval: 87 }],
  },
];

describe.skipIf(!toolsOk)("JPEG lossless interop: our encoder, DCMTK and GDCM decoders", () => {
  let dir = "";
  beforeAll(async () => {
    await setupWasm();
    dir = mkdtempSync(join(tmpdir(), "dicompix-jpll-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const g of groups) {
    it(g.name, () => {
      const tag = g.name.replace(/[^a-z0-9]+/gi, "_");
      const frags: string[] = [];
      const want: number[] = [];
      for (const [i, f] of g.frames.entries()) {
        const { frame, module } = makeFrame(g);
        const enc = encodeJpegLosslessFrame(frame, module, { transferSyntaxUID: g.transferSyntaxUID, ...f });
        expect(enc.lossy).toBe(false);
        expect(enc.photometricInterpretation).toBe(g.spp === 3 ? "RGB" : "MONOCHROME2");
        const frag = join(dir, `${tag}.${i}.jpg`);
        writeFileSync(frag, enc.data);
        frags.push(frag);
        want.push(...canonical(frame, g));
      }
      const dcm = join(dir, `${tag}.dcm`);
      const pi = g.spp === 3 ? "RGB" : "MONOCHROME2";
      execFileSync(PY, [WRAP, "wrap", dcm, `${g.rows}`, `${g.cols}`, `${g.spp}`, `${g.ba}`, `${g.bs}`, `${g.pr}`, pi, g.transferSyntaxUID, ...frags]);
      const outputs: Record<string, string> = { dcmtk: join(dir, `${tag}.dcmtk.dcm`), gdcm: join(dir, `${tag}.gdcm.dcm`) };
      execFileSync("dcmdjpeg", [dcm, outputs.dcmtk!]);
      execFileSync("gdcmconv", ["--raw", dcm, outputs.gdcm!]);
      const raws = Object.keys(outputs).map((t) => join(dir, `${tag}.${t}.raw`));
      execFileSync(PY, [WRAP, "dump", outputs.dcmtk!, raws[0]!, outputs.gdcm!, raws[1]!]);
      Object.keys(outputs).forEach((tool, k) => {
        const got = canonical(readFileSync(raws[k]!), g).slice(0, want.length); // Pixel Data is padded to even length
        expect(got.length, tool).toBe(want.length);
        const firstDiff = got.findIndex((v, i) => v !== want[i]);
        const frameSamples = g.rows * g.cols * g.spp;
        expect(firstDiff < 0 ? "none" : `frame ${Math.floor(firstDiff / frameSamples)} sample ${firstDiff % frameSamples}`, `${tool}: first difference`).toBe("none");
      });
    });
  }
});
