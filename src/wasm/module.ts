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

/**
 * "release": -O3 with fixed-width SIMD. "relaxed": the same build with WebAssembly relaxed SIMD enabled, where
 * the colour kernels' byte gathers and Q15 multiplies lose V8's fix-up instructions (identical output: the
 * kernels use only the cases the relaxed proposal fully defines). "debug": assertions on, unchecked() checked.
 */
export type WasmFlavour = "release" | "relaxed" | "debug";

export interface InitOptions {
  /**
   * The kernel build. Default: "relaxed" where the engine supports relaxed SIMD (Chrome/Edge >= 114, Firefox >=
   * 146, Node >= 22; Node 20 with --experimental-wasm-relaxed-simd), otherwise "release" (Safari, Node 20).
   */
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
      const mod =
        flavour === "debug"
          ? await import("./generated/debug.js")
          : flavour === "relaxed"
            ? await import("./generated/relaxed.js")
            : await import("./generated/release.js");
      return WebAssembly.compile(decodeBase64(mod.wasmBase64) as BufferSource);
    })();
    compiled.set(flavour, p);
  }
  return p;
}

/**
 * A module of one function (v128, v128) -> v128 whose body is i8x16.relaxed_swizzle: it validates exactly where
 * the engine implements relaxed SIMD.
 */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b, // type section: (v128, v128) -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x80, 0x02, 0x0b, // local.get 0, 1; 0xfd 0x100; end
]);

/** True where the engine validates WebAssembly relaxed SIMD (asked once per call; cheap). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

function defaultFlavour(): WasmFlavour {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DICOMPIX_WASM;
  if (env === "debug" || env === "release") return env;
  if (env === "relaxed") {
    if (!relaxedSimdSupported()) {
      throw new DicomPixelError("UNSUPPORTED_FEATURE", "DICOMPIX_WASM=relaxed, but this engine has no WebAssembly relaxed SIMD");
    }
    return env;
  }
  return relaxedSimdSupported() ? "relaxed" : "release";
}

/**
 * Loads the kernel module. Safe to call many times; the first call's flavour wins until {@link reset}.
 * The default flavour can be chosen with the environment variable DICOMPIX_WASM=release|relaxed|debug (Node
 * only); otherwise it is "relaxed" where supported, else "release".
 */
export async function init(options: InitOptions = {}): Promise<KernelInstance> {
  if (current) return current;
  if (!pending) {
    const flavour: WasmFlavour = options.flavour ?? defaultFlavour();
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
