// JPEG-LS (ITU-T T.87): decode and encode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of the
// same bytes (memcpy) in the same run. Inputs are deterministic image-like frames: seeded 512x512 CT-like
// slices (unsigned Bits Stored 12; and the same near-lossless, NEAR 2) and seeded 1280x960 RGB scenes coded
// sample-interleaved (ILV 2), all encoded by dicompix with default parameters; plus, when the shared corpus
// is present, the real WG04 frame nema-wg04/JLSL/CT1_JLSL (CharLS-coded; decoded, and its signed 16-bit
// pixels re-encoded). When DCMTK is installed (dump2dcm, dcmcjpls), also a 1280x960 RGB scene and a
// 512x512 12-bit CT slice coded by `dcmcjpls` with its defaults (lossless; RGB line-interleaved, ILV 1, as
// in the peer harness), decoded by dicompix and, when present, by CharLS compiled to WASM
// (@cornerstonejs/codec-charls from DICOMPIX_CHARLS_DIR or /tmp/peers/node_modules; never a dependency),
// with a byte comparison of the two decodes. Needs `npm run build` (imports dist/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

// Frames coded by DCMTK dcmcjpls (the peer harness's RGB input is made this way), against CharLS WASM.
const hasTool = (t) => spawnSync(t, ["--version"], { encoding: "utf8" }).status === 0;
async function loadCharls() {
  const base = process.env.DICOMPIX_CHARLS_DIR ?? "/tmp/peers/node_modules";
  if (!existsSync(join(base, "@cornerstonejs/codec-charls"))) return undefined;
  try {
    const require = createRequire(join(base, "noop.js"));
    const C = await require("@cornerstonejs/codec-charls/wasmjs")();
    const dec = new C.JpegLSDecoder();
    return (frame) => {
      dec.getEncodedBuffer(frame.length).set(frame);
      dec.decode();
      return dec.getDecodedBuffer();
    };
  } catch (e) {
    note(`CharLS WASM not loaded: ${e.message}`);
    return undefined;
  }
}

/** A native DICOM file of `pixels` (dump2dcm), coded by dcmcjpls with its defaults; returns the first frame. */
async function dcmtkFrame(dir, name, pixels, rows, columns, samples, bitsStored) {
  const raw = join(dir, `${name}.raw`);
  writeFileSync(raw, pixels);
  const rgb = samples === 3;
  const dump = [
    "(0002,0010) UI =LittleEndianExplicit",
    "(0008,0016) UI =SecondaryCaptureImageStorage",
    "(0008,0018) UI [1.2.826.0.1.3680043.10.1]",
    `(0028,0002) US ${samples}`,
    `(0028,0004) CS [${rgb ? "RGB" : "MONOCHROME2"}]`,
    ...(rgb ? ["(0028,0006) US 0"] : []),
    `(0028,0010) US ${rows}`,
    `(0028,0011) US ${columns}`,
    `(0028,0100) US ${bitsStored > 8 ? 16 : 8}`,
    `(0028,0101) US ${bitsStored}`,
    `(0028,0102) US ${bitsStored - 1}`,
    "(0028,0103) US 0",
    `(7fe0,0010) ${bitsStored > 8 ? "OW" : "OB"} =${raw}`,
  ].join("\n");
  writeFileSync(join(dir, `${name}.dump`), `${dump}\n`);
  const native = join(dir, `${name}.dcm`);
  const coded = join(dir, `${name}-jls.dcm`);
  for (const [tool, args] of [["dump2dcm", ["+te", join(dir, `${name}.dump`), native]], ["dcmcjpls", [native, coded]]]) {
    const r = spawnSync(tool, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  }
  const file = await openDicom(new Uint8Array(readFileSync(coded)));
  const module = file.pixelModule();
  const frame = (await file.readFrame(0, module)).bytes.slice();
  await file.close();
  return { module, frame };
}

if (hasTool("dcmcjpls") && hasTool("dump2dcm")) {
  const charls = await loadCharls();
  if (!charls) note("\n(CharLS WASM not found: set DICOMPIX_CHARLS_DIR to a node_modules holding @cornerstonejs/codec-charls)");
  const dir = mkdtempSync(join(tmpdir(), "dicompix-jls-bench-"));
  try {
    const inputs = [
      ["RGB 1280x960 8-bit, DCMTK dcmcjpls lossless (ILV 1)", "rgb", rgbScene(11), 960, 1280, 3, 8],
      ["CT 512x512 BS 12, DCMTK dcmcjpls lossless", "ct", ctSlice(13, { offset: 1024 }), 512, 512, 1, 12],
    ];
    for (const [title, name, pixels, rows, columns, samples, bits] of inputs) {
      const { module, frame } = await dcmtkFrame(dir, name, pixels, rows, columns, samples, bits);
      const dst = new Uint8Array(module.frameByteLength());
      const copy = new Uint8Array(dst.length);
      const ctx = { transferSyntaxUID: LOSSLESS, frameIndex: 0 };
      codec.decodeInto(frame, module, dst, ctx);
      const cases = [
        { name: "memcpy (TypedArray.set) of the decoded frame", reference: true, fn: () => copy.set(dst) },
        { name: "dicompix decode (decodeInto)", fn: () => codec.decodeInto(frame, module, dst, ctx) },
      ];
      if (charls) {
        const theirs = charls(frame);
        const same = theirs.length === dst.length && theirs.every((v, i) => v === dst[i]);
        note(`\n${title}: ${frame.length} coded bytes; CharLS WASM decode ${same ? "identical" : "DIFFERS"}`);
        cases.push({ name: "CharLS WASM decode (@cornerstonejs/codec-charls)", fn: () => charls(frame) });
      }
      await runSuite(title, dst.length, cases);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
