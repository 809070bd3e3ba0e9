// The pipeline on typed arrays: modality (signed results, LUT replaces rescale), VOI selection, MONOCHROME1 and
// Presentation LUT Shape, output layouts, PNG. Expected values come from the formulas of PS3.3 C.11 written here.
import { beforeAll, describe, expect, it } from "vitest";
import { decode } from "fast-png";
import { init } from "../../src/wasm/module.js";
import { applyModalityLut, resolveModality } from "../../src/imaging/modality.js";
import { createRenderer, renderFrame } from "../../src/imaging/render.js";
import { renderColorFrame } from "../../src/imaging/color.js";
import { encodePng } from "../../src/imaging/png.js";
import { imagingFromDataSet } from "../../src/imaging/from-dataset.js";
import type { ImageDescription, LutItem } from "../../src/imaging/attributes.js";
import { DataSet } from "../../src/part10/dataset.js";
import { isDicomPixelError } from "../../src/errors.js";

beforeAll(async () => {
  await init();
});

const ct = (rows = 1, columns = 4): ImageDescription => ({
  rows,
  columns,
  samplesPerPixel: 1,
  photometricInterpretation: "MONOCHROME2",
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 0,
});

/** PS3.3 C.11.2.1.2.1 with truncation. */
function linear(x: number, c: number, w: number, y0 = 0, y1 = 255): number {
  if (x <= c - 0.5 - (w - 1) / 2) return y0;
  if (x > c - 0.5 + (w - 1) / 2) return y1;
  return Math.trunc(((x - (c - 0.5)) / (w - 1) + 0.5) * (y1 - y0) + y0);
}

function words(values: number[]): Uint8Array {
  return new Uint8Array(Uint16Array.from(values).buffer);
}

function expectCode(f: () => unknown, code: Parameters<typeof isDicomPixelError>[1]): void {
  try {
    f();
    expect.unreachable();
  } catch (e) {
    expect(isDicomPixelError(e, code), String(e)).toBe(true);
  }
}

describe("modality", () => {
  it("unsigned 12-bit CT with intercept -1024 gives negative HU in an Int16Array", () => {
    const hu = applyModalityLut(Uint16Array.from([0, 1000, 1024, 4095]), ct(), { rescaleSlope: 1, rescaleIntercept: -1024 });
    expect(hu).toBeInstanceOf(Int16Array);
    expect(Array.from(hu)).toEqual([-1024, -24, 0, 3071]);
  });

  it("chooses Int32Array when int16 cannot hold the range, Float32Array for a fractional slope", () => {
    const desc = { ...ct(), bitsStored: 16 };
    const wide = applyModalityLut(Uint16Array.from([0, 65535]), desc, { rescaleSlope: 2, rescaleIntercept: -1000 });
    expect(wide).toBeInstanceOf(Int32Array);
    expect(Array.from(wide)).toEqual([-1000, 130070]);
    const frac = applyModalityLut(Uint16Array.from([0, 3]), ct(), { rescaleSlope: 0.5, rescaleIntercept: 0.25 });
    expect(frac).toBeInstanceOf(Float32Array);
    expect(Array.from(frac)).toEqual([0.25, 1.75]);
  });

  it("a Modality LUT replaces rescale; signed stored values use a signed first value mapped", () => {
    const lut: LutItem = { descriptor: [4, 0xfffe, 16], data: words([100, 200, 300, 400]) }; // first mapped -2
    const desc = { ...ct(), pixelRepresentation: 1 };
    const out = applyModalityLut(Int16Array.from([-5, -2, 0, 1, 9]), desc, { rescaleSlope: 7, rescaleIntercept: 7, modalityLut: [lut] });
    expect(Array.from(out)).toEqual([100, 100, 300, 400, 400]);
  });

  it("rejects Rescale Slope 0 with INVALID_ATTRIBUTE naming the tag", () => {
    expectCode(() => resolveModality(ct(), { rescaleSlope: 0 }), "INVALID_ATTRIBUTE");
  });
});

