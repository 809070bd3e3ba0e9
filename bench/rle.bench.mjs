// RLE Lossless (issue 7): decode and encode against TypedArray.prototype.set of the same bytes (memcpy) and a
// plain JS PackBits codec, in the same run. MB/s are of the DECODED frame bytes for both directions.
// Inputs are deterministic image-like frames (a seeded CT phantom: padding, air, soft tissue and bone with
// noise in the low bits; a seeded RGB scene: gradients, flat areas and a noisy region), since random bytes do not
// compress and constant bytes are trivial. Needs `npm run build` (imports dist/).
import { init, getCodec, PixelModule } from "../dist/src/index.js";
import { ctSliceWithPadding as ctFrame, rgbSceneRuns as rgbFrame } from "./fixtures.mjs";
import { rleDecodeFrameInto, rleEncodeFrame } from "../dist/src/wasm/kernels/rle.js";
import { roundTripThroughMemory } from "../dist/src/wasm/kernels/core.js";
import { runSuite, smoke } from "./lib.mjs";

await init();

const RLE = "1.2.840.10008.1.2.5";
const codec = getCodec(RLE);
const CT_FRAMES = smoke ? 2 : 100;
const RGB_FRAMES = smoke ? 2 : 20;

// --- a plain JS PackBits codec (the baseline: straightforward loops, PS3.5 G.3) ---
function jsDecode(src, dst, rows, cols, spp, bps) {
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const n = dv.getUint32(0, true);
  const pixels = rows * cols;
  const stride = spp * bps;
  for (let k = 0; k < n; k++) {
    let i = dv.getUint32(4 + 4 * k, true);
    const end = k + 1 < n ? dv.getUint32(8 + 4 * k, true) : src.length;
    const s = (k / bps) | 0;
    let d = s * bps + (bps - 1 - (k % bps));
    const dEnd = d + pixels * stride;
    while (i < end && d < dEnd) {
      const h = (src[i++] << 24) >> 24;
      if (h >= 0) {
        for (let c = 0; c <= h; c++, d += stride) dst[d] = src[i++];
      } else if (h !== -128) {
        const v = src[i++];
        for (let c = 0; c < 1 - h; c++, d += stride) dst[d] = v;
      }
    }
  }
}

function jsEncode(src, rows, cols, spp, bps) {
  const stride = spp * bps;
  const out = new Uint8Array(64 + stride * rows * (cols + Math.ceil(cols / 128) + 1) + stride);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, stride, true);
  let o = 64;
  const row = new Uint8Array(cols);
  for (let k = 0; k < stride; k++) {
    dv.setUint32(4 + 4 * k, o, true);
    const s = (k / bps) | 0;
    const byte = s * bps + (bps - 1 - (k % bps));
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) row[x] = src[(y * cols + x) * stride + byte];
      let i = 0;
      let lit = 0;
      while (i < cols) {
        let j = i + 1;
        while (j < cols && j - i < 128 && row[j] === row[i]) j++;
        const run = j - i;
        if (run >= 3 || (run === 2 && lit === i)) {
          while (lit < i) {
            const m = Math.min(128, i - lit);
            out[o++] = m - 1;
            for (let c = 0; c < m; c++) out[o++] = row[lit++];
          }
          out[o++] = 257 - run;
          out[o++] = row[i];
          i = j;
          lit = i;
        } else i = j;
      }
      while (lit < cols) {
        const m = Math.min(128, cols - lit);
        out[o++] = m - 1;
        for (let c = 0; c < m; c++) out[o++] = row[lit++];
      }
    }
    if (o & 1) out[o++] = 0;
  }
  return out.subarray(0, o);
}

