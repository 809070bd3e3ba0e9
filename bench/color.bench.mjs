// Colour conversions on 20 frames of 1280 x 960 (issue 5): YBR_FULL -> RGB, native YBR_FULL_422 -> RGB
// (replicate and fancy), RGB -> YBR_FULL_422, Palette Color lookup. Each suite compares, in the same run,
// memcpy of the output bytes (TypedArray.prototype.set, the reference), the dicompix call (streamed through
// linear memory in ~256 KiB chunks: copy in, kernel, copy out while in cache), the same call on the naive
// whole-frame path (copy the frame in, kernel, copy it out: the pair keeps the chunking honest), the interop
// floor (the same input copied into linear memory and the output bytes copied back, no kernel) and a plain JS
// loop doing the same arithmetic. The chunked floor (the wrappers' copies alone, no kernel) shows what is left
// for the kernel: it runs near memcpy, so the kernels' arithmetic sets the speed. Target: >= 25% of memcpy for
// 8-bit.
//
// Each suite runs once per kernel flavour: "release" (fixed-width SIMD, what Node 20 runs by default) and
// "relaxed" (the same kernels built with WebAssembly relaxed SIMD, what Node >= 22 and current browsers run).
// On Node 20 this bench turns on V8's --experimental-wasm-relaxed-simd itself so that both are measured in one
// run; BENCH_FLAVOURS=release (or relaxed) runs one.
import v8 from "node:v8";
v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
import { init, toRgb, convertColorSpace, createPalette, applyPalette } from "../dist/src/index.js";
import { relaxedSimdSupported, resetInstance } from "../dist/src/wasm/module.js";
import { roundTripThroughMemory } from "../dist/src/wasm/kernels/core.js";
import { setColorChunking } from "../dist/src/wasm/kernels/color.js";
import { chunkedUnits, unitsPerChunk } from "../dist/src/wasm/chunking.js";
import { runSuite, smoke } from "./lib.mjs";
import { seededBytes } from "./fixtures.mjs";

const ROWS = smoke ? 16 : 960;
const COLS = smoke ? 16 : 1280;
const FRAMES = smoke ? 2 : 20;
const PIX = ROWS * COLS;
const info = { rows: ROWS, columns: COLS, bitsAllocated: 8 };
const planarInfo = { ...info, planarConfiguration: 1 };

const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);
function jsYbrToRgb(src, dst, n) {
  for (let i = 0; i < n; i++) {
    const p = i * 3;
    const y = src[p], cb = src[p + 1] - 128, cr = src[p + 2] - 128;
    dst[p] = clamp(y + ((91881 * cr + 32768) >> 16));
    dst[p + 1] = clamp(y + ((32768 - 22554 * cb - 46802 * cr) >> 16));
    dst[p + 2] = clamp(y + ((116130 * cb + 32768) >> 16));
  }
}
function js422ToRgb(src, dst, n) {
  for (let i = 0; i < n; i += 2) {
    const s = i * 2, d = i * 3;
    const cb = src[s + 2] - 128, cr = src[s + 3] - 128;
    const dr = (91881 * cr + 32768) >> 16, dg = (32768 - 22554 * cb - 46802 * cr) >> 16, db = (116130 * cb + 32768) >> 16;
    for (let k = 0; k < 2; k++) {
      const y = src[s + k];
      dst[d + 3 * k] = clamp(y + dr);
      dst[d + 3 * k + 1] = clamp(y + dg);
      dst[d + 3 * k + 2] = clamp(y + db);
    }
  }
}
function jsRgbTo422(src, dst, n) {
  for (let i = 0; i < n; i += 2) {
    const s = i * 3, d = i * 2;
    let cbs = 0, crs = 0;
    for (let k = 0; k < 2; k++) {
      const r = src[s + 3 * k], g = src[s + 3 * k + 1], b = src[s + 3 * k + 2];
      dst[d + k] = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
      cbs += (32768 * b - 11059 * r - 21709 * g + 8388608 + 32767) >> 16;
      crs += (32768 * r - 27439 * g - 5329 * b + 8388608 + 32767) >> 16;
    }
    const bias = (i >> 1) % (COLS >> 1) & 1;
    dst[d + 2] = (cbs + bias) >> 1;
    dst[d + 3] = (crs + bias) >> 1;
  }
}

