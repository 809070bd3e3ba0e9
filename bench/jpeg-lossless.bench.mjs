// JPEG Lossless (issue 6): decode and encode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of
// the same bytes (memcpy) in the same run. Inputs are deterministic image-like frames: 100 seeded 512x512
// CT-like slices (unsigned Bits Stored 12, and signed 16 in HU), at selection values 1 and 7, and 20
// seeded 1280x960 RGB scenes. Encoding uses optimised Huffman tables (the default). Needs `npm run build`
// (imports dist/). Peers (DCMTK, dcmjs-codecs, jpeg-lossless-decoder-js) run in ../shared/peers.
import { init, getCodec, PixelModule } from "../dist/src/index.js";
import { runSuite, smoke } from "./lib.mjs";

await init();

const UID = "1.2.840.10008.1.2.4.57";
const codec = getCodec(UID);
const CT_FRAMES = smoke ? 2 : 100;
const RGB_FRAMES = smoke ? 2 : 20;

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** 512x512 CT-like slice in HU (air, soft tissue with texture, a bone ring, noise); `offset` shifts to unsigned. */
function ctFrame(seed, offset, signed) {
  const r = rng(seed);
  const out = signed ? new Int16Array(512 * 512) : new Uint16Array(512 * 512);
  for (let y = 0; y < 512; y++) {
    for (let x = 0; x < 512; x++) {
      const dx = (x - 256) / 200;
      const dy = (y - 256) / 160;
      const d = dx * dx + dy * dy;
      let v;
      if (d > 1) v = -1000 + Math.floor(r() * 5) - 2;
      else if (d > 0.85) v = 1000 + Math.floor(r() * 80);
      else v = 40 + Math.floor(r() * 24) - 12 + Math.floor(30 * Math.sin(x / 40) * Math.cos(y / 33));
      out[y * 512 + x] = v + offset;
    }
  }
  return new Uint8Array(out.buffer);
}

/** 1280x960 RGB scene: gradient sky, flat blocks, a noisy textured area. */
function rgbFrame(seed) {
  const r = rng(seed);
  const w = 1280;
  const h = 960;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (y < h / 3) {
        out[i] = 80 + (y >> 2);
        out[i + 1] = 120 + (y >> 3);
        out[i + 2] = 200 + (x >> 6);
      } else if (x < w / 2) {
        const block = ((x >> 6) + (y >> 6)) & 1;
        out[i] = block ? 200 : 40;
        out[i + 1] = block ? 180 : 60;
        out[i + 2] = block ? 50 : 90;
      } else {
        out[i] = (x + y + Math.floor(r() * 16)) & 255;
        out[i + 1] = ((x * 3) >> 2) + Math.floor(r() * 8);
        out[i + 2] = (y >> 1) + Math.floor(r() * 8);
      }
    }
  }
  return out;
}

const grey = (bs, pr) =>
  PixelModule.from({ rows: 512, columns: 512, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: bs, highBit: bs - 1, pixelRepresentation: pr });
const rgb = PixelModule.from({ rows: 960, columns: 1280, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 });

const sets = [
  { title: `${CT_FRAMES} CT frames 512x512, BS 12 unsigned, SV1`, module: grey(12, 0), sv: 1, frames: Array.from({ length: CT_FRAMES }, (_, i) => ctFrame(i + 1, 1024, false)) },
  { title: `${CT_FRAMES} CT frames 512x512, BS 12 unsigned, SV7`, module: grey(12, 0), sv: 7, frames: null },
  { title: `${CT_FRAMES} CT frames 512x512, signed 16, SV1`, module: grey(16, 1), sv: 1, frames: Array.from({ length: CT_FRAMES }, (_, i) => ctFrame(i + 1, 0, true)) },
  { title: `${CT_FRAMES} CT frames 512x512, signed 16, SV7`, module: grey(16, 1), sv: 7, frames: null },
  { title: `${RGB_FRAMES} RGB frames 1280x960, 8-bit, SV1`, module: rgb, sv: 1, frames: Array.from({ length: RGB_FRAMES }, (_, i) => rgbFrame(i + 1)) },
];
for (let i = 1; i < sets.length; i++) if (!sets[i].frames) sets[i].frames = sets[i - 1].frames;

/** Best single-call time over `passes` passes (robust on a shared, loaded machine), in MB/s of `bytes`. */
function bestMbps(bytes, items, fn, passes = 3) {
  let best = Infinity;
  for (let p = 0; p < passes; p++) {
    for (const it of items) {
      const t = performance.now();
      fn(it);
      best = Math.min(best, performance.now() - t);
    }
  }
  return bytes / 1e3 / best;
}

for (const s of sets) {
  const { module, sv, frames } = s;
  const size = module.frameByteLength();
  const encoded = frames.map((f) => codec.encodeFrame(f, module, { transferSyntaxUID: UID, predictor: sv }).data);
  const ratio = (frames.length * size) / encoded.reduce((a, e) => a + e.length, 0);
  const dst = new Uint8Array(size);
  const copy = new Uint8Array(size);
  const ctx = { transferSyntaxUID: UID, frameIndex: 0 };
  if (!smoke) console.log(`\n${s.title}: compression ratio ${ratio.toFixed(2)}`);
  await runSuite(s.title, frames.length * size, [
    { name: "memcpy (TypedArray.set) of the decoded frames", reference: true, fn: () => { for (const f of frames) copy.set(f); } },
    { name: "dicompix decode (decodeInto)", fn: () => { for (const e of encoded) codec.decodeInto(e, module, dst, ctx); } },
    { name: "dicompix encode (encodeFrame, optimised tables)", fn: () => { for (const f of frames) codec.encodeFrame(f, module, { transferSyntaxUID: UID, predictor: sv }); } },
  ]);
  if (!smoke) {
    const dec = bestMbps(size, encoded, (e) => codec.decodeInto(e, module, dst, ctx));
    const enc = bestMbps(size, frames, (f) => codec.encodeFrame(f, module, { transferSyntaxUID: UID, predictor: sv }));
    const cpy = bestMbps(size, frames, (f) => copy.set(f));
    console.log(`best single frame: decode ${dec.toFixed(0)} MB/s, encode ${enc.toFixed(0)} MB/s, memcpy ${cpy.toFixed(0)} MB/s`);
  }
}
