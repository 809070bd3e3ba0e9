/**
 * Deterministic (seeded) mutation fuzzing of the whole public decode path: openDicom(bytes) -> decodeFrame(file, i).
 *
 * A case passes when every call either succeeds or throws a DicomPixelError with a non-empty code. Anything
 * else (WebAssembly.RuntimeError, TypeError, RangeError from internals, a plain Error) is a failure, as is a
 * frame that takes longer than {@link CASE_BUDGET_MS} (plus 1 s per 32 MiB of output) on these tiny inputs (a hang).
 * A decoded frame must also have the canonical size and value range, and decode identically twice.
 *
 * Mutations are chosen from the structure of the original file (found with openDicom on the unmutated
 * bytes): the Pixel Data element header, the encapsulation items and Basic Offset Table, the RLE header, the
 * JPEG marker segments of the first fragment, the Image Pixel attributes, and random offsets.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { openDicom, type DicomFile } from "../../src/part10/open.js";
import { decodeFrame, type DecodedFrameResult } from "../../src/decode.js";
import { imagingFromDataSet } from "../../src/imaging/from-dataset.js";
import { createRenderer } from "../../src/imaging/render.js";
import { renderColorFrame, renderPaletteFrame } from "../../src/imaging/color.js";
import { encodePng } from "../../src/imaging/png.js";
import { paletteFromDataSet } from "../../src/transforms/palette.js";
import type { DecodeOptions } from "../../src/codecs/codec.js";
import { DicomPixelError } from "../../src/errors.js";
import { getInstance } from "../../src/wasm/module.js";
import { layoutOf, type FuzzTarget } from "./fuzz-targets.js";
import { mutationsFor } from "./fuzz-mutations.js";

export { pickTargets, layoutOf, type FuzzTarget, type Layout } from "./fuzz-targets.js";
export { setAttribute, mutationsFor, type Mutation } from "./fuzz-mutations.js";


/** A decode that takes longer than this on a file of a few KiB is treated as a hang. */
export const CASE_BUDGET_MS = 2000;
/** Frames decoded per mutated input (the chosen files have few; this bounds multi-frame cost). */
const MAX_FRAMES = 4;

export interface CaseFailure {
  file: string;
  mutation: string;
  options: string;
  error: string;
}

/** Decode options tried: the default on every case, the others on a subset. */
export const OPTION_SETS: { name: string; open: { lenient?: boolean }; decode: DecodeOptions; stream?: boolean; render?: boolean; twice?: boolean }[] = [
  { name: "default", open: {}, decode: {} },
  { name: "rgb", open: {}, decode: { colorSpace: "rgb" } },
  { name: "lenient", open: { lenient: true }, decode: { lenient: true }, twice: true },
  { name: "raw+preserve", open: {}, decode: { raw: true, planar: "preserve", maxFrameBytes: 1 << 24 } },
  { name: "stream", open: {}, decode: {}, stream: true, twice: true },
  { name: "render", open: { lenient: true }, decode: { colorSpace: "rgb", lenient: true }, render: true },
];

/** The bytes as a one-pass ReadableStream in 997-byte chunks (the StreamSource path). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + 997));
      at += 997;
    },
  });
}

/** Frame 0 through Modality LUT, VOI, palette or colour rendering and PNG, as `dicompix render` does. */
function renderLikeTheCli(file: DicomFile, decoded: DecodedFrameResult): void {
  const module = decoded.module;
  const pi = module.photometricInterpretation;
  if (pi === "MONOCHROME1" || pi === "MONOCHROME2") {
    const attrs = imagingFromDataSet(file.dataset, { frameIndex: 0 });
    encodePng(createRenderer(module, attrs, { output: "gray8" }).render(decoded.pixels));
  } else if (pi === "PALETTE COLOR") {
    encodePng(renderPaletteFrame(decoded.pixels, module, paletteFromDataSet(file.dataset), "rgb8"));
  } else {
    const desc = { ...module.toAttributes(), photometricInterpretation: decoded.photometricInterpretation } as typeof module;
    encodePng(renderColorFrame(decoded.pixels, desc, "rgb8"));
  }
}

