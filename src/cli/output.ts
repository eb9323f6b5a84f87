/** Terminal and pipe manners shared by the interactive commands. */

/**
 * `command | head` closes the pipe early: stop quietly (exit 0, as the shell's own tools do) instead of dying on
 * an EPIPE error from the next write.
 */
export function exitQuietlyWhenPipeCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

/** Erases the current terminal line (cursor to column 0, clear to the end). */
export const CLEAR_LINE = '\r\x1b[K';

/**
 * A progress line on a terminal's stderr that findings printed on stdout do not run into: the line is cleared
 * before each finding and drawn again after it.
 */
export class ProgressLine {
  private shown = '';

  constructor(private readonly enabled: boolean) {}

  update(text: string): void {
    if (!this.enabled) return;
    this.shown = text;
    process.stderr.write(`${CLEAR_LINE}${text}`);
  }

  /** Writes `line` to stdout with the progress line out of its way. */
  print(line: string): void {
    if (this.shown !== '') process.stderr.write(CLEAR_LINE);
    process.stdout.write(line);
    if (this.shown !== '') process.stderr.write(this.shown);
  }

  clear(): void {
    if (this.shown !== '') process.stderr.write(CLEAR_LINE);
    this.shown = '';
  }
}
