// JPEG DCT (issue 9): decode and encode of a 1280x960 RGB frame (the size of the peers' rgb8_20f inputs)
// against TypedArray.prototype.set of the decoded bytes (memcpy), in the same run. MB/s are of the DECODED
// frame bytes (3.7 MB) in both directions. The input is a deterministic screen-like scene (gradients, flat
// areas, hard edges, text-like strokes, a noisy region); the JPEG stream for the decode cases is our own
// encoder's output at quality 90, 4:2:2 (what the reference workload writes). Needs `npm run build`.
import { init, getCodec } from "../dist/src/index.js";
import { note, runSuite, smoke } from "./lib.mjs";
import { rgbModule as makeRgbModule, rgbScreen } from "./fixtures.mjs";

await init();

const W = 1280;
const H = 960;
const codec = getCodec("1.2.840.10008.1.2.4.50");

const rgb = rgbScreen(9);
const rgbModule = makeRgbModule(H, W);
const ybrModule = rgbModule.with({ photometricInterpretation: "YBR_FULL_422" });
const jpeg = codec.encodeFrame(rgb, rgbModule, { quality: 90 }).data;
const ctx = { transferSyntaxUID: "1.2.840.10008.1.2.4.50", frameIndex: 0 };
const dst = new Uint8Array(W * H * 3);
const copy = new Uint8Array(W * H * 3);
note(`input: ${W}x${H} RGB, JPEG q90 4:2:2 stream of ${jpeg.length} bytes (ratio ${(rgb.length / jpeg.length).toFixed(1)}:1)`);

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
