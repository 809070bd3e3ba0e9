/**
 * `dicompix render FILE -o out.png`: frames through Modality LUT, VOI LUT and presentation to PNG, with the habits
 * of DCMTK's dcmj2pnm (window and LUT numbers count from 1; `--no-windowing` is dcmj2pnm's `-W`).
 */
import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { UsageError, type CliIO } from "../io.js";
import { openDicom } from "../../part10/open.js";
import { decodeFrame } from "../../decode.js";
import { imagingFromDataSet } from "../../imaging/from-dataset.js";
import { createRenderer, type RenderOptions } from "../../imaging/render.js";
import { renderColorFrame, renderPaletteFrame } from "../../imaging/color.js";
import { paletteFromDataSet } from "../../transforms/palette.js";
import { encodePng } from "../../imaging/png.js";
import type { VoiChoice } from "../../imaging/voi.js";
import { DicomPixelError } from "../../errors.js";

export const summary = "Render frames to PNG through Modality LUT, VOI LUT and presentation";
export const usage =
  "dicompix render FILE -o OUT.png [--frame N | --all-frames] [--voi-window N | --voi-lut N | --window C W | --min-max |\n" +
  "  --percentile LO HI | --no-windowing] [--sigmoid | --linear-exact] [--no-modality] [--inverse | --identity] [--bits 8|16]\n" +
  "  [--lut-bits-from-data] [--quiet] [--json]\n" +
  "  N counts from 1 (as dcmj2pnm). Default VOI: the first window, else the first VOI LUT, else min-max.\n" +
  "  --all-frames writes OUT.1.png, OUT.2.png, ...; --json prints one JSON array of the files written";

function int(name: string, v: string | undefined, lo: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < lo) throw new UsageError(`${name} needs an integer >= ${lo}, got ${JSON.stringify(v)}`);
  return n;
}

