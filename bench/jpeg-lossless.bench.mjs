// JPEG Lossless (issue 6): decode and encode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of
// the same bytes (memcpy) in the same run. Inputs are deterministic image-like frames: 100 seeded 512x512
// CT-like slices (unsigned Bits Stored 12, and signed 16 in HU), at selection values 1 and 7, and 20
// seeded 1280x960 RGB scenes. Encoding uses optimised Huffman tables (the default). Needs `npm run build`
// (imports dist/). Peers (DCMTK, dcmjs-codecs, jpeg-lossless-decoder-js) run in ../shared/peers.
import { init, getCodec } from "../dist/src/index.js";
import { note, runSuite, smoke } from "./lib.mjs";
import { ctModule, ctSlice, frames as makeFrames, rgbModule, rgbScene } from "./fixtures.mjs";

await init();

const UID = "1.2.840.10008.1.2.4.57";
const codec = getCodec(UID);
const CT_FRAMES = smoke ? 2 : 100;
const RGB_FRAMES = smoke ? 2 : 20;

const grey = ctModule;
const rgb = rgbModule();

const sets = [
  { title: `${CT_FRAMES} CT frames 512x512, BS 12 unsigned, SV1`, module: grey(12, 0), sv: 1, frames: makeFrames(CT_FRAMES, (seed) => ctSlice(seed, { offset: 1024 })) },
  { title: `${CT_FRAMES} CT frames 512x512, BS 12 unsigned, SV7`, module: grey(12, 0), sv: 7, frames: null },
  { title: `${CT_FRAMES} CT frames 512x512, signed 16, SV1`, module: grey(16, 1), sv: 1, frames: makeFrames(CT_FRAMES, (seed) => ctSlice(seed, { signed: true })) },
  { title: `${CT_FRAMES} CT frames 512x512, signed 16, SV7`, module: grey(16, 1), sv: 7, frames: null },
  { title: `${RGB_FRAMES} RGB frames 1280x960, 8-bit, SV1`, module: rgb, sv: 1, frames: makeFrames(RGB_FRAMES, rgbScene) },
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
  note(`\n${s.title}: compression ratio ${ratio.toFixed(2)}`);
  await runSuite(s.title, frames.length * size, [
    { name: "memcpy (TypedArray.set) of the decoded frames", reference: true, fn: () => { for (const f of frames) copy.set(f); } },
    { name: "dicompix decode (decodeInto)", fn: () => { for (const e of encoded) codec.decodeInto(e, module, dst, ctx); } },
    { name: "dicompix encode (encodeFrame, optimised tables)", fn: () => { for (const f of frames) codec.encodeFrame(f, module, { transferSyntaxUID: UID, predictor: sv }); } },
  ]);
  if (!smoke) {
    const dec = bestMbps(size, encoded, (e) => codec.decodeInto(e, module, dst, ctx));
    const enc = bestMbps(size, frames, (f) => codec.encodeFrame(f, module, { transferSyntaxUID: UID, predictor: sv }));
    const cpy = bestMbps(size, frames, (f) => copy.set(f));
    note(`best single frame: decode ${dec.toFixed(0)} MB/s, encode ${enc.toFixed(0)} MB/s, memcpy ${cpy.toFixed(0)} MB/s`);
  }
}
