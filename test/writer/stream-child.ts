/**
 * Child process of streaming.test.ts (bundled by rolldown and run with plain node): writes a large multi-frame
 * file from a generator with writeDicom, then reads back a few frames with the reader, and prints its peak RSS.
 * argv: path frames rows columns
 */
import { stat } from "node:fs/promises";
import { generateFrames, renderFrame } from "../../src/demo/frames.js";
import { demoDataSet } from "../../src/demo/dataset.js";
import { openDicom } from "../../src/part10/open.js";
import { writeDicom } from "../../src/part10/writer/write-dicom.js";

const [path, framesArg, rowsArg, colsArg] = process.argv.slice(2) as [string, string, string, string];
const frames = Number(framesArg);
const rows = Number(rowsArg);
const columns = Number(colsArg);
const frameLength = rows * columns * 3;
const started = performance.now();
await writeDicom(path, demoDataSet({ rows, columns, frames, sop: "sc" }), {
  transferSyntaxUID: "1.2.840.10008.1.2.1",
  pixelData: { kind: "native", byteLength: frameLength * frames, chunks: generateFrames({ rows, columns }, frames), bitsAllocated: 8 },
});
const writeSeconds = (performance.now() - started) / 1000;
const size = (await stat(path)).size;
// Random frames read back through the reader must equal the generator's frames.
const file = await openDicom(path);
const expected = new Uint8Array(frameLength);
const checked: number[] = [];
for (const i of [frames - 1, 0, Math.floor(frames / 2), 7 % frames]) {
  const { bytes } = await file.readFrame(i);
  renderFrame(expected, { rows, columns }, i, frames);
  if (bytes.length !== frameLength || !bytes.every((b, k) => b === expected[k])) throw new Error(`frame ${i} differs`);
  checked.push(i);
}
await file.close();
process.stdout.write(JSON.stringify({ size, writeSeconds, checked, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + "\n");
