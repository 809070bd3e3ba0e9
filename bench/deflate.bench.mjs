// Raw inflate (Deflated Image Frame Compression, PS3.5 A.4.13): the WASM kernel (inflateRaw) against Node's
// zlib.inflateRawSync (native C zlib), the JS inflaters pako and fflate when installed, and
// TypedArray.prototype.set of the same bytes (memcpy, the reference), in the same run. MB/s are of the
// INFLATED bytes. Inputs: a seeded ~3.7 MB RGB scene (1280 x 960 x 3) and eight seeded 512 x 512 16-bit CT
// slices (4 MB), each deflated by zlib at level 6.
// Raw deflate (the encoder): the WASM compressor (deflateRaw) against zlib.deflateRawSync at the same level,
// pako / fflate when installed, and memcpy, on the same CT frame and RGB scene; MB/s of the INPUT bytes, and
// each case's output size and ratio printed above its table. Needs `npm run build`.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { init, PixelModule } from "../dist/src/index.js";
import { deflateRaw, inflateRaw } from "../dist/src/wasm/kernels/deflate.js";
import { deflateFramesCodec } from "../dist/src/codecs/deflate-frames.js";
import { ctSliceWithPadding, frames, rgbScene, rgbModule } from "./fixtures.mjs";
import { note, runSuite, smoke, quiet, json } from "./lib.mjs";

await init();

// JavaScript peers, when installed (transitive dev dependencies: pako via dcmjs, fflate via fast-png).
async function optional(name) {
  try {
    return await import(name);
  } catch {
    return undefined;
  }
}
const pako = await optional("pako");
const fflate = await optional("fflate");

const UID = "1.2.840.10008.1.2.8.1";

async function suite(title, data, module, { codecOnly = false } = {}) {
  const z = deflateRawSync(data, { level: 6 });
  if (!smoke && !quiet && !json) console.log(`\n${title}: ${data.length} bytes deflated to ${z.length} (${((100 * z.length) / data.length).toFixed(1)}%)`);
  const dst = new Uint8Array(data.length);
  const check = inflateRaw(z, data.length);
  if (Buffer.compare(Buffer.from(check), Buffer.from(data)) !== 0) throw new Error(`${title}: inflateRaw output differs from the input`);
  if (codecOnly) {
    // 1-bit frames: MB/s of the canonical (unpacked, one byte per pixel) frame
    const out = new Uint8Array(module.frameByteLength());
    const other = new Uint8Array(out.length).fill(1);
    await runSuite(title, out.length, [
      { name: "memcpy of the canonical frame (TypedArray.set)", fn: () => out.set(other) },
      { name: "zlib.inflateRawSync of the packed bits (native)", fn: () => inflateRawSync(z) },
      { name: "deflate-frames codec decodeInto (inflate + unpack)", fn: () => deflateFramesCodec.decodeInto(z, module, out, { transferSyntaxUID: UID, frameIndex: 0 }) },
    ]);
    return;
  }
  const cases = [
    { name: "memcpy (TypedArray.set)", fn: () => dst.set(data) },
    { name: "zlib.inflateRawSync (native)", fn: () => inflateRawSync(z) },
    { name: "inflateRaw (WASM, new array)", fn: () => inflateRaw(z, data.length) },
    { name: "inflateRaw (WASM, into dst)", fn: () => inflateRaw(z, data.length, dst) },
  ];
  if (pako) cases.push({ name: "pako.inflateRaw (JS)", fn: () => pako.inflateRaw(z) });
  if (fflate) cases.push({ name: "fflate.inflateSync (JS, into dst)", fn: () => fflate.inflateSync(z, { out: dst }) });
  if (module) {
    const out = new Uint8Array(module.frameByteLength());
    cases.push({ name: "deflate-frames codec decodeInto", fn: () => deflateFramesCodec.decodeInto(z, module, out, { transferSyntaxUID: UID, frameIndex: 0 }) });
  }
  await runSuite(title, data.length, cases);
}

await suite("inflate: RGB scene 1280x960", rgbScene(1), rgbModule());
const ct = frames(smoke ? 1 : 8, ctSliceWithPadding);
const ctBytes = new Uint8Array(ct.reduce((n, f) => n + f.length, 0));
ct.reduce((at, f) => (ctBytes.set(f, at), at + f.length), 0);
const ctModule = PixelModule.from({
  rows: 512 * ct.length, columns: 512, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2",
  bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1,
});
await suite(`inflate: ${ct.length} CT slices 512x512x16`, ctBytes, ctModule);

// A 2048 x 2048 1-bit segmentation (the use this transfer syntax was made for): a few filled ellipses.
const side = 2048;
const mask = new Uint8Array((side * side) / 8);
for (let y = 0; y < side; y++) {
  for (let x = 0; x < side; x++) {
    const inside = [[700, 900, 400, 250], [1400, 1100, 300, 500], [1000, 1600, 150, 150]].some(
      ([cx, cy, rx, ry]) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1,
    );
    if (inside) mask[(y * side + x) >> 3] |= 1 << ((y * side + x) & 7); // PS3.5 8.1.1: first pixel in bit 0
  }
}
const maskModule = PixelModule.from({
  rows: side, columns: side, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2",
  bitsAllocated: 1, bitsStored: 1, highBit: 0, pixelRepresentation: 0,
});
await suite("decode: 1-bit segmentation 2048x2048 (MB/s of the unpacked frame)", mask, maskModule, { codecOnly: true });

/** Compress suite: our deflateRaw vs zlib (and pako / fflate) at each level, memcpy as the reference. */
async function compressSuite(title, data, module, levels) {
  const dst = new Uint8Array(data.length);
  const cases = [{ name: "memcpy (TypedArray.set)", fn: () => dst.set(data) }];
  // The codec's encodeFrame at its default level 6 (deflate + the PS3.5 A.4.13 even-length pad).
  cases.push({ name: "deflate-frames codec encodeFrame (level 6)", fn: () => deflateFramesCodec.encodeFrame(data, module) });
  for (const level of levels) {
    const ours = deflateRaw(data, { level });
    if (Buffer.compare(inflateRawSync(ours), Buffer.from(data)) !== 0) throw new Error(`${title}: deflateRaw level ${level} does not round-trip`);
    const zlib = deflateRawSync(data, { level });
    note(
      `${title}, level ${level}: deflateRaw ${ours.length} bytes (ratio ${(data.length / ours.length).toFixed(3)}), ` +
        `zlib ${zlib.length} bytes (ratio ${(data.length / zlib.length).toFixed(3)}), ours / zlib = ${(ours.length / zlib.length).toFixed(4)}`,
    );
    cases.push({ name: `zlib.deflateRawSync level ${level} (native)`, fn: () => deflateRawSync(data, { level }) });
    cases.push({ name: `deflateRaw level ${level} (WASM)`, fn: () => deflateRaw(data, { level }) });
    if (pako) cases.push({ name: `pako.deflateRaw level ${level} (JS)`, fn: () => pako.deflateRaw(data, { level }) });
    if (fflate) cases.push({ name: `fflate.deflateSync level ${level} (JS)`, fn: () => fflate.deflateSync(data, { level }) });
  }
  await runSuite(title, data.length, cases);
}

await compressSuite(`deflate: ${ct.length} CT slices 512x512x16`, ctBytes, ctModule, smoke ? [6] : [1, 6, 9]);
await compressSuite("deflate: RGB scene 1280x960", rgbScene(1), rgbModule(), smoke ? [6] : [1, 6]);
