/**
 * JPEG 2000 lossless encoder: every codestream is decoded back by OpenJPEG's opj_decompress (the independent
 * oracle) and must equal the input bit for bit; our own decoder is a second check. Inputs are synthetic:
 * CT-like gradients with noise, flat areas and the extremes of the range, at odd sizes and levels 0..6.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJpeg2000 } from "../../src/codecs/jpeg2000.js";
import { guardBitsAndExponents, jpeg2000Encode, encodeJpeg2000Frame } from "../../src/codecs/jpeg2000/encode.js";
import { DicomPixelError } from "../../src/errors.js";
import { PixelModule } from "../../src/pixel-module.js";
import { setupWasm, useFlavour } from "../helpers/wasm.js";
import { getInstance } from "../../src/wasm/module.js";
import { cleanupOracle, firstDiff, makeImage, ourDecode, opjDecode, opjEncode, synthetic, type Image } from "./jpeg2000-encode-oracle.js";

afterAll(cleanupOracle);

function roundTrip(img: Image, levels?: number): Uint8Array {
  const cs = jpeg2000Encode(img.frame, img.module, levels === undefined ? {} : { levels });
  const m = img.module;
  const viaOpj = opjDecode(cs, m.columns, m.rows, m.samplesPerPixel, m.bitsStored, m.pixelRepresentation === 1);
  expect(firstDiff(viaOpj, img.values)).toBe("equal");
  expect(firstDiff(ourDecode(cs, img), img.values)).toBe("equal");
  return cs;
}

describe("JPEG 2000 lossless encoder, decoded by opj_decompress", () => {
  beforeAll(setupWasm);

  const sizes: [number, number][] = [[1, 1], [1, 7], [7, 1], [3, 5], [17, 33], [64, 64], [65, 65], [200, 130]];
  for (const [bs, ba, signed] of [[8, 8, false], [8, 8, true], [12, 16, false], [12, 16, true], [16, 16, false], [16, 16, true]] as const) {
    it(`grey ${ba}/${bs}-bit ${signed ? "signed" : "unsigned"} at ${sizes.map(([w, h]) => `${w}x${h}`).join(", ")}`, () => {
      for (const [w, h] of sizes) roundTrip(makeImage(w, h, 1, ba, bs, signed, synthetic(w, h, 1, bs, signed, w * 31 + h + bs)));
    });
  }

  it("RGB 8-bit with the RCT (labelled YBR_RCT) at odd sizes", () => {
    for (const [w, h] of [[1, 1], [3, 5], [65, 65], [200, 130]] as const) {
      const img = makeImage(w, h, 3, 8, 8, false, synthetic(w, h, 3, 8, false, w + h));
      roundTrip(img);
      const enc = encodeJpeg2000Frame(img.frame, img.module);
      expect(enc.photometricInterpretation).toBe("YBR_RCT");
      expect(enc.lossy).toBe(false);
    }
  });

  it("levels 0..6 on 17x33 and 65x65 (empty subbands past the default)", () => {
    for (let levels = 0; levels <= 6; levels++) {
      roundTrip(makeImage(17, 33, 1, 16, 12, false, synthetic(17, 33, 1, 12, false, levels)), levels);
      roundTrip(makeImage(65, 65, 1, 8, 8, true, synthetic(65, 65, 1, 8, true, levels + 100)), levels);
    }
  });

  it("512x512 CT-like 16-bit signed and odd Bits Stored (1, 5, 10, 15)", () => {
    roundTrip(makeImage(512, 512, 1, 16, 16, true, synthetic(512, 512, 1, 16, true, 7)));
    for (const bs of [1, 5]) roundTrip(makeImage(40, 23, 1, 8, bs, false, synthetic(40, 23, 1, bs, false, bs)));
    for (const bs of [10, 15]) roundTrip(makeImage(40, 23, 1, 16, bs, true, synthetic(40, 23, 1, bs, true, bs)));
  });

  it("worst-case dynamic range: min / max checkerboards and stripes (guard bits beyond the nominal range)", () => {
    const pattern = (w: number, h: number, spp: number, lo: number, hi: number, kind: number) => {
      const v = new Int32Array(w * h * spp);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < spp; c++) {
        const on = kind === 0 ? (x + y) & 1 : kind === 1 ? x & 1 : ((x >> 1) + (y >> 2) + c) & 1;
        v[(y * w + x) * spp + c] = on ? hi : lo;
      }
      return v;
    };
    for (let kind = 0; kind < 3; kind++) {
      for (const levels of [1, 5, 6]) {
        roundTrip(makeImage(37, 29, 1, 16, 16, true, pattern(37, 29, 1, -32768, 32767, kind)), levels);
        roundTrip(makeImage(37, 29, 1, 16, 16, false, pattern(37, 29, 1, 0, 65535, kind)), levels);
        roundTrip(makeImage(37, 29, 3, 8, 8, false, pattern(37, 29, 3, 0, 255, kind)), levels);
      }
    }
  });

  it("writes the very codestream OpenJPEG's opj_compress writes (less its COM marker), same parameters", () => {
    const cases: [Image, number][] = [
      [makeImage(200, 130, 1, 16, 16, true, synthetic(200, 130, 1, 16, true, 11)), 5],
      [makeImage(65, 65, 1, 16, 12, false, synthetic(65, 65, 1, 12, false, 12)), 3],
      [makeImage(70, 33, 3, 8, 8, false, synthetic(70, 33, 3, 8, false, 13)), 4],
      [makeImage(17, 9, 1, 8, 8, true, synthetic(17, 9, 1, 8, true, 14)), 2],
      [makeImage(33, 40, 1, 16, 12, true, synthetic(33, 40, 1, 12, true, 15)), 0],
      [makeImage(130, 67, 3, 16, 16, false, synthetic(130, 67, 3, 16, false, 16)), 5],
      [makeImage(256, 256, 1, 16, 16, true, synthetic(256, 256, 1, 16, true, 17)), 5],
    ];
    for (const [img, levels] of cases) {
      const ours = jpeg2000Encode(img.frame, img.module, { levels });
      const theirs = opjEncode(img, levels);
      let d = 0;
      while (d < ours.length && ours[d] === theirs[d]) d++;
      expect(`${img.module.columns}x${img.module.rows}: ${ours.length} / ${theirs.length} bytes, first difference at ${d}`).toBe(
        `${img.module.columns}x${img.module.rows}: ${theirs.length} / ${theirs.length} bytes, first difference at ${theirs.length}`,
      );
    }
  });

  it("more guard bits when a block needs more bit-planes than the nominal range gives (1-bit RGB noise, 6 levels)", () => {
    const w = 222;
    const h = 159;
    let seed = 5;
    const values = new Int32Array(w * h * 3).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1);
    const img = makeImage(w, h, 3, 8, 1, false, values);
    const cs = roundTrip(img, 6);
    let qcd = 2;
    while (!(cs[qcd] === 0xff && cs[qcd + 1] === 0x5c)) qcd += 2 + ((cs[qcd + 2]! << 8) | cs[qcd + 3]!);
    expect(cs[qcd + 4]! >> 5).toBeGreaterThan(2);
  });

  it("flat and all-zero images (empty code-blocks, empty packets)", () => {
    roundTrip(makeImage(70, 70, 1, 16, 16, true, new Int32Array(70 * 70)));
    roundTrip(makeImage(70, 70, 1, 8, 8, false, new Int32Array(70 * 70).fill(128)));
    roundTrip(makeImage(33, 9, 1, 16, 16, false, new Int32Array(33 * 9).fill(65535)));
  });
});

describe("JPEG 2000 encoder arguments", () => {
  beforeAll(setupWasm);
  const img = makeImage(8, 8, 1, 16, 12, false, synthetic(8, 8, 1, 12, false, 1));

  function code(f: () => unknown): string | undefined {
    try {
      f();
    } catch (e) {
      if (e instanceof DicomPixelError) return e.code;
      throw e;
    }
    return undefined;
  }

  it("a short frame and bad levels are INVALID_ARGUMENT, a frame above maxFrameBytes SIZE_LIMIT", () => {
    expect(code(() => jpeg2000Encode(img.frame.subarray(0, 10), img.module))).toBe("INVALID_ARGUMENT");
    expect(code(() => jpeg2000Encode(img.frame, img.module, { levels: 33 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => jpeg2000Encode(img.frame, img.module, { levels: 1.5 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => jpeg2000Encode(img.frame, img.module, { maxFrameBytes: 100 }))).toBe("SIZE_LIMIT");
  });

  it("unsupported pixel modules are UNSUPPORTED_FEATURE", () => {
    const ybr = img.module.with({ samplesPerPixel: 3, photometricInterpretation: "YBR_FULL", planarConfiguration: 0 });
    expect(code(() => jpeg2000Encode(new Uint8Array(8 * 8 * 6), ybr))).toBe("UNSUPPORTED_FEATURE");
    const ba32 = PixelModule.from({ rows: 2, columns: 2, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 0 });
    expect(code(() => jpeg2000Encode(new Uint8Array(16), ba32))).toBe("UNSUPPORTED_FEATURE");
  });

  it("labels: MONOCHROME1 kept, RGB without the RCT stays RGB, .4.91 at quality 100 is lossless", () => {
    const m1 = img.module.with({ photometricInterpretation: "MONOCHROME1" });
    expect(encodeJpeg2000Frame(img.frame, m1, { transferSyntaxUID: "1.2.840.10008.1.2.4.91", quality: 100 })).toMatchObject({ photometricInterpretation: "MONOCHROME1", lossy: false });
    const rgb = makeImage(4, 3, 3, 8, 8, false, synthetic(4, 3, 3, 8, false, 2));
    const plain = encodeJpeg2000Frame(rgb.frame, rgb.module, { mct: false });
    expect(plain.photometricInterpretation).toBe("RGB");
    expect(Array.from(opjDecode(plain.data, 4, 3, 3, 8, false))).toEqual(Array.from(rgb.values));
  });

  it("another target transfer syntax is refused", () => {
    expect(code(() => encodeJpeg2000Frame(img.frame, img.module, { transferSyntaxUID: "1.2.840.10008.1.2.4.201" }))).toBe("UNSUPPORTED_TRANSFER_SYNTAX");
  });
});

describe("decodeJpeg2000 reads our codestream header", () => {
  beforeAll(setupWasm);
  it("precision and signedness come back", () => {
    const img = makeImage(9, 4, 1, 16, 13, true, synthetic(9, 4, 1, 13, true, 3));
    const r = decodeJpeg2000(jpeg2000Encode(img.frame, img.module));
    expect([r.columns, r.rows, r.precision, r.signed]).toEqual([9, 4, 13, true]);
  });
});

/** Raw encoder kernels on hostile arguments: a negated status, never a trap. */
function hostileKernelSuite(): void {
  it("j2k_enc_blocks: blocks outside the buffers, bad sizes and a full destination", () => {
    const { exports: ex, arena } = getInstance();
    arena.scoped(() => {
      const w = 64;
      const src = arena.alloc(w * w * 4);
      const vals = new Int32Array(arena.u8().buffer, src, w * w);
      for (let i = 0; i < vals.length; i++) vals[i] = ((i * 2654435761) >>> 20) - 2048;
      const dst = arena.alloc(1 << 16);
      const desc = arena.alloc(32, 8);
      const scratchLen = ex.j2k_enc_block_scratch_size(64, 64);
      const scratch = arena.alloc(scratchLen);
      const run = (d: number[], dstLen = 1 << 16, sl = scratchLen) => {
        new Int32Array(arena.u8().buffer, desc, 8).set([...d, 0, 0, 0, 0]);
        return ex.j2k_enc_blocks(src, w * w * 4, dst, dstLen, w, desc, 1, scratch, sl);
      };
      expect(run([0, 64, 64, 3])).toBeGreaterThan(0);
      expect(run([0, 64, 64, 3], 16)).toBe(-101); // destination full
      expect(run([0, 64, 64, 3], 0)).toBe(-101);
      expect(run([0, 64, 64, 3], 1 << 16, 100)).toBe(-101); // scratch too small
      expect(run([1, 64, 64, 0])).toBe(-100); // block past the source
      expect(run([-1, 4, 4, 0])).toBe(-100);
      expect(run([0, 0, 4, 0])).toBe(-100);
      expect(run([0, 128, 64, 0])).toBe(-100); // more than 4096 cells, wider than the stride
      expect(run([0, 4, 4, 4])).toBe(-100); // orientation
      expect(ex.j2k_enc_blocks(src, w * w * 4, dst, 1 << 16, 0, desc, 1, scratch, scratchLen)).toBe(-100);
      vals[0] = 0x40000000; // beyond 30 magnitude bit-planes
      expect(run([0, 4, 4, 0])).toBe(-100);
    });
  });

  it("j2k_enc_load and j2k_enc_fdwt: short buffers and impossible geometry", () => {
    const { exports: ex, arena } = getInstance();
    arena.scoped(() => {
      const src = arena.alloc(64);
      const dst = arena.alloc(16 * 16 * 4);
      expect(ex.j2k_enc_load(src, 64, dst, 1024, 8, 8, 1, 1, 0, 8, 0, 0)).toBe(0);
      expect(ex.j2k_enc_load(src, 63, dst, 1024, 8, 8, 1, 1, 0, 8, 0, 0)).toBe(-100); // source short
      expect(ex.j2k_enc_load(src, 64, dst, 255, 8, 8, 1, 1, 0, 8, 0, 0)).toBe(-101); // destination short
      expect(ex.j2k_enc_load(src, 64, dst, 1024, 4, 8, 1, 2, 0, 17, 0, 0)).toBe(-100); // precision > 16
      expect(ex.j2k_enc_load(src, 64, dst, 1024, 8, 8, 1, 1, 0, 8, 0, 1)).toBe(-100); // RCT with 1 component
      expect(ex.j2k_enc_load(src, 64, dst, 1024, 0, 8, 1, 1, 0, 8, 0, 0)).toBe(-100);
      const sl = ex.j2k_enc_fdwt_scratch_size(16, 16);
      const scratch = arena.alloc(sl);
      expect(ex.j2k_enc_fdwt(dst, 1024, 16, 16, 16, 3, scratch, sl)).toBe(0);
      expect(ex.j2k_enc_fdwt(dst, 1020, 16, 16, 16, 3, scratch, sl)).toBe(-100); // buffer short
      expect(ex.j2k_enc_fdwt(dst, 1024, 8, 16, 16, 3, scratch, sl)).toBe(-100); // stride < width
      expect(ex.j2k_enc_fdwt(dst, 1024, 16, 16, 16, 33, scratch, sl)).toBe(-100);
      expect(ex.j2k_enc_fdwt(dst, 1024, 16, 16, 16, 3, scratch, 8)).toBe(-101); // scratch short
    });
  });
}

