// Imaging pipeline (issue 10): render 100 CT frames 512x512 (12-bit unsigned stored, Rescale Intercept -1024,
// window 40/400) to RGBA8, against TypedArray.prototype.set of the same output bytes (memcpy) and a plain JS
// per-pixel loop, in the same run, and against the peer to beat, dcmjs-imaging (its render() pipeline on the same
// frames written as a DICOM file, a devDependency used only here). Needs `npm run build` (imports dist/).
import { createRequire } from "node:module";
import { init, createRenderer, DataSet, MemorySink, writeDicom } from "../dist/src/index.js";
import { getInstance } from "../dist/src/wasm/module.js";
import { note, runSuite, smoke } from "./lib.mjs";
import { seededBytes } from "./fixtures.mjs";

await init();

const FRAMES = smoke ? 2 : 100;
const ROWS = 512;
const COLS = 512;
const PIXELS = ROWS * COLS;
const desc = { rows: ROWS, columns: COLS, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0 };
const attrs = { rescaleSlope: 1, rescaleIntercept: -1024, windowCenters: [40], windowWidths: [400] };

// Seeded 12-bit frames: values spread over the whole stored range (HU -1024..3071).
const raw = seededBytes(FRAMES * PIXELS * 2, 11);
const stored = new Uint16Array(raw.buffer);
for (let i = 0; i < stored.length; i++) stored[i] &= 0x0fff;
const frames = Array.from({ length: FRAMES }, (_, f) => stored.subarray(f * PIXELS, (f + 1) * PIXELS));
const outBytes = FRAMES * PIXELS * 4;
const out = new Uint8ClampedArray(outBytes);
const outFrames = Array.from({ length: FRAMES }, (_, f) => out.subarray(f * PIXELS * 4, (f + 1) * PIXELS * 4));
const copySrc = new Uint8ClampedArray(outBytes);

const renderer = createRenderer(desc, attrs, { output: "rgba8" });

/** Plain JS: rescale + PS3.3 C.11.2.1.2.1 window per pixel, straight to RGBA. */
function plainJs() {
  const c = 40;
  const w = 400;
  const lo = c - 0.5 - (w - 1) / 2;
  const hi = c - 0.5 + (w - 1) / 2;
  for (let f = 0; f < FRAMES; f++) {
    const src = frames[f];
    const dst = outFrames[f];
    for (let i = 0, j = 0; i < PIXELS; i++, j += 4) {
      const x = src[i] - 1024;
      const y = x <= lo ? 0 : x > hi ? 255 : ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
      dst[j] = dst[j + 1] = dst[j + 2] = y;
      dst[j + 3] = 255;
    }
  }
}

const cases = [
  { name: "TypedArray.prototype.set of the RGBA output (memcpy)", fn: () => out.set(copySrc), reference: true },
  {
    name: "dicompix createRenderer().render(frame, dst): modality + window -> RGBA8",
    fn: () => {
      for (let f = 0; f < FRAMES; f++) renderer.render(frames[f], outFrames[f]);
    },
  },
  {
    name: "dicompix createRenderer() per frame (table rebuilt each frame)",
    fn: () => {
      for (let f = 0; f < FRAMES; f++) createRenderer(desc, attrs, { output: "rgba8" }).render(frames[f], outFrames[f]);
    },
  },
  {
    name: "boundary only: frame into wasm memory, RGBA out (no kernel)",
    fn: () => {
      const { arena } = getInstance();
      for (let f = 0; f < FRAMES; f++) {
        arena.scoped(() => {
          arena.copyIn(frames[f]);
          const d = arena.alloc(PIXELS * 4);
          outFrames[f].set(arena.view(d, PIXELS * 4));
        });
      }
    },
  },
  { name: "plain JS loop (rescale + window per pixel)", fn: plainJs },
];

// dcmjs-imaging renders from a whole DICOM file: the same frames, rescale and window, written by our writer.
const { DicomImage, NativePixelDecoder } = createRequire(import.meta.url)("dcmjs-imaging");
await NativePixelDecoder.initializeAsync();
const ds = new DataSet();
ds.setValue(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2.1"); // Enhanced CT Image Storage: multi-frame
ds.setValue(0x00080018, "UI", "2.25.1");
ds.setValue(0x00280002, "US", 1);
ds.setValue(0x00280004, "CS", "MONOCHROME2");
ds.setValue(0x00280008, "IS", String(FRAMES));
ds.setValue(0x00280010, "US", ROWS);
ds.setValue(0x00280011, "US", COLS);
ds.setValue(0x00280100, "US", 16);
ds.setValue(0x00280101, "US", 12);
ds.setValue(0x00280102, "US", 11);
ds.setValue(0x00280103, "US", 0);
ds.setValue(0x00281050, "DS", "40");
ds.setValue(0x00281051, "DS", "400");
ds.setValue(0x00281052, "DS", "-1024");
ds.setValue(0x00281053, "DS", "1");
const sink = new MemorySink();
await writeDicom(sink, ds, {
  transferSyntaxUID: "1.2.840.10008.1.2.1",
  pixelData: { kind: "native", byteLength: stored.byteLength, chunks: [new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)], bitsAllocated: 16 },
});
const fileBytes = sink.toUint8Array();
const dcmjsImage = new DicomImage(fileBytes.buffer.slice(fileBytes.byteOffset, fileBytes.byteOffset + fileBytes.byteLength));
cases.push({
  name: "dcmjs-imaging DicomImage.render({ frame }) (peer): same frames, rescale, window -> RGBA8",
  fn: () => {
    for (let f = 0; f < FRAMES; f++) dcmjsImage.render({ frame: f, renderOverlays: false, calculateHistograms: false });
  },
});

await runSuite(`render ${FRAMES} CT frames ${COLS}x${ROWS} -> RGBA8`, outBytes, cases);

// Signed 16-bit stored values (Bits Stored 16, HU -1024..3071 stored directly): a 65536-entry table.
{
  const desc16 = { ...desc, bitsStored: 16, pixelRepresentation: 1 };
  const s16 = new Int16Array(stored.length);
  for (let i = 0; i < stored.length; i++) s16[i] = stored[i] - 1024;
  const f16 = Array.from({ length: FRAMES }, (_, f) => s16.subarray(f * PIXELS, (f + 1) * PIXELS));
  const r16 = createRenderer(desc16, { windowCenters: [40], windowWidths: [400] }, { output: "rgba8" });
  await runSuite(`render ${FRAMES} signed 16-bit CT frames ${COLS}x${ROWS} -> RGBA8`, outBytes, [
    { name: "TypedArray.prototype.set of the RGBA output (memcpy)", fn: () => out.set(copySrc), reference: true },
    {
      name: "dicompix createRenderer().render(frame, dst): window -> RGBA8",
      fn: () => {
        for (let f = 0; f < FRAMES; f++) r16.render(f16[f], outFrames[f]);
      },
    },
  ]);
}
