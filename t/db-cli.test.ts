import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, loadReferenceDatabase, target, type TestDatabase } from './lib/db.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const run = promisify(execFile);

/** Runs src/cli/db.ts from sources; resolves with exit code and output instead of throwing. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/db.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ZONEMASTER_BACKEND_CONFIG_FILE: '' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe(`zonemaster-backend-db on ${target()}`, () => {
  it('adopts a reference database, reports status, and purges old finished tests', async () => {
    db = await createTestDatabase({ migrate: false });
    await loadReferenceDatabase(db.knex);
    const config = db.config.file;

    const migrate = await cli('migrate', '--config', config);
    expect(migrate).toMatchObject({
      code: 0,
      stdout:
        'applied 0001_reference_schema\napplied 0002_agent_leases\napplied 0003_job_states\napplied 0004_rerun_isolation\napplied 0005_event_stream_index\napplied 0006_schedules\napplied 0007_claim_order_index\n',
    });

    const [status, dry] = await Promise.all([
      cli('--config', config, 'status'),
      cli('purge', '--older-than', '30', '--dry-run', '--config', config),
    ]);
    expect(status.stdout).toBe(
      'applied 0001_reference_schema\napplied 0002_agent_leases\napplied 0003_job_states\napplied 0004_rerun_isolation\napplied 0005_event_stream_index\napplied 0006_schedules\napplied 0007_claim_order_index\ndatabase schema is up to date\n',
    );
    expect(dry).toMatchObject({ code: 0, stdout: 'would delete 3 tests and 4 result entries\n' });
    expect(await db.knex('test_results').count({ n: '*' }).first()).toEqual({ n: 5 });

    const purge = await cli('purge', '--older-than', '30', '--chunk-size', '2', '--config', config);
    expect(purge).toMatchObject({ code: 0, stdout: 'deleted 3 tests and 4 result entries\n' });
    expect(await db.knex('test_results').count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  // six CLI processes one after the other: longer than the default timeout on a loaded machine
  it('prints one line and exits 1 on a bad config file or a refused step', async () => {
    db = await createTestDatabase();
    const bad = join(dirname(db.config.file), 'bad.ini');
    writeFileSync(bad, '[DB]\nengine = Oracle\n');
    const [badConfig, down] = await Promise.all([
      cli('status', '--config', bad),
      cli('down', '--config', db.config.file).then(async (claimOrder) => ({
        claimOrder,
        newest: await cli('down', '--config', db!.config.file),
        streams: await cli('down', '--config', db!.config.file),
        next: await cli('down', '--config', db!.config.file),
        first: await cli('down', '--config', db!.config.file),
        middle: await cli('down', '--config', db!.config.file),
        second: await cli('down', '--config', db!.config.file),
      })),
    ]);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stdout).toBe('');
    expect(badConfig.stderr.trim().split('\n')).toHaveLength(1);
    expect(badConfig.stderr).toContain('engine');

    expect(down.claimOrder).toMatchObject({ code: 0, stdout: 'reverted 0007_claim_order_index\n' });
    expect(down.newest).toMatchObject({ code: 0, stdout: 'reverted 0006_schedules\n' });
    expect(down.streams).toMatchObject({ code: 0, stdout: 'reverted 0005_event_stream_index\n' });
    expect(down.next).toMatchObject({ code: 0, stdout: 'reverted 0004_rerun_isolation\n' });
    expect(down.first).toMatchObject({ code: 0, stdout: 'reverted 0003_job_states\n' });
    expect(down.middle).toMatchObject({ code: 0, stdout: 'reverted 0002_agent_leases\n' });
    expect(down.second.code).toBe(1);
    expect(down.second.stderr).toMatch(/add --force/);
    expect(await db.knex.schema.hasTable('test_results')).toBe(true);
  }, 90_000);
});
