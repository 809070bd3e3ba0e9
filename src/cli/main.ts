#!/usr/bin/env node
// The `dicompix` executable (package.json "bin"); the commands live in run.ts so that tests can call them.
import { main } from "./run.js";

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dicompix: internal error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