function num(name: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${name} needs a number, got ${JSON.stringify(v)}`);
  return n;
}

function numberedName(out: string, frame: number): string {
  const ext = extname(out) || ".png";
  const base = extname(out) ? out.slice(0, -ext.length) : out;
  return `${base}.${frame}${ext}`;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const positional: string[] = [];
  let output: string | undefined;
  let frame = 1;
  let allFrames = false;
  let bits: 8 | 16 = 8;
  let quiet = false;
  let json = false;
  const opts: RenderOptions = {};
  let voi: VoiChoice | undefined;
  const setVoi = (v: VoiChoice) => {
    if (voi !== undefined) throw new UsageError("choose only one of --voi-window, --voi-lut, --window, --min-max, --percentile, --no-windowing");
    voi = v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-o" || a === "--output") output = argv[++i];
    else if (a === "--frame") frame = int(a, argv[++i], 1);
    else if (a === "--all-frames") allFrames = true;
    else if (a === "--voi-window") setVoi({ window: int(a, argv[++i], 1) - 1 });
    else if (a === "--voi-lut") setVoi({ lut: int(a, argv[++i], 1) - 1 });
    else if (a === "--window") {
      const center = num(a, argv[++i]);
      setVoi({ center, width: num(a, argv[++i]) });
    } else if (a === "--min-max") setVoi("min-max");
    else if (a === "--percentile") {
      const lo = num(a, argv[++i]);
      setVoi({ percentile: [lo, num(a, argv[++i])] });
    } else if (a === "--no-windowing") setVoi("none");
    else if (a === "--sigmoid") opts.voiFunction = "SIGMOID";
    else if (a === "--linear-exact") opts.voiFunction = "LINEAR_EXACT";
    else if (a === "--no-modality") opts.modality = false;
    else if (a === "--inverse") opts.presentationLutShape = "INVERSE";
    else if (a === "--identity") opts.presentationLutShape = "IDENTITY";
    else if (a === "--lut-bits-from-data") opts.lutBitsFrom = "data";
    else if (a === "--bits") {
      const b = argv[++i];
      if (b !== "8" && b !== "16") throw new UsageError(`--bits must be 8 or 16, got ${JSON.stringify(b)}`);
      bits = b === "8" ? 8 : 16;
    } else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--json") json = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError("expected one input FILE");
  if (output === undefined) throw new UsageError("-o OUT.png is required");
  if (voi !== undefined) opts.voi = voi;

  // --json: the per-file lines become one array on stdout; warnings stay on stderr unless --quiet.
  const written: { file: string; frame: number; columns: number; rows: number; bits: number; colour: string }[] = [];
  const file = await openDicom(positional[0]!);
  try {
    const count = file.numberOfFrames;
    if (!allFrames && frame > count) {
      throw new DicomPixelError("FRAME_OUT_OF_RANGE", `--frame ${frame} is out of range: the file has ${count} frame(s)`, { frameIndex: frame - 1 });
    }
    const frames = allFrames ? Array.from({ length: count }, (_, i) => i) : [frame - 1];
    const module = file.pixelModule({ lenient: true });
    const grey = module.photometricInterpretation === "MONOCHROME1" || module.photometricInterpretation === "MONOCHROME2";
    const perFrameGroups = file.dataset.has(0x52009230);
    // Enhanced multi-frame: rescale and window may be in the Shared (5200,9229) or Per-frame (5200,9230) groups.
    const levels = bits === 8 ? "gray8" : "gray16";
    // Like dcmj2pnm ("cannot select VOI window"): a chosen window or LUT that is malformed (e.g. Window Width 0)
    // gives a warning and no VOI transform; one that does not exist at all is an error.
    const makeRenderer = (index: number) => {
      const attrs = imagingFromDataSet(file.dataset, { frameIndex: index });
      try {
        return createRenderer(module, attrs, { ...opts, output: levels });
      } catch (e) {
        if (!(e instanceof DicomPixelError && e.code === "INVALID_ATTRIBUTE" && opts.voi !== undefined && typeof opts.voi === "object")) throw e;
        if (!quiet) io.stderr.write(`dicompix render: warning: ${e.message}; rendering without VOI transform\n`);
        return createRenderer(module, attrs, { ...opts, output: levels, voi: "none" });
      }
    };
    let renderer = grey && !perFrameGroups ? makeRenderer(frames[0]!) : undefined;
    let palette: ReturnType<typeof paletteFromDataSet> | undefined;
    for (const index of frames) {
      const decoded = await decodeFrame(file, index, { colorSpace: "rgb", lenient: true });
      let png: Uint8Array;
      if (grey) {
        if (perFrameGroups) {
          renderer = makeRenderer(index);
        }
        const rendered = renderer!.render(decoded.pixels);
        if (!quiet && index === frames[0]) for (const w of rendered.warnings) io.stderr.write(`dicompix render: warning: ${w}\n`);
        png = encodePng(rendered);
      } else if (module.photometricInterpretation === "PALETTE COLOR") {
        palette ??= paletteFromDataSet(file.dataset);
        png = encodePng(renderPaletteFrame(decoded.pixels, module, palette, bits === 8 ? "rgb8" : "rgb16"));
      } else {
        const desc = { ...module.toAttributes(), photometricInterpretation: decoded.photometricInterpretation } as typeof module;
        png = encodePng(renderColorFrame(decoded.pixels, desc, bits === 8 ? "rgb8" : "rgb16"));
      }
      const name = allFrames ? numberedName(output, index + 1) : output;
      await writeFile(name, png);
      written.push({ file: name, frame: index + 1, columns: module.columns, rows: module.rows, bits, colour: grey ? "grey" : "RGB" });
      if (!quiet && !json) io.stdout.write(`${name}: frame ${index + 1} of ${count}, ${module.columns}x${module.rows}, ${bits}-bit ${grey ? "grey" : "RGB"} PNG\n`);
    }
  } finally {
    await file.close();
  }
  if (json) io.stdout.write(JSON.stringify(written) + "\n");
  return 0;
}
