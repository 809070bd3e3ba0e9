/** `dicompix transcode` and the attributes transcoding updates (lossy attributes, SOP Instance UID). */
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as transcodeCmd from "../../src/cli/commands/transcode.js";
import { UsageError } from "../../src/cli/io.js";
import { openDicom } from "../../src/part10/open.js";
import { writeDicom } from "../../src/part10/writer/index.js";
import { getCodec, hasCodec } from "../../src/registry.js";
import { transcode } from "../../src/transcode.js";
import { setupWasm } from "../helpers/wasm.js";
import { dcmdump, frameBytes, smallDataSet, tempDir, TS, type SmallImage } from "./helpers.js";

const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

const IMG: SmallImage = { rows: 16, columns: 16, samples: 3, bitsAllocated: 8, frames: 2 };

async function source(): Promise<string> {
  const path = join(tmp.dir, "src.dcm");
  const frames = [0, 1].map((i) => frameBytes(IMG, i));
  await writeDicom(path, smallDataSet(IMG), { transferSyntaxUID: TS.explicitLE, pixelData: { kind: "native", byteLength: 1536, chunks: frames, bitsAllocated: 8 } });
  return path;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  let stdout = "";
  out.on("data", (c: Buffer) => (stdout += c.toString()));
  try {
    return { code: await transcodeCmd.run(argv, { stdout: out, stderr: new PassThrough() }), stdout };
  } catch (e) {
    if (e instanceof UsageError) return { code: 1, stdout };
    throw e;
  }
}

describe("dicompix transcode", () => {
  it("accepts a keyword and reports what it wrote (--json)", async () => {
    const src = await source();
    const dst = join(tmp.dir, "rle.dcm");
    const r = await cli([src, dst, "--ts", "RLELossless", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { transferSyntaxUID: string; frames: number; basicOffsetTable: boolean };
    expect(j).toMatchObject({ transferSyntaxUID: "1.2.840.10008.1.2.5", frames: 2, basicOffsetTable: true });
    expect(dcmdump(dst).stdout).toContain("(0002,0010) UI =RLELossless");
  });

  it("needs --ts and two paths", async () => {
    expect((await cli(["a.dcm", "b.dcm"])).code).toBe(1);
    expect((await cli(["a.dcm", "--ts", "RLELossless"])).code).toBe(1);
  });

  it("rejects an unknown transfer syntax with a DicomPixelError", async () => {
    await expect(cli([await source(), join(tmp.dir, "x.dcm"), "--ts", "NoSuchSyntax"])).rejects.toMatchObject({ code: "UNSUPPORTED_TRANSFER_SYNTAX" });
  });
});

describe("attributes updated by transcoding", () => {
  it("lossless: SOP Instance UID kept, no lossy attributes added", async () => {
    const dst = join(tmp.dir, "ll.dcm");
    const r = await transcode(await source(), dst, { transferSyntaxUID: "1.2.840.10008.1.2.5" });
    expect(r.lossy).toBe(false);
    const f = await openDicom(dst);
    expect(f.dataset.string(0x00080018)).toBe("2.25.1234567890123456789");
    expect(f.meta.string(0x00020003)).toBe("2.25.1234567890123456789");
    expect(f.dataset.has(0x00282110)).toBe(false);
    // RLE colour segments are colour-by-plane: Planar Configuration 1 (PS3.5 G.2 note)
    expect(f.dataset.number(0x00280006)).toBe(1);
    await f.close();
  });

  const baseline = "1.2.840.10008.1.2.4.50";
  const baselineReady = hasCodec(baseline) && typeof getCodec(baseline).encodeFrame === "function";
  it.skipIf(!baselineReady)("lossy (JPEG Baseline): new SOP Instance UID, (0028,2110/2112/2114), photometric from the encoder", async () => {
    const dst = join(tmp.dir, "lossy.dcm");
    let r;
    try {
      r = await transcode(await source(), dst, { transferSyntaxUID: baseline });
    } catch (e) {
      if ((e as { code?: string }).code === "UNSUPPORTED_FEATURE") return; // encoder stub
      throw e;
    }
    expect(r.lossy).toBe(true);
    const f = await openDicom(dst);
    expect(f.dataset.string(0x00080018)).not.toBe("2.25.1234567890123456789");
    expect(f.meta.string(0x00020003)).toBe(f.dataset.string(0x00080018));
    expect(f.dataset.string(0x00282110)).toBe("01");
    // The whole image's ratio: decoded bytes of all frames / bytes of all fragments (padding included).
    const ratio = Number(f.dataset.strings(0x00282112)[0]);
    const frag = (await Promise.all([0, 1].map((i) => f.readFrame(i)))).reduce((n, fr) => n + fr.bytes.length, 0);
    expect(Math.abs(ratio - (2 * 768) / frag) / ratio).toBeLessThan(0.01);
    expect(f.dataset.strings(0x00282114)).toEqual(["ISO_10918_1"]);
    expect(f.dataset.string(0x00280004)).toMatch(/^YBR_FULL_422$|^YBR_FULL$|^RGB$/);
    await f.close();
    expect(dcmdump(dst).stderr).toBe("");
  });
});
