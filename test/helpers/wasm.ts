/**
 * Initialises the kernel module once per test file. The suite's default flavour is "release" (fixed-width
 * SIMD, what Node 20 runs); test/vitest.config.ts sets DICOMPIX_WASM=release unless it is set already, and
 * starts the workers with V8's relaxed SIMD on, so that files testing the "relaxed" build can load it.
 */
import { init, relaxedSimdSupported, resetInstance, type WasmFlavour } from "../../src/wasm/module.js";

export async function setupWasm(): Promise<void> {
  await init();
}

/**
 * The kernel flavours a file that covers every build runs over: "release", "relaxed" (where the engine has
 * relaxed SIMD, which the suite's workers do) and "debug".
 */
export const KERNEL_FLAVOURS: readonly WasmFlavour[] = relaxedSimdSupported()
  ? ["release", "relaxed", "debug"]
  : ["release", "debug"];

/** The optimised builds only (the debug build is slow for exhaustive or corpus-wide checks). */
export const FAST_FLAVOURS: readonly WasmFlavour[] = KERNEL_FLAVOURS.filter((f) => f !== "debug");

/** Switches the module to the given flavour for the rest of this file (or until the next switch). */
export async function useFlavour(flavour: WasmFlavour): Promise<void> {
  resetInstance();
  const k = await init({ flavour });
  if (k.flavour !== flavour) throw new Error(`asked for the ${flavour} kernels, got ${k.flavour}`);
}
