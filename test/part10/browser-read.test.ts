/**
 * The reader in a real browser (headless Chromium via playwright-core, as test/browser/): the built package
 * opens corpus files from a Blob (deflated and big-endian included) and from a ReadableStream (fetch body),
 * decodes them, and the SHA-256 of each frame (crypto.subtle) equals the manifest's.
 * Needs dist/ (npm run build) and /usr/bin/chromium; skipped without them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";
import { corpusAvailable, corpusDir, loadManifest, repoRoot } from "../helpers/corpus.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DIST = process.env.DICOMPIX_DIST ?? join(repoRoot, "dist");
// dist/src/part10/inflate.js exists only in builds that have this reader (a stale dist/ is skipped; CI builds afresh).
const ready = corpusAvailable() && existsSync(CHROMIUM) && existsSync(join(DIST, "src/part10/inflate.js"));
const FILES = ["pydicom/image_dfl.dcm", "pydicom/MR_small_bigendian.dcm", "pydicom/SC_rgb_rle_2frame.dcm", "fo-dicom/CR-MONO1-10-chest"];

const IMPORT_MAP = JSON.stringify({
  imports: {
    "fast-png": "/node_modules/fast-png/lib/index.js",
    fflate: "/node_modules/fflate/esm/browser.js",
    iobuffer: "/node_modules/iobuffer/lib/iobuffer.js",
  },
});
const PAGE = `<!doctype html><meta charset="utf-8"><script type="importmap">${IMPORT_MAP}</script><script type="module">
import { init, openDicom, decodeFrame } from "/dist/src/index.js";
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
async function hashes(file) {
  const out = [];
  for (let i = 0; i < file.numberOfFrames; i++) out.push(hex(await crypto.subtle.digest("SHA-256", (await decodeFrame(file, i)).bytes)));
  return out;
}
window.run = async (paths) => {
  try {
    await init();
    const result = {};
    for (const p of paths) {
      const blob = await (await fetch("/corpus/" + p)).blob();
      const fromBlob = await hashes(await openDicom(blob));
      const fromStream = await hashes(await openDicom((await fetch("/corpus/" + p)).body));
      result[p] = { fromBlob, fromStream };
    }
    return result;
  } catch (e) {
    return { error: String((e && e.stack) || e) };
  }
};
window.ready = true;
</script>`;

let server: Server;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let browser: any;
let base: string;

beforeAll(async () => {
  if (!ready) return;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const roots: [string, string][] = [
      ["/dist/", DIST],
      ["/node_modules/", join(repoRoot, "node_modules")],
      ["/corpus/", corpusDir()],
    ];
    const hit = roots.find(([prefix]) => url.pathname.startsWith(prefix));
    const file = hit ? normalize(join(hit[1], decodeURIComponent(url.pathname.slice(hit[0].length)))) : "";
    if (!hit || !file.startsWith(hit[1]) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": extname(file) === ".js" ? "text/javascript" : "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((r) => server.close(r));
});

describe.skipIf(!ready)("reader in headless Chromium", () => {
  it("opens Blobs and fetch streams (deflated, big endian, no meta, RLE) and decodes to the manifest's hashes", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e: Error) => problems.push(`page error: ${e.message}`));
    await page.goto(base);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 30_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${problems.join("\n")}`);
    });
    const result = (await page.evaluate((paths: string[]) => (window as unknown as { run(p: string[]): Promise<unknown> }).run(paths), FILES)) as Record<
      string,
      { fromBlob: string[]; fromStream: string[] }
    >;
    expect((result as { error?: string }).error).toBeUndefined();
    const manifest = loadManifest();
    for (const p of FILES) {
      const want = manifest.find((e) => e.path === p)!.reference.frames;
      expect(result[p]!.fromBlob, p).toEqual(want);
      expect(result[p]!.fromStream, p).toEqual(want);
    }
  });
});
