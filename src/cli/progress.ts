/**
 * A small progress bar for long commands (demo, transcode, conformance): frames or files done, MB/s and ETA
 * on a TTY, redrawn in place at most 10 times a second; silent when stderr is not a terminal or when quiet.
 * Lines logged through it are printed above the bar (to stdout when not a TTY).
 */
export interface ProgressOptions {
  total: number;
  unit: string;
  /** Bytes per unit, to show MB/s (optional). */
  bytesPerUnit?: number;
  quiet?: boolean | undefined;
  label?: string;
}

export class Progress {
  private done_ = 0;
  private readonly start = Date.now();
  private lastDraw = 0;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly options: ProgressOptions,
  ) {
    this.tty = Boolean(stream.isTTY) && !options.quiet;
  }

  tick(n: number): void {
    this.done_ += n;
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && this.done_ < this.options.total) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Prints a line without breaking the bar. */
  log(line: string): void {
    if (this.tty) this.stream.write("\r\x1b[K");
    process.stdout.write(line + "\n");
    if (this.tty) this.draw();
  }

  done(): void {
    if (this.tty) this.stream.write("\r\x1b[K");
  }

  private draw(): void {
    const { total, unit, bytesPerUnit, label } = this.options;
    const secs = (Date.now() - this.start) / 1000;
    const frac = total > 0 ? this.done_ / total : 1;
    const width = 24;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    const rate = bytesPerUnit && secs > 0 ? ` ${((this.done_ * bytesPerUnit) / 1e6 / secs).toFixed(0)} MB/s` : "";
    const eta = this.done_ > 0 && frac < 1 ? ` ETA ${Math.ceil((secs / this.done_) * (total - this.done_))}s` : "";
    this.stream.write(`\r\x1b[K${label ? label + " " : ""}[${bar}] ${this.done_}/${total} ${unit}${rate}${eta}`);
  }
}
