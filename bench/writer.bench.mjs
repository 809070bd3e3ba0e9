// Part 10 writer (issue 3): streaming write throughput of writeDicom against fs FileHandle writes of the same
// bytes in the same run (the floor: what the disk/page cache takes). Native Explicit VR LE from a frame
// iterator, Explicit VR Big Endian (16-bit cells swapped in JS), and encapsulated with the Basic Offset Table
// reserved and written back. Async work, so it uses its own timing loop. Needs `npm run build` (imports dist/).
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeDicom, DataSet, encodeValue, init } from "../dist/src/index.js";
import { smoke, json, quiet, timeAsync } from "./lib.mjs";
import { seededBytes } from "./fixtures.mjs";

const seconds = smoke ? 0 : Number(process.env.BENCH_MAX_TIME ?? 2);
const frames = smoke ? 2 : 24;
const rows = 960;
const columns = 1280;
const frameBytes = rows * columns * 3;
const total = frames * frameBytes;
const frame = seededBytes(frameBytes, 7);

function dataset(bitsAllocated, samples) {
  const ds = new DataSet();
  const set = (tag, vr, v) => ds.set({ tag, vr, length: 0, offset: -1, value: encodeValue(vr, v) });
  set(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7");
  set(0x00080018, "UI", "2.25.1");
  set(0x00280002, "US", samples);
  set(0x00280004, "CS", samples === 3 ? "RGB" : "MONOCHROME2");
  if (samples === 3) set(0x00280006, "US", 0);
  set(0x00280008, "IS", String(frames));
  set(0x00280010, "US", samples === 3 ? rows : rows * 3);
  set(0x00280011, "US", bitsAllocated === 16 ? columns / 2 : columns);
  set(0x00280100, "US", bitsAllocated);
  set(0x00280101, "US", bitsAllocated);
  set(0x00280102, "US", bitsAllocated - 1);
  set(0x00280103, "US", 0);
  return ds;
}

function* repeat() {
  for (let i = 0; i < frames; i++) yield frame;
}

async function timed(name, fn) {
  const { calls, seconds: s } = await timeAsync(fn, seconds);
  const row = { suite: "writer", name, mbps: (calls * total) / 1e6 / s };
  if (quiet) return row;
  if (json) console.log(JSON.stringify(row));
  else if (smoke) console.log(`smoke ok: ${name}`);
  else console.log(`| ${name} | ${row.mbps.toFixed(0)} |`);
  return row;
}

await init(); // the big-endian swap runs in the kernel once the module is loaded
const dir = await mkdtemp(join(tmpdir(), "dicompix-bench-writer-"));
const path = join(dir, "out.dcm");
try {
  if (!smoke && !json && !quiet) console.log(`\n## Streaming write, ${frames} frames of ${(frameBytes / 1e6).toFixed(1)} MB (${(total / 1e6).toFixed(0)} MB per call)\n| case | MB/s |\n| --- | ---: |`);
  await timed("fs FileHandle.write of the same bytes (reference)", async () => {
    const h = await open(path, "w");
    let pos = 0;
    const header = new Uint8Array(1024);
    await h.write(header, 0, header.length, pos);
    pos += header.length;
    for (const f of repeat()) {
      await h.write(f, 0, f.length, pos);
      pos += f.length;
    }
    await h.close();
  });
  await timed("writeDicom native Explicit VR LE (frame iterator)", async () => {
    await writeDicom(path, dataset(8, 3), { transferSyntaxUID: "1.2.840.10008.1.2.1", pixelData: { kind: "native", byteLength: total, chunks: repeat(), bitsAllocated: 8 } });
  });
  await timed("writeDicom native Explicit VR Big Endian (16-bit swap)", async () => {
    await writeDicom(path, dataset(16, 1), { transferSyntaxUID: "1.2.840.10008.1.2.2", pixelData: { kind: "native", byteLength: total, chunks: repeat(), bitsAllocated: 16 } });
  });
  await timed("writeDicom encapsulated, BOT reserved and written back", async () => {
    await writeDicom(path, dataset(8, 3), {
      transferSyntaxUID: "1.2.840.10008.1.2.5",
      pixelData: { kind: "encapsulated", numberOfFrames: frames, frames: repeat(), offsetTable: "basic" },
    });
  });
  if (!smoke && !json && !quiet) console.log(`(file size ${(await stat(path)).size} bytes)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
