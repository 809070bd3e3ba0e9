/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1) on the shared corpus and on synthetic frames.
 *
 * No reference tool decodes pydicom-data/liver_deflate.dcm (DCMTK 3.6.7 and GDCM 3.0.21 refuse it), but its
 * twin pydicom-data/liver.dcm holds the same pixels natively (same SOP class, 512 x 512 x 3 frames, Bits
 * Allocated 1; checked when the corpus was inspected: each fragment inflated with zlib equals the twin's
 * native frame byte for byte). So the deflated file must decode to the twin's `reference.frames` hashes,
 * which DCMTK and GDCM produced from the native file. The inflate step alone is also checked against Node's
 * zlib (an independent inflater) on every fragment.
 */
import { readFileSync } from "node:fs";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusAvailable, corpusFile, loadManifest, type ManifestEntry } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { decodeAllFrameHashes, sha256 } from "../helpers/conformance.js";
import { openDicom } from "../../src/part10/open.js";
import { getCodec } from "../../src/registry.js";
import { isDicomPixelError, type ErrorCode } from "../../src/errors.js";
import { PixelModule } from "../../src/pixel-module.js";
import { DEFLATED_IMAGE_FRAME_COMPRESSION_UID, deflateFramesCodec } from "../../src/codecs/deflate-frames.js";

const manifest: ManifestEntry[] = corpusAvailable() ? loadManifest() : [];
const deflated = manifest.find((e) => e.path === "pydicom-data/liver_deflate.dcm");
const twin = manifest.find((e) => e.path === "pydicom-data/liver.dcm");

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isDicomPixelError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

async function fragments(path: string | Uint8Array): Promise<{ module: PixelModule; frames: Uint8Array[] }> {
  const file = await openDicom(path);
  try {
    const module = file.pixelModule();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < module.numberOfFrames; i++) frames.push((await file.readFrame(i, module)).bytes.slice());
    return { module, frames };
  } finally {
    await file.close();
  }
}

