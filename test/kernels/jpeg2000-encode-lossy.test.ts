/**
 * JPEG 2000 LOSSY encoder (irreversible 9-7, ICT, scalar quantisation): every codestream is decoded by
 * OpenJPEG's opj_decompress and by our decoder, which must agree sample for sample (both implement the
 * standard's reconstruction and the same f32 inverse 9-7); the image quality is measured against the input
 * (PSNR floors per quality, monotone in quality); and with OpenJPEG's own step sizes our codestream is
 * byte-identical to `opj_compress -I`'s, so the ICT, forward 9-7, quantiser, coder and packets are OpenJPEG's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeJpeg2000Frame, jpeg2000Encode, type Jpeg2000EncodeOptions } from "../../src/codecs/jpeg2000/encode.js";
import { bandNorm, baseStepOfQuality, stepSizeOf, type StepSize } from "../../src/codecs/jpeg2000/encode-quant.js";
import type { DicomPixelError } from "../../src/errors.js";
import { KERNEL_FLAVOURS, setupWasm, useFlavour } from "../helpers/wasm.js";
import { cleanupOracle, firstDiff, makeImage, opjDecode, opjEncode, ourDecode, synthetic, type Image } from "./jpeg2000-encode-oracle.js";

afterAll(cleanupOracle);

/** PSNR in dB against the full scale of Bits Stored. */
function psnr(a: Int32Array, b: Int32Array, bs: number): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  if (se === 0) return Infinity;
  return 10 * Math.log10((2 ** bs - 1) ** 2 / (se / a.length));
}

/** Encodes lossy; opj_decompress and our decoder must agree; returns the codestream and the decoded samples. */
function lossy(img: Image, options: Jpeg2000EncodeOptions = {}): { cs: Uint8Array; out: Int32Array } {
  const cs = jpeg2000Encode(img.frame, img.module, { irreversible: true, ...options });
  const m = img.module;
  const viaOpj = opjDecode(cs, m.columns, m.rows, m.samplesPerPixel, m.bitsStored, m.pixelRepresentation === 1);
  const ours = ourDecode(cs, img, "1.2.840.10008.1.2.4.91");
  expect(firstDiff(ours, viaOpj)).toBe("equal");
  return { cs, out: ours };
}

/** The QCD step sizes of a codestream (scalar expounded). */
function qcdSteps(cs: Uint8Array): StepSize[] {
  for (let i = 2; i + 4 <= cs.length; ) {
    const marker = (cs[i]! << 8) | cs[i + 1]!;
    const len = (cs[i + 2]! << 8) | cs[i + 3]!;
    if (marker === 0xff5c) {
      expect(cs[i + 4]! & 31).toBe(2);
      const out: StepSize[] = [];
      for (let o = i + 5; o + 2 <= i + 2 + len; o += 2) {
        const v = (cs[o]! << 8) | cs[o + 1]!;
        out.push({ exponent: v >> 11, mantissa: v & 0x7ff });
      }
      return out;
    }
    i += 2 + len;
  }
  throw new Error("no QCD");
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as DicomPixelError).code;
  }
  return undefined;
}

const GREY: readonly (readonly [8 | 16, number, boolean])[] = [
  [8, 8, false],
  [8, 8, true],
  [16, 12, false],
  [16, 12, true],
  [16, 16, false],
  [16, 16, true],
];

describe("JPEG 2000 lossy encoder: opj_decompress and our decoder agree", () => {
  beforeAll(setupWasm);

  const sizes: [number, number][] = [[1, 1], [1, 7], [7, 1], [3, 5], [17, 33], [65, 65], [130, 71]];
  for (const [ba, bs, signed] of GREY) {
    it(`grey ${ba}/${bs}-bit ${signed ? "signed" : "unsigned"} at ${sizes.map(([w, h]) => `${w}x${h}`).join(", ")}`, () => {
      for (const [w, h] of sizes) {
        const img = makeImage(w, h, 1, ba, bs, signed, synthetic(w, h, 1, bs, signed, w * 7 + h + bs));
        const { out } = lossy(img);
        if (w * h >= 1000) expect(psnr(out, img.values, bs)).toBeGreaterThan(45);
      }
    });
  }

  it("RGB 8-bit with the ICT, and without (mct false), at odd sizes", () => {
    for (const [w, h] of [[1, 1], [3, 5], [65, 65], [130, 71]] as const) {
      const img = makeImage(w, h, 3, 8, 8, false, synthetic(w, h, 3, 8, false, w * h));
      lossy(img);
      lossy(img, { mct: false, quality: 60 });
    }
  });

  it("levels 0 to 6 on a 97 x 61 image, 8-bit RGB and 16-bit signed grey", () => {
    const rgb = makeImage(97, 61, 3, 8, 8, false, synthetic(97, 61, 3, 8, false, 5));
    const ct = makeImage(97, 61, 1, 16, 16, true, synthetic(97, 61, 1, 16, true, 6));
    for (let levels = 0; levels <= 6; levels++) {
      lossy(rgb, { levels });
      lossy(ct, { levels, quality: 40 });
    }
  });

  it("coarse and fine steps: quality 1, 30 and 99, baseStep 0.01 on 16-bit", () => {
    const img = makeImage(70, 50, 1, 16, 16, false, synthetic(70, 50, 1, 16, false, 9));
    for (const quality of [1, 30, 99]) lossy(img, { quality });
    lossy(img, { baseStep: 0.01 });
  });
});

