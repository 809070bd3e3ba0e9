/**
 * The whole conformance corpus through the conformance runner (src/conformance/), one test per file: each
 * file is decoded from a buffer, from a file handle and in random frame order and compared with the
 * manifest's reference. Files whose transfer syntax has no codec yet are skipped with the syntax named.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../src/wasm/module.js";
import { readManifest, type ConformanceEntry } from "../../src/conformance/manifest.js";
import { checkEntry } from "../../src/conformance/check.js";
import { effectiveTransferSyntax } from "../../src/conformance/manifest.js";
import { hasCodec } from "../../src/registry.js";
import { findTransferSyntax } from "../../src/uids.js";
import { corpusAvailable, corpusDir } from "../helpers/corpus.js";

const entries: ConformanceEntry[] = corpusAvailable() ? await readManifest(corpusDir()) : [];

beforeAll(async () => {
  await init();
});

describe.runIf(corpusAvailable())("conformance corpus", () => {
  for (const e of entries) {
    // A file whose transfer syntax has no codec is skipped; its name says so up front.
    const ts = effectiveTransferSyntax(e);
    const name = hasCodec(ts) ? e.path : `${e.path} (skipped: no codec for ${findTransferSyntax(ts)?.name ?? ts})`;
    it(name, async (ctx) => {
      const r = await checkEntry(corpusDir(), e, entries);
      if (r.status === "unsupported") ctx.skip(`unsupported: ${r.detail}`);
      expect(r.detail, r.detail).toSatisfy(() => r.status === "pass");
    });
  }
});
