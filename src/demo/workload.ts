/**
 * The reference workload (issue 8): a multi-frame RGB secondary capture generated frame by frame, written
 * natively (Explicit VR Little Endian) in bounded memory, transcoded streaming to JPEG Lossless SV1, RLE
 * Lossless and (when its encoder exists) JPEG Baseline, lossless outputs verified frame by frame against the
 * native file. Every step reports size, ratio, wall time, MB/s of pixel data and the peak RSS so far.
 */
import { join } from "node:path";
import { stat, unlink } from "node:fs/promises";
import type { FrameCodec } from "../codecs/codec.js";
import { isDicomPixelError } from "../errors.js";
import { openDicom } from "../part10/open.js";
import { writeDicom } from "../part10/writer/write-dicom.js";
import { getCodec, hasCodec } from "../registry.js";
import { openFrameReader, transcode } from "../transcode.js";
import { ExplicitVRLittleEndian, JPEGBaseline8Bit, JPEGLosslessSV1, RLELossless } from "../uids.js";
import { demoDataSet, type DemoSop } from "./dataset.js";
import { generateFrames } from "./frames.js";
import { collectGarbage, collectGarbageOver } from "./gc.js";

/**
 * External (ArrayBuffer) memory at which the demo collects between frames: about 25 MB are held for the run
 * (kernel module, file buffers), each frame leaves a few MB of garbage, so this collects every 2-4 frames.
 */
const GC_BUDGET_BYTES = 32 * 2 ** 20;

export interface DemoOptions {
  frames: number;
  rows: number;
  columns: number;
  /** Where the files go (created by the caller). */
  dir: string;
  /** Keep the files (default: deleted at the end). */
  keep: boolean;
  sop: DemoSop;
  /** Called with (step label, frames done, frames, bytes) while a step runs. */
  onProgress?: (step: string, done: number, total: number, bytes: number) => void;
  /** Called when a step ends (for plain line output). */
  onStep?: (step: DemoStep) => void;
}

export interface DemoStep {
  step: string;
  transferSyntaxUID: string;
  status: "ok" | "skipped" | "failed";
  /** Why the step was skipped or failed. */
  reason?: string;
  file?: string;
  bytes?: number;
  /** Native pixel bytes / output file bytes. */
  ratio?: number;
  seconds?: number;
  /** Native pixel megabytes (10^6) processed per second. */
  mbPerSecond?: number;
  /** process.resourceUsage().maxRSS so far, in MiB. */
  peakRssMiB?: number;
  /** Lossless outputs: frames compared bit for bit with the native file. */
  verifiedFrames?: number;
}

export interface DemoReport {
  frames: number;
  rows: number;
  columns: number;
  pixelBytes: number;
  steps: DemoStep[];
  peakRssMiB: number;
  ok: boolean;
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The encoder for a syntax, or the reason there is none. */
function encoderFor(uid: string): FrameCodec | string {
  if (!hasCodec(uid)) return "codec not available";
  const codec = getCodec(uid);
  return typeof codec.encodeFrame === "function" ? codec : "encoder not available";
}

/**
 * Decodes every frame of `path` and compares it with the same frame of the native file (its stored bytes are
 * the canonical form for RGB 8-bit). Returns the number of frames compared.
 * @throws Error naming the first frame and byte that differ
 */
export async function verify(path: string, nativePath: string, onFrame: (i: number) => void = () => undefined): Promise<number> {
  collectGarbage(); // the transcode's buffers, before this step allocates its own
  const out = await openDicom(path);
  const ref = await openDicom(nativePath);
  const refFrames = await openFrameReader(ref, nativePath);
  try {
    const module = out.pixelModule();
    const codec = getCodec(out.transferSyntaxUID);
    const dst = new Uint8Array(module.frameByteLength());
    for (let i = 0; i < out.numberOfFrames; i++) {
      const { bytes } = await out.readFrame(i);
      const context = { transferSyntaxUID: out.transferSyntaxUID, frameIndex: i };
      codec.readInfo(bytes, module, context);
      codec.decodeInto(bytes, module, dst, context);
      const expected = (await refFrames.read(i)).bytes;
      if (expected.length !== dst.length) throw new Error(`frame ${i}: ${dst.length} decoded bytes, native frame has ${expected.length}`);
      // Buffer.equals is one memcmp; the first differing byte is looked for only on failure.
      if (!Buffer.from(dst.buffer, dst.byteOffset, dst.length).equals(expected)) {
        const k = dst.findIndex((v, j) => v !== expected[j]);
        throw new Error(`frame ${i} differs from the native file at byte ${k}: ${dst[k]} instead of ${expected[k]}`);
      }
      onFrame(i + 1);
      collectGarbageOver(GC_BUDGET_BYTES);
    }
    return out.numberOfFrames;
  } finally {
    await refFrames.close();
    await out.close();
    await ref.close();
  }
}

/** Runs the workload. Never throws for a codec that is missing or fails: the step says so. */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const { frames, rows, columns, dir } = options;
  const pixelBytes = frames * rows * columns * 3;
  const steps: DemoStep[] = [];
  const files: string[] = [];
  const finish = (s: DemoStep) => {
    steps.push(s);
    options.onStep?.(s);
  };
  const progress = (step: string) => (done: number, total: number, bytes: number) => options.onProgress?.(step, done, total, bytes);

