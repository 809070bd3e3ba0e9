/**
 * Encapsulated Pixel Data: Basic Offset Table computed / reserved and written back / empty on streams,
 * Extended Offset Table, parsed back by a plain TS parser written here; DCMTK reads the files; transcode to
 * RLE (and JPEG Lossless when its encoder exists) decoded by DCMTK as the oracle.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemorySink, writeDicom } from "../../src/part10/writer/index.js";
import { getCodec, hasCodec } from "../../src/registry.js";
import { transcode } from "../../src/transcode.js";
import { setupWasm } from "../helpers/wasm.js";
import { dcmdump, frameBytes, smallDataSet, tempDir, TS, type SmallImage } from "./helpers.js";

const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

const RLE = "1.2.840.10008.1.2.5";
const IMG: SmallImage = { rows: 6, columns: 5, samples: 1, bitsAllocated: 8, frames: 4 };

interface Parsed {
  bot: number[];
  eot?: bigint[];
  eotLengths?: bigint[];
  /** Offset (relative to the first item after the BOT) and bytes of each fragment. */
  fragments: { offset: number; bytes: Uint8Array }[];
}

/** Independent parser: finds (7FE0,0010) with undefined length at the end of an Explicit VR LE file. */
function parseEncapsulated(file: Uint8Array): Parsed {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = -1;
  for (let i = 132; i + 12 <= file.length; i++) {
    if (view.getUint32(i, true) === 0x00107fe0 && file[i + 4] === 0x4f && file[i + 5] === 0x42 && view.getUint32(i + 8, true) === 0xffffffff) at = i;
  }
  if (at < 0) throw new Error("no encapsulated Pixel Data");
  const u64s = (tag: number): bigint[] | undefined => {
    for (let i = 132; i < at; i++) {
      if (view.getUint16(i, true) === 0x7fe0 && view.getUint16(i + 2, true) === tag && file[i + 4] === 0x4f && file[i + 5] === 0x56) {
        const len = view.getUint32(i + 8, true);
        return Array.from({ length: len / 8 }, (_, k) => view.getBigUint64(i + 12 + 8 * k, true));
      }
    }
    return undefined;
  };
  let p = at + 12;
  expect(view.getUint32(p, true)).toBe(0xe000fffe);
  const botLen = view.getUint32(p + 4, true);
  const bot = Array.from({ length: botLen / 4 }, (_, k) => view.getUint32(p + 8 + 4 * k, true));
  p += 8 + botLen;
  const first = p;
  const fragments: Parsed["fragments"] = [];
  for (;;) {
    const tag = view.getUint32(p, true);
    const len = view.getUint32(p + 4, true);
    if (tag === 0xe0ddfffe) break;
    expect(tag).toBe(0xe000fffe);
    fragments.push({ offset: p - first, bytes: file.subarray(p + 8, p + 8 + len) });
    p += 8 + len;
  }
  const eot = u64s(0x0001);
  const eotLengths = u64s(0x0002);
  return { bot, fragments, ...(eot ? { eot } : {}), ...(eotLengths ? { eotLengths } : {}) };
}

const fakeFrames = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array(10 + 3 * i).fill(i + 1));

async function* streamed<T>(items: T[]): AsyncGenerator<T> {
  for (const it of items) yield it;
}

const ENC = "1.2.840.10008.1.2.4.70";