/** Fills the arena's free memory (above its heap top) with 0xA5. */
function scribbleArena(): void {
  const arena = getInstance().arena;
  const mark = arena.mark();
  const all = arena.u8();
  all.fill(0xa5, mark, Math.min(all.length, mark + 2 ** 24));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Canonical form: integer samples masked to Bits Stored and sign-extended (src/pixel-module.ts), 1-bit
 * unpacked to 0/1. A sample outside that range is a codec that skipped masking on a hostile path.
 */
function outOfRange(d: DecodedFrameResult): string | undefined {
  const m = d.module;
  if (m.pixelDataElement !== "PixelData" && m.pixelDataElement !== undefined) return undefined;
  const bs = m.bitsAllocated === 1 ? 1 : m.bitsStored;
  const signed = m.pixelRepresentation === 1 && m.bitsAllocated !== 1;
  const lo = signed ? -(2 ** (bs - 1)) : 0;
  const hi = signed ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
  const px = d.pixels as ArrayLike<number>;
  for (let i = 0; i < px.length; i++) {
    const v = px[i]!;
    if (v < lo || v > hi) return `sample ${i} is ${v}, outside ${lo}..${hi} (Bits Stored ${bs}, Pixel Representation ${m.pixelRepresentation})`;
  }
  return undefined;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 8).join("\n")}`;
  return `non-Error thrown: ${String(e)}`;
}

function acceptable(e: unknown): boolean {
  return e instanceof DicomPixelError && typeof e.code === "string" && e.code.length > 0 && e.code !== "INTERNAL_ERROR";
}

/** Opens and decodes every frame (up to MAX_FRAMES); returns a failure description or undefined. */
export async function runOne(bytes: Uint8Array, options: (typeof OPTION_SETS)[number], outcomes?: Map<string, number>, lastKeys?: string[]): Promise<string | undefined> {
  const note = (k: string) => {
    outcomes?.set(k, (outcomes.get(k) ?? 0) + 1);
    if (lastKeys) lastKeys.push(k);
  };
  const t0 = performance.now();
  const done = () => outcomes?.set("maxMs", Math.max(outcomes.get("maxMs") ?? 0, Math.round(performance.now() - t0)));
  try {
    return await runCase(bytes, options, t0, note);
  } finally {
    done();
  }
}

async function runCase(bytes: Uint8Array, options: (typeof OPTION_SETS)[number], t0: number, note: (k: string) => void): Promise<string | undefined> {
  let file: DicomFile | undefined;
  try {
    file = await openDicom(options.stream ? streamOf(bytes) : bytes, options.open);
  } catch (e) {
    if (acceptable(e)) note(`open:${(e as DicomPixelError).code}`);
    return acceptable(e) ? undefined : `openDicom threw ${describe(e)}`;
  }
  let frames = 1;
  try {
    frames = file.pixelModule({ lenient: options.decode.lenient ?? false }).numberOfFrames;
  } catch (e) {
    if (!acceptable(e)) return `pixelModule threw ${describe(e)}`;
    note(`module:${(e as DicomPixelError).code}`);
  }
  for (let i = 0; i < Math.min(frames, MAX_FRAMES); i++) {
    const started = performance.now();
    let produced = 0;
    try {
      const decoded = await decodeFrame(file, i, options.decode);
      produced = decoded.bytes.length;
      note("decoded");
      // The canonical form's size follows from the pixel module (src/pixel-module.ts): a codec that writes
      // another cell size for a hostile Bits Allocated returns something that is not the canonical form.
      const want = decoded.module.frameByteLength();
      if (decoded.bytes.length !== want) return `decodeFrame(${i}) returned ${decoded.bytes.length} bytes, the canonical frame has ${want} (${JSON.stringify(decoded.module.toAttributes())})`;
      const range = options.decode.raw ? undefined : outOfRange(decoded);
      if (range) return `decodeFrame(${i}): ${range}`;
      if (options.twice && i === 0) {
        // Same input, same output, even with garbage in the free arena memory (no stale bytes in the output).
        scribbleArena();
        const again = await decodeFrame(file, i, options.decode);
        if (!equalBytes(again.bytes, decoded.bytes)) return `decodeFrame(${i}) twice gave different bytes`;
      }
      // Rendering (and PNG deflate) of a big frame costs time in proportion to its size, not a hang: only small ones.
      if (options.render && i === 0 && decoded.bytes.length <= 2 ** 23) {
        renderLikeTheCli(file, decoded);
        note("rendered");
      }
    } catch (e) {
      if (!acceptable(e)) return `decodeFrame(${i}) threw ${describe(e)}`;
      note(`decode:${(e as DicomPixelError).code}`);
    }
    // Per frame: 2 s, plus 1 s per 32 MiB of output (a hostile but valid Rows x Columns makes a big frame).
    const ms = performance.now() - started;
    const budget = CASE_BUDGET_MS + (1000 * produced) / 2 ** 25;
    if (ms > budget) return `frame ${i} took ${ms.toFixed(0)} ms (> ${budget.toFixed(0)} ms): a hang`;
  }
  return undefined;
}

/** Runs every mutation of every target; returns the failures and the number of (input, options) cases run. */
export async function runSweep(targets: FuzzTarget[], randomPerFile: number, seed: number): Promise<{ cases: number; failures: CaseFailure[]; outcomes: Map<string, number>; examples: Map<string, string> }> {
  const failures: CaseFailure[] = [];
  const outcomes = new Map<string, number>();
  /** The first case that gave each outcome (file | mutation | options), to look into rare codes. */
  const examples = new Map<string, string>();
  const dump = process.env.DICOMPIX_FUZZ_DUMP;
  let cases = 0;
  for (let f = 0; f < targets.length; f++) {
    const t = targets[f]!;
    const layout = await layoutOf(t);
    const muts = mutationsFor(t, layout, seed + f * 7919, randomPerFile);
    for (let m = 0; m < muts.length; m++) {
      const mut = muts[m]!;
      const input = mut.apply(t.bytes);
      // Every case with the default options; every fourth also with each other option set.
      const sets = m % 4 === 0 ? OPTION_SETS : [OPTION_SETS[0]!];
      for (const o of sets) {
        cases++;
        const keys: string[] = [];
        const err = await runOne(input, o, outcomes, keys);
        for (const k of keys) if (!examples.has(k)) examples.set(k, `${t.entry.path} | ${mut.name} | ${o.name}`);
        if (err) {
          failures.push({ file: t.entry.path, mutation: mut.name, options: o.name, error: err });
          if (dump) {
            mkdirSync(dump, { recursive: true });
            writeFileSync(join(dump, `${t.entry.path.replace(/[^A-Za-z0-9_.+-]/g, "_")}__${mut.name.replace(/[^A-Za-z0-9_.=@-]/g, "_").slice(0, 80)}.dcm`), input);
          }
        }
      }
    }
  }
  return { cases, failures, outcomes, examples };
}

/** Iterations per file: DICOMPIX_FUZZ_ITERATIONS overrides the default (for long local runs). */
export function iterations(defaultCount: number): number {
  const v = Number(process.env.DICOMPIX_FUZZ_ITERATIONS);
  return Number.isInteger(v) && v > 0 ? v : defaultCount;
}

export function formatFailures(failures: CaseFailure[]): string {
  return failures.map((f) => `${f.file} | ${f.mutation} | options=${f.options}\n  ${f.error.replace(/\n/g, "\n  ")}`).join("\n\n");
}