const full = seededBytes(FRAMES * PIX * 3, 7);
const sub = seededBytes(FRAMES * PIX * 2, 9);
const idx = seededBytes(FRAMES * PIX, 11);
const out = new Uint8Array(FRAMES * PIX * 3);
const out2 = new Uint8Array(FRAMES * PIX * 2);
const frame = (buf, f, bpp) => buf.subarray(f * PIX * bpp, (f + 1) * PIX * bpp);
const each = (fn) => () => {
  for (let f = 0; f < FRAMES; f++) fn(f);
};
const outBytes = FRAMES * PIX * 3;
/** The same call on the whole-frame path (chunking off for its duration). */
const naive = (fn) => () => {
  setColorChunking(false);
  try {
    fn();
  } finally {
    setColorChunking(true);
  }
};
const scratch = new Uint8Array(PIX * 3);
const inOut = (inBpp, outBpp) => each((f) => {
  roundTripThroughMemory(frame(inBpp === 1 ? idx : inBpp === 2 ? sub : full, f, inBpp), scratch);
  roundTripThroughMemory(scratch.subarray(0, PIX * outBpp), frame(outBpp === 3 ? out : out2, f, outBpp));
});
/** The chunked wrappers' own copies (a chunk in, the same chunk's output bytes out, ~256 KiB) with no kernel. */
const inOutChunked = (inBpp, outBpp) => each((f) => {
  const src = frame(inBpp === 1 ? idx : inBpp === 2 ? sub : full, f, inBpp);
  const dst = frame(outBpp === 3 ? out : out2, f, outBpp);
  chunkedUnits(src, dst, PIX, inBpp, outBpp, unitsPerChunk(inBpp + outBpp, 16), false, () => {});
});