describe("JPEG 2000 lossy encoder: byte-identical to opj_compress -I with OpenJPEG's step sizes", () => {
  beforeAll(setupWasm);

  const cases: [string, Image, number][] = [
    ["64x64 grey 8-bit", makeImage(64, 64, 1, 8, 8, false, synthetic(64, 64, 1, 8, false, 1)), 5],
    ["65x33 RGB 8-bit (ICT)", makeImage(65, 33, 3, 8, 8, false, synthetic(65, 33, 3, 8, false, 2)), 5],
    ["200x130 grey 12-bit signed", makeImage(200, 130, 1, 16, 12, true, synthetic(200, 130, 1, 12, true, 3)), 5],
    ["77x91 grey 16-bit unsigned, 6 levels", makeImage(77, 91, 1, 16, 16, false, synthetic(77, 91, 1, 16, false, 4)), 6],
    ["31x17 grey 16-bit signed, 0 levels", makeImage(31, 17, 1, 16, 16, true, synthetic(31, 17, 1, 16, true, 5)), 0],
    ["9x130 RGB 8-bit, 3 levels", makeImage(9, 130, 3, 8, 8, false, synthetic(9, 130, 3, 8, false, 6)), 3],
  ];
  for (const [name, img, levels] of cases) {
    it(name, () => {
      const ref = opjEncode(img, levels, ["-I"]);
      const { cs } = lossy(img, { levels, stepSizes: qcdSteps(ref) });
      expect(cs.length).toBe(ref.length);
      expect(Buffer.compare(Buffer.from(cs), Buffer.from(ref))).toBe(0);
    });
  }

  it("our own steps for baseStep 1 are OpenJPEG's default steps within 1%", () => {
    const img = cases[2]![1];
    const ref = qcdSteps(opjEncode(img, 5, ["-I"]));
    const ours = qcdSteps(jpeg2000Encode(img.frame, img.module, { irreversible: true, levels: 5, baseStep: 1 }));
    const value = (q: StepSize) => 2 ** -q.exponent * (1 + q.mantissa / 2048);
    expect(ours.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(value(ours[i]!) / value(ref[i]!) - 1)).toBeLessThan(0.01);
  });
});

describe("JPEG 2000 lossy encoder: image quality", () => {
  beforeAll(setupWasm);

  it("the default quality keeps 8-bit RGB, 8-bit grey and 12-bit CT-like images above 45 dB PSNR", () => {
    const rgb = makeImage(128, 96, 3, 8, 8, false, synthetic(128, 96, 3, 8, false, 11));
    const grey = makeImage(128, 96, 1, 8, 8, false, synthetic(128, 96, 1, 8, false, 12));
    const ct = makeImage(128, 96, 1, 16, 12, false, synthetic(128, 96, 1, 12, false, 13));
    expect(psnr(lossy(rgb).out, rgb.values, 8)).toBeGreaterThan(45);
    expect(psnr(lossy(grey).out, grey.values, 8)).toBeGreaterThan(45);
    expect(psnr(lossy(ct).out, ct.values, 12)).toBeGreaterThan(45);
  });

  it("higher quality gives a larger codestream and a higher PSNR (monotone), and beats lossless in size", () => {
    for (const img of [makeImage(96, 80, 3, 8, 8, false, synthetic(96, 80, 3, 8, false, 21)), makeImage(96, 80, 1, 16, 12, true, synthetic(96, 80, 1, 12, true, 22))]) {
      const bs = img.module.bitsStored;
      let last = { size: 0, psnr: 0 };
      for (const quality of [5, 20, 40, 60, 75, 90]) {
        const r = lossy(img, { quality });
        const now = { size: r.cs.length, psnr: psnr(r.out, img.values, bs) };
        expect(now.size).toBeGreaterThan(last.size);
        expect(now.psnr).toBeGreaterThan(last.psnr);
        last = now;
      }
      expect(lossy(img, { quality: 50 }).cs.length).toBeLessThan(jpeg2000Encode(img.frame, img.module).length);
    }
  });
});

