// JPEG 2000 (ITU-T T.800): decode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of the same
// bytes (memcpy) in the same run. dicompix has no JPEG 2000 encoder, so the inputs are real corpus frames
// (when the shared corpus is present): the WG04 lossless CT (5-3, nema-wg04/J2KR/CT1_J2KR), its irreversible
// twin (9-7, J2KI/CT1_J2KI) and the RCT colour frame J2KR/US1_J2KR. Needs `npm run build` (imports dist/).
// Peer: when OpenJPEG's `opj_decompress` is on the PATH (Debian libopenjp2-tools), the same codestream is
// decoded by it with one thread and its own "decode time" line (decode only, no file I/O; whole ms) is
// reported, best of 10, with the ratio to dicompix's mean time. It runs in another process, not in the table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init, getCodec, openDicom } from "../dist/src/index.js";
import { note, runSuite, smoke } from "./lib.mjs";

/** Best "decode time" in ms of `opj_decompress` (OPJ_NUM_THREADS=1) over `runs` runs, or undefined. */
function openJpegMs(codestream, runs) {
  const dir = mkdtempSync(join(tmpdir(), "dicompix-j2k-"));
  try {
    const input = join(dir, "frame.j2k");
    writeFileSync(input, codestream);
    let best;
    for (let i = 0; i < runs; i++) {
      const r = spawnSync("opj_decompress", ["-i", input, "-o", join(dir, "frame.raw")], { encoding: "utf8", env: { ...process.env, OPJ_NUM_THREADS: "1" } });
      const m = /decode time: (\d+(?:\.\d+)?) ms/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
      if (r.error || !m) return undefined;
      best = Math.min(best ?? Infinity, Number(m[1]));
    }
    return best;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await init();

const corpus = process.env.DICOMPIX_CONFORMANCE_DIR ?? new URL("../../shared/conformance-data/", import.meta.url).pathname;
const inputs = [
  ["nema-wg04/J2KR/CT1_J2KR", "512x512 signed 16, lossless 5-3"],
  ["nema-wg04/J2KI/CT1_J2KI", "512x512 signed 16, irreversible 9-7"],
  ["nema-wg04/J2KR/US1_J2KR", "640x480 RGB 8, lossless 5-3 + RCT"],
];
let ran = 0;
for (const [path, title] of inputs) {
  const full = `${corpus}/${path}`;
  if (!existsSync(full)) continue;
  const file = await openDicom(new Uint8Array(readFileSync(full)));
  const module = file.pixelModule();
  const { bytes } = await file.readFrame(0, module);
  const frame = bytes.slice();
  const uid = file.transferSyntaxUID;
  await file.close();
  const codec = getCodec(uid);
  const size = module.frameByteLength();
  const dst = new Uint8Array(size);
  const copy = new Uint8Array(size);
  const ctx = { transferSyntaxUID: uid, frameIndex: 0 };
  note(`\n${path}: compression ratio ${(size / frame.length).toFixed(2)}`);
  const rows = await runSuite(`${path} (${title})`, size, [
    { name: "memcpy (TypedArray.set) of the decoded frame", reference: true, fn: () => copy.set(dst) },
    { name: "dicompix decode (decodeInto)", fn: () => codec.decodeInto(frame, module, dst, ctx) },
  ]);
  const ours = rows.find((r) => r.name.startsWith("dicompix"));
  const opj = smoke ? undefined : openJpegMs(frame, 10);
  if (ours && opj !== undefined && opj > 0) {
    const oursMs = size / ours.mbps / 1000;
    note(`OpenJPEG opj_decompress, 1 thread, its decode time (best of 10): ${opj} ms = ${(size / opj / 1000).toFixed(0)} MB/s; dicompix ${oursMs.toFixed(1)} ms, ${(opj / oursMs).toFixed(2)}x OpenJPEG's speed`);
  }
  ran++;
}
if (ran === 0) note("JPEG 2000 bench: the shared corpus is not present; nothing to run.");
