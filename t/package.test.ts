/**
 * What ships: the systemd units pass `systemd-analyze verify`, the LICENSE matches package.json, and the
 * tarball holds the built code, the share/ files and no tests. (The install-and-run check of the tarball is
 * t/package-install.acceptance.ts, run once by .ci/run.)
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const exec = promisify(execFile);

/** A test that needs a tool fails with a line saying how to get it, never skips. */
async function tool(name: string, args: string[], packageName: string) {
  try {
    return await exec(name, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${name} is not installed: apt-get install ${packageName} (.ci/run does this)`);
    throw error;
  }
}

describe('systemd units', () => {
  it.each(['zm-rpcapi.service', 'zm-testagent.service'])('%s passes systemd-analyze verify', async (unit) => {
    const { stderr } = await tool('systemd-analyze', ['verify', join('share', unit)], 'systemd');
    expect(stderr).toBe('');
  });

  it.each(['zm-rpcapi.service', 'zm-testagent.service'])(
    '%s runs as a dynamic user with a state directory',
    (unit) => {
      const text = readFileSync(join(ROOT, 'share', unit), 'utf8');
      expect(text).toMatch(/^DynamicUser=yes$/m);
    // The same name in both units: one dynamic user, so both may write the SQLite file.
    expect(text).toMatch(/^User=zonemaster$/m);
      expect(text).toMatch(/^StateDirectory=zonemaster$/m);
      expect(text).toMatch(
        /^Environment=ZONEMASTER_BACKEND_CONFIG_FILE=\/etc\/zonemaster\/backend_config.ini$/m,
      );
    },
  );
});

describe('the package', () => {
  it('has the BSD-2-Clause LICENSE that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('BSD-2-Clause');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^BSD 2-Clause License/);
    expect(license).toMatch(/Copyright \(c\) \d{4}, The zonemaster-ts authors/);
  });

  it('packs dist/, share/, the launchers and the LICENSE, and no tests or TypeScript sources', async () => {
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'rpcapi.js')), 'run npm run build first').toBe(true);
    // --ignore-scripts: list what the current build would ship without rebuilding it under other tests' feet.
    const { stdout } = await tool('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], 'npm');
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    for (const needed of [
      'LICENSE',
      'README.md',
      'docs/operations.md',
      'bin/zonemaster-backend-rpcapi',
      'dist/src/cli/rpcapi.js',
      'dist/src/cli/testagent.js',
      'dist/migrations/0001_reference_schema.js',
      'share/named.root',
      'share/profile.json',
      'share/zm-rpcapi.service',
      'zonemaster_backend.ini',
    ])
      expect(files).toContain(needed);
    expect(
      files.filter((f) => f.startsWith('t/') || f.startsWith('dist/t/') || f.startsWith('dist/bench/')),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') || f.includes('demo'))).toEqual([]);
  });

  it('installs without dev dependencies: prepare succeeds and builds nothing when TypeScript is absent', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.js');
    // A folder where `typescript` cannot be resolved, as after `npm ci --omit=dev`.
    const bare = mkdtempSync(join(tmpdir(), 'zm-prepare-'));
    copyFileSync(join(ROOT, 'scripts', 'prepare.js'), join(bare, 'prepare.js'));
    writeFileSync(join(bare, 'package.json'), '{"type":"module"}');
    const { stderr } = await exec(process.execPath, [join(bare, 'prepare.js')], { cwd: bare });
    expect(stderr).toMatch(/TypeScript is not installed .*dist\/ not rebuilt/);
  });
});
