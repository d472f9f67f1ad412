// The sweep's progress display: on a terminal one bar redrawn in place, in a log one line per
// finished run. The time left assumes the remaining runs take as long, on average, as the ones
// finished in this session (runs already in the store at --resume do not count).

export interface Progress {
  done: number;
  failed: number;
  total: number;
  /** Runs finished since this session started, and the seconds it took. */
  finishedNow: number;
  elapsedSeconds: number;
}

const WIDTH = 30;

export function progressText(p: Progress, bar: boolean): string {
  const remaining = p.total - p.done - p.failed;
  const eta = p.finishedNow > 0 && remaining > 0 ? `, about ${formatSeconds((p.elapsedSeconds / p.finishedNow) * remaining)} left` : '';
  const counts = `${p.done} done, ${p.failed} failed, ${p.total} total${eta}`;
  if (!bar) return `podsim sweep: ${counts}`;
  const filled = p.total === 0 ? WIDTH : Math.round(((p.done + p.failed) / p.total) * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${counts}`;
}

function formatSeconds(s: number): string {
  const whole = Math.ceil(s);
  return whole < 120 ? `${whole} s` : whole < 7200 ? `${Math.ceil(whole / 60)} min` : `${(whole / 3600).toFixed(1)} h`;
}

/** Writes progress to a stream: redrawn in place on a TTY, a line per update otherwise. */
export class ProgressWriter {
  private readonly started = process.hrtime.bigint();
  private finishedNow = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(state: { done: number; failed: number; total: number }, failure?: string): void {
    this.finishedNow++;
    const elapsedSeconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    const text = progressText({ ...state, finishedNow: this.finishedNow, elapsedSeconds }, this.out.isTTY === true);
    if (!this.out.isTTY) {
      this.out.write(`${text}${failure ? ` (${failure})` : ''}\n`);
      return;
    }
    if (failure) this.out.write(`\r\x1b[K${failure}\n`);
    this.out.write(`\r\x1b[K${text}`);
    this.drawn = true;
  }

  /** Ends the bar's line so that what follows starts on its own. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
