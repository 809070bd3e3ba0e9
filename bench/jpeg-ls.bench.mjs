// JPEG-LS (ITU-T T.87): decode and encode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of the
// same bytes (memcpy) in the same run. Inputs are deterministic image-like frames: seeded 512x512 CT-like
// slices (unsigned Bits Stored 12; and the same near-lossless, NEAR 2) and seeded 1280x960 RGB scenes coded
// sample-interleaved (ILV 2), all encoded by dicompix with default parameters; plus, when the shared corpus
// is present, the real WG04 frame nema-wg04/JLSL/CT1_JLSL (CharLS-coded; decoded, and its signed 16-bit
// pixels re-encoded). Needs `npm run build` (imports dist/).
import { existsSync, readFileSync } from "node:fs";
import { init, getCodec, openDicom } from "../dist/src/index.js";
import { note, runSuite, smoke } from "./lib.mjs";
import { ctModule, ctSlice, frames as makeFrames, rgbModule, rgbScene } from "./fixtures.mjs";

await init();

const LOSSLESS = "1.2.840.10008.1.2.4.80";
const NEAR = "1.2.840.10008.1.2.4.81";
const codec = getCodec(LOSSLESS);
const CT_FRAMES = smoke ? 2 : 20;
const RGB_FRAMES = smoke ? 1 : 5;

const grey = ctModule(12, 0);
const rgb = rgbModule();

const ct = makeFrames(CT_FRAMES, (seed) => ctSlice(seed, { offset: 1024 }));
const sets = [
  { title: `${CT_FRAMES} CT frames 512x512, BS 12, lossless`, module: grey, uid: LOSSLESS, frames: ct },
  { title: `${CT_FRAMES} CT frames 512x512, BS 12, near-lossless NEAR 2`, module: grey, uid: NEAR, frames: ct },
  { title: `${RGB_FRAMES} RGB frames 1280x960, 8-bit, lossless ILV 2`, module: rgb, uid: LOSSLESS, frames: makeFrames(RGB_FRAMES, rgbScene) },
];

for (const s of sets) {
  const { module, uid, frames } = s;
  const size = module.frameByteLength();
  const encoded = frames.map((f) => codec.encodeFrame(f, module, { transferSyntaxUID: uid }).data);
  const ratio = (frames.length * size) / encoded.reduce((a, e) => a + e.length, 0);
  const dst = new Uint8Array(size);
  const copy = new Uint8Array(size);
  const ctx = { transferSyntaxUID: uid, frameIndex: 0 };
  note(`\n${s.title}: compression ratio ${ratio.toFixed(2)}`);
  await runSuite(s.title, frames.length * size, [
    { name: "memcpy (TypedArray.set) of the decoded frames", reference: true, fn: () => { for (const f of frames) copy.set(f); } },
    { name: "dicompix decode (decodeInto)", fn: () => { for (const e of encoded) codec.decodeInto(e, module, dst, ctx); } },
    { name: "dicompix encode (encodeFrame)", fn: () => { for (const f of frames) codec.encodeFrame(f, module, { transferSyntaxUID: uid }); } },
  ]);
}

// A real CharLS-coded frame from the shared corpus, when present.
const corpus = process.env.DICOMPIX_CONFORMANCE_DIR ?? new URL("../../shared/conformance-data/", import.meta.url).pathname;
const wg04 = `${corpus}/nema-wg04/JLSL/CT1_JLSL`;
if (existsSync(wg04)) {
  const file = await openDicom(new Uint8Array(readFileSync(wg04)));
  const module = file.pixelModule();
  const { bytes } = await file.readFrame(0, module);
  const frame = bytes.slice();
  await file.close();
  const dst = new Uint8Array(module.frameByteLength());
  const copy = new Uint8Array(module.frameByteLength());
  const ctx = { transferSyntaxUID: LOSSLESS, frameIndex: 0 };
  await runSuite("nema-wg04/JLSL/CT1_JLSL (512x512 signed 16, CharLS-coded)", dst.length, [
    { name: "memcpy (TypedArray.set) of the decoded frame", reference: true, fn: () => copy.set(dst) },
    { name: "dicompix decode (decodeInto)", fn: () => codec.decodeInto(frame, module, dst, ctx) },
    { name: "dicompix encode of the decoded frame (encodeFrame)", fn: () => codec.encodeFrame(dst, module, { transferSyntaxUID: LOSSLESS }) },
  ]);
}