describe("JPEG 2000 encoder kernels, hostile arguments (release build)", () => {
  beforeAll(setupWasm);
  hostileKernelSuite();
});

describe("JPEG 2000 encoder under the debug build (assertions on)", () => {
  beforeAll(() => useFlavour("debug"));
  hostileKernelSuite();
  it("round trips through opj_decompress as in the release build", () => {
    roundTrip(makeImage(65, 33, 1, 16, 16, true, synthetic(65, 33, 1, 16, true, 5)));
    roundTrip(makeImage(9, 70, 3, 8, 8, false, synthetic(9, 70, 3, 8, false, 6)));
  });
});

describe("QCD guard bits and exponents (T.800 A.6.4, E.1 Equation E-2)", () => {
  const mbCovers = (r: { guard: number; exps: number[] }, needed: number[]) => needed.every((n, i) => r.guard + r.exps[i]! - 1 >= n);
  it("two guard bits while the nominal range covers every block", () => {
    expect(guardBitsAndExponents([16, 17, 17, 18], [17, 18, 18, 19])).toEqual({ guard: 2, exps: [16, 17, 17, 18] });
  });
  it("more guard bits, then larger exponents past 7 guard bits, so that Mb covers every block", () => {
    const a = guardBitsAndExponents([16, 17, 17, 18], [17, 19, 18, 20]);
    expect(a).toEqual({ guard: 3, exps: [16, 17, 17, 18] });
    const needed = [17, 19, 18, 25];
    const b = guardBitsAndExponents([16, 17, 17, 18], needed);
    expect(b.guard).toBe(7);
    expect(mbCovers(b, needed)).toBe(true);
    expect(b.exps).toEqual([16, 17, 17, 19]);
  });
});
