/**
 * A single self-overwriting status line on a terminal; silent when output is piped, so logs and CI stay
 * clean. Updates are throttled: redrawing per line would cost more than importing it.
 */
export class ProgressLine {
  private lastDrawn = 0;
  private isVisible = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 100,
  ) {}

  update(text: string): void {
    if (!this.stream.isTTY) return;
    if (Date.now() - this.lastDrawn < this.intervalMs) return;
    this.show(text);
  }

  /** Drawn whatever the throttle: a new phase of the work, which may then last long without an update. */
  show(text: string): void {
    if (!this.stream.isTTY) return;
    this.lastDrawn = Date.now();
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.isVisible = true;
  }

  done(): void {
    if (!this.isVisible) return;
    this.stream.write('\r\x1b[2K');
    this.isVisible = false;
  }
}