describe("VOI selection and windows", () => {
  const stored = Uint16Array.from([0, 1000, 1064, 1100, 1300, 4095]);
  const attrs = { rescaleIntercept: -1024, windowCenters: [40, 500], windowWidths: [400, 2000], windowExplanations: ["SOFT", "BONE"] };

  it("auto takes the first window, applied to modality values (HU)", () => {
    const r = renderFrame(stored, ct(1, 6), attrs, { output: "gray8" });
    expect(Array.from(r.data)).toEqual(Array.from(stored, (s) => linear(s - 1024, 40, 400)));
    expect(r.voi).toMatchObject({ kind: "window", center: 40, width: 400, explanation: "SOFT" });
  });

  it("selects a window by index or by explanation", () => {
    const a = renderFrame(stored, ct(1, 6), attrs, { output: "gray8", voi: { window: 1 } });
    const b = renderFrame(stored, ct(1, 6), attrs, { output: "gray8", voi: { windowExplanation: "bone" } });
    expect(Array.from(a.data)).toEqual(Array.from(stored, (s) => linear(s - 1024, 500, 2000)));
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expectCode(() => renderFrame(stored, ct(1, 6), attrs, { voi: { window: 2 } }), "INVALID_ARGUMENT");
  });

  it("no window: min-max of the frame's modality values (center (min+max+1)/2, width max-min+1)", () => {
    const r = renderFrame(stored, ct(1, 6), { rescaleIntercept: -1024 }, { output: "gray8" });
    expect(r.voi).toMatchObject({ kind: "window", center: (-1024 + 3071 + 1) / 2, width: 3071 + 1024 + 1 });
    expect(r.data[0]).toBe(0);
    expect(r.data[5]).toBe(255);
  });

  it("auto passes over an invalid window (Window Width 0) with a warning; an explicit choice of it throws", () => {
    const bad = { windowCenters: [1, 2048], windowWidths: [0, 4096] };
    const r = renderFrame(Uint16Array.from([0, 4095]), ct(1, 2), bad, { output: "gray8" });
    expect(r.voi).toMatchObject({ kind: "window", center: 2048, width: 4096 });
    expect(r.warnings[0]).toMatch(/\(0028,1051\) Window Width 0 is invalid.*window 1 ignored/);
    expectCode(() => renderFrame(Uint16Array.from([0, 4095]), ct(1, 2), bad, { voi: { window: 0 } }), "INVALID_ATTRIBUTE");
  });

  it("percentile window ignores outliers", () => {
    const values = Uint16Array.from({ length: 100 }, (_, i) => (i === 99 ? 4095 : 1000 + i));
    const r = renderFrame(values, ct(10, 10), {}, { output: "gray8", voi: { percentile: [0, 98] } });
    // nearest rank: the 98th percentile of 100 values is the 98th smallest (1097); the outlier 4095 is left out
    expect(r.voi).toMatchObject({ kind: "window", center: (1000 + 1097 + 1) / 2, width: 98 });
    expect(r.data[99]).toBe(255);
  });

  it("no windowing scales the possible range (12-bit: level = v * 256 / 4096)", () => {
    const r = renderFrame(stored, ct(1, 6), {}, { output: "gray8", voi: "none" });
    expect(Array.from(r.data)).toEqual(Array.from(stored, (s) => Math.floor((s * 256) / 4096)));
  });

  it("VOI LUT: entries scaled from 2^bits to the output, clamped outside the table", () => {
    const lut: LutItem = { descriptor: [3, 1000, 12], data: words([0, 2048, 4095]) };
    const r = renderFrame(Uint16Array.from([0, 1000, 1001, 1002, 4000]), ct(1, 5), { voiLuts: [lut] }, { output: "gray8" });
    expect(Array.from(r.data)).toEqual([0, 0, 128, 255, 255]);
  });

  it("SIGMOID and LINEAR_EXACT follow (0028,1056) or the override", () => {
    const a = { windowCenters: [2048], windowWidths: [1000], voiLutFunction: "SIGMOID" as const };
    const r = renderFrame(Uint16Array.from([1548, 2048, 2548]), ct(1, 3), a, { output: "gray8" });
    expect(Array.from(r.data)).toEqual([1548, 2048, 2548].map((x) => Math.trunc(255 / (1 + Math.exp((-4 * (x - 2048)) / 1000)))));
    const e = renderFrame(Uint16Array.from([1548, 2048, 2549]), ct(1, 3), a, { output: "gray8", voiFunction: "LINEAR_EXACT" });
    expect(Array.from(e.data)).toEqual([0, 127, 255]);
  });
});

