/**
 * Real-browser smoke test: the built package (dist/) is served on 127.0.0.1, imported as an ES module by
 * headless Chromium (Debian's chromium, driven by playwright-core), the kernel module is instantiated there
 * and a kernel runs; its output must equal Node's. Not a mock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { init } from "../../src/wasm/module.js";
import { toRgb } from "../../src/transforms/color.js";
import { xorBytes } from "../../src/wasm/kernels/core.js";
import { deflateRaw } from "../../src/wasm/kernels/deflate.js";
import { jpeg2000Encode } from "../../src/codecs/jpeg2000/encode.js";
import { PixelModule } from "../../src/pixel-module.js";
import { repoRoot } from "../helpers/corpus.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without a bundler, a page maps the package's bare dependencies with an import map, as a user would.
const IMPORT_MAP = JSON.stringify({
  imports: {
    "fast-png": "/node_modules/fast-png/lib/index.js",
    fflate: "/node_modules/fflate/esm/browser.js",
    iobuffer: "/node_modules/iobuffer/lib/iobuffer.js",
  },
});
// A small frame for the colour kernels (the page runs whatever flavour the browser supports; Node's "release"
// result, which the exhaustive tests pin to libjpeg, is the expectation).
const COLOR_ROWS = 8;
const COLOR_COLS = 70;
// A small signed 16-bit frame for the JPEG 2000 and deflate encoders (the cells are any 16-bit patterns).
const GREY = { rows: 13, columns: 37, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2", bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1 };
const PAGE = `<!doctype html><meta charset="utf-8"><script type="importmap">${IMPORT_MAP}</script><script type="module">
import { init, xorBytes, toRgb, PixelModule, getCodec, jpeg2000Encode, deflateRaw, inflateRaw } from "/dist/src/index.js";
try {
  const k = await init();
  const src = new Uint8Array(4096).map((_, i) => (i * 31 + 7) & 255);
  const ybr = new Uint8Array(${COLOR_ROWS * COLOR_COLS * 3}).map((_, i) => (i * 131 + (i >> 7) * 17) & 255);
  const info = { rows: ${COLOR_ROWS}, columns: ${COLOR_COLS}, bitsAllocated: 8 };
  const colour = {
    full: Array.from(toRgb(ybr, "YBR_FULL", info).data),
    fancy: Array.from(toRgb(ybr.subarray(0, ${COLOR_ROWS * COLOR_COLS * 2}), "YBR_FULL_422", info, { upsampling: "fancy" }).data),
  };
  // The encoders run in the browser too: a 16-bit signed frame to JPEG 2000 lossless and back, deflate and back.
  const module = PixelModule.from(${JSON.stringify(GREY)});
  const grey = new Uint8Array(module.frameByteLength()).map((_, i) => (i * 97 + (i >> 5) * 13) & 255);
  const j2k = jpeg2000Encode(grey, module);
  const back = new Uint8Array(grey.length);
  getCodec("1.2.840.10008.1.2.4.90").decodeInto(j2k, module, back, { transferSyntaxUID: "1.2.840.10008.1.2.4.90", frameIndex: 0 });
  const deflated = deflateRaw(grey);
  const codecs = { j2k: Array.from(j2k), j2kBack: Array.from(back), deflated: Array.from(deflated), inflated: Array.from(inflateRaw(deflated, grey.length)) };
  window.__result = { ok: true, flavour: k.flavour, out: Array.from(xorBytes(src, 0xa5)), colour, codecs };
} catch (e) {
  window.__result = { ok: false, error: String(e && e.stack || e) };
}
</script>`;

let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(repoRoot, "dist/src/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm ci does it)");
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = normalize(join(repoRoot, url.pathname));
    const served = [join(repoRoot, "dist"), join(repoRoot, "node_modules")];
    if (!served.some((d) => file.startsWith(d)) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = extname(file) === ".js" ? "text/javascript" : "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await init();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe("browser smoke test (headless Chromium)", () => {
  it("instantiates the WASM module from the built package and a kernel matches Node", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
    await page.goto(base);
    await page.waitForFunction(
      () => (window as unknown as { __result?: unknown }).__result !== undefined,
      undefined,
      { timeout: 30_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${problems.join("\n")}`);
    });
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
    const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as {
      ok: boolean;
      error?: string;
      flavour?: string;
      out?: number[];
      colour?: { full: number[]; fancy: number[] };
      codecs?: { j2k: number[]; j2kBack: number[]; deflated: number[]; inflated: number[] };
    };
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    // Chromium has shipped WebAssembly relaxed SIMD since 114, so the default there is the "relaxed" build.
    expect(result.flavour).toBe("relaxed");
    const src = new Uint8Array(4096).map((_, i) => (i * 31 + 7) & 255);
    expect(result.out).toEqual(Array.from(xorBytes(src, 0xa5)));
    const ybr = new Uint8Array(COLOR_ROWS * COLOR_COLS * 3).map((_, i) => (i * 131 + (i >> 7) * 17) & 255);
    const info = { rows: COLOR_ROWS, columns: COLOR_COLS, bitsAllocated: 8 as const };
    expect(result.colour?.full).toEqual(Array.from(toRgb(ybr, "YBR_FULL", info).data));
    const fancy = toRgb(ybr.subarray(0, COLOR_ROWS * COLOR_COLS * 2), "YBR_FULL_422", info, { upsampling: "fancy" }).data;
    expect(result.colour?.fancy).toEqual(Array.from(fancy));
    // The browser's codestream and deflate stream are Node's, byte for byte, and decode back to the frame.
    const module = PixelModule.from(GREY);
    const grey = new Uint8Array(module.frameByteLength()).map((_, i) => (i * 97 + (i >> 5) * 13) & 255);
    expect(result.codecs?.j2k).toEqual(Array.from(jpeg2000Encode(grey, module)));
    expect(result.codecs?.j2kBack).toEqual(Array.from(grey));
    expect(result.codecs?.deflated).toEqual(Array.from(deflateRaw(grey)));
    expect(result.codecs?.inflated).toEqual(Array.from(grey));
  });
});