describe("JPEG 2000 lossy encoder: target compression ratio", () => {
  beforeAll(setupWasm);

  it("fits frameBytes / targetRatio, close under it, with PSNR falling as the ratio grows", () => {
    for (const img of [makeImage(128, 96, 1, 16, 12, false, synthetic(128, 96, 1, 12, false, 41)), makeImage(96, 64, 3, 8, 8, false, synthetic(96, 64, 3, 8, false, 42))]) {
      let last = Infinity;
      for (const targetRatio of [3, 6, 12]) {
        const budget = img.module.frameByteLength() / targetRatio;
        const { cs, out } = lossy(img, { targetRatio });
        expect(cs.length).toBeLessThanOrEqual(budget);
        expect(cs.length).toBeGreaterThan(budget * 0.9);
        const p = psnr(out, img.values, img.module.bitsStored);
        expect(p).toBeLessThan(last);
        last = p;
      }
    }
  });

  it("a budget below the headers drops every code-block (mid-grey from both decoders); bad ratios are INVALID_ARGUMENT", () => {
    const img = makeImage(16, 16, 1, 8, 8, false, synthetic(16, 16, 1, 8, false, 43));
    const { out } = lossy(img, { targetRatio: 1000 });
    expect(Array.from(new Set(out))).toEqual([128]);
    for (const targetRatio of [1, 0.5, 0, -2, Number.NaN, Infinity, "4" as unknown as number]) {
      expect(code(() => jpeg2000Encode(img.frame, img.module, { irreversible: true, targetRatio }))).toBe("INVALID_ARGUMENT");
    }
  });

  it("a budget above the whole finely quantised stream returns it untruncated", () => {
    const img = makeImage(40, 40, 1, 8, 8, false, synthetic(40, 40, 1, 8, false, 44));
    const whole = jpeg2000Encode(img.frame, img.module, { irreversible: true, baseStep: 1 });
    expect(Buffer.compare(Buffer.from(jpeg2000Encode(img.frame, img.module, { irreversible: true, targetRatio: 1.0001 })), Buffer.from(whole))).toBe(0);
  });

  it("PCRD on corpus-like content: the truncated stream is as good as requantising to the same size (within 1.5 dB)", () => {
    const img = makeImage(160, 120, 3, 8, 8, false, synthetic(160, 120, 3, 8, false, 45));
    const pcrd = lossy(img, { targetRatio: 8 });
    // The quality whose plain quantisation gives the nearest size at or under the PCRD stream's.
    let quality = 1;
    while (quality < 99 && jpeg2000Encode(img.frame, img.module, { irreversible: true, quality: quality + 1 }).length <= pcrd.cs.length) quality++;
    const plain = lossy(img, { quality });
    expect(plain.cs.length).toBeLessThanOrEqual(pcrd.cs.length);
    expect(psnr(pcrd.out, img.values, 8)).toBeGreaterThan(psnr(plain.out, img.values, 8) - 1.5);
  });
});

