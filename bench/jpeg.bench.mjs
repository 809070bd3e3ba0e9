// JPEG DCT (issue 9): decode and encode of a 1280x960 RGB frame (the size of the peers' rgb8_20f inputs)
// against TypedArray.prototype.set of the decoded bytes (memcpy), in the same run. MB/s are of the DECODED
// frame bytes (3.7 MB) in both directions. The input is a deterministic screen-like scene (gradients, flat
// areas, hard edges, text-like strokes, a noisy region); the JPEG stream for the decode cases is our own
// encoder's output at quality 90, 4:2:2 (what the reference workload writes). Needs `npm run build`.
import { init, getCodec, PixelModule } from "../dist/src/index.js";
import { runSuite, smoke } from "./lib.mjs";

await init();

const W = 1280;
const H = 960;
const codec = getCodec("1.2.840.10008.1.2.4.50");

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function scene(seed) {
  const r = rng(seed);
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      let c;
      if (y < 240) c = [40 + (y >> 3), 80 + (y >> 2), 200 - (x >> 4)];
      else if (x < 640 && y < 720) c = ((x >> 5) + (y >> 5)) & 1 ? [200, 200, 200] : [30, 30, 30];
      else if (x >= 640 && y < 720) {
        const v = 128 + 100 * Math.sin(x / 23) * Math.cos(y / 17) + (r() - 0.5) * 40;
        c = [v, v * 0.8, 255 - v];
      } else c = (x % 9 < 2 && y % 14 < 10) ? [255, 255, 255] : [10, 10 + (x >> 5), 40];
      out[o] = Math.max(0, Math.min(255, c[0]));
      out[o + 1] = Math.max(0, Math.min(255, c[1]));
      out[o + 2] = Math.max(0, Math.min(255, c[2]));
    }
  }
  return out;
}

const rgb = scene(9);
const rgbModule = PixelModule.from({ rows: H, columns: W, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });
const ybrModule = rgbModule.with({ photometricInterpretation: "YBR_FULL_422" });
const jpeg = codec.encodeFrame(rgb, rgbModule, { quality: 90 }).data;
const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 };
const dst = new Uint8Array(W * H * 3);
const copy = new Uint8Array(W * H * 3);
if (!smoke) console.log(`input: ${W}x${H} RGB, JPEG q90 4:2:2 stream of ${jpeg.length} bytes (ratio ${(rgb.length / jpeg.length).toFixed(1)}:1)`);

await runSuite("JPEG baseline decode 1280x960 RGB (MB/s of decoded bytes)", rgb.length, [
  { name: "memcpy (TypedArray.set)", fn: () => copy.set(rgb) },
  { name: "dicompix decode -> RGB (colorSpace rgb)", fn: () => codec.decodeInto(jpeg, ybrModule, dst, ctx, { colorSpace: "rgb" }) },
  { name: "dicompix decode -> YCbCr (canonical)", fn: () => codec.decodeInto(jpeg, ybrModule, dst, ctx) },
]);

await runSuite("JPEG baseline encode 1280x960 RGB, q90 4:2:2 (MB/s of source bytes)", rgb.length, [
  { name: "memcpy (TypedArray.set)", fn: () => copy.set(rgb) },
  { name: "dicompix encode, optimised Huffman", fn: () => codec.encodeFrame(rgb, rgbModule, { quality: 90 }) },
  { name: "dicompix encode, standard Huffman", fn: () => codec.encodeFrame(rgb, rgbModule, { quality: 90, optimizeHuffman: false }) },
]);
