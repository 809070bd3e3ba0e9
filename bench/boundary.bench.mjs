// The interop floor every kernel is compared with (issue 2): copying N MB into WebAssembly linear memory and
// back out, against TypedArray.prototype.set of the same bytes (memory bandwidth), in the same run.
import { init } from "../dist/src/index.js";
import { roundTripThroughMemory, xorBytes } from "../dist/src/wasm/kernels/core.js";
import { runSuite } from "./lib.mjs";
import { seededBytes } from "./fixtures.mjs";

await init();
for (const mb of [1, 16]) {
  const n = mb * 1024 * 1024;
  const src = seededBytes(n);
  const dst = new Uint8Array(n);
  await runSuite(`boundary ${mb} MiB`, n, [
    { name: "TypedArray.prototype.set (memcpy)", fn: () => dst.set(src), reference: true },
    { name: "copy into linear memory and back out", fn: () => roundTripThroughMemory(src, dst) },
    { name: "copy in + xor kernel + copy out", fn: () => xorBytes(src, 0x5a, dst) },
  ]);
}