describe("JPEG 2000 lossy encoder: encodeFrame and arguments", () => {
  beforeAll(setupWasm);
  const img = makeImage(40, 30, 3, 8, 8, false, synthetic(40, 30, 3, 8, false, 31));
  const J2K = "1.2.840.10008.1.2.4.91";

  it(".4.91 is lossy by default, labelled YBR_ICT for RGB; quality 100 or irreversible false is lossless; .4.90 always lossless", () => {
    const lossyFrame = encodeJpeg2000Frame(img.frame, img.module, { transferSyntaxUID: J2K });
    expect(lossyFrame).toMatchObject({ photometricInterpretation: "YBR_ICT", planarConfiguration: 0, lossy: true });
    const cod = lossyFrame.data.findIndex((v, i) => v === 0xff && lossyFrame.data[i + 1] === 0x52);
    expect(lossyFrame.data[cod + 13]).toBe(0); // COD SPcod transform (Table A.20): 9-7 irreversible
    expect(firstDiff(opjDecode(lossyFrame.data, 40, 30, 3, 8, false), ourDecode(lossyFrame.data, img, "1.2.840.10008.1.2.4.91"))).toBe("equal");
    for (const opts of [{ quality: 100 }, { irreversible: false }]) {
      const f = encodeJpeg2000Frame(img.frame, img.module, { transferSyntaxUID: J2K, ...opts });
      expect(f).toMatchObject({ photometricInterpretation: "YBR_RCT", lossy: false });
      expect(firstDiff(opjDecode(f.data, 40, 30, 3, 8, false), img.values)).toBe("equal");
    }
    const ll = encodeJpeg2000Frame(img.frame, img.module, { transferSyntaxUID: "1.2.840.10008.1.2.4.90", quality: 20 });
    expect(ll).toMatchObject({ photometricInterpretation: "YBR_RCT", lossy: false });
    const grey = makeImage(8, 8, 1, 8, 8, false, synthetic(8, 8, 1, 8, false, 1));
    expect(encodeJpeg2000Frame(grey.frame, grey.module, { transferSyntaxUID: J2K })).toMatchObject({ photometricInterpretation: "MONOCHROME2", lossy: true });
  });

  it("bad quality, baseStep and stepSizes are INVALID_ARGUMENT", () => {
    for (const quality of [0, 101, -5, Number.NaN, Infinity, "50" as unknown as number]) {
      expect(code(() => encodeJpeg2000Frame(img.frame, img.module, { transferSyntaxUID: J2K, quality }))).toBe("INVALID_ARGUMENT");
      expect(code(() => jpeg2000Encode(img.frame, img.module, { irreversible: true, quality }))).toBe("INVALID_ARGUMENT");
    }
    for (const baseStep of [0, -1, Number.NaN, Infinity, 2 ** 21]) {
      expect(code(() => jpeg2000Encode(img.frame, img.module, { irreversible: true, baseStep }))).toBe("INVALID_ARGUMENT");
    }
    const levels = 2;
    const good = Array.from({ length: 7 }, () => ({ exponent: 10, mantissa: 0 }));
    expect(code(() => jpeg2000Encode(img.frame, img.module, { irreversible: true, levels, stepSizes: good }))).toBeUndefined();
    for (const stepSizes of [good.slice(1), [...good.slice(1), { exponent: 32, mantissa: 0 }], [...good.slice(1), { exponent: 3, mantissa: 2048 }], [...good.slice(1), { exponent: 1.5, mantissa: 0 }]]) {
      expect(code(() => jpeg2000Encode(img.frame, img.module, { irreversible: true, levels, stepSizes }))).toBe("INVALID_ARGUMENT");
    }
  });

  it("quality maps to the base step 2^((80 - quality) / 10); step sizes code at most the step, within 2^-11", () => {
    expect(baseStepOfQuality(80)).toBe(1);
    expect(baseStepOfQuality(70)).toBe(2);
    expect(baseStepOfQuality(90)).toBe(0.5);
    for (const step of [1e-3, 0.0371, 0.5, 1, 1.999, 3, 17.25, 400]) {
      for (const prec of [8, 12, 16]) {
        const q = stepSizeOf(step, prec);
        const back = 2 ** (prec - q.exponent) * (1 + q.mantissa / 2048);
        expect(back).toBeLessThanOrEqual(step);
        expect(back / step).toBeGreaterThan(1 - 2 ** -11);
      }
    }
    expect(stepSizeOf(2 ** 20, 8)).toEqual({ exponent: 0, mantissa: 2047 });
    expect(bandNorm(0, 0)).toBe(1);
  });
});

describe("JPEG 2000 lossy encoder: every kernel build writes OpenJPEG's codestream", () => {
  for (const flavour of KERNEL_FLAVOURS) {
    it(`${flavour} build`, async () => {
      await useFlavour(flavour);
      for (const img of [makeImage(37, 45, 3, 8, 8, false, synthetic(37, 45, 3, 8, false, 51)), makeImage(50, 21, 1, 16, 14, true, synthetic(50, 21, 1, 14, true, 52))]) {
        const ref = opjEncode(img, 4, ["-I"]);
        const cs = jpeg2000Encode(img.frame, img.module, { irreversible: true, levels: 4, stepSizes: qcdSteps(ref) });
        expect(Buffer.compare(Buffer.from(cs), Buffer.from(ref))).toBe(0);
      }
    });
  }
});
