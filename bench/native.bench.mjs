// Native pixel kernels (issue 4) against TypedArray.prototype.set of the same bytes (memcpy) and a plain JS
// loop, in the same run. Inputs are deterministic (seeded): 100 frames of 512x512 16-bit CT (Bits Stored 12,
// signed) and 20 frames of 1280x960 8-bit RGB. Needs `npm run build` (imports dist/).
import { init, swapBytes, toInterleaved, nativeCodec, PixelModule, unpackBits } from "../dist/src/index.js";
import { maskCells, maskCellsU16Scalar } from "../dist/src/wasm/kernels/native.js";
import { runSuite, smoke } from "./lib.mjs";
import { seededBytes } from "./fixtures.mjs";

await init();

const CT_FRAMES = smoke ? 2 : 100;
const RGB_FRAMES = smoke ? 2 : 20;

// --- CT: 100 x 512 x 512 x 16-bit, BS 12 HB 11 signed ---
{
  const frameBytes = 512 * 512 * 2;
  const n = CT_FRAMES * frameBytes;
  const src = seededBytes(n, 7);
  const dst = new Uint8Array(n);
  const s16 = new Int16Array(src.buffer);
  const d16 = new Int16Array(dst.buffer);
  const ct = PixelModule.from({
    rows: 512, columns: 512, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2",
    bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1, numberOfFrames: CT_FRAMES,
  });
  const ctFull = ct.with({ bitsStored: 16, highBit: 15 });
  const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.1", frameIndex: 0 };
  const perFrame = (module, uid) => () => {
    for (let f = 0; f < CT_FRAMES; f++) {
      const o = f * frameBytes;
      nativeCodec.decodeInto(src.subarray(o, o + frameBytes), module, dst.subarray(o, o + frameBytes), { ...ctx, transferSyntaxUID: uid, frameIndex: f });
    }
  };
  await runSuite(`CT ${CT_FRAMES} x 512x512 16-bit (BS 12, signed)`, n, [
    { name: "TypedArray.prototype.set (memcpy)", fn: () => dst.set(src), reference: true },
    { name: "mask + sign-extend: maskCells, whole buffer (SIMD)", fn: () => maskCells(src, dst, 16, 12, 11, true) },
    { name: "mask + sign-extend: native codec, frame by frame", fn: perFrame(ct, "1.2.840.10008.1.2.1") },
    { name: "mask (unsigned): scalar wasm kernel", fn: () => maskCellsU16Scalar(src, dst, 12, 11) },
    {
      name: "mask + sign-extend: plain JS loop",
      fn: () => {
        for (let i = 0; i < s16.length; i++) d16[i] = (s16[i] << 20) >> 20;
      },
    },
    { name: "plain unpack (BS 16 LE): native codec, frame by frame", fn: perFrame(ctFull, "1.2.840.10008.1.2.1") },
    {
      name: "plain unpack: plain JS loop (Int16Array copy)",
      fn: () => {
        for (let i = 0; i < s16.length; i++) d16[i] = s16[i];
      },
    },
    { name: "byte swap 16-bit: swapBytes (SIMD)", fn: () => swapBytes(src, 2, dst) },
    {
      name: "byte swap 16-bit: plain JS loop",
      fn: () => {
        for (let i = 0; i < n; i += 2) {
          dst[i] = src[i + 1];
          dst[i + 1] = src[i];
        }
      },
    },
    { name: "big endian + mask + sign-extend: native codec, frame by frame", fn: perFrame(ct, "1.2.840.10008.1.2.2") },
  ]);
}

// --- RGB: 20 x 1280 x 960 x 8-bit, planar -> interleaved ---
{
  const pixels = 1280 * 960;
  const frameBytes = pixels * 3;
  const n = RGB_FRAMES * frameBytes;
  const src = seededBytes(n, 11);
  const dst = new Uint8Array(n);
  await runSuite(`RGB ${RGB_FRAMES} x 1280x960 8-bit, planar -> interleaved`, n, [
    { name: "TypedArray.prototype.set (memcpy)", fn: () => dst.set(src), reference: true },
    {
      name: "toInterleaved, frame by frame (SIMD byte gathers)",
      fn: () => {
        for (let f = 0; f < RGB_FRAMES; f++) {
          const o = f * frameBytes;
          toInterleaved(src.subarray(o, o + frameBytes), 3, dst.subarray(o, o + frameBytes));
        }
      },
    },
    {
      name: "plain JS loop",
      fn: () => {
        for (let f = 0; f < RGB_FRAMES; f++) {
          const o = f * frameBytes;
          for (let i = 0; i < pixels; i++) {
            const d = o + i * 3;
            dst[d] = src[o + i];
            dst[d + 1] = src[o + pixels + i];
            dst[d + 2] = src[o + 2 * pixels + i];
          }
        }
      },
    },
  ]);
}

// --- 1-bit: 100 frames of 512 x 512, unpacked to one byte per pixel (MB/s of output) ---
{
  const count = CT_FRAMES * 512 * 512;
  const packed = seededBytes(count / 8, 3);
  const out = new Uint8Array(count);
  const same = seededBytes(count, 5);
  await runSuite(`1-bit unpack ${CT_FRAMES} x 512x512 (output bytes)`, count, [
    { name: "TypedArray.prototype.set (memcpy of the output size)", fn: () => out.set(same), reference: true },
    { name: "unpackBits (SIMD), aligned", fn: () => unpackBits(packed, count, { dst: out }) },
    { name: "unpackBits (SIMD), bit offset 3", fn: () => unpackBits(packed, count - 8, { bitOffset: 3, dst: out }) },
    {
      name: "plain JS loop",
      fn: () => {
        for (let i = 0; i < count; i++) out[i] = (packed[i >> 3] >> (i & 7)) & 1;
      },
    },
  ]);
}
