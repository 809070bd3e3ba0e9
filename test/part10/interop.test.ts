/** dcmjs (an independent parser, devDependency) headers as DataSets give the same pixel module as our reader. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { dataSetFromDcmjsDict, dataSetFromDicomParser, dataSetFromNaturalized } from "../../src/part10/interop.js";
import { pixelModuleOf } from "../../src/part10/pixel-attributes.js";
import { openDicom } from "../../src/part10/open.js";
import { PixelModule } from "../../src/pixel-module.js";
import { Tag } from "../../src/part10/tags.js";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";
import { join } from "node:path";
import { concat, el, pixelModule } from "./build.js";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const dcmjs = require("dcmjs") as any;

describe.skipIf(!corpusAvailable())("interop with dcmjs", () => {
  for (const name of ["pydicom/MR_small.dcm", "pydicom/SC_rgb_rle_2frame.dcm", "pydicom/examples_palette.dcm"]) {
    it(`${name}: dcmjs naturalized and dict headers give our reader's pixel module`, async () => {
      const bytes = readFileSync(join(corpusDir(), name));
      const message = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict);
      const ours = (await openDicom(new Uint8Array(bytes))).pixelModule().toAttributes();
      expect(pixelModuleOf(dataSetFromNaturalized(natural)).toAttributes()).toEqual(ours);
      expect(pixelModuleOf(dataSetFromDcmjsDict(message.dict)).toAttributes()).toEqual(ours);
      expect(PixelModule.from(natural).toAttributes()).toEqual(ours);
    });
  }

  it("keeps sequences from a naturalized data set", () => {
    const ds = dataSetFromNaturalized({ Rows: 4, ReferencedImageSequence: [{ ReferencedSOPInstanceUID: "1.2.3" }] });
    expect(ds.number(Tag.Rows)).toBe(4);
    expect(ds.sequence(0x00081140)[0]!.string(0x00081155)).toBe("1.2.3");
  });
});

describe("interop with a dicom-parser DataSet shape", () => {
  it("reads elements by offset from the byte array", () => {
    const body = concat(pixelModule(3, 5, 1, 8), el(0x7fe00010, "OB", new Uint8Array(16)));
    // Offsets of Rows and Columns values found by scanning (explicit VR LE, 8-byte headers).
    const find = (tag: number) => {
      for (let i = 0; i + 8 <= body.length; i++) {
        const t = ((body[i]! | (body[i + 1]! << 8)) << 16) | (body[i + 2]! | (body[i + 3]! << 8));
        if (t >>> 0 === tag && body[i + 4] === 0x55 && body[i + 5] === 0x53) return i + 8;
      }
      throw new Error("not found");
    };
    const parsed = {
      byteArray: body,
      elements: {
        x00280010: { tag: "x00280010", vr: "US", length: 2, dataOffset: find(Tag.Rows) },
        x00280011: { tag: "x00280011", length: 2, dataOffset: find(Tag.Columns) },
      },
    };
    const ds = dataSetFromDicomParser(parsed);
    expect(ds.number(Tag.Rows)).toBe(3);
    expect(ds.number(Tag.Columns)).toBe(5);
    expect(ds.get(Tag.Columns)?.vr).toBe("US");
  });
});
