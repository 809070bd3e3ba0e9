// Seeded synthetic inputs shared by the benchmarks (next to lib.mjs, the runner). Every generator is
// deterministic (xorshift32 from a seed), so runs are comparable. Image-like data, because random bytes do not
// compress and constant bytes are trivial: CT slices (air, textured soft tissue, a bone ring, noise) and
// 1280x960 RGB scenes (gradients, flat blocks, noisy regions). The variants differ on purpose: each bench keeps
// the exact input it has always measured.
import { PixelModule } from "../dist/src/index.js";

/** xorshift32 generator of floats in [0, 1) (seed 0 behaves as 1). */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/**
 * A 512x512 CT-like slice in HU: air (-1000 +-2), a bone ring (1000..1079) and textured soft tissue (~40),
 * plus `offset` (1024 makes it unsigned 12-bit). Little-endian 16-bit bytes, signed or not.
 */
export function ctSlice(seed, { offset = 0, signed = false } = {}) {
  const r = rng(seed);
  const out = signed ? new Int16Array(512 * 512) : new Uint16Array(512 * 512);
  for (let y = 0; y < 512; y++) {
    for (let x = 0; x < 512; x++) {
      const dx = (x - 256) / 200;
      const dy = (y - 256) / 160;
      const d = dx * dx + dy * dy;
      let v;
      if (d > 1) v = -1000 + Math.floor(r() * 5) - 2;
      else if (d > 0.85) v = 1000 + Math.floor(r() * 80);
      else v = 40 + Math.floor(r() * 24) - 12 + Math.floor(30 * Math.sin(x / 40) * Math.cos(y / 33));
      out[y * 512 + x] = v + offset;
    }
  }
  return new Uint8Array(out.buffer);
}

/**
 * A 512x512 signed 16-bit CT slice as a scanner writes it: -1024 padding outside the 250-pixel reconstruction
 * circle, air -1000 +-10, a body ellipse of soft tissue (~40 +-20, slow variation) and a bone ring (~1000).
 */
export function ctSliceWithPadding(seed) {
  const r = rng(seed);
  const out = new Int16Array(512 * 512);
  for (let y = 0; y < 512; y++) {
    for (let x = 0; x < 512; x++) {
      const fx = (x - 256) / 250;
      const fy = (y - 256) / 250;
      const dx = (x - 256) / 200;
      const dy = (y - 256) / 160;
      const d = dx * dx + dy * dy;
      let v;
      if (fx * fx + fy * fy > 1) v = -1024; // outside the reconstruction circle
      else if (d > 1) v = -1000 + Math.floor(r() * 21) - 10; // air
      else if (d > 0.85) v = 1000 + Math.floor(r() * 60); // bone ring
      else v = 40 + Math.floor(r() * 40) - 20 + Math.floor(30 * Math.sin(x / 40)); // soft tissue
      out[y * 512 + x] = v;
    }
  }
  return new Uint8Array(out.buffer);
}

/** A 1280x960 RGB scene: gradient sky (top third), checker blocks (left), a noisy textured area (right). */
export function rgbScene(seed) {
  const r = rng(seed);
  const w = 1280;
  const h = 960;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (y < h / 3) {
        out[i] = 80 + (y >> 2);
        out[i + 1] = 120 + (y >> 3);
        out[i + 2] = 200 + (x >> 6);
      } else if (x < w / 2) {
        const block = ((x >> 6) + (y >> 6)) & 1;
        out[i] = block ? 200 : 40;
        out[i + 1] = block ? 180 : 60;
        out[i + 2] = block ? 50 : 90;
      } else {
        out[i] = (x + y + Math.floor(r() * 16)) & 255;
        out[i + 1] = ((x * 3) >> 2) + Math.floor(r() * 8);
        out[i + 2] = (y >> 1) + Math.floor(r() * 8);
      }
    }
  }
  return out;
}

/** A 1280x960 RGB scene with longer runs (the RLE input): flat-ish sky, dark/bright blocks, one noisy area. */
export function rgbSceneRuns(seed) {
  const r = rng(seed);
  const w = 1280;
  const h = 960;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      if (y < 300) {
        out[o] = 40 + (y >> 3);
        out[o + 1] = 80 + (y >> 2);
        out[o + 2] = 200;
      } else if (x < 640) {
        const block = ((x >> 6) + (y >> 6)) & 1;
        out[o] = block ? 220 : 30;
        out[o + 1] = block ? 180 : 30;
        out[o + 2] = block ? 40 : 30;
      } else {
        const n = Math.floor(r() * 32);
        out[o] = 100 + n;
        out[o + 1] = 90 + (n >> 1);
        out[o + 2] = 60 + (x & 15);
      }
    }
  }
  return out;
}

/**
 * A 1280x960 screen-like RGB scene (the JPEG input): gradients, a hard-edged checker, a smooth noisy wave and
 * text-like strokes.
 */
export function rgbScreen(seed) {
  const W = 1280;
  const H = 960;
  const r = rng(seed);
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      let c;
      if (y < 240) c = [40 + (y >> 3), 80 + (y >> 2), 200 - (x >> 4)];
      else if (x < 640 && y < 720) c = ((x >> 5) + (y >> 5)) & 1 ? [200, 200, 200] : [30, 30, 30];
      else if (x >= 640 && y < 720) {
        const v = 128 + 100 * Math.sin(x / 23) * Math.cos(y / 17) + (r() - 0.5) * 40;
        c = [v, v * 0.8, 255 - v];
      } else c = (x % 9 < 2 && y % 14 < 10) ? [255, 255, 255] : [10, 10 + (x >> 5), 40];
      out[o] = Math.max(0, Math.min(255, c[0]));
      out[o + 1] = Math.max(0, Math.min(255, c[1]));
      out[o + 2] = Math.max(0, Math.min(255, c[2]));
    }
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32), so runs are comparable. */
export function seededBytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** `count` frames from `make(seed)` with seeds 1..count. */
export function frames(count, make) {
  return Array.from({ length: count }, (_, i) => make(i + 1));
}

/** The Image Pixel module of a 512x512 16-bit MONOCHROME2 slice with Bits Stored `bitsStored`. */
export function ctModule(bitsStored = 12, pixelRepresentation = 0) {
  return PixelModule.from({
    rows: 512, columns: 512, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2",
    bitsAllocated: 16, bitsStored, highBit: bitsStored - 1, pixelRepresentation,
  });
}

/** The Image Pixel module of an 8-bit RGB frame (Planar Configuration 0), 1280x960 by default. */
export function rgbModule(rows = 960, columns = 1280) {
  return PixelModule.from({
    rows, columns, samplesPerPixel: 3, photometricInterpretation: "RGB", planarConfiguration: 0,
    bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0,
  });
}
