/**
 * CPU seconds per running test. Node reports CPU time per process only, and one agent runs many tests at once,
 * so the process's CPU time is shared out: each sample splits what was used since the previous sample equally
 * among the tests running during that interval. Samples are taken whenever a test starts or ends and by the
 * agent's once-a-second check, so a test's share is exact to within one second of the others' activity.
 */
export class CpuMeter {
  private last = process.cpuUsage();
  private readonly used = new Map<string, number>();

  start(testId: string): void {
    this.sample();
    this.used.set(testId, 0);
  }

  /** Ends a test's accounting and returns its CPU seconds. */
  stop(testId: string): number {
    this.sample();
    const seconds = this.used.get(testId) ?? 0;
    this.used.delete(testId);
    return seconds;
  }

  sample(): void {
    // One reading per sample: getrusage sums every thread of the process, which is not cheap.
    const now = process.cpuUsage();
    const usedMicros = now.user - this.last.user + (now.system - this.last.system);
    this.last = now;
    if (this.used.size === 0) return;
    const share = usedMicros / 1e6 / this.used.size;
    for (const [testId, seconds] of this.used) this.used.set(testId, seconds + share);
  }
}