describe.skipIf(deflated === undefined || twin === undefined)("Deflated Image Frame Compression: liver_deflate.dcm (shared corpus)", () => {
  beforeAll(setupWasm);

  it("the twin liver.dcm has the same pixel module and reference frame hashes", () => {
    for (const k of ["rows", "columns", "numberOfFrames", "samplesPerPixel", "photometricInterpretation", "bitsAllocated", "bitsStored", "highBit", "pixelRepresentation", "sopClassUID"] as const) {
      expect(deflated![k], k).toEqual(twin![k]);
    }
    expect(deflated!.transferSyntaxUID).toBe(DEFLATED_IMAGE_FRAME_COMPRESSION_UID);
    expect(twin!.reference.frames).toHaveLength(3);
  });

  it("every frame decodes to the twin's reference hashes (by path, reverse frame order)", async () => {
    expect(await decodeAllFrameHashes(corpusFile(deflated!), "deflate-frames")).toEqual(twin!.reference.frames);
  });

  it("from an in-memory buffer", async () => {
    expect(await decodeAllFrameHashes(readFileSync(corpusFile(deflated!)), "deflate-frames")).toEqual(twin!.reference.frames);
  });

  it("from a one-pass stream (1 KiB chunks)", async () => {
    const bytes = readFileSync(corpusFile(deflated!));
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + 1024));
        at += 1024;
      },
    });
    const file = await openDicom(stream);
    try {
      const module = file.pixelModule();
      const codec = getCodec(file.transferSyntaxUID);
      const dst = new Uint8Array(module.frameByteLength());
      const hashes: string[] = [];
      for (let i = 0; i < module.numberOfFrames; i++) {
        const { bytes: frame } = await file.readFrame(i, module);
        codec.decodeInto(frame, module, dst, { transferSyntaxUID: file.transferSyntaxUID, frameIndex: i });
        hashes.push(sha256(dst));
      }
      expect(hashes).toEqual(twin!.reference.frames);
    } finally {
      await file.close();
    }
  });

  it("each fragment inflates (zlib as the oracle) to the twin's native frame; the NUL pad of odd streams is ignored", async () => {
    const d = await fragments(corpusFile(deflated!));
    const n = await fragments(corpusFile(twin!));
    expect(d.frames).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const zlib = new Uint8Array(inflateRawSync(d.frames[i]!));
      expect(zlib.length).toBe(512 * 512 / 8);
      expect(Buffer.from(zlib).equals(Buffer.from(n.frames[i]!.subarray(0, zlib.length)))).toBe(true);
    }
    // Frame 0's stream has an odd length, so its fragment ends with one NUL byte (PS3.5 A.4.13).
    expect(d.frames[0]!.length % 2).toBe(0);
  });

  it("a cut or corrupted fragment is a typed error, never a trap", async () => {
    const { module, frames } = await fragments(corpusFile(deflated!));
    const dst = new Uint8Array(module.frameByteLength());
    const context = { transferSyntaxUID: DEFLATED_IMAGE_FRAME_COMPRESSION_UID, frameIndex: 1 };
    const f = frames[1]!;
    expectCode(() => deflateFramesCodec.decodeInto(f.subarray(0, f.length - 10), module, dst, context), "TRUNCATED");
    expectCode(() => deflateFramesCodec.decodeInto(f, module.with({ rows: 513 }), new Uint8Array(513 * 512), context), "DEFLATE_SIZE_MISMATCH");
    expectCode(() => deflateFramesCodec.decodeInto(f, module.with({ rows: 511 }), dst, context), "DEFLATE_SIZE_MISMATCH");
    expectCode(() => deflateFramesCodec.decodeInto(f, module, dst, context, { maxFrameBytes: 1000 }), "SIZE_LIMIT");
    expectCode(() => deflateFramesCodec.decodeInto(f, module, dst.subarray(1), context), "DESTINATION_TOO_SMALL");
    expectCode(() => deflateFramesCodec.readInfo(new Uint8Array(0), module, context), "TRUNCATED");
    const flipped = f.slice();
    for (let k = 0; k < 20; k++) {
      flipped[(k * 37) % flipped.length]! ^= 1 << (k % 8);
      try {
        deflateFramesCodec.decodeInto(flipped, module, dst, context);
      } catch (e) {
        expect(isDicomPixelError(e), String(e)).toBe(true);
      }
    }
  });
});

