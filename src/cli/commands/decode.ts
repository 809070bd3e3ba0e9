/**
 * `dicompix decode FILE -o OUT [--frame N] [--rgb] [--palette]`: writes the canonical decoded bytes
 * (../shared/conformance-data/README.md layout) of all frames concatenated, or of frame N (0-based). Frames
 * are decoded and written one at a time, so memory stays at one frame.
 */
import { open } from "node:fs/promises";
import { UsageError, type CliIO } from "../io.js";
import { decodeFrame } from "../../decode.js";
import { openDicom } from "../../part10/open.js";
import { DicomPixelError } from "../../errors.js";
import { applyPalette, paletteFromDataSet, type PaletteLut } from "../../transforms/palette.js";
import { init } from "../../wasm/module.js";
import { Progress } from "../progress.js";

export const summary = "Write the canonical decoded pixel data of a DICOM file or bare JPEG stream";
export const usage =
  "dicompix decode FILE -o OUT [--frame N] [--rgb] [--palette] [--lenient] [--trust-stream-colour] [--quiet] [--json]\n" +
  "  --rgb      convert YBR colour data to RGB\n" +
  "  --palette  apply the Palette Color LUTs (PALETTE COLOR -> RGB)\n" +
  "  --trust-stream-colour  when a JPEG stream's JFIF / Adobe APP14 / component ids contradict (0028,0004)\n" +
  "             Photometric Interpretation, decode as the stream says, with a warning (default: the data\n" +
  "             set's value wins)\n" +
  "  --quiet    print nothing on success; --json prints {output, frames, bytes, seconds}";

export async function run(argv: string[], io: CliIO): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  let frame: number | undefined;
  let rgb = false;
  let palette = false;
  let lenient = false;
  let quiet = false;
  let json = false;
  let trustStream = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-o" || a === "--output") output = argv[++i];
    else if (a === "--frame") {
      const v = argv[++i];
      frame = Number(v);
      if (v === undefined || !Number.isInteger(frame) || frame < 0) throw new UsageError(`--frame needs a frame index (0-based), got ${JSON.stringify(v)}`);
    } else if (a === "--rgb") rgb = true;
    else if (a === "--palette") palette = true;
    else if (a === "--lenient") lenient = true;
    else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--json") json = true;
    else if (a === "--trust-stream-colour" || a === "--trust-stream-color") trustStream = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (input === undefined) throw new UsageError("expected FILE");
  if (output === undefined) throw new UsageError("-o OUT is required");
  await init();
  const file = await openDicom(input);
  try {
    const module = file.pixelModule({ lenient });
    const frames = frame === undefined ? [...Array(module.numberOfFrames).keys()] : [frame];
    let lut: PaletteLut | undefined;
    if (palette && module.photometricInterpretation === "PALETTE COLOR") lut = paletteFromDataSet(file.dataset);
    const out = await open(output, "w");
    const started = performance.now();
    const progress = new Progress(io.stderr, { total: frames.length, unit: "frames", label: "decode", quiet: quiet || json, out: io.stdout });
    let bytes = 0;
    let done = 0;
    try {
      for (const i of frames) {
        const r = await decodeFrame(file, i, {
          lenient,
          ...(rgb ? { colorSpace: "rgb" as const } : {}),
          ...(trustStream ? { colorSignals: "stream" as const } : {}),
          onWarning: (m: string) => {
            if (!quiet) progress.warn(`dicompix decode: warning: ${m}`);
          },
        });
        let data: Uint8Array = r.bytes;
        if (lut) {
          data = applyPalette(r.bytes, lut, { bitsAllocated: module.bitsAllocated, pixelRepresentation: module.pixelRepresentation }).data;
        }
        await out.write(data);
        bytes += data.length;
        progress.update(++done, frames.length, bytes);
      }
    } finally {
      progress.done();
      await out.close();
    }
    if (frames.length === 0) throw new DicomPixelError("FRAME_OUT_OF_RANGE", "no frames to decode");
    const seconds = (performance.now() - started) / 1000;
    if (json) io.stdout.write(JSON.stringify({ output, frames: frames.length, bytes, seconds }) + "\n");
    else if (!quiet) io.stdout.write(`${output}: ${frames.length} frame(s), ${bytes} bytes\n`);
    return 0;
  } finally {
    await file.close();
  }
}
