// JPEG 2000 (ITU-T T.800): decode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of the same
// bytes (memcpy) in the same run; lossless and lossy encode at the end. The decode inputs are real corpus frames
// (when the shared corpus is present): the WG04 lossless CT (5-3, nema-wg04/J2KR/CT1_J2KR), its irreversible
// twin (9-7, J2KI/CT1_J2KI) and the RCT colour frame J2KR/US1_J2KR. Needs `npm run build` (imports dist/).
// Peer: when OpenJPEG's `opj_decompress` is on the PATH (Debian libopenjp2-tools), the same codestream is
// decoded by it with one thread and its own "decode time" line (decode only, no file I/O; whole ms) is
// reported, best of 10, with the ratio to dicompix's mean time. It runs in another process, not in the table.
// A frame that decodes in a few ms is below that line's resolution (2 ms or 3 ms is 0.8x or 1.2x of the same
// speed), so each frame's decoded pixels are also tiled 4 x 4 into one large image, which OpenJPEG's own
// `opj_compress` encodes with the frame's wavelet (-I for 9-7) and default parameters; both decoders then time
// that codestream (tens of ms: the ratio resolves to a few per cent).
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

/** The decoded frame tiled `k` x `k`, as OpenJPEG's raw input (planar components, little endian), or undefined. */
function opjTiledCodestream(pixels, module, k, irreversible) {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated, pixelRepresentation } = module;
  const cell = bitsAllocated / 8;
  const W = columns * k, H = rows * k;
  const raw = new Uint8Array(W * H * spp * cell);
  for (let c = 0; c < spp; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const s = (((y % rows) * columns + (x % columns)) * spp + c) * cell;
        const d = ((c * H + y) * W + x) * cell;
        for (let b = 0; b < cell; b++) raw[d + b] = pixels[s + b];
      }
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "dicompix-j2k-"));
  try {
    const input = join(dir, "tiled.rawl");
    const output = join(dir, "tiled.j2k");
    writeFileSync(input, raw);
    const format = `${W},${H},${spp},${bitsAllocated},${pixelRepresentation ? "s" : "u"}`;
    const r = spawnSync("opj_compress", ["-i", input, "-o", output, "-F", format, ...(irreversible ? ["-I"] : [])], { encoding: "utf8" });
    if (r.error || r.status !== 0 || !existsSync(output)) return undefined;
    // OpenJPEG's own decode of it, planar little endian like `raw` (the reference for the check below).
    const back = join(dir, "back.rawl");
    const d = spawnSync("opj_decompress", ["-i", output, "-o", back], { encoding: "utf8" });
    if (d.error || d.status !== 0 || !existsSync(back)) return undefined;
    return {
      codestream: new Uint8Array(readFileSync(output)),
      module: module.with({ rows: H, columns: W }),
      raw,
      openJpeg: new Uint8Array(readFileSync(back)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Colour-by-pixel cells -> planar components (OpenJPEG's raw layout), same cell bytes. */
function toPlanarBytes(bytes, module) {
  const spp = module.samplesPerPixel, cell = module.bitsAllocated / 8, n = module.rows * module.columns;
  if (spp === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) for (let c = 0; c < spp; c++) for (let b = 0; b < cell; b++) out[(c * n + i) * cell + b] = bytes[(i * spp + c) * cell + b];
  return out;
}

/** Times dicompix and OpenJPEG on one codestream and notes the ratio; returns dicompix's decoded bytes. */
async function compare(path, title, frame, module, codec, ctx) {
  const size = module.frameByteLength();
  const dst = new Uint8Array(size);
  const copy = new Uint8Array(size);
  note(`\n${path}: compression ratio ${(size / frame.length).toFixed(2)}`);
  codec.decodeInto(frame, module, dst, ctx);
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
  return dst;
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
  const ctx = { transferSyntaxUID: uid, frameIndex: 0 };
  const pixels = await compare(path, title, frame, module, codec, ctx);
  const tiled = smoke ? undefined : opjTiledCodestream(pixels, module, 4, uid === "1.2.840.10008.1.2.4.91");
  if (tiled) {
    const got = await compare(`${path} pixels tiled 4 x 4`, `${tiled.module.columns}x${tiled.module.rows}, re-encoded by opj_compress`, tiled.codestream, tiled.module, codec, ctx);
    // The two decoders must agree (and, lossless, give back the tiled pixels), or the timing means nothing.
    const planar = toPlanarBytes(got, tiled.module);
    const same = planar.every((v, i) => v === tiled.openJpeg[i]);
    const lossless = uid !== "1.2.840.10008.1.2.4.91";
    if (!same || (lossless && !planar.every((v, i) => v === tiled.raw[i]))) throw new Error(`${path} tiled: dicompix and OpenJPEG decodes differ`);
    note(`decoded output identical to OpenJPEG's${lossless ? " and to the tiled pixels" : ""}`);
  }
  ran++;
}
if (ran === 0) note("JPEG 2000 bench: the shared corpus is not present; nothing to run.");

// --- Encode (lossless 5-3): dicompix's jpeg2000Encode against OpenJPEG's opj_compress (one thread, default
// lossless parameters: 5 levels, 64 x 64 blocks, one layer), on the WG04 CT frame tiled 4 x 4 (2048 x 2048
// signed 16, 8 MB). OpenJPEG's figure is its own "encode time" line (no file I/O), best of 5, in another
// process. Compressed sizes of both are noted; the codestream is checked by opj_decompress once.
{
  const { jpeg2000Encode } = await import("../dist/src/index.js");
  const full = `${corpus}/nema-wg04/REF/CT1_UNC`;
  if (existsSync(full)) {
    const file = await openDicom(new Uint8Array(readFileSync(full)));
    const module = file.pixelModule();
    const { bytes } = await file.readFrame(0, module);
    await file.close();
    const k = smoke ? 1 : 4;
    const W = module.columns * k, H = module.rows * k;
    const big = new Uint8Array(W * H * 2);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) big.set(bytes.subarray(((y % module.rows) * module.columns + (x % module.columns)) * 2, ((y % module.rows) * module.columns + (x % module.columns)) * 2 + 2), (y * W + x) * 2);
    const bm = module.with({ rows: H, columns: W });
    const copy = new Uint8Array(big.length);
    const ours = jpeg2000Encode(big, bm);
    note(`\nJPEG 2000 encode, CT1_UNC tiled ${k} x ${k} (${W}x${H} signed 16): dicompix ${ours.length} bytes`);
    const rows = await runSuite(`JPEG 2000 lossless encode, ${W}x${H} signed 16`, big.length, [
      { name: "memcpy (TypedArray.set) of the frame", reference: true, fn: () => copy.set(big) },
      { name: "dicompix jpeg2000Encode", fn: () => jpeg2000Encode(big, bm) },
    ]);
    if (!smoke) {
      const dir = mkdtempSync(join(tmpdir(), "dicompix-j2k-enc-"));
      try {
        const input = join(dir, "in.rawl");
        writeFileSync(input, big);
        let best;
        for (let i = 0; i < 5; i++) {
          const r = spawnSync("opj_compress", ["-i", input, "-o", join(dir, "opj.j2k"), "-F", `${W},${H},1,16,s`, "-threads", "1"], { encoding: "utf8" });
          const m = /encode time: (\d+(?:\.\d+)?) ms/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
          if (r.error || !m) break;
          best = Math.min(best ?? Infinity, Number(m[1]));
        }
        const mine = rows.find((r) => r.name.startsWith("dicompix"));
        if (best !== undefined && mine) {
          const oursMs = big.length / mine.mbps / 1000;
          const opjSize = readFileSync(join(dir, "opj.j2k")).length;
          note(`OpenJPEG opj_compress, 1 thread, its encode time (best of 5): ${best} ms = ${(big.length / best / 1000).toFixed(1)} MB/s, ${opjSize} bytes; dicompix ${oursMs.toFixed(0)} ms, ${(best / oursMs).toFixed(2)}x OpenJPEG's speed, size ${(ours.length / opjSize).toFixed(4)}x`);
        }
        writeFileSync(join(dir, "ours.j2k"), ours);
        const d = spawnSync("opj_decompress", ["-i", join(dir, "ours.j2k"), "-o", join(dir, "back.rawl")], { encoding: "utf8" });
        if (d.status !== 0 || !readFileSync(join(dir, "back.rawl")).equals(big)) throw new Error("JPEG 2000 encode: opj_decompress does not give the input back");
        note("opj_decompress of dicompix's codestream: identical to the input");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    // --- Lossy encode (irreversible 9-7): the same image at baseStep 1 (OpenJPEG's `-I` default steps, within
    // 1%) against opj_compress -I (one thread, its encode time, best of 5), at the default quality (70), and at
    // a 10:1 target by PCRD truncation (against opj_compress -I -r 10).
    // PSNR of each codestream is measured on opj_decompress's output (the independent decoder).
    const lossyRows = await runSuite(`JPEG 2000 lossy encode (9-7), ${W}x${H} signed 16`, big.length, [
      { name: "memcpy (TypedArray.set) of the frame", reference: true, fn: () => copy.set(big) },
      { name: "dicompix jpeg2000Encode irreversible baseStep 1", fn: () => jpeg2000Encode(big, bm, { irreversible: true, baseStep: 1 }) },
      { name: "dicompix jpeg2000Encode irreversible default quality 70", fn: () => jpeg2000Encode(big, bm, { irreversible: true }) },
      { name: "dicompix jpeg2000Encode irreversible targetRatio 10 (PCRD)", fn: () => jpeg2000Encode(big, bm, { irreversible: true, targetRatio: 10 }) },
    ]);
    if (!smoke) {
      const dir = mkdtempSync(join(tmpdir(), "dicompix-j2k-enc-"));
      try {
        const input = join(dir, "in.rawl");
        writeFileSync(input, big);
        const src = new Int16Array(big.buffer, big.byteOffset, W * H);
        /** PSNR (full scale of Bits Stored) of a codestream decoded by opj_decompress. */
        const psnrOf = (path) => {
          const d = spawnSync("opj_decompress", ["-i", path, "-o", join(dir, "back.rawl")], { encoding: "utf8" });
          if (d.status !== 0) throw new Error(`JPEG 2000 lossy encode: opj_decompress failed on ${path}`);
          const raw = readFileSync(join(dir, "back.rawl"));
          const back = new Int16Array(raw.buffer, raw.byteOffset, W * H);
          let se = 0;
          for (let i = 0; i < src.length; i++) se += (src[i] - back[i]) ** 2;
          return se === 0 ? Infinity : 10 * Math.log10((2 ** module.bitsStored - 1) ** 2 / (se / src.length));
        };
        let best;
        for (let i = 0; i < 5; i++) {
          const r = spawnSync("opj_compress", ["-i", input, "-o", join(dir, "opj.j2k"), "-F", `${W},${H},1,16,s`, "-I", "-threads", "1"], { encoding: "utf8" });
          const m = /encode time: (\d+(?:\.\d+)?) ms/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
          if (r.error || !m) break;
          best = Math.min(best ?? Infinity, Number(m[1]));
        }
        const base1 = jpeg2000Encode(big, bm, { irreversible: true, baseStep: 1 });
        const qDefault = jpeg2000Encode(big, bm, { irreversible: true });
        writeFileSync(join(dir, "base1.j2k"), base1);
        writeFileSync(join(dir, "q70.j2k"), qDefault);
        const r10 = jpeg2000Encode(big, bm, { irreversible: true, targetRatio: 10 });
        writeFileSync(join(dir, "r10.j2k"), r10);
        note(`dicompix targetRatio 10 (PCRD): ${r10.length} bytes (${(big.length / r10.length).toFixed(2)}:1), PSNR ${psnrOf(join(dir, "r10.j2k")).toFixed(2)} dB`);
        const o10 = spawnSync("opj_compress", ["-i", input, "-o", join(dir, "opj10.j2k"), "-F", `${W},${H},1,16,s`, "-I", "-r", "10", "-threads", "1"], { encoding: "utf8" });
        if (o10.status === 0) {
          const n = readFileSync(join(dir, "opj10.j2k")).length;
          note(`OpenJPEG opj_compress -I -r 10: ${n} bytes (${(big.length / n).toFixed(2)}:1), PSNR ${psnrOf(join(dir, "opj10.j2k")).toFixed(2)} dB`);
        }
        const mine = lossyRows.find((r) => r.name.includes("baseStep 1"));
        note(`dicompix baseStep 1: ${base1.length} bytes (${(big.length / base1.length).toFixed(2)}:1), PSNR ${psnrOf(join(dir, "base1.j2k")).toFixed(2)} dB`);
        note(`dicompix quality 70: ${qDefault.length} bytes (${(big.length / qDefault.length).toFixed(2)}:1), PSNR ${psnrOf(join(dir, "q70.j2k")).toFixed(2)} dB`);
        if (best !== undefined && mine) {
          const oursMs = big.length / mine.mbps / 1000;
          const opjSize = readFileSync(join(dir, "opj.j2k")).length;
          note(
            `OpenJPEG opj_compress -I, 1 thread, its encode time (best of 5): ${best} ms = ${(big.length / best / 1000).toFixed(1)} MB/s, ${opjSize} bytes, PSNR ${psnrOf(join(dir, "opj.j2k")).toFixed(2)} dB; dicompix baseStep 1 ${oursMs.toFixed(0)} ms, ${(best / oursMs).toFixed(2)}x OpenJPEG's speed`,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

// --- HTJ2K decode (ITU-T T.814): a 2048 x 2048 (smoke: 256 x 256) unsigned 16-bit synthetic image (seeded sine pattern plus
// noise) made by OpenJPH's ojph_compress (reversible, 5 levels, 64 x 64 blocks), decoded by dicompix against
// OpenJPEG's opj_decompress (its own decode time, one thread) as for the frames above. Needs ojph_compress.
if (spawnSync("ojph_compress", [], { encoding: "utf8" }).error === undefined) {
  const { PixelModule } = await import("../dist/src/index.js");
  const W = smoke ? 256 : 2048, H = W;
  const body = new Uint8Array(W * H * 2);
  let s = 12345;
  for (let i = 0; i < W * H; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const x = i % W, y = (i / W) | 0;
    const v = Math.max(0, Math.min(65535, Math.round(32768 + 20000 * Math.sin(x / 50) * Math.cos(y / 70) + (s / 2 ** 32 - 0.5) * 1000)));
    body[2 * i] = v >> 8;
    body[2 * i + 1] = v & 255;
  }
  const dir = mkdtempSync(join(tmpdir(), "dicompix-htj2k-"));
  try {
    const head = new TextEncoder().encode(`P5\n${W} ${H}\n65535\n`);
    writeFileSync(join(dir, "in.pgm"), Buffer.concat([head, body]));
    const r = spawnSync("ojph_compress", ["-i", join(dir, "in.pgm"), "-o", join(dir, "ht.j2c"), "-reversible", "true"], { encoding: "utf8" });
    if (r.status === 0) {
      const frame = new Uint8Array(readFileSync(join(dir, "ht.j2c")));
      const module = PixelModule.from({ rows: H, columns: W, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0 });
      const uid = "1.2.840.10008.1.2.4.201";
      const got = await compare("HTJ2K synthetic", `${W}x${H} unsigned 16, ojph_compress lossless`, frame, module, getCodec(uid), { transferSyntaxUID: uid, frameIndex: 0 });
      const same = got.every((v, i) => v === body[i ^ 1]);
      if (!same) throw new Error("HTJ2K bench: dicompix's decode differs from the input image");
      note("decoded output identical to the input image");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
