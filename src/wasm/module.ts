/**
 * Compiles the kernel module once, instantiates it lazily, and hands out the one instance. After
 * `await init()` every kernel call is synchronous.
 *
 * The module bytes are embedded as base64 (src/wasm/generated/, written by assembly/build.mjs) so the
 * package works in Node and browsers with no file copying or bundler configuration.
 */
import { DicomPixelError } from "../errors.js";
import { Arena } from "./memory.js";
import type { KernelExports } from "./kernels.js";

export type WasmFlavour = "release" | "debug";

export interface InitOptions {
  /** "release" (-O3, SIMD; default) or "debug" (assertions on, unchecked() checked). */
  flavour?: WasmFlavour;
}

export interface KernelInstance {
  readonly flavour: WasmFlavour;
  readonly exports: KernelExports;
  readonly arena: Arena;
}

const compiled = new Map<WasmFlavour, Promise<WebAssembly.Module>>();
let current: KernelInstance | undefined;
let pending: Promise<KernelInstance> | undefined;

function decodeBase64(b64: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } };
  if (g.Buffer) return g.Buffer.from(b64, "base64");
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function compile(flavour: WasmFlavour): Promise<WebAssembly.Module> {
  let p = compiled.get(flavour);
  if (!p) {
    p = (async () => {
      const mod = flavour === "debug" ? await import("./generated/debug.js") : await import("./generated/release.js");
      return WebAssembly.compile(decodeBase64(mod.wasmBase64) as BufferSource);
    })();
    compiled.set(flavour, p);
  }
  return p;
}

/**
 * Loads the kernel module. Safe to call many times; the first call's flavour wins until {@link reset}.
 * The default flavour can be chosen with the environment variable DICOMPIX_WASM=debug (Node only).
 */
export async function init(options: InitOptions = {}): Promise<KernelInstance> {
  if (current) return current;
  if (!pending) {
    const envFlavour = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DICOMPIX_WASM;
    const flavour: WasmFlavour = options.flavour ?? (envFlavour === "debug" ? "debug" : "release");
    pending = (async () => {
      const module = await compile(flavour);
      const instance = await WebAssembly.instantiate(module, {
        env: {
          abort(_msg: number, _file: number, line: number, column: number) {
            throw new DicomPixelError("INTERNAL_ERROR", `kernel assertion failed at line ${line}:${column}`);
          },
        },
      });
      const exports = instance.exports as unknown as KernelExports;
      current = { flavour, exports, arena: new Arena(exports.memory, exports.heap_base()) };
      return current;
    })();
  }
  return pending;
}

/** The initialised instance. @throws {DicomPixelError} NOT_INITIALIZED before `await init()`. */
export function getInstance(): KernelInstance {
  if (!current) throw new DicomPixelError("NOT_INITIALIZED", "dicompix is not initialised: call `await init()` first");
  return current;
}

/** True once `init()` has finished. */
export function isInitialized(): boolean {
  return current !== undefined;
}

/** Drops the instance (tests use it to switch flavour); the compiled modules stay cached. */
export function resetInstance(): void {
  current = undefined;
  pending = undefined;
}
