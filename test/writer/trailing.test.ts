/**
 * Elements after the Pixel Data ((FFFC,FFFC) Data Set Trailing Padding, private elements after group 7FE0)
 * survive transcoding, native and encapsulated, in both directions. Fixtures made with pydicom
 * (test/fixtures/writer/README.md); expected values are those the fixture script wrote, and dcmdump checks
 * the outputs independently.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrame } from "../../src/decode.js";
import { DataSet } from "../../src/part10/dataset.js";
import { openDicom } from "../../src/part10/open.js";
import { MemorySink, writeDicom } from "../../src/part10/writer/index.js";
import { hasCodec } from "../../src/registry.js";
import { transcode } from "../../src/transcode.js";
import { corpusDir } from "../helpers/corpus.js";
import { setupWasm } from "../helpers/wasm.js";
import { dcmdump, tempDir } from "./helpers.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/writer/", import.meta.url));
const tmp = tempDir();
beforeAll(setupWasm);
afterAll(() => tmp.cleanup());

const latin1 = (b: Uint8Array | undefined) => (b ? String.fromCharCode(...b) : undefined);

/** What make-trailing.py put after the Pixel Data: tag -> value bytes as text (padded to even length). */
const EXPECTED: ReadonlyArray<[number, string]> = [
  [0x7fe10010, "DICOMPIX TEST "],
  [0x7fe11001, String.fromCharCode(...Array.from({ length: 10 }, (_, i) => i))],
  [0x7fe11002, "after pixels"],
  [0xfffcfffc, "\0".repeat(16)],
];

async function expectTrailing(path: string): Promise<void> {
  const file = await openDicom(path);
  try {
    const trailing = await file.trailingElements();
    expect(trailing.tags().map((t) => t >>> 0)).toEqual(EXPECTED.map(([t]) => t));
    for (const [tag, text] of EXPECTED) expect(latin1(trailing.get(tag)?.value), tag.toString(16)).toBe(text);
    expect(file.warnings).toEqual([]);
  } finally {
    await file.close();
  }
  const dump = dcmdump(path);
  expect(dump.status).toBe(0);
  expect(dump.stderr).toBe("");
  expect(dump.stdout).toMatch(/\(7fe1,0010\) LO \[DICOMPIX TEST\]/);
  expect(dump.stdout).toMatch(/\(7fe1,1001\) (OB|UN|\?\?) 00\\01\\02\\03\\04\\05\\06\\07\\08\\09/);
  expect(dump.stdout).toMatch(/\(fffc,fffc\) OB 00(\\00){15} /);
  // Nothing after the trailing padding, and it comes after the Pixel Data.
  const lines = dump.stdout.trim().split("\n");
  expect(lines.at(-1)).toMatch(/^\(fffc,fffc\)/);
  expect(lines.findIndex((l) => l.startsWith("(7fe0,0010)"))).toBeLessThan(lines.findIndex((l) => l.startsWith("(7fe1,0010)")));
}

async function framesOf(path: string): Promise<Uint8Array[]> {
  const file = await openDicom(path);
  try {
    const out: Uint8Array[] = [];
    for (let i = 0; i < file.numberOfFrames; i++) out.push((await decodeFrame(file, i)).bytes.slice());
    return out;
  } finally {
    await file.close();
  }
}

