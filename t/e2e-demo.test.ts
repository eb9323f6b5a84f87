/** `npm run demo` (here from the sources): the private DNS world, the service and the printed reports. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('tests the demo zones through the API and prints a report for each', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], {
    timeout: 50_000,
  });
  const worst = Object.fromEntries(
    [...stdout.matchAll(/━━ (\S+) .*worst level: (\w+)/g)].map((m) => [m[1], m[2]]),
  );
  expect(Object.keys(worst).sort()).toEqual([
    'garbled.lab',
    'good.lab',
    'lame.lab',
    'missing.lab',
    'refused.lab',
  ]);
  expect(worst['good.lab']).not.toBe('CRITICAL');
  expect(worst).toMatchObject({
    'refused.lab': 'CRITICAL',
    'garbled.lab': 'CRITICAL',
    'missing.lab': 'CRITICAL',
  });
  expect(stdout).toMatch(/CRITICAL +Basic02 +No name server of "refused\.lab" gives a usable answer/);
  expect(stdout).toMatch(/INFO messages not shown/);
  expect(stdout).toMatch(/root_hints = \S+named\.root/);
}, 60_000);