const lut = (k) => Uint8Array.from({ length: 256 }, (_, i) => (i * (k + 3)) & 255);
const palette = createPalette({
  red: { descriptor: [256, 0, 8], data: lut(0) },
  green: { descriptor: [256, 0, 8], data: lut(1) },
  blue: { descriptor: [256, 0, 8], data: lut(2) },
});
const r8 = palette.red, g8 = palette.green, b8 = palette.blue;
const flavours = (process.env.BENCH_FLAVOURS ?? "release,relaxed").split(",").filter((f) => f !== "relaxed" || relaxedSimdSupported());
for (const flavour of flavours) {
  resetInstance();
  await init({ flavour });
  await runSuite(`[${flavour}] YBR_FULL -> RGB, 8-bit, ${FRAMES} x ${COLS}x${ROWS}`, outBytes, [
    { name: "memcpy of the output bytes", fn: () => out.set(full), reference: true },
    { name: "interop floor (copy in + copy out, no kernel)", fn: inOut(3, 3) },
    { name: "interop floor, chunked (the wrappers' copies alone)", fn: inOutChunked(3, 3) },
    { name: "dicompix toRgb (chunked)", fn: each((f) => toRgb(frame(full, f, 3), "YBR_FULL", info, { dst: frame(out, f, 3) })) },
    { name: "dicompix toRgb, naive (whole frame in, kernel, out)", fn: naive(each((f) => toRgb(frame(full, f, 3), "YBR_FULL", info, { dst: frame(out, f, 3) }))) },
    { name: "dicompix toRgb, planar (chunked)", fn: each((f) => toRgb(frame(full, f, 3), "YBR_FULL", planarInfo, { dst: frame(out, f, 3) })) },
    { name: "plain JS loop", fn: each((f) => jsYbrToRgb(frame(full, f, 3), frame(out, f, 3), PIX)) },
  ]);

  await runSuite(`[${flavour}] native YBR_FULL_422 -> RGB, 8-bit, ${FRAMES} x ${COLS}x${ROWS}`, outBytes, [
    { name: "memcpy of the output bytes", fn: () => out.set(full), reference: true },
    { name: "interop floor (copy in + copy out, no kernel)", fn: inOut(2, 3) },
    { name: "interop floor, chunked (the wrappers' copies alone)", fn: inOutChunked(2, 3) },
    { name: "dicompix replicate (chunked)", fn: each((f) => toRgb(frame(sub, f, 2), "YBR_FULL_422", info, { dst: frame(out, f, 3) })) },
    { name: "dicompix replicate, naive", fn: naive(each((f) => toRgb(frame(sub, f, 2), "YBR_FULL_422", info, { dst: frame(out, f, 3) }))) },
    { name: "dicompix fancy (libjpeg h2v1, chunked)", fn: each((f) => toRgb(frame(sub, f, 2), "YBR_FULL_422", info, { dst: frame(out, f, 3), upsampling: "fancy" })) },
    { name: "dicompix fancy, naive", fn: naive(each((f) => toRgb(frame(sub, f, 2), "YBR_FULL_422", info, { dst: frame(out, f, 3), upsampling: "fancy" }))) },
    { name: "plain JS loop (replicate)", fn: each((f) => js422ToRgb(frame(sub, f, 2), frame(out, f, 3), PIX)) },
  ]);

  await runSuite(`[${flavour}] RGB -> YBR_FULL_422 (native), 8-bit, ${FRAMES} x ${COLS}x${ROWS}`, FRAMES * PIX * 2, [
    { name: "memcpy of the output bytes", fn: () => out2.set(sub), reference: true },
    { name: "interop floor (copy in + copy out, no kernel)", fn: inOut(3, 2) },
    { name: "interop floor, chunked (the wrappers' copies alone)", fn: inOutChunked(3, 2) },
    { name: "dicompix convertColorSpace (chunked)", fn: each((f) => convertColorSpace(frame(full, f, 3), "RGB", "YBR_FULL_422", info, { dst: frame(out2, f, 2) })) },
    { name: "dicompix convertColorSpace, naive", fn: naive(each((f) => convertColorSpace(frame(full, f, 3), "RGB", "YBR_FULL_422", info, { dst: frame(out2, f, 2) }))) },
    { name: "plain JS loop", fn: each((f) => jsRgbTo422(frame(full, f, 3), frame(out2, f, 2), PIX)) },
  ]);

  await runSuite(`[${flavour}] Palette Color 8-bit indices -> RGB 8-bit, ${FRAMES} x ${COLS}x${ROWS}`, outBytes, [
    { name: "memcpy of the output bytes", fn: () => out.set(full), reference: true },
    { name: "interop floor (copy in + copy out, no kernel)", fn: inOut(1, 3) },
    { name: "interop floor, chunked (the wrappers' copies alone)", fn: inOutChunked(1, 3) },
    { name: "dicompix applyPalette (chunked)", fn: each((f) => applyPalette(frame(idx, f, 1), palette, { bitsAllocated: 8, dst: frame(out, f, 3) })) },
    { name: "dicompix applyPalette, naive", fn: naive(each((f) => applyPalette(frame(idx, f, 1), palette, { bitsAllocated: 8, dst: frame(out, f, 3) }))) },
    {
      name: "plain JS loop",
      fn: each((f) => {
        const s = frame(idx, f, 1), d = frame(out, f, 3);
        for (let i = 0; i < PIX; i++) {
          const v = s[i];
          d[i * 3] = r8[v];
          d[i * 3 + 1] = g8[v];
          d[i * 3 + 2] = b8[v];
        }
      }),
    },
  ]);
}
