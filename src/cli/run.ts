/**
 * The dicompix command line. Exit codes for every command: 0 success; 2 the input was rejected (exactly one
 * line on stderr: `dicompix: <CODE>: <message>`); 1 usage or internal error.
 */
import { readFileSync } from "node:fs";
import { DicomPixelError } from "../errors.js";
import { UsageError, type CliCommand, type CliIO } from "./io.js";

/** Subcommands, each in src/cli/commands/<name>.ts, loaded on demand. */
const COMMANDS: Readonly<Record<string, string>> = {
  info: "Show the transfer syntax, Image Pixel module and encapsulation of a DICOM file",
  decode: "Write the canonical decoded pixel data of a DICOM file or bare JPEG stream",
  transcode: "Rewrite a DICOM file in another transfer syntax, streaming",
  render: "Render frames to PNG through Modality LUT, VOI LUT and presentation",
  demo: "Run the reference workload (200-frame RGB secondary capture, written and transcoded)",
  conformance: "Check the library against a conformance corpus manifest",
  bench: "Run the benchmark suite",
};

function version(): string {
  // src/cli/run.ts in the repository, dist/src/cli/run.js when built: look up from here for package.json.
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version: string };
      if (pkg.name === "dicompix") return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "unknown";
}

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(12)} ${summary}`);
  return [
    "Usage: dicompix <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  --help       Show help (also `dicompix <command> --help`)",
    "  --version    Show the version",
    "  --quiet      (every command) No progress, no per-item lines: only errors (and the conformance summary)",
    "  --json       (every command) Print the result as JSON on stdout",
    "",
    "Progress bars (frames, MB/s, ETA) are drawn on stderr when it is a terminal, unless --quiet or --json.",
    "",
    "Exit codes: 0 success, 2 input rejected, 1 usage or internal error.",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(help() + "\n");
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(version() + "\n");
    return 0;
  }
  if (!(name in COMMANDS)) {
    io.stderr.write(`dicompix: unknown command ${JSON.stringify(name)}\n\n${help()}\n`);
    return 1;
  }
  let command: CliCommand;
  try {
    command = (await import(/* @vite-ignore */ `./commands/${name}.js`)) as CliCommand;
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND") {
      io.stderr.write(`dicompix: the ${name} command is not available in this build\n`);
      return 1;
    }
    throw e;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof DicomPixelError) {
      io.stderr.write(`dicompix: ${e.code}: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`dicompix ${name}: ${e.message}\nUsage: ${command.usage}\n`);
      return 1;
    }
    io.stderr.write(`dicompix: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