  // 1. Native Explicit VR Little Endian from the generator: one frame buffer, reused.
  const nativePath = join(dir, "demo-native.dcm");
  files.push(nativePath);
  {
    const started = performance.now();
    const dataset = demoDataSet({ rows, columns, frames, sop: options.sop });
    const frameLength = rows * columns * 3;
    const report = progress("write native");
    await writeDicom(nativePath, dataset, {
      transferSyntaxUID: ExplicitVRLittleEndian,
      pixelData: { kind: "native", byteLength: pixelBytes, chunks: generateFrames({ rows, columns }, frames), bitsAllocated: 8 },
      onProgress: (bytes) => report(Math.min(frames, Math.floor(bytes / frameLength)), frames, bytes),
    });
    const seconds = (performance.now() - started) / 1000;
    const bytes = (await stat(nativePath)).size;
    finish({
      step: "Native (Explicit VR LE)",
      transferSyntaxUID: ExplicitVRLittleEndian,
      status: "ok",
      file: nativePath,
      bytes,
      ratio: pixelBytes / bytes,
      seconds,
      mbPerSecond: pixelBytes / 1e6 / seconds,
      peakRssMiB: peakRssMiB(),
    });
  }

  // 2. Transcodes, streaming from the native file.
  const targets: { step: string; uid: string; file: string; lossless: boolean }[] = [
    { step: "JPEG Lossless SV1", uid: JPEGLosslessSV1, file: "demo-jpeg-lossless.dcm", lossless: true },
    { step: "RLE Lossless", uid: RLELossless, file: "demo-rle.dcm", lossless: true },
    { step: "JPEG Baseline", uid: JPEGBaseline8Bit, file: "demo-jpeg-baseline.dcm", lossless: false },
  ];
  for (const t of targets) {
    const encoder = encoderFor(t.uid);
    if (typeof encoder === "string") {
      finish({ step: t.step, transferSyntaxUID: t.uid, status: "skipped", reason: `${t.step}: ${encoder}` });
      continue;
    }
    const path = join(dir, t.file);
    files.push(path);
    collectGarbage(); // the previous step's buffers, before this one allocates its own
    try {
      const started = performance.now();
      let lastFrame = -1;
      const result = await transcode(nativePath, path, {
        transferSyntaxUID: t.uid,
        onProgress: (p) => {
          if (p.frame !== lastFrame) {
            lastFrame = p.frame;
            collectGarbageOver(GC_BUDGET_BYTES);
          }
          progress(`-> ${t.step}`)(p.frame, p.frames, p.bytesWritten);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const bytes = (await stat(path)).size;
      const step: DemoStep = {
        step: t.step,
        transferSyntaxUID: t.uid,
        status: "ok",
        file: path,
        bytes,
        ratio: pixelBytes / bytes,
        seconds,
        mbPerSecond: pixelBytes / 1e6 / seconds,
        peakRssMiB: peakRssMiB(),
      };
      if (!result.basicOffsetTable) {
        step.status = "failed";
        step.reason = "no Basic Offset Table was written";
      } else if (t.lossless) {
        step.verifiedFrames = await verify(path, nativePath, (i) => progress(`verify ${t.step}`)(i, frames, 0));
        step.peakRssMiB = peakRssMiB();
      }
      finish(step);
    } catch (e) {
      // An encoder that exists but says it cannot encode yet is a skip, not a failure.
      const unsupported = isDicomPixelError(e, "UNSUPPORTED_FEATURE") || isDicomPixelError(e, "UNSUPPORTED_TRANSFER_SYNTAX");
      const reason = e instanceof Error ? e.message : String(e);
      finish({ step: t.step, transferSyntaxUID: t.uid, status: unsupported ? "skipped" : "failed", reason: unsupported ? `${t.step}: ${reason}` : reason });
    }
  }

  if (!options.keep) for (const f of files) await unlink(f).catch(() => undefined);
  return {
    frames,
    rows,
    columns,
    pixelBytes,
    steps,
    peakRssMiB: peakRssMiB(),
    ok: steps.every((s) => s.status !== "failed"),
  };
}

/** Column titles of the report table. */
export function formatHeader(): string {
  return `${"step".padEnd(26)}${"size MB".padStart(10)}${"ratio".padStart(8)}${"time s".padStart(9)}${"MB/s".padStart(8)}${"peak RSS MiB".padStart(14)}  check`;
}

/** The closing line of the report. */
export function formatFooter(r: DemoReport): string {
  return `peak RSS ${r.peakRssMiB.toFixed(1)} MiB; ${r.ok ? "all steps passed" : "SOME STEPS FAILED"}`;
}

/** The whole report as aligned text lines. */
export function formatReport(r: DemoReport): string {
  const title = `dicompix demo: ${r.frames} frames ${r.columns}x${r.rows} RGB 8-bit, ${(r.pixelBytes / 1e6).toFixed(1)} MB of pixel data`;
  return [title, "", formatHeader(), ...r.steps.map(formatStep), "", formatFooter(r)].join("\n");
}

export function formatStep(s: DemoStep): string {
  if (s.status !== "ok") return `${s.step.padEnd(26)}${s.status === "skipped" ? "skipped" : "FAILED"}: ${s.reason ?? ""}`;
  const check = s.verifiedFrames !== undefined ? `${s.verifiedFrames} frames identical` : s.transferSyntaxUID === JPEGBaseline8Bit ? "lossy, not compared" : "";
  return (
    s.step.padEnd(26) +
    ((s.bytes ?? 0) / 1e6).toFixed(1).padStart(10) +
    (s.ratio ?? 0).toFixed(2).padStart(8) +
    (s.seconds ?? 0).toFixed(2).padStart(9) +
    (s.mbPerSecond ?? 0).toFixed(0).padStart(8) +
    (s.peakRssMiB ?? 0).toFixed(1).padStart(14) +
    `  ${check}`
  );
}