describe("Deflated Image Frame Compression: synthetic frames (zlib deflates, a plain TS reference decodes)", () => {
  beforeAll(setupWasm);
  const context = { transferSyntaxUID: DEFLATED_IMAGE_FRAME_COMPRESSION_UID, frameIndex: 0 };

  it("16-bit signed, Bits Stored 12: masked and sign-extended like a native frame", () => {
    const module = PixelModule.from({ rows: 37, columns: 41, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
    const native = new Uint16Array(37 * 41);
    for (let i = 0; i < native.length; i++) native[i] = (i * 2654435761) >>> 16; // garbage above bit 11 too
    const expected = new Int16Array(native.length);
    for (let i = 0; i < native.length; i++) expected[i] = ((native[i]! & 0xfff) << 20) >> 20;
    const dst = new Uint8Array(module.frameByteLength());
    const src = deflateRawSync(new Uint8Array(native.buffer), { level: 9 });
    deflateFramesCodec.decodeInto(src, module, dst, context);
    expect(Buffer.from(dst).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it("8-bit RGB planar: interleaved; an odd native frame may carry its padding byte; trailing NUL ignored", () => {
    const module = PixelModule.from({ rows: 3, columns: 5, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
    const planes = Uint8Array.from({ length: 45 }, (_, i) => (i * 7 + 3) & 255);
    const expected = new Uint8Array(45);
    for (let p = 0; p < 15; p++) for (let s = 0; s < 3; s++) expected[p * 3 + s] = planes[s * 15 + p]!;
    const dst = new Uint8Array(45);
    for (const body of [planes, Uint8Array.from([...planes, 0])]) {
      for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED]) {
        const z = deflateRawSync(body, { strategy });
        const src = z.length % 2 ? Uint8Array.from([...z, 0]) : z;
        dst.fill(0xa5);
        deflateFramesCodec.decodeInto(src, module, dst, context);
        expect(Array.from(dst)).toEqual(Array.from(expected));
      }
    }
    expectCode(() => deflateFramesCodec.decodeInto(deflateRawSync(Uint8Array.from([...planes, 0, 0])), module, dst, context), "DEFLATE_SIZE_MISMATCH");
  });

  it("frames whose native form is canonical (8-bit RGB, 16-bit full range, raw, preserved planes) come out unchanged", () => {
    const cases: [Parameters<typeof PixelModule.from>[0], Parameters<typeof deflateFramesCodec.decodeInto>[4], number][] = [
      [{ rows: 7, columns: 9, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 }, {}, 0],
      [{ rows: 7, columns: 9, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 1, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 }, { planar: "preserve" }, 1],
      [{ rows: 16, columns: 15, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1 }, {}, 0],
      [{ rows: 16, columns: 15, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 10, highBit: 9, pixelRepresentation: 0 }, { raw: true }, 0],
      [{ rows: 3, columns: 3, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 }, {}, 0],
    ];
    for (const [attrs, options, planar] of cases) {
      const module = PixelModule.from(attrs);
      const size = module.frameByteLength();
      const native = Uint8Array.from({ length: size }, (_, i) => (i * 151 + 17) & 255);
      for (const dst of [new Uint8Array(size), new Uint8Array(size + 1)]) {
        dst.fill(0xa5);
        const r = deflateFramesCodec.decodeInto(deflateRawSync(native), module, dst, context, options);
        expect(r.bytesWritten).toBe(size);
        expect(r.planarConfiguration).toBe(planar);
        expect(Array.from(dst.subarray(0, size))).toEqual(Array.from(native));
      }
    }
  });

  it("bytes after the stream beyond one NUL pad are ignored with a warning; an odd frame's extra byte never lands past it", () => {
    const module = PixelModule.from({ rows: 4, columns: 4, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
    const native = Uint8Array.from({ length: 16 }, (_, i) => i * 9);
    const z = deflateRawSync(native);
    const warnings: string[] = [];
    const dst = new Uint8Array(16);
    for (const tail of [[], [0], [0, 0], [1], [7, 7, 7]]) {
      deflateFramesCodec.decodeInto(Uint8Array.from([...z, ...tail]), module, dst, context, { onWarning: (m) => warnings.push(m) });
      expect(Array.from(dst)).toEqual(Array.from(native));
    }
    expect(warnings).toHaveLength(3);
    // 3 x 3 frames decoded into consecutive slices of one buffer, last frame first: the padding byte a
    // writer may have deflated with an odd frame must not overwrite the next frame's first byte.
    const odd = PixelModule.from({ rows: 3, columns: 3, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
    const all = new Uint8Array(18);
    const frames = [Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]), Uint8Array.from([11, 12, 13, 14, 15, 16, 17, 18, 19, 0])];
    for (const i of [1, 0]) deflateFramesCodec.decodeInto(deflateRawSync(frames[i]!), odd, all.subarray(i * 9), { ...context, frameIndex: i });
    expect(Array.from(all)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it("1-bit frames of a size that is not a whole number of bytes unpack from bit 0 (least significant first)", () => {
    const module = PixelModule.from({ rows: 3, columns: 5, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 1, bitsStored: 1, highBit: 0, pixelRepresentation: 0 });
    const packed = Uint8Array.from([0b10110010, 0b01101101]); // 15 bits used
    const expected = Array.from({ length: 15 }, (_, i) => (packed[i >> 3]! >> (i & 7)) & 1);
    const dst = new Uint8Array(15);
    deflateFramesCodec.decodeInto(deflateRawSync(packed), module, dst, context);
    expect(Array.from(dst)).toEqual(expected);
  });
});