describe("presentation", () => {
  const values = Uint16Array.from([0, 1024, 2048, 4095]);
  const attrs = { windowCenters: [2048], windowWidths: [4096] };
  const normal = Array.from(values, (x) => linear(x, 2048, 4096));
  const inverted = Array.from(values, (x) => linear(x, 2048, 4096, 255, 0));

  it("MONOCHROME1 is inverted after VOI", () => {
    const r = renderFrame(values, { ...ct(), photometricInterpretation: "MONOCHROME1" }, attrs, { output: "gray8" });
    expect(r.inverted).toBe(true);
    expect(Array.from(r.data)).toEqual(inverted);
    expect(r.data[0]).toBe(255);
  });

  it("MONOCHROME1 with Presentation LUT Shape INVERSE is inverted once, not twice", () => {
    const r = renderFrame(values, { ...ct(), photometricInterpretation: "MONOCHROME1" }, { ...attrs, presentationLutShape: "INVERSE" }, { output: "gray8" });
    expect(Array.from(r.data)).toEqual(inverted);
  });

  it("MONOCHROME2 with INVERSE is inverted; IDENTITY is not", () => {
    expect(Array.from(renderFrame(values, ct(), { ...attrs, presentationLutShape: "INVERSE" }, { output: "gray8" }).data)).toEqual(inverted);
    expect(Array.from(renderFrame(values, ct(), { ...attrs, presentationLutShape: "IDENTITY" }, { output: "gray8" }).data)).toEqual(normal);
  });

  it("colour images are never modality/VOI transformed and the grey renderer refuses them", () => {
    const rgb = Uint8Array.from([10, 20, 30, 200, 100, 0]);
    const desc = { ...ct(1, 2), samplesPerPixel: 3, photometricInterpretation: "RGB", bitsAllocated: 8, bitsStored: 8 };
    expect(Array.from(renderColorFrame(rgb, desc).data)).toEqual([10, 20, 30, 255, 200, 100, 0, 255]);
    expectCode(() => createRenderer(desc, { rescaleIntercept: -1024 }), "UNSUPPORTED_FEATURE");
  });
});

describe("outputs", () => {
  it("RGBA8 (ImageData layout), Gray16 and the per-pixel path for float data agree with the formula", () => {
    const values = Uint16Array.from([0, 100, 200, 300]);
    const attrs = { windowCenters: [150], windowWidths: [201] };
    const rgba = renderFrame(values, ct(), attrs);
    expect(rgba.data).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(rgba.data)).toEqual(Array.from(values, (x) => linear(x, 150, 201)).flatMap((v) => [v, v, v, 255]));
    const g16 = renderFrame(values, ct(), attrs, { output: "gray16" });
    expect(Array.from(g16.data)).toEqual(Array.from(values, (x) => linear(x, 150, 201, 0, 65535)));
    const float = renderFrame(Float32Array.from(values), { ...ct(), bitsAllocated: 32, bitsStored: 32, pixelDataElement: "FloatPixelData" }, attrs, { output: "gray8" });
    expect(Array.from(float.data)).toEqual(Array.from(values, (x) => linear(x, 150, 201)));
  });

  it("a renderer reuses its table and a caller-owned buffer", () => {
    const r = createRenderer(ct(), { windowCenters: [2048], windowWidths: [4096] }, { output: "gray8" });
    const dst = new Uint8Array(4);
    const a = r.render(Uint16Array.from([0, 1, 2, 3]), dst);
    expect(a.data).toBe(dst);
    expectCode(() => r.render(Uint16Array.from([0, 1, 2])), "INVALID_ARGUMENT");
  });

  it("PNG round trip: 8-bit grey, 16-bit grey, RGBA", () => {
    const values = Uint16Array.from([0, 1000, 3000, 4095]);
    for (const output of ["gray8", "gray16", "rgba8"] as const) {
      const img = renderFrame(values, ct(2, 2), {}, { output, voi: "none" });
      const back = decode(encodePng(img));
      expect([back.width, back.height, back.channels, back.depth]).toEqual([2, 2, output === "rgba8" ? 4 : 1, output === "gray16" ? 16 : 8]);
      expect(Array.from(back.data)).toEqual(Array.from(img.data));
    }
  });
});

