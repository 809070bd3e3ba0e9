// Part 10 reader (issue 3): header-only reads of every DICOM file in the shared corpus (files/s) against
// reading each whole file with fs.readFile and parsing it with dcmjs (a devDependency) in the same run; and
// random frame access on a sparse 1 GiB native file (frames/s, bytes read per frame). Async work, so it
// uses its own timing loop instead of lib.mjs. Needs `npm run build` (imports dist/).
import { readFileSync, existsSync } from "node:fs";
import { mkdtemp, open, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openDicom, FileHandleSource, encodeValue } from "../dist/src/index.js";
import { smoke, json, quiet, timeAsync } from "./lib.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const corpus = process.env.DICOMPIX_CONFORMANCE_DIR ?? resolve(here, "../../shared/conformance-data");
const seconds = smoke ? 0 : Number(process.env.BENCH_MAX_TIME ?? 2);

async function timed(name, unit, fn, perCall) {
  const { calls, seconds: s } = await timeAsync(fn, seconds);
  const row = { suite: "part10-read", name, rate: (calls * perCall) / s, unit };
  if (quiet) return row;
  if (json) console.log(JSON.stringify(row));
  else if (smoke) console.log(`smoke ok: ${name}`);
  else console.log(`| ${name} | ${row.rate.toFixed(0)} ${unit} |`);
  return row;
}

if (!existsSync(join(corpus, "manifest.jsonl"))) {
  if (!quiet) console.log("part10-read: corpus not found, skipped");
} else {
  const files = readFileSync(join(corpus, "manifest.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.format === "DICOM" && !e.expectError)
    .map((e) => join(corpus, e.path));
  const require = createRequire(import.meta.url);
  const dcmjs = require("dcmjs");
  for (const l of [dcmjs.log, dcmjs.log?.getLogger?.("validation.dcmjs")]) l?.setLevel?.("silent");
  if (!smoke && !json && !quiet) console.log(`\n## Header-only reads, ${files.length} corpus files per call\n| case | rate |\n| --- | ---: |`);
  let bytesRead = 0;
  await timed("dicompix openDicom (header only, file handle)", "files/s", async () => {
    bytesRead = 0;
    for (const f of files) {
      const src = await FileHandleSource.open(f);
      const d = await openDicom(src);
      bytesRead += src.bytesRead;
      await d.close();
      await src.close();
    }
  }, files.length);
  await timed("fs.readFile whole file (no parsing)", "files/s", async () => {
    for (const f of files) await readFile(f);
  }, files.length);
  await timed("fs.readFile + dcmjs DicomMessage.readFile (whole file)", "files/s", async () => {
    for (const f of files) {
      const b = await readFile(f);
      try {
        dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      } catch {
        /* dcmjs rejects a few corpus files */
      }
    }
  }, files.length);
  if (!smoke && !json && !quiet) console.log(`(dicompix read ${(bytesRead / files.length / 1024).toFixed(1)} KiB per file on average)`);

  // Random frame access on a sparse 1 GiB file: 1024 frames of 1024 x 1024 8-bit.
  const dir = await mkdtemp(join(tmpdir(), "dicompix-bench-"));
  try {
    const path = join(dir, "big.dcm");
    const header = buildHeader(1024, 1024, 1024);
    await writeFile(path, header);
    await truncate(path, header.length + 1024 * 1024 * 1024);
    const handle = await open(path, "r");
    const src = await FileHandleSource.fromHandle(handle);
    const file = await openDicom(src);
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) % 1024;
    if (!smoke && !json && !quiet) console.log(`\n## Random frame access, 1 GiB native file (1024 x 1 MiB frames)\n| case | rate |\n| --- | ---: |`);
    const before = src.bytesRead;
    let n = 0;
    await timed("readFrame(random N) from a FileHandle", "frames/s", async () => {
      await file.readFrame(next());
      n++;
    }, 1);
    if (!smoke && !json && !quiet) console.log(`(${((src.bytesRead - before) / n / 1048576).toFixed(3)} MiB read per frame)`);
    await handle.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Preamble + meta + Image Pixel module + the header of a native Pixel Data element of `frames` frames. */
function buildHeader(rows, cols, frames) {
  const parts = [];
  const le = (tag, vr, value) => {
    const long = vr === "OB" || vr === "OW";
    const h = new Uint8Array(long ? 12 : 8);
    const v = new DataView(h.buffer);
    v.setUint16(0, tag >>> 16, true);
    v.setUint16(2, tag & 0xffff, true);
    h[4] = vr.charCodeAt(0);
    h[5] = vr.charCodeAt(1);
    if (long) v.setUint32(8, value.length, true);
    else v.setUint16(6, value.length, true);
    parts.push(h, value);
  };

  parts.push(new Uint8Array(128), new TextEncoder().encode("DICM"));
  le(0x00020010, "UI", encodeValue("UI", "1.2.840.10008.1.2.1"));
  for (const [tag, vr, val] of [
    [0x00280002, "US", 1], [0x00280004, "CS", "MONOCHROME2"], [0x00280008, "IS", String(frames)], [0x00280010, "US", rows],
    [0x00280011, "US", cols], [0x00280100, "US", 8], [0x00280101, "US", 8], [0x00280102, "US", 7], [0x00280103, "US", 0],
  ]) le(tag, vr, encodeValue(vr, val));

  const pd = new Uint8Array(12);
  const v = new DataView(pd.buffer);
  v.setUint16(0, 0x7fe0, true);
  v.setUint16(2, 0x0010, true);
  pd[4] = 0x4f; // "OB"
  pd[5] = 0x42;
  v.setUint32(8, rows * cols * frames, true);
  parts.push(pd);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
