/** decodeFrame / decodeFrameInto / iterFrames / decodeBuffer on synthetic native files (expected values written by hand). */
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBuffer, decodeFrame, decodeFrameInto, iterFrames } from "../../src/decode.js";
import { isDicomPixelError } from "../../src/errors.js";
import { openDicom } from "../../src/part10/open.js";
import { setupWasm } from "../helpers/wasm.js";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";
import { join } from "node:path";
import { EBE, concat, el, meta, pixelModule, u16 } from "./build.js";

beforeAll(setupWasm);

/** 2 frames of 2x2 16-bit: values 1..8, little or big endian. */
function twoFrames(bigEndian = false) {
  const enc = bigEndian ? EBE : undefined;
  const values = concat(...[1, 2, 3, 4, 5, 6, 7, 8].map((v) => u16(v, !bigEndian)));
  return concat(meta(bigEndian ? "1.2.840.10008.1.2.2" : "1.2.840.10008.1.2.1"), pixelModule(2, 2, 2, 16, enc), el(0x7fe00010, "OW", values, enc));
}

describe("decode orchestration", () => {
  it("decodeFrame returns typed pixels in the canonical form", async () => {
    for (const be of [false, true]) {
      const f = await openDicom(twoFrames(be));
      const r = await decodeFrame(f, 1);
      expect(r.pixels).toBeInstanceOf(Uint16Array);
      expect([...r.pixels]).toEqual([5, 6, 7, 8]);
      expect(r.photometricInterpretation).toBe("MONOCHROME2");
      expect(r.module.numberOfFrames).toBe(2);
    }
  });

  it("decodeFrameInto writes into a caller buffer and refuses a small one", async () => {
    const f = await openDicom(twoFrames());
    const dst = new Uint16Array(4);
    const r = await decodeFrameInto(f, 0, dst);
    expect(r.bytesWritten).toBe(8);
    expect([...dst]).toEqual([1, 2, 3, 4]);
    await expect(decodeFrameInto(f, 0, new Uint8Array(7))).rejects.toSatisfy((e) => isDicomPixelError(e, "DESTINATION_TOO_SMALL"));
    await expect(decodeFrame(f, 0, { maxFrameBytes: 4 })).rejects.toSatisfy((e) => isDicomPixelError(e, "SIZE_LIMIT"));
    await expect(decodeFrame(f, 2)).rejects.toSatisfy((e) => isDicomPixelError(e, "FRAME_OUT_OF_RANGE"));
  });

  it("iterFrames reuses one buffer when asked", async () => {
    const f = await openDicom(twoFrames());
    const seen: number[][] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const fr of iterFrames(f, { reuseBuffer: true })) {
      seen.push([...fr.pixels]);
      buffers.add(fr.pixels.buffer);
    }
    expect(seen).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(buffers.size).toBe(1);
  });

  it("decodeBuffer decodes every frame of a buffer", async () => {
    const img = await decodeBuffer(twoFrames(true));
    expect(img.frames.map((fr) => [...fr.pixels])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it("1-bit frames not on a byte boundary decode to one byte per pixel", async () => {
    // 3x3 1-bit, 2 frames: bits LSB first (PS3.5 8.1.1). Frame 0 = bits 0..8, frame 1 = bits 9..17.
    const packed = new Uint8Array([0b10100101, 0b01100011, 0b00000010, 0]);
    const file = concat(meta("1.2.840.10008.1.2.1"), pixelModule(3, 3, 2, 1), el(0x7fe00010, "OB", packed));
    const f = await openDicom(file);
    const bit = (i: number) => (packed[i >> 3]! >> (i & 7)) & 1;
    const want = (frame: number) => Array.from({ length: 9 }, (_, i) => bit(frame * 9 + i));
    expect([...(await decodeFrame(f, 0)).pixels]).toEqual(want(0));
    expect([...(await decodeFrame(f, 1)).pixels]).toEqual(want(1));
  });
});

describe("8-bit OW under big endian, frames at odd offsets (PS3.5 A.3)", () => {
  it("un-swaps the word pairs of every frame", async () => {
    // 3 frames of 1x3 8-bit: values 1..9. As OW big endian, each 16-bit word's bytes are exchanged.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];
    const stored = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i += 2) {
      stored[i] = values[i + 1]!;
      stored[i + 1] = values[i]!;
    }
    const file = concat(meta("1.2.840.10008.1.2.2"), pixelModule(1, 3, 3, 8, EBE), el(0x7fe00010, "OW", stored, EBE));
    const f = await openDicom(file);
    const got: number[][] = [];
    for (let i = 0; i < 3; i++) got.push([...(await decodeFrame(f, i)).pixels]);
    expect(got).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
  });
});

describe("colorSpace: \"rgb\"", () => {
  it.skipIf(!corpusAvailable())("converts native YBR_FULL_422 to RGB within ±1 of the PS3.3 C.7.6.3.1.2 equations", async () => {
    const f = await openDicom(join(corpusDir(), "pydicom/SC_ybr_full_422_uncompressed.dcm"));
    const ybr = await decodeFrame(f, 0);
    expect(ybr.photometricInterpretation).toBe("YBR_FULL");
    const rgb = await decodeFrame(f, 0, { colorSpace: "rgb" });
    expect(rgb.photometricInterpretation).toBe("RGB");
    const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
    let worst = 0;
    for (let i = 0; i < ybr.bytes.length; i += 3) {
      const [y, cb, cr] = [ybr.bytes[i]!, ybr.bytes[i + 1]! - 128, ybr.bytes[i + 2]! - 128];
      const want = [clamp(y + 1.402 * cr), clamp(y - 0.344136 * cb - 0.714136 * cr), clamp(y + 1.772 * cb)];
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(want[c]! - rgb.bytes[i + c]!));
    }
    expect(worst).toBeLessThanOrEqual(1);
    await f.close();
  });
});
