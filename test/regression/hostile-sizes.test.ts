/**
 * Header-declared sizes that would lead to huge allocations must be refused quickly with a typed error
 * (SIZE_LIMIT, NOT_ENOUGH_PIXEL_DATA, TRUNCATED, INVALID_LENGTH...), from bytes and from a file path, before
 * anything sized by the header is allocated.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrame, iterFrames } from "../../src/decode.js";
import { DicomPixelError, type ErrorCode } from "../../src/errors.js";
import { openDicom } from "../../src/part10/open.js";
import { init } from "../../src/wasm/module.js";
import { corpusAvailable, loadManifest } from "../helpers/corpus.js";
import { layoutOf, setAttribute, type FuzzTarget } from "./fuzz-harness.js";
import { readFileSync } from "node:fs";
import { corpusFile } from "../helpers/corpus.js";

const ROWS = 0x00280010;
const COLUMNS = 0x00280011;
const FRAMES = 0x00280008;

function target(path: string): FuzzTarget {
  const entry = loadManifest().find((e) => e.path === path)!;
  return { entry, bytes: new Uint8Array(readFileSync(corpusFile(entry))) };
}

let dir = "";

/** Runs `fn` on the input from memory, from a temporary file and from a one-pass stream: each must fail with one of `codes`, fast. */
async function expectRefused(
  input: Uint8Array,
  fn: (file: Awaited<ReturnType<typeof openDicom>>) => Promise<unknown>,
  codes: ErrorCode[],
  allowSuccess = false,
): Promise<void> {
  const path = join(dir, `case-${Math.random().toString(36).slice(2)}.dcm`);
  writeFileSync(path, input);
  const stream = () => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(input.slice()); c.close(); } });
  for (const src of [input, path, "stream"] as const) {
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    let error: unknown;
    try {
      const file = await openDicom(src === "stream" ? stream() : src);
      try {
        await fn(file);
      } finally {
        await file.close();
      }
    } catch (e) {
      error = e;
    }
    const ms = performance.now() - t0;
    if (allowSuccess && error === undefined) {
      expect(ms).toBeLessThan(1000);
      continue;
    }
    expect(error, `${typeof src === "string" ? src.slice(0, 6) : "bytes"}: expected one of ${codes.join(", ")}`).toBeInstanceOf(DicomPixelError);
    expect(codes).toContain((error as DicomPixelError).code);
    expect(ms).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  }
}

