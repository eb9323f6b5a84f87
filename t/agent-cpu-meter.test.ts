import { describe, expect, it } from 'vitest';
import { CpuMeter } from '../src/agent/cpuMeter.js';

/** Keeps this thread busy for `ms` of wall time. */
function burn(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  expect(x).toBeGreaterThan(0);
}

describe('CpuMeter', () => {
  it("shares the process's CPU among the tests running while it was used", () => {
    const meter = new CpuMeter();
    burn(30); // before any test: counted for none
    meter.start('a');
    meter.start('b');
    burn(100); // shared by a and b
    const a = meter.stop('a');
    burn(100); // b's alone
    const b = meter.stop('b');
    // Wide margins: a shared CI machine may run this thread well below a full core.
    expect(a).toBeGreaterThan(0.01);
    expect(a).toBeLessThan(0.5);
    expect(b).toBeGreaterThan(a * 1.5);
    expect(meter.stop('a')).toBe(0); // ended: nothing more
  });
});