describe("elements after the Pixel Data", () => {
  for (const name of ["trailing-explicit-le.dcm", "trailing-implicit-le.dcm"]) {
    it(`are read lazily from ${name}`, async () => {
      await expectTrailing(join(FIXTURES, name));
    });
  }

  it("are not part of the header-only data set", async () => {
    const file = await openDicom(join(FIXTURES, "trailing-explicit-le.dcm"));
    try {
      expect(file.dataset.has(0xfffcfffc)).toBe(false);
    } finally {
      await file.close();
    }
  });

  const targets = ["ExplicitVRLittleEndian", "ImplicitVRLittleEndian", "ExplicitVRBigEndian", "DeflatedExplicitVRLittleEndian", "RLELossless", "JPEGLosslessSV1"];
  for (const target of targets) {
    it(`survive transcoding to ${target} and back to Explicit VR Little Endian`, async () => {
      const src = join(FIXTURES, "trailing-explicit-le.dcm");
      const ts = (await import("../../src/uids.js")).findTransferSyntax(target)!;
      if (ts.encapsulated && !hasCodec(ts.uid)) return; // codec not registered in this build
      const mid = join(tmp.dir, `mid-${target}.dcm`);
      await transcode(src, mid, { transferSyntaxUID: target });
      await expectTrailing(mid);
      const back = join(tmp.dir, `back-${target}.dcm`);
      await transcode(mid, back, { transferSyntaxUID: "ExplicitVRLittleEndian" });
      await expectTrailing(back);
      expect(await framesOf(back)).toEqual(await framesOf(src));
    });
  }

  for (const kind of ["bytes", "a one-pass ReadableStream"] as const) {
    it(`survive transcoding from ${kind} (encapsulated source, read after its frames)`, async () => {
      const rle = join(tmp.dir, `rle-${kind.length}.dcm`);
      await transcode(join(FIXTURES, "trailing-implicit-le.dcm"), rle, { transferSyntaxUID: "RLELossless" });
      const bytes = new Uint8Array(readFileSync(rle));
      const input =
        kind === "bytes"
          ? bytes
          : new ReadableStream<Uint8Array>({
              start(c) {
                for (let i = 0; i < bytes.length; i += 100) c.enqueue(bytes.slice(i, i + 100));
                c.close();
              },
            });
      const out = join(tmp.dir, `from-${kind.length}.dcm`);
      await transcode(input, out, { transferSyntaxUID: "ExplicitVRLittleEndian" });
      await expectTrailing(out);
    });
  }

  const corpusFiles = ["nema-wg04/RLE/CT1_RLE", "dicomParser/CT1_UNC.explicit_big_endian.dcm"];
  for (const name of corpusFiles) {
    const path = join(corpusDir(), name);
    it.skipIf(!existsSync(path))(`keep the corpus file's (FFFC,FFFC) padding: ${name} (dcmdump before and after)`, async () => {
      const padding = (p: string) => dcmdump(p).stdout.split("\n").find((l) => l.startsWith("(fffc,fffc)"));
      const before = padding(path);
      expect(before).toBeDefined();
      for (const target of ["ExplicitVRLittleEndian", "RLELossless"]) {
        const out = join(tmp.dir, `corpus-${target}.dcm`);
        await transcode(path, out, { transferSyntaxUID: target });
        expect(padding(out)).toBe(before);
      }
    });
  }

  it("are left out, with a warning, when the bytes after a wrong Pixel Data length do not parse", async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, "trailing-explicit-le.dcm")));
    const probe = await openDicom(bytes);
    const at = probe.pixelData!.offset - 4; // Explicit VR OW: the 4-byte length just before the value
    await probe.close();
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(at, view.getUint32(at, true) - 6, true); // ends 6 bytes early, inside the pixels
    const file = await openDicom(bytes);
    try {
      expect((await file.trailingElements()).size).toBe(0);
      expect(file.warnings.join("\n")).toMatch(/not valid elements/);
    } finally {
      await file.close();
    }
  });

  it("are merged in tag order with the data set's own elements after the Pixel Data (writeDicom trailing)", async () => {
    const ds = new DataSet();
    ds.setValue(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7");
    ds.setValue(0x00080018, "UI", "2.25.42");
    for (const [tag, vr, v] of [[0x00280002, "US", 1], [0x00280004, "CS", "MONOCHROME2"], [0x00280010, "US", 2], [0x00280011, "US", 2], [0x00280100, "US", 8], [0x00280101, "US", 8], [0x00280102, "US", 7], [0x00280103, "US", 0]] as const) {
      ds.setValue(tag, vr, v);
    }
    ds.setValue(0x7fe11002, "LO", "from data set");
    const trailing = new DataSet();
    trailing.setValue(0x7fe10010, "LO", "CREATOR");
    trailing.setValue(0x7fe11002, "LO", "ignored: the data set has it");
    trailing.set({ tag: 0xfffcfffc, vr: "OB", length: 4, offset: -1, value: new Uint8Array(4) });
    const sink = new MemorySink();
    await writeDicom(sink, ds, {
      transferSyntaxUID: "1.2.840.10008.1.2.1",
      pixelData: { kind: "native", byteLength: 4, chunks: [new Uint8Array([1, 2, 3, 4])], bitsAllocated: 8 },
      trailing: async () => trailing,
    });
    const file = await openDicom(sink.toUint8Array());
    try {
      const after = await file.trailingElements();
      expect(after.tags()).toEqual([0x7fe10010, 0x7fe11002, 0xfffcfffc]);
      expect(after.string(0x7fe11002)).toBe("from data set");
      expect(after.string(0x7fe10010)).toBe("CREATOR");
    } finally {
      await file.close();
    }
  });
});
