/** Element encoding rules: group lengths recalculated, even-length padding per VR, sequences, long values. */
import { describe, expect, it } from "vitest";
import { DataSet } from "../../src/part10/dataset.js";
import { openDicom } from "../../src/part10/open.js";
import { MemorySink, writeDicom } from "../../src/part10/writer/index.js";
import { dcmdump, smallDataSet, tempDir, TS } from "./helpers.js";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const IMG = { rows: 2, columns: 2, samples: 1, bitsAllocated: 8, frames: 1 };
const raw = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

async function roundTrip(ds: DataSet, uid: string = TS.explicitLE, sequenceLength?: "defined" | "undefined") {
  const sink = new MemorySink();
  await writeDicom(sink, ds, { transferSyntaxUID: uid, pixelData: { kind: "native", byteLength: 4, chunks: [new Uint8Array([1, 2, 3, 4])], bitsAllocated: 8 }, ...(sequenceLength ? { sequenceLength } : {}) });
  const bytes = sink.toUint8Array();
  const path = join(tmp.dir, `e-${Math.random().toString(36).slice(2)}.dcm`);
  writeFileSync(path, bytes);
  return { bytes, path, file: await openDicom(bytes) };
}

describe("element encoding", () => {
  it("recalculates group lengths present in the data set, including (7FE0,0000) with the streamed Pixel Data", async () => {
    const ds = smallDataSet(IMG);
    ds.set({ tag: 0x00080000, vr: "UL", length: 4, offset: -1, value: new Uint8Array([1, 0, 0, 0]) });
    ds.set({ tag: 0x00280000, vr: "UL", length: 4, offset: -1, value: new Uint8Array([0, 0, 0, 0]) });
    ds.set({ tag: 0x7fe00000, vr: "UL", length: 4, offset: -1, value: new Uint8Array([0, 0, 0, 0]) });
    const { path } = await roundTrip(ds);
    const d = dcmdump(path, ["+L"]);
    expect(d.stderr).toBe("");
    // Independent check from DCMTK's dump: the sum of (header + value length) of the group's other elements.
    for (const group of ["0008", "0028", "7fe0"]) {
      const lines = d.stdout.split("\n").filter((l) => l.startsWith(`(${group},`));
      const declared = Number(/UL (\d+)/.exec(lines[0]!)![1]);
      let sum = 0;
      for (const l of lines.slice(1)) {
        const m = /^\(\w{4},\w{4}\) (\w\w) .*#\s+(\d+),/.exec(l)!;
        const vr = m[1]!;
        const long = ["OB", "OW", "OF", "SQ", "UT", "UN", "OD", "OL", "OV", "UC", "UR"].includes(vr);
        sum += (long ? 12 : 8) + Number(m[2]);
      }
      expect(declared, `group ${group}`).toBe(sum);
    }
  });

  it("pads odd values: text with a space, UI and binary with NUL", async () => {
    const ds = smallDataSet(IMG);
    ds.set({ tag: 0x00100020, vr: "LO", length: 3, offset: -1, value: raw("ABC") });
    ds.set({ tag: 0x00080018, vr: "UI", length: 5, offset: -1, value: raw("1.2.3") });
    ds.set({ tag: 0x00091010, vr: "OB", length: 3, offset: -1, value: new Uint8Array([7, 8, 9]) });
    const { file } = await roundTrip(ds);
    expect([...file.dataset.get(0x00100020)!.value!]).toEqual([...raw("ABC ")]);
    expect([...file.dataset.get(0x00080018)!.value!]).toEqual([...raw("1.2.3"), 0]);
    expect([...file.dataset.get(0x00091010)!.value!]).toEqual([7, 8, 9, 0]);
    expect(file.meta.string(0x00020003)).toBe("1.2.3");
  });

  for (const mode of ["defined", "undefined"] as const) {
    it(`sequences with ${mode} lengths read back (nested items), DCMTK clean`, async () => {
      const ds = smallDataSet(IMG);
      const inner = new DataSet();
      inner.setValue(0x00080100, "SH", "T-D1100");
      const outer = new DataSet();
      outer.setValue(0x00080104, "LO", "outer");
      outer.set({ tag: 0x00082228, vr: "SQ", length: 0, offset: -1, items: [inner, new DataSet()] });
      ds.set({ tag: 0x00082218, vr: "SQ", length: 0, offset: -1, items: [outer] });
      const { file, path } = await roundTrip(ds, TS.explicitLE, mode);
      const o = file.dataset.sequence(0x00082218)[0]!;
      expect(o.string(0x00080104)).toBe("outer");
      expect(o.sequence(0x00082228).length).toBe(2);
      expect(o.sequence(0x00082228)[0]!.string(0x00080100)).toBe("T-D1100");
      expect(dcmdump(path).stderr).toBe("");
    });
  }

  it("a value longer than 64 KiB in a 2-byte-length VR is written as UN (PS3.5 6.2.2)", async () => {
    const ds = smallDataSet(IMG);
    ds.set({ tag: 0x00091020, vr: "LO", length: 70000, offset: -1, value: new Uint8Array(70000).fill(0x41) });
    const { file } = await roundTrip(ds);
    const e = file.dataset.get(0x00091020)!;
    expect(e.vr).toBe("UN");
    expect(e.value!.length).toBe(70000);
  });

  it("rewrites binary values in the target byte order (LE data set -> Explicit VR Big Endian)", async () => {
    const ds = smallDataSet(IMG);
    const { path } = await roundTrip(ds, TS.explicitBE);
    const d = dcmdump(path);
    expect(d.stdout).toMatch(/\(0028,0010\) US 2 /);
    expect(d.stdout).toMatch(/\(0028,0100\) US 8 /);
  });

  it("refuses a data set without SOP Class UID before touching the destination", async () => {
    const ds = smallDataSet(IMG);
    ds.delete(0x00080016);
    await expect(writeDicom(join(tmp.dir, "never.dcm"), ds, { transferSyntaxUID: TS.explicitLE })).rejects.toMatchObject({ code: "MISSING_ATTRIBUTE" });
    expect(existsSync(join(tmp.dir, "never.dcm"))).toBe(false);
  });
});