describe.skipIf(!corpusAvailable())("hostile header sizes", () => {
  beforeAll(async () => {
    await init();
    dir = mkdtempSync(join(tmpdir(), "dicompix-hostile-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const path of ["pydicom/MR_small.dcm", "pydicom/SC_rgb_rle.dcm", "pydicom/SC_rgb_small_odd_jpeg.dcm", "JPEGLosslessDecoderJS/jpeg_lossless_sel4.dcm"]) {
    it(`${path}: Rows = Columns = 65535 gives SIZE_LIMIT (or a data error) before allocating`, async () => {
      const t = target(path);
      const layout = await layoutOf(t);
      const input = setAttribute(layout, COLUMNS, 65535)!.apply(setAttribute(layout, ROWS, 65535)!.apply(t.bytes));
      // Rows changed first: re-locate Columns in the mutated bytes.
      const t2 = { entry: t.entry, bytes: setAttribute(layout, ROWS, 65535)!.apply(t.bytes) };
      const l2 = await layoutOf(t2).catch(() => undefined);
      const both = l2 ? setAttribute(l2, COLUMNS, 65535)!.apply(t2.bytes) : input;
      await expectRefused(both, (f) => decodeFrame(f, 0), ["SIZE_LIMIT"]);
      // With a cap below the frame size, a small one too.
      await expectRefused(t.bytes, (f) => decodeFrame(f, 0, { maxFrameBytes: 16 }), ["SIZE_LIMIT"]);
    });
  }

  for (const path of ["pydicom/rtdose.dcm", "pydicom/SC_rgb_rle_2frame.dcm", "pydicom/SC_rgb_small_odd_jpeg.dcm"]) {
    it(`${path}: Number of Frames = 2^31-1 gives NOT_ENOUGH_PIXEL_DATA for a missing frame`, async () => {
      const t = target(path);
      const layout = await layoutOf(t);
      const input = setAttribute(layout, FRAMES, "2147483647")!.apply(t.bytes);
      await expectRefused(input, (f) => decodeFrame(f, 2 ** 31 - 2), ["NOT_ENOUGH_PIXEL_DATA", "INVALID_DATA"]);
      await expectRefused(input, async (f) => {
        for await (const _ of iterFrames(f, { reuseBuffer: true })) void _;
      }, ["NOT_ENOUGH_PIXEL_DATA", "INVALID_DATA"]);
    });
  }

  for (const path of ["pydicom/SC_rgb_rle.dcm", "pydicom/SC_rgb_small_odd_jpeg.dcm", "pydicom/SC_rgb_jpeg_gdcm.dcm"]) {
    it(`${path}: a fragment length of 0xFFFFFFF0 gives TRUNCATED / INVALID_ITEM`, async () => {
      const t = target(path);
      const layout = await layoutOf(t);
      const frag = layout.items[1]!;
      const input = t.bytes.slice();
      new DataView(input.buffer).setUint32(frag.at + 4, 0xfffffff0, true);
      await expectRefused(input, (f) => decodeFrame(f, 0), ["TRUNCATED", "INVALID_ITEM", "INVALID_LENGTH"]);
      await expectRefused(input, (f) => decodeFrame(f, 0, { lenient: true }), ["TRUNCATED", "INVALID_ITEM", "INVALID_LENGTH"]);
    });
  }

  it("native Pixel Data length 0xFFFFFFF0 (the last element): frame 0 is read from what is there, a second frame is not", async () => {
    const t = target("pydicom/MR_small.dcm");
    const layout = await layoutOf(t);
    const input = t.bytes.slice();
    new DataView(input.buffer).setUint32(layout.pixelLengthField, 0xfffffff0, true);
    await expectRefused(input, (f) => decodeFrame(f, 0), ["NOT_ENOUGH_PIXEL_DATA", "INVALID_LENGTH", "TRUNCATED"], true);
    await expectRefused(input, (f) => decodeFrame(f, 1), ["FRAME_OUT_OF_RANGE"]);
  });

  it("a bare JPEG whose SOF declares 65535 x 65535 x 3 gives SIZE_LIMIT", async () => {
    const t = target("jpegsuite/lossless_huffman/32x32x8_rgb.jpg");
    const input = t.bytes.slice();
    let i = 2;
    while (!(input[i] === 0xff && input[i + 1] === 0xc3)) i += 2 + ((input[i + 2]! << 8) | input[i + 3]!);
    input[i + 5] = input[i + 6] = input[i + 7] = input[i + 8] = 0xff; // T.81 B.2.2: Y, X
    await expectRefused(input, (f) => decodeFrame(f, 0), ["SIZE_LIMIT"]);
  });

  it("a JPEG whose SOF declares far more lines than Rows is refused before its work buffer is sized", async () => {
    const t = target("pydicom/SC_rgb_small_odd_jpeg.dcm");
    const layout = await layoutOf(t);
    const cs = layout.codestream!;
    const input = t.bytes.slice();
    let i = cs.at + 2;
    while (!(input[i] === 0xff && input[i + 1]! >= 0xc0 && input[i + 1]! <= 0xc2)) i += 2 + ((input[i + 2]! << 8) | input[i + 3]!);
    input[i + 5] = input[i + 6] = input[i + 7] = input[i + 8] = 0xff;
    await expectRefused(input, (f) => decodeFrame(f, 0), ["JPEG_INVALID_HEADER", "SIZE_LIMIT", "INVALID_DATA"]);
  });
});
