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

export const summary = "Write the canonical decoded pixel data of a DICOM file or bare JPEG stream";
export const usage =
  "dicompix decode FILE -o OUT [--frame N] [--rgb] [--palette] [--lenient]\n" +
  "  --rgb      convert YBR colour data to RGB\n" +
  "  --palette  apply the Palette Color LUTs (PALETTE COLOR -> RGB)";

export async function run(argv: string[], io: CliIO): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  let frame: number | undefined;
  let rgb = false;
  let palette = false;
  let lenient = false;
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
    let bytes = 0;
    try {
      for (const i of frames) {
        const r = await decodeFrame(file, i, rgb ? { lenient, colorSpace: "rgb" } : { lenient });
        let data: Uint8Array = r.bytes;
        if (lut) {
          data = applyPalette(r.bytes, lut, { bitsAllocated: module.bitsAllocated, pixelRepresentation: module.pixelRepresentation }).data;
        }
        await out.write(data);
        bytes += data.length;
      }
    } finally {
      await out.close();
    }
    if (frames.length === 0) throw new DicomPixelError("FRAME_OUT_OF_RANGE", "no frames to decode");
    io.stdout.write(`${output}: ${frames.length} frame(s), ${bytes} bytes\n`);
    return 0;
  } finally {
    await file.close();
  }
}
