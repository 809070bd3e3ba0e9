/**
 * `dicompix demo` (what `npm start` runs): the reference workload of issue 8. See src/demo/workload.ts.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError, type CliIO } from "../io.js";
import { init } from "../../wasm/module.js";
import { Progress, wantsProgress } from "../progress.js";
import { formatFooter, formatHeader, formatStep, runDemo } from "../../demo/workload.js";
import { SOP_CLASSES, type DemoSop } from "../../demo/dataset.js";

export const summary = "Run the reference workload: a 200-frame 1280x960 RGB secondary capture written natively, transcoded to JPEG Lossless and RLE, verified";
export const usage =
  "dicompix demo [--frames N] [--rows N] [--columns N] [--dir DIR] [--keep] [--sop sc|mf-true-color] [--quiet] [--json]\n" +
  "  defaults: --frames 200 --rows 960 --columns 1280, files in a new folder under the system temp dir, deleted unless --keep";

function int(name: string, v: string | undefined, lo: number, hi: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${name} needs an integer in ${lo}..${hi}, got ${JSON.stringify(v)}`);
  return n;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  let frames = 200;
  let rows = 960;
  let columns = 1280;
  let dir: string | undefined;
  let keep = false;
  let sop: DemoSop = "sc";
  let quiet = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--frames") frames = int(a, argv[++i], 1, 100000);
    else if (a === "--rows") rows = int(a, argv[++i], 1, 65535);
    else if (a === "--columns") columns = int(a, argv[++i], 1, 65535);
    else if (a === "--dir") dir = argv[++i];
    else if (a === "--keep") keep = true;
    else if (a === "--sop") {
      const v = argv[++i];
      if (v === undefined || !(v in SOP_CLASSES)) throw new UsageError(`--sop must be one of ${Object.keys(SOP_CLASSES).join(", ")}`);
      sop = v as DemoSop;
    } else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--json") json = true;
    else throw new UsageError(`unknown option ${a}`);
  }
  if (rows * columns * 3 * frames > 0xfffffffe) throw new UsageError("the native file would exceed 4 GiB of pixel data; use fewer frames or a smaller size");
  await init();
  let workDir: string;
  let ownDir = false;
  if (dir === undefined) {
    workDir = await mkdtemp(join(tmpdir(), "dicompix-demo-"));
    ownDir = true;
  } else {
    workDir = dir;
    await mkdir(workDir, { recursive: true });
  }
  const bar = wantsProgress(io.stderr, quiet || json);
  let current = "";
  let line: Progress | undefined;
  try {
    if (!quiet && !json) {
      const mb = ((frames * rows * columns * 3) / 1e6).toFixed(1);
      io.stdout.write(`dicompix demo: ${frames} frames ${columns}x${rows} RGB 8-bit (${mb} MB of pixel data) in ${workDir}\n\n${formatHeader()}\n`);
    }
    const report = await runDemo({
      frames,
      rows,
      columns,
      dir: workDir,
      keep,
      sop,
      ...(bar
        ? {
            onProgress: (step: string, done: number, total: number, bytes: number) => {
              if (step !== current) {
                line?.done();
                current = step;
                line = new Progress(io.stderr, { total, unit: "frames", label: step.padEnd(16), out: io.stdout });
              }
              line?.update(done, total, bytes);
            },
          }
        : {}),
      onStep: (s) => {
        line?.done();
        line = undefined;
        current = "";
        if (!quiet && !json) io.stdout.write(formatStep(s) + "\n");
      },
    });
    if (json) io.stdout.write(JSON.stringify(report, null, 2) + "\n");
    else if (!quiet) {
      io.stdout.write(`\n${formatFooter(report)}\n`);
      if (keep) io.stdout.write(`files kept in ${workDir}\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    if (ownDir && !keep) await rm(workDir, { recursive: true, force: true });
  }
}
