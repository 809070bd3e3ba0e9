/** What a CLI command may use: arguments, output streams and whether stderr is a terminal (for progress). */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A subcommand module (src/cli/commands/<name>.ts) exports these. Returns the exit code (0 success). */
export interface CliCommand {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for wrong usage: exit code 1 with the message and the command's usage. */
export class UsageError extends Error {}
