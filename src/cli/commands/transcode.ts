/** `dicompix transcode IN OUT --ts <UID|keyword>`: rewrite a file in another transfer syntax, streaming. */
import { UsageError, type CliIO } from "../io.js";
import { resolveTransferSyntax, transcode } from "../../transcode.js";
import { Progress } from "../progress.js";

export const summary = "Rewrite a DICOM file in another transfer syntax, streaming (frames read, decoded, encoded and written one at a time)";
export const usage =
  "dicompix transcode IN OUT --ts <UID|keyword> [--predictor 1-7] [--quality 1-100] [--ratio R] [--deflate-level 0-9] [--offset-table auto|basic|extended|empty]\n" +
  "  [--trust-stream-colour] [--quiet] [--json]\n" +
  "  --ts accepts a UID (1.2.840.10008.1.2.4.70) or a keyword (JPEGLosslessSV1, RLELossless, ExplicitVRLittleEndian...)\n" +
  "  --trust-stream-colour  when a source JPEG stream's JFIF / Adobe APP14 / component ids contradict (0028,0004)\n" +
  "    Photometric Interpretation, decode as the stream says, with a warning (default: the data set's value wins)\n" +
  "  elements after the Pixel Data (e.g. (FFFC,FFFC) Data Set Trailing Padding) are kept";

function intOption(name: string, value: string | undefined, lo: number, hi: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${name} needs an integer in ${lo}..${hi}, got ${JSON.stringify(value)}`);
  return n;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const positional: string[] = [];
  let ts: string | undefined;
  let predictor: number | undefined;
  let quality: number | undefined;
  let deflateLevel: number | undefined;
  let targetRatio: number | undefined;
  let offsetTable: "auto" | "basic" | "extended" | "empty" | undefined;
  let quiet = false;
  let json = false;
  let trustStream = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--ts" || a === "--transfer-syntax") ts = argv[++i];
    else if (a === "--predictor") predictor = intOption(a, argv[++i], 1, 7);
    else if (a === "--quality") quality = intOption(a, argv[++i], 1, 100);
    else if (a === "--deflate-level") deflateLevel = intOption(a, argv[++i], 0, 9);
    else if (a === "--ratio") {
      targetRatio = Number(argv[++i]);
      if (!(targetRatio > 1) || !Number.isFinite(targetRatio)) throw new UsageError("--ratio must be a number > 1 (JPEG 2000: native bytes / compressed bytes)");
    }
    else if (a === "--offset-table") {
      const v = argv[++i];
      if (v !== "auto" && v !== "basic" && v !== "extended" && v !== "empty") throw new UsageError(`--offset-table must be auto, basic, extended or empty`);
      offsetTable = v;
    } else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--json") json = true;
    else if (a === "--trust-stream-colour" || a === "--trust-stream-color") trustStream = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 2) throw new UsageError("expected IN and OUT");
  if (ts === undefined) throw new UsageError("--ts is required");
  const target = resolveTransferSyntax(ts);
  const [input, output] = positional as [string, string];
  const bar = new Progress(io.stderr, { total: 0, unit: "frames", label: "transcode", quiet: quiet || json, out: io.stdout });
  const progress = bar.active ? bar : undefined;
  const started = performance.now();
  const result = await transcode(input, output, {
    transferSyntaxUID: target.uid,
    ...(predictor !== undefined ? { predictor } : {}),
    ...(quality !== undefined ? { quality } : {}),
    ...(deflateLevel !== undefined ? { deflateLevel } : {}),
    ...(targetRatio !== undefined ? { targetRatio } : {}),
    ...(offsetTable ? { offsetTable } : {}),
    ...(trustStream ? { colorSignals: "stream" as const } : {}),
    onWarning: (m: string) => {
      if (!quiet) bar.warn(`dicompix transcode: warning: ${m}`);
    },
    ...(progress ? { onProgress: (p) => progress.update(p.frame, p.frames, p.bytesWritten) } : {}),
  });
  progress?.done();
  const seconds = (performance.now() - started) / 1000;
  if (json) {
    io.stdout.write(JSON.stringify({ ...result, output, seconds }) + "\n");
  } else if (!quiet) {
    const table = result.basicOffsetTable ? ", Basic Offset Table" : result.extendedOffsetTable ? ", Extended Offset Table" : "";
    io.stdout.write(
      `${output}: ${target.name} (${target.uid}), ${result.frames} frame(s), ${result.bytesWritten} bytes${table}${result.lossy ? ", lossy (new SOP Instance UID)" : ""}, ${seconds.toFixed(2)} s\n`,
    );
  }
  return 0;
}
