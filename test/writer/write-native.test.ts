import { existsSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeDicom, MemorySink } from "../../src/part10/writer/index.js";
import { dcmdump, frameBytes, smallDataSet, tempDir, TS, type SmallImage } from "./helpers.js";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const IMG16: SmallImage = { rows: 5, columns: 3, samples: 1, bitsAllocated: 16, bitsStored: 12, frames: 3 };

describe("writeDicom native, read back by dcmdump", () => {
  for (const [name, uid] of Object.entries(TS)) {
    it(`${name}: dcmdump reads it without warnings`, async () => {
      const ds = smallDataSet(IMG16);
      const frames = [0, 1, 2].map((i) => frameBytes(IMG16, i));
      const path = join(tmp.dir, `${name}.dcm`);
      await writeDicom(path, ds, {
        transferSyntaxUID: uid,
        pixelData: { kind: "native", byteLength: 90, chunks: frames, bitsAllocated: 16 },
      });
      const r = dcmdump(path, ["+L"]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`(0002,0010) UI =`);
      expect(r.stdout).toMatch(/\(0010,0010\) PN \[Doe\^Jane\]/);
      expect(r.stdout).toMatch(/\(0008,0100\) SH \[121327\]/);
      expect(r.stdout).toMatch(/\(7fe0,0010\) OW .*# +90,/);
      expect(r.stdout).toMatch(/\(0002,0012\) UI \[2\.25\.290201792635311050188002709251357602457\]/);
    });
  }

  it("the File Meta group length counts the meta elements", async () => {
    const sink = new MemorySink();
    await writeDicom(sink, smallDataSet(IMG16), {
      transferSyntaxUID: TS.explicitLE,
      pixelData: { kind: "native", byteLength: 90, chunks: [new Uint8Array(90)], bitsAllocated: 16 },
    });
    const bytes = sink.toUint8Array();
    expect(new TextDecoder().decode(bytes.subarray(128, 132))).toBe("DICM");
    const view = new DataView(bytes.buffer);
    const groupLength = view.getUint32(132 + 8, true);
    // the first element after the meta group is in group 0008
    const next = 132 + 12 + groupLength;
    expect(view.getUint16(next, true)).toBe(0x0008);
    expect(view.getUint16(next - 2 - 2 - 2, true)).not.toBe(0x0008);
  });

  it("rejects chunks that do not add up to byteLength", async () => {
    await expect(
      writeDicom(new MemorySink(), smallDataSet(IMG16), {
        transferSyntaxUID: TS.explicitLE,
        pixelData: { kind: "native", byteLength: 90, chunks: [new Uint8Array(60)], bitsAllocated: 16 },
      }),
    ).rejects.toMatchObject({ code: "NOT_ENOUGH_PIXEL_DATA" });
  });

  it("every destination kind gets the same bytes: memory, path, FileHandle, WritableStream, Node Writable", async () => {
    const opts = () => ({
      transferSyntaxUID: TS.explicitLE,
      pixelData: { kind: "native" as const, byteLength: 90, chunks: [frameBytes(IMG16, 0), frameBytes(IMG16, 1), frameBytes(IMG16, 2)], bitsAllocated: 16 },
    });
    const ds = smallDataSet(IMG16);
    const mem = new MemorySink();
    await writeDicom(mem, ds, opts());
    const expected = Buffer.from(mem.toUint8Array());

    const path = join(tmp.dir, "dest-path.dcm");
    await writeDicom(path, ds, opts());
    expect(readFileSync(path).equals(expected)).toBe(true);

    const handlePath = join(tmp.dir, "dest-handle.dcm");
    const handle = await open(handlePath, "w");
    await writeDicom(handle, ds, opts());
    await handle.close();
    expect(readFileSync(handlePath).equals(expected)).toBe(true);

    const webChunks: Uint8Array[] = [];
    await writeDicom(new WritableStream<Uint8Array>({ write: (c) => void webChunks.push(c) }), ds, opts());
    expect(Buffer.concat(webChunks).equals(expected)).toBe(true);

    const nodeChunks: Buffer[] = [];
    const pass = new PassThrough();
    pass.on("data", (c: Buffer) => nodeChunks.push(c));
    await writeDicom(pass, ds, opts());
    expect(Buffer.concat(nodeChunks).equals(expected)).toBe(true);
  });

  it("a failed write to a path leaves no partial file", async () => {
    const path = join(tmp.dir, "partial.dcm");
    async function* failing() {
      yield new Uint8Array(30);
      throw new Error("source broke");
    }
    await expect(
      writeDicom(path, smallDataSet(IMG16), { transferSyntaxUID: TS.explicitLE, pixelData: { kind: "native", byteLength: 90, chunks: failing(), bitsAllocated: 16 } }),
    ).rejects.toThrow("source broke");
    expect(existsSync(path)).toBe(false);
  });

  it("dcmdump sees the pixel values of an Explicit VR Big Endian file in the right order", async () => {
    const path = join(tmp.dir, "be.dcm");
    const f = new Uint16Array([0x0102, 0x0304, 0x0a0b]);
    const img: SmallImage = { rows: 1, columns: 3, samples: 1, bitsAllocated: 16, frames: 1 };
    await writeDicom(path, smallDataSet(img), { transferSyntaxUID: TS.explicitBE, pixelData: { kind: "native", byteLength: 6, chunks: [f], bitsAllocated: 16 } });
    const r = dcmdump(path, ["+L"]);
    expect(r.stdout).toMatch(/\(7fe0,0010\) OW 0102\\0304\\0a0b/);
    const raw = readFileSync(path);
    expect([...raw.subarray(raw.length - 6)]).toEqual([1, 2, 3, 4, 10, 11]);
  });
});
