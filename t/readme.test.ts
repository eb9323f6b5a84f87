/**
 * The README's examples run as written: every ini block is a valid configuration, the database set-up commands
 * create a user and database that the daemons can use (run against the local servers under fresh names), and
 * every command line names commands, subcommands and options that exist.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { assertDatabaseReachable, createKnex } from '../src/db/connection.js';
import { migrateLatest } from '../src/db/migrate.js';
import { ZMB_COMMANDS } from '../src/rpc/zmb-requests.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const exec = promisify(execFile);

/** The fenced code blocks of one language, in order. */
function blocks(language: string): string[] {
  return [...README.matchAll(/^ *```(\w*)\n([\s\S]*?)^ *```$/gm)]
    .filter((m) => m[1] === language)
    .map((m) => m[2]!.replace(/^ {3}/gm, ''));
}

/** Command lines of the sh blocks, without comments. */
function commandLines(): string[] {
  return blocks('sh')
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe('README', () => {
  it('opens with the two commands', () => {
    expect(blocks('sh')[0]).toMatch(/^npm ci && npm start +#.*\nnpm test +#/);
  });

  it.each(blocks('ini').map((text, i) => [i + 1, text]))(
    'ini example %i is a valid configuration',
    (_, text) => {
      expect(() => parseConfig(text, '/etc/zonemaster/backend_config.ini')).not.toThrow();
    },
  );

  it('links only files that exist, and headings that exist in them', () => {
    for (const [, target] of README.matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)) {
      const [file = '', anchor] = target!.split('#');
      expect(existsSync(join(ROOT, file)), target).toBe(true);
      if (anchor !== undefined)
        expect(headingSlugs(readFileSync(join(ROOT, file), 'utf8')), target).toContain(anchor);
    }
  });

  it('names only commands, npm scripts and zmb commands that exist, with options their parsers accept', () => {
    const lines = commandLines();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      for (const [, script] of line.matchAll(/npm run ([\w:-]+)/g))
        expect(pkg.scripts, line).toHaveProperty(script!);
      const words = line.match(/'[^']*'|"[^"]*"|\S+/g)!.map((w) => w.replace(/^['"]|['"]$/g, ''));
      const command = words[0]!.replace(/^bin\//, '');
      if (command === 'zmb') {
        const rest = words.slice(1);
        while (rest[0]?.startsWith('--')) rest.splice(0, rest[0] === '--server' ? 2 : 1);
        const [method, ...args] = rest;
        expect(ZMB_COMMANDS, line).toHaveProperty(method!);
        expect(() => ZMB_COMMANDS[method!]!(args, () => 'example.com\n'), line).not.toThrow();
      } else if (command === 'zonemaster-backend-db') {
        expect(
          words.some((w) => ['migrate', 'status', 'down', 'purge'].includes(w)),
          line,
        ).toBe(true);
      } else if (command.startsWith('zonemaster') || command.startsWith('zm')) {
        expect(pkg.bin, line).toHaveProperty(command);
      }
    }
  });
});

describe('README database set-up', () => {
  const suffix = randomBytes(4).toString('hex');
  /** The README's SQL with the names made unique, so the test can run beside others and clean up. */
  const sqlOf = (prefix: RegExp) =>
    commandLines()
      .filter((line) => prefix.test(line))
      .map((line) => /"([^"]+)"$/.exec(line)![1]!.replace(/\bzonemaster\b/g, `zm_readme_${suffix}`));

  it('PostgreSQL: the commands create a user and database that migrate and accept connections', async () => {
    const statements = sqlOf(/^sudo -u postgres psql -c /);
    expect(statements).toHaveLength(2);
    const name = `zm_readme_${suffix}`;
    try {
      for (const sql of statements)
        await exec('psql', ['-h', '127.0.0.1', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
      const ini = blocks('ini')[0]!
        .replace(/\bzonemaster\b/g, name)
        .replace(/password = \S+/, `password = ${name}`);
      await migrateWith(ini);
    } finally {
      await exec('psql', ['-h', '127.0.0.1', '-d', 'test', '-qc', `DROP DATABASE IF EXISTS ${name}`]);
      await exec('psql', ['-h', '127.0.0.1', '-d', 'test', '-qc', `DROP USER IF EXISTS ${name}`]);
    }
  });

  it('MariaDB: the commands create a user and database that migrate and accept connections', async () => {
    const statements = sqlOf(/^sudo mariadb -e /);
    expect(statements).toHaveLength(3);
    const name = `zm_readme_${suffix}`;
    try {
      for (const sql of statements) await exec('mariadb', ['-h', '127.0.0.1', '-uroot', '-e', sql]);
      const ini = blocks('ini')[0]!
        .replace('engine = PostgreSQL', 'engine = MySQL')
        .replace('[POSTGRESQL]', '[MYSQL]')
        .replace(/\bzonemaster\b/g, name);
      await migrateWith(ini);
    } finally {
      await exec('mariadb', [
        '-h',
        '127.0.0.1',
        '-uroot',
        '-e',
        `DROP DATABASE IF EXISTS ${name}; DROP USER IF EXISTS '${name}'@'127.0.0.1'`,
      ]);
    }
  });
});

async function migrateWith(ini: string): Promise<void> {
  const config = parseConfig(ini, '/etc/zonemaster/backend_config.ini');
  const knex = createKnex(config);
  try {
    await assertDatabaseReachable(knex, config);
    expect(await migrateLatest(knex)).toContain('0001_reference_schema');
  } finally {
    await knex.destroy();
  }
}

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingSlugs(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) =>
    heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-'),
  );
}
