// dicompix as a contender in the peer benchmark harness (../shared/peers, "Adding a contender"):
//   bash ../shared/peers/bench.sh --contender $PWD/bench/peers-adapter.mjs
// Imports the build (npm ci / npm run build). Each call decodes one frame with the registered codec into a
// fresh caller-owned array (what the harness requires), through the same public API users call.
import { init, getCodec, hasCodec, PixelModule } from "../dist/src/index.js";

export const name = "dicompix";
export const version = "0.1.0";
export const notes = "AssemblyScript/WASM kernels; decode via FrameCodec.decodeInto, encode via encodeFrame";

export { init };

const modules = new WeakMap();
function moduleFor(meta) {
  let pm = modules.get(meta);
  if (!pm) {
    pm = PixelModule.from({ ...meta, numberOfFrames: meta.numberOfFrames ?? 1 });
    modules.set(meta, pm);
  }
  return pm;
}

export function supports(meta, op) {
  if (op === "decode") return hasCodec(meta.transferSyntaxUID);
  if (op === "encode") {
    if (!hasCodec(meta.targetTransferSyntaxUID)) return false;
    return typeof getCodec(meta.targetTransferSyntaxUID).encodeFrame === "function";
  }
  if (op === "convert") return hasCodec(meta.transferSyntaxUID);
  return false;
}

export function decode(frameBytes, meta) {
  const pm = moduleFor(meta);
  const codec = getCodec(meta.transferSyntaxUID);
  const context = { transferSyntaxUID: meta.transferSyntaxUID, frameIndex: meta.frameIndex ?? 0 };
  // Baseline JPEG colour is wanted as RGB (the stream's own colour signals trusted over the header, as
  // libjpeg does: GDCM labels YCbCr JPEG as RGB); everything else keeps the stored layout (planar preserved).
  const options = {
    planar: "preserve",
    colorSignals: "stream",
    colorSpace: meta.transferSyntaxUID === "1.2.840.10008.1.2.4.50" && meta.samplesPerPixel === 3 ? "rgb" : "native",
  };
  const info = codec.readInfo(frameBytes, pm, context);
  const out = new Uint8Array(codec.decodedSize(info, pm, options));
  codec.decodeInto(frameBytes, pm, out, context, options);
  return out;
}

export function encode(pixels, meta) {
  const pm = moduleFor(meta);
  const bytes = pixels instanceof Uint8Array ? pixels : new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return getCodec(meta.targetTransferSyntaxUID).encodeFrame(bytes, pm, { transferSyntaxUID: meta.targetTransferSyntaxUID }).data;
}

/** Native planar RGB or YBR_FULL_422 -> interleaved RGB: the native codec's own interleave/colour options. */
export function convert(frameBytes, meta) {
  const pm = moduleFor(meta);
  const codec = getCodec(meta.transferSyntaxUID);
  const context = { transferSyntaxUID: meta.transferSyntaxUID, frameIndex: meta.frameIndex ?? 0 };
  const options = { planar: "interleave", colorSpace: "rgb" };
  const info = codec.readInfo(frameBytes, pm, context);
  const out = new Uint8Array(codec.decodedSize(info, pm, options));
  codec.decodeInto(frameBytes, pm, out, context, options);
  return out;
}
