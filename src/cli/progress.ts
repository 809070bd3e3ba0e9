/**
 * The one progress renderer of the command line (demo, transcode, decode, conformance): units done, MB/s and
 * ETA on one line of stderr, redrawn in place at most 10 times a second, only when stderr is a terminal and
 * the command is neither `--quiet` nor `--json`. Lines logged through it are printed to stdout, above the bar.
 */
export interface ProgressOptions {
  /** Units of work in all (may be changed later with {@link Progress.update}). */
  total: number;
  /** What a unit is called ("frames", "files"). */
  unit: string;
  /** Bytes per unit, to show MB/s when {@link Progress.update} is not given byte counts (optional). */
  bytesPerUnit?: number;
  /** No bar at all (the command's `--quiet` or `--json`). */
  quiet?: boolean | undefined;
  /** Shown before the bar. */
  label?: string;
  /** Where {@link Progress.log} prints (default process.stdout). */
  out?: NodeJS.WritableStream;
}

/** True when a bar should be drawn on `stream`. */
export function wantsProgress(stream: { isTTY?: boolean }, quiet?: boolean): boolean {
  return Boolean(stream.isTTY) && !quiet;
}

export class Progress {
  private done_ = 0;
  private total: number;
  private bytes: number | undefined;
  private readonly start = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly options: ProgressOptions,
  ) {
    this.tty = wantsProgress(stream, options.quiet);
    this.total = options.total;
  }

  /** True when the bar is drawn (a terminal, not quiet). */
  get active(): boolean {
    return this.tty;
  }

  /** Adds `n` units done. */
  tick(n: number): void {
    this.done_ += n;
    this.redraw();
  }

  /** Sets the units done (and optionally the total and the bytes processed so far, for MB/s). */
  update(done: number, total?: number, bytes?: number): void {
    this.done_ = done;
    if (total !== undefined) this.total = total;
    if (bytes !== undefined) this.bytes = bytes;
    this.redraw();
  }

  /** Prints a line without breaking the bar. */
  log(line: string): void {
    this.clear();
    (this.options.out ?? process.stdout).write(line + "\n");
    if (this.drawn) this.draw();
  }

  /** Prints a line to stderr (a warning) without breaking the bar. */
  warn(line: string): void {
    this.clear();
    this.stream.write(line + "\n");
    if (this.drawn) this.draw();
  }

  /** Clears the bar (call once when the work is over). */
  done(): void {
    this.clear();
    this.drawn = false;
  }

  private clear(): void {
    if (this.tty && this.drawn) this.stream.write("\r\x1b[K");
  }

  private redraw(): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && this.done_ < this.total) return;
    this.lastDraw = now;
    this.draw();
  }

  private draw(): void {
    const { unit, bytesPerUnit, label } = this.options;
    const total = this.total;
    const secs = (performance.now() - this.start) / 1000;
    const frac = total > 0 ? Math.min(this.done_ / total, 1) : 1;
    const width = 24;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    const bytes = this.bytes ?? (bytesPerUnit ? this.done_ * bytesPerUnit : undefined);
    const rate = bytes !== undefined && secs > 0 ? ` ${(bytes / 1e6 / secs).toFixed(0)} MB/s` : "";
    const eta = this.done_ > 0 && frac < 1 ? ` ETA ${Math.ceil((secs / this.done_) * (total - this.done_))}s` : "";
    this.stream.write(`\r\x1b[K${label ? label + " " : ""}[${bar}] ${this.done_}/${total} ${unit}${rate}${eta}`);
    this.drawn = true;
  }
}