describe("imagingFromDataSet", () => {
  it("reads rescale, windows, VOI LUT items and Presentation LUT Shape from a DataSet", () => {
    const ds = new DataSet();
    ds.setValue(0x00281050, "DS", ["40", "400"]);
    ds.setValue(0x00281051, "DS", ["350", "1500"]);
    ds.setValue(0x00281052, "DS", "-1024");
    ds.setValue(0x00281053, "DS", "1");
    ds.setValue(0x00281055, "LO", ["SOFT", "BONE"]);
    ds.setValue(0x00281056, "CS", "LINEAR_EXACT");
    ds.setValue(0x20500020, "CS", "INVERSE");
    const item = new DataSet();
    item.setValue(0x00283002, "SS", [3, -100, 12]);
    item.setValue(0x00283003, "LO", "CURVE");
    item.setValue(0x00283006, "US", [0, 2000, 4095]);
    ds.set({ tag: 0x00283010, vr: "SQ", length: 0xffffffff, offset: -1, items: [item] });
    const a = imagingFromDataSet(ds);
    expect(a).toMatchObject({
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windowCenters: [40, 400],
      windowWidths: [350, 1500],
      windowExplanations: ["SOFT", "BONE"],
      voiLutFunction: "LINEAR_EXACT",
      presentationLutShape: "INVERSE",
    });
    expect(a.voiLuts?.[0]?.descriptor).toEqual([3, 0xff9c, 12]);
    expect(a.voiLuts?.[0]?.explanation).toBe("CURVE");
  });

  it("functional groups: per-frame rescale and window win for that frame", () => {
    const ds = new DataSet();
    const group = (slope: string, center: string) => {
      const g = new DataSet();
      const pvt = new DataSet();
      pvt.setValue(0x00281053, "DS", slope);
      pvt.setValue(0x00281052, "DS", "0");
      const voi = new DataSet();
      voi.setValue(0x00281050, "DS", center);
      voi.setValue(0x00281051, "DS", "100");
      g.set({ tag: 0x00289145, vr: "SQ", length: 0, offset: -1, items: [pvt] });
      g.set({ tag: 0x00289132, vr: "SQ", length: 0, offset: -1, items: [voi] });
      return g;
    };
    ds.set({ tag: 0x52009229, vr: "SQ", length: 0, offset: -1, items: [group("1", "10")] });
    ds.set({ tag: 0x52009230, vr: "SQ", length: 0, offset: -1, items: [group("2", "20"), group("3", "30")] });
    expect(imagingFromDataSet(ds, { frameIndex: 1 })).toMatchObject({ rescaleSlope: 3, windowCenters: [30] });
  });
});

describe("pipeline property", () => {
  it("table path = plain TS pipeline (rescale, C.11.2.1.2.1 window, MONOCHROME1 inversion) within 1 level", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 16 }),
        fc.boolean(),
        fc.integer({ min: -3, max: 3 }).filter((m) => m !== 0),
        fc.integer({ min: -2000, max: 2000 }),
        fc.integer({ min: -3000, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 40 }),
        (bs, signed, slope, intercept, c, w, mono1, raw) => {
          const pr = signed ? 1 : 0;
          // stored values in range (canonical form: masked and sign-extended)
          const stored = raw.map((v) => {
            const m = v & ((1 << bs) - 1);
            return signed && m >= 1 << (bs - 1) ? m - (1 << bs) : m;
          });
          const frame = signed ? Int16Array.from(stored) : Uint16Array.from(stored);
          const desc = { rows: 1, columns: stored.length, samplesPerPixel: 1, photometricInterpretation: mono1 ? "MONOCHROME1" : "MONOCHROME2", bitsAllocated: 16, bitsStored: bs, pixelRepresentation: pr };
          const r = renderFrame(frame, desc, { rescaleSlope: slope, rescaleIntercept: intercept, windowCenters: [c], windowWidths: [w] }, { output: "gray8" });
          const [y0, y1] = mono1 ? [255, 0] : [0, 255];
          const want = stored.map((s) => linear(s * slope + intercept, c, w, y0, y1));
          for (let i = 0; i < want.length; i++) expect(Math.abs(r.data[i]! - want[i]!)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
