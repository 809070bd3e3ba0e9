/**
 * A one-line progress bar for terminals (frames done, MB/s, ETA), redrawn at most ten times a second.
 * Callers create it only when the stream is a TTY; otherwise they print plain lines or nothing.
 */

export class ProgressLine {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly label: string,
    private readonly width = 24,
  ) {}

  /** Redraws the line for `done` of `total` units and `bytes` processed so far. */
  update(done: number, total: number, bytes: number): void {
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const fraction = total > 0 ? Math.min(done / total, 1) : 0;
    const filled = Math.round(fraction * this.width);
    const rate = seconds > 0 ? bytes / 1e6 / seconds : 0;
    const eta = fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : 0;
    const bar = "#".repeat(filled) + "-".repeat(this.width - filled);
    this.stream.write(`\r${this.label.padEnd(16)} [${bar}] ${String(done).padStart(String(total).length)}/${total}  ${rate.toFixed(0).padStart(5)} MB/s  ETA ${eta.toFixed(0)} s   `);
    this.drawn = true;
  }

  /** Clears the line. */
  done(): void {
    if (this.drawn) this.stream.write("\r" + " ".repeat(this.label.length + this.width + 60) + "\r");
  }
}
