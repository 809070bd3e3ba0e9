/** Initialises the kernel module once per test file (flavour from DICOMPIX_WASM, default release). */
import { init } from "../../src/wasm/module.js";

export async function setupWasm(): Promise<void> {
  await init();
}
