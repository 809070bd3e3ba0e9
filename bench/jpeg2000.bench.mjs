// JPEG 2000 (ITU-T T.800): decode MB/s of DECODED pixel bytes, against TypedArray.prototype.set of the same
// bytes (memcpy) in the same run. dicompix has no JPEG 2000 encoder, so the inputs are real corpus frames
// (when the shared corpus is present): the WG04 lossless CT (5-3, nema-wg04/J2KR/CT1_J2KR), its irreversible
// twin (9-7, J2KI/CT1_J2KI) and the RCT colour frame J2KR/US1_J2KR. Needs `npm run build` (imports dist/).
import { existsSync, readFileSync } from "node:fs";
import { init, getCodec, openDicom } from "../dist/src/index.js";
import { note, runSuite } from "./lib.mjs";

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
  await runSuite(`${path} (${title})`, size, [
    { name: "memcpy (TypedArray.set) of the decoded frame", reference: true, fn: () => copy.set(dst) },
    { name: "dicompix decode (decodeInto)", fn: () => codec.decodeInto(frame, module, dst, ctx) },
  ]);
  ran++;
}
if (ran === 0) note("JPEG 2000 bench: the shared corpus is not present; nothing to run.");
