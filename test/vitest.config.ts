import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Workers run with WebAssembly relaxed SIMD available (Node 20 has it behind this flag; Node >= 22 and
    // current browsers ship it), so the "relaxed" kernel build is tested too; the default flavour stays the
    // fixed-width "release" build, which is what Node 20 users get.
    execArgv: ["--experimental-wasm-relaxed-simd"],
    env: { DICOMPIX_WASM: process.env.DICOMPIX_WASM ?? "release" },
    reporters: ["default", "./test/count-reporter.ts"],
  },
});