describe("encapsulated Pixel Data and offset tables", () => {
  it("frames given as an array: BOT computed, odd fragments padded", async () => {
    const frames = fakeFrames(4);
    const sink = new MemorySink();
    const r = await writeDicom(sink, smallDataSet(IMG), { transferSyntaxUID: ENC, pixelData: { kind: "encapsulated", numberOfFrames: 4, frames } });
    expect(r.pixelData?.basicOffsetTable).toBe(true);
    const parsed = parseEncapsulated(sink.toUint8Array());
    expect(parsed.fragments.map((f) => f.offset)).toEqual(parsed.bot);
    parsed.fragments.forEach((f, i) => {
      expect(f.bytes.length % 2).toBe(0);
      expect(f.bytes.subarray(0, frames[i]!.length)).toEqual(frames[i]);
    });
  });

  it("streamed to a file: BOT reserved and written back; dcmdump reads it without warnings", async () => {
    const frames = fakeFrames(4);
    const path = join(tmp.dir, "bot.dcm");
    const r = await writeDicom(path, smallDataSet(IMG), {
      transferSyntaxUID: ENC,
      pixelData: { kind: "encapsulated", numberOfFrames: 4, frames: streamed(frames), maxTotalBytes: 1000 },
    });
    expect(r.pixelData?.basicOffsetTable).toBe(true);
    const parsed = parseEncapsulated(new Uint8Array(readFileSync(path)));
    expect(parsed.bot).toEqual(parsed.fragments.map((f) => f.offset));
    const d = dcmdump(path);
    expect(d.stderr).toBe("");
    expect(d.stdout).toMatch(/\(fffe,e000\) pi \(no value available\)|\(fffe,e000\) pi [0-9a-f\\]+/);
  });

  it("several fragments per frame: BOT points at each frame's first fragment", async () => {
    const frames = [[new Uint8Array(4), new Uint8Array(6)], [new Uint8Array(8)], [new Uint8Array(2), new Uint8Array(2), new Uint8Array(2)]];
    const sink = new MemorySink();
    await writeDicom(sink, smallDataSet({ ...IMG, frames: 3 }), {
      transferSyntaxUID: ENC,
      pixelData: { kind: "encapsulated", numberOfFrames: 3, frames: streamed(frames), offsetTable: "basic" },
    });
    const parsed = parseEncapsulated(sink.toUint8Array());
    expect(parsed.fragments.length).toBe(6);
    expect(parsed.bot).toEqual([0, 8 + 4 + 8 + 6, 8 + 4 + 8 + 6 + 8 + 8]);
  });

  it("a non-seekable stream gets an empty BOT (never a wrong one)", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const r = await writeDicom(out, smallDataSet(IMG), { transferSyntaxUID: ENC, pixelData: { kind: "encapsulated", numberOfFrames: 4, frames: streamed(fakeFrames(4)) } });
    expect(r.pixelData?.basicOffsetTable).toBe(false);
    const parsed = parseEncapsulated(new Uint8Array(Buffer.concat(chunks)));
    expect(parsed.bot).toEqual([]);
    expect(parsed.fragments.length).toBe(4);
  });

  it("asking for a BOT on a stream with streamed frames is refused", async () => {
    await expect(
      writeDicom(new PassThrough(), smallDataSet(IMG), { transferSyntaxUID: ENC, pixelData: { kind: "encapsulated", numberOfFrames: 4, frames: streamed(fakeFrames(4)), offsetTable: "basic" } }),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  for (const how of ["streamed", "array"] as const) {
    it(`Extended Offset Table (${how}): offsets and lengths right, BOT empty, dcmdump clean`, async () => {
      const frames = fakeFrames(4);
      const path = join(tmp.dir, `eot-${how}.dcm`);
      await writeDicom(path, smallDataSet(IMG), {
        transferSyntaxUID: ENC,
        pixelData: { kind: "encapsulated", numberOfFrames: 4, frames: how === "array" ? frames : streamed(frames), offsetTable: "extended" },
      });
      const parsed = parseEncapsulated(new Uint8Array(readFileSync(path)));
      expect(parsed.bot).toEqual([]);
      expect(parsed.eot).toEqual(parsed.fragments.map((f) => BigInt(f.offset)));
      expect(parsed.eotLengths).toEqual(parsed.fragments.map((f) => BigInt(f.bytes.length)));
      expect(dcmdump(path).stderr).toBe("");
    });
  }

  it("a frame count that differs from numberOfFrames is an error", async () => {
    await expect(
      writeDicom(new MemorySink(), smallDataSet(IMG), { transferSyntaxUID: ENC, pixelData: { kind: "encapsulated", numberOfFrames: 5, frames: streamed(fakeFrames(4)) } }),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

function dcmtkDecode(tool: string, path: string, out: string): Uint8Array {
  const r = spawnSync(tool, [path, out], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const file = new Uint8Array(readFileSync(out));
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let i = 132; i + 12 <= file.length; i++) {
    if (view.getUint32(i, true) === 0x00107fe0 && file[i + 4] === 0x4f) return file.subarray(i + 12, i + 12 + view.getUint32(i + 8, true));
  }
  throw new Error("no native Pixel Data in DCMTK output");
}

/** Colour-by-pixel -> colour-by-plane for 8-bit samples (plain TS reference). */
function toPlanar(frame: Uint8Array, samples: number): Uint8Array {
  const n = frame.length / samples;
  const out = new Uint8Array(frame.length);
  for (let p = 0; p < n; p++) for (let s = 0; s < samples; s++) out[s * n + p] = frame[p * samples + s]!;
  return out;
}

const CODEC_TARGETS: { name: string; uid: string; tool: string }[] = [
  { name: "RLE Lossless", uid: RLE, tool: "dcmdrle" },
  { name: "JPEG Lossless SV1", uid: "1.2.840.10008.1.2.4.70", tool: "dcmdjpeg" },
];

describe("transcode to encapsulated syntaxes, decoded by DCMTK", () => {
  for (const target of CODEC_TARGETS) {
    const available = hasCodec(target.uid) && typeof getCodec(target.uid).encodeFrame === "function";
    for (const img of [IMG, { rows: 7, columns: 5, samples: 3, bitsAllocated: 8, frames: 3 }, { rows: 4, columns: 9, samples: 1, bitsAllocated: 16, bitsStored: 12, frames: 2 }] as SmallImage[]) {
      const label = `${target.name}: ${img.samples}x${img.bitsAllocated}-bit, ${img.frames} frames`;
      it.skipIf(!available)(label, async () => {
        const src = join(tmp.dir, `src-${img.samples}-${img.bitsAllocated}.dcm`);
        const frames = Array.from({ length: img.frames }, (_, i) => frameBytes(img, i));
        await writeDicom(src, smallDataSet(img), {
          transferSyntaxUID: TS.explicitLE,
          pixelData: { kind: "native", byteLength: frames.reduce((n, f) => n + f.length, 0), chunks: frames, bitsAllocated: img.bitsAllocated },
        });
        const dst = join(tmp.dir, `dst-${target.tool}-${img.samples}-${img.bitsAllocated}.dcm`);
        const r = await transcode(src, dst, { transferSyntaxUID: target.uid });
        expect(r.basicOffsetTable).toBe(true);
        expect(r.lossy).toBe(false);
        const parsed = parseEncapsulated(new Uint8Array(readFileSync(dst)));
        expect(parsed.fragments.length).toBe(img.frames);
        expect(parsed.bot).toEqual(parsed.fragments.map((f) => f.offset));
        expect(dcmdump(dst).stderr).toBe("");
        const native = dcmtkDecode(target.tool, dst, join(tmp.dir, `dcmtk-${target.tool}-${img.samples}-${img.bitsAllocated}.dcm`));
        // DCMTK's RLE decoder writes colour-by-plane (Planar Configuration 1): interleave before comparing.
        const planar = /\(0028,0006\) US 1/.test(dcmdump(join(tmp.dir, `dcmtk-${target.tool}-${img.samples}-${img.bitsAllocated}.dcm`)).stdout);
        const expected = Buffer.concat(planar ? frames.map((f) => toPlanar(f, img.samples)) : frames);
        expect(Buffer.from(native.subarray(0, expected.length)).equals(expected)).toBe(true);
      });
    }
  }
});