async function suites(label, frames, attrs) {
  const module = PixelModule.from({ ...attrs, numberOfFrames: frames.length });
  const frameBytes = module.frameByteLength();
  const n = frames.length * frameBytes;
  const all = new Uint8Array(n);
  frames.forEach((f, i) => all.set(f, i * frameBytes));
  const dst = new Uint8Array(n);
  const encoded = frames.map((f) => codec.encodeFrame(f, module).data);
  const ratio = n / encoded.reduce((s, e) => s + e.length, 0);
  const shape = { rows: module.rows, columns: module.columns, samplesPerPixel: module.samplesPerPixel, bytesPerSample: module.bitsAllocated / 8 };
  const ctx = (i) => ({ transferSyntaxUID: RLE, frameIndex: i });
  // sanity: the JS baseline and the codec agree before anything is timed
  jsDecode(jsEncode(frames[0], shape.rows, shape.columns, shape.samplesPerPixel, shape.bytesPerSample), dst, shape.rows, shape.columns, shape.samplesPerPixel, shape.bytesPerSample);
  if (Buffer.compare(dst.subarray(0, frameBytes), frames[0]) !== 0) throw new Error(`${label}: JS baseline round trip differs`);
  codec.decodeInto(encoded[0], module, dst, ctx(0));
  if (Buffer.compare(dst.subarray(0, frameBytes), frames[0]) !== 0) throw new Error(`${label}: codec round trip differs`);

  await runSuite(`RLE decode, ${label} (compression ${ratio.toFixed(2)}:1)`, n, [
    { name: "TypedArray.prototype.set (memcpy)", fn: () => dst.set(all), reference: true },
    {
      name: "dicompix codec.decodeInto, frame by frame",
      fn: () => {
        for (let i = 0; i < frames.length; i++) codec.decodeInto(encoded[i], module, dst.subarray(i * frameBytes, (i + 1) * frameBytes), ctx(i));
      },
    },
    {
      name: "boundary only: copy each frame into wasm memory and out (no work)",
      fn: () => {
        for (let i = 0; i < frames.length; i++) roundTripThroughMemory(frames[i], dst.subarray(i * frameBytes, (i + 1) * frameBytes));
      },
    },
    {
      name: "wasm kernel only (rleDecodeFrameInto, no masking)",
      fn: () => {
        for (let i = 0; i < frames.length; i++) rleDecodeFrameInto(encoded[i], dst.subarray(i * frameBytes, (i + 1) * frameBytes), shape);
      },
    },
    {
      name: "plain JS PackBits decoder",
      fn: () => {
        for (let i = 0; i < frames.length; i++) {
          jsDecode(encoded[i], dst.subarray(i * frameBytes, (i + 1) * frameBytes), shape.rows, shape.columns, shape.samplesPerPixel, shape.bytesPerSample);
        }
      },
    },
  ]);

  await runSuite(`RLE encode, ${label}`, n, [
    { name: "TypedArray.prototype.set (memcpy)", fn: () => dst.set(all), reference: true },
    {
      name: "dicompix codec.encodeFrame, frame by frame",
      fn: () => {
        for (let i = 0; i < frames.length; i++) codec.encodeFrame(frames[i], module);
      },
    },
    {
      name: "wasm kernel only (rleEncodeFrame)",
      fn: () => {
        for (let i = 0; i < frames.length; i++) rleEncodeFrame(frames[i], shape);
      },
    },
    {
      name: "plain JS PackBits encoder",
      fn: () => {
        for (let i = 0; i < frames.length; i++) jsEncode(frames[i], shape.rows, shape.columns, shape.samplesPerPixel, shape.bytesPerSample);
      },
    },
  ]);
}

{
  // 8 distinct slices, repeated: realistic content without 50 MB of generation time
  const distinct = Array.from({ length: Math.min(8, CT_FRAMES) }, (_, i) => ctFrame(100 + i));
  const frames = Array.from({ length: CT_FRAMES }, (_, i) => distinct[i % distinct.length]);
  await suites(`CT ${CT_FRAMES} x 512x512 16-bit signed`, frames, {
    rows: 512,
    columns: 512,
    samplesPerPixel: 1,
    photometricInterpretation: "MONOCHROME2",
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 1,
  });
}

{
  const distinct = Array.from({ length: Math.min(4, RGB_FRAMES) }, (_, i) => rgbFrame(200 + i));
  const frames = Array.from({ length: RGB_FRAMES }, (_, i) => distinct[i % distinct.length]);
  await suites(`RGB ${RGB_FRAMES} x 1280x960 8-bit`, frames, {
    rows: 960,
    columns: 1280,
    samplesPerPixel: 3,
    photometricInterpretation: "RGB",
    planarConfiguration: 0,
    bitsAllocated: 8,
    bitsStored: 8,
    highBit: 7,
    pixelRepresentation: 0,
  });
}
