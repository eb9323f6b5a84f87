/**
 * Acceptance for an installed package, run by .ci/run (not by vitest: it builds, packs and installs, minutes
 * of work that must happen once, not once per database): npm pack → `npm install -g` of the tarball in a
 * temporary prefix → `zonemaster-backend-db migrate` → the installed rpcapi and test agent → one test through
 * the API on a DNS world served on loopback port 53 (the installed agent cannot be told another port; CI runs as
 * root) → the installed zmtest and zonemaster-cli on the same world.
 * Prints "package-install: 1 passed, 0 failed" or the first failure, and exits 0 or 1.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rpcCall, waitForResults } from '../src/agent/rpcClient.js';
import { startLocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'zm-package-'));
const prefix = join(dir, 'prefix');
const bin = (name: string) => join(prefix, 'bin', name);

function step(text: string): void {
  process.stdout.write(`--- ${text}\n`);
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(what: string, ms: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} not within ${ms / 1000} s`);
}

const daemons: ChildProcess[] = [];
let daemonOutput = '';

function startDaemon(command: string, args: string[]): ChildProcess {
  const child = spawn(bin(command), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (d) => (daemonOutput += `${command}: ${String(d)}`));
  daemons.push(child);
  return child;
}

async function stopDaemon(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

async function main(): Promise<void> {
  step('npm pack');
  const { stdout: packed } = await exec('npm', ['pack', '--pack-destination', dir, '--json'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as [
    { filename: string; files: { path: string }[] },
  ];
  const files = info.files.map((f) => f.path);
  check(files.includes('dist/src/cli/rpcapi.js'), 'the tarball has no dist/src/cli/rpcapi.js');
  check(files.includes('LICENSE'), 'the tarball has no LICENSE');
  check(
    !files.some((f) => f.startsWith('t/') || f.endsWith('.test.js') || f.endsWith('.ts')),
    'the tarball ships tests or sources',
  );

  step('npm install -g into a temporary prefix');
  await exec(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(dir, info.filename),
    ],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );

  step('DNS world on 127.57.x.y port 53');
  const tree = await startLocalTree(
    [
      { origin: '', servers: [{ name: 'a.root-servers.pkg', address: '127.57.0.1' }] },
      { origin: 'pkg', servers: [{ name: 'ns1.nic.pkg', address: '127.57.0.2' }] },
      {
        origin: 'good.pkg',
        servers: [
          { name: 'ns1.good.pkg', address: '127.57.1.1' },
          { name: 'ns2.good.pkg', address: '127.57.1.2' },
        ],
        lines: ['www A 127.57.1.80'],
      },
    ],
    {},
    53,
  );
  try {
    const hints = writeHints(dir, tree.rootServers);
    const config = join(dir, 'backend_config.ini');
    writeFileSync(
      config,
      [
        '[DB]',
        'engine = SQLite',
        'polling_interval = 0.2',
        '[SQLITE]',
        'database_file = db/zonemaster.sqlite',
        '[ZONEMASTER]',
        `root_hints = ${hints}`,
        '',
      ].join('\n'),
    );

    step('zonemaster-backend-db migrate');
    const { stdout: migrated } = await exec(bin('zonemaster-backend-db'), ['--config', config, 'migrate']);
    check(/applied 0001_reference_schema/.test(migrated), `migrate said: ${migrated}`);

    step('zonemaster-backend-rpcapi and zonemaster-backend-testagent');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const rpcapi = startDaemon('zonemaster-backend-rpcapi', [
      '--config',
      config,
      '--listen',
      `127.0.0.1:${port}`,
    ]);
    const agent = startDaemon('zonemaster-backend-testagent', [
      'foreground',
      '--config',
      config,
      '--pidfile',
      join(dir, 'agent.pid'),
      '--logfile',
      '-',
    ]);
    await waitUntil(
      'GET /readyz answering 200',
      30_000,
      async () => (await fetch(new URL('/readyz', url))).status === 200,
    );
    const index = (await (await fetch(url)).json()) as { service: string };
    check(index.service === 'zonemaster-backend-rpcapi', 'GET / does not name the service');

    step('one test through the API');
    const testId = await rpcCall<string>(url, 'start_domain_test', { domain: 'good.pkg', ipv6: false });
    const results = await waitForResults(url, testId, { pollMs: 200, timeoutMs: 180_000 });
    check(
      results.results.some((r) => r.tag === 'B02_AUTH_RESPONSE_SOA'),
      'no B02_AUTH_RESPONSE_SOA in the results',
    );

    step('zmtest and zonemaster-cli');
    const { stdout: summary } = await exec(bin('zmtest'), ['--server', url, '--noipv6', 'good.pkg']);
    check(/^total\s+\d/m.test(summary), `zmtest printed: ${summary}`);
    const { stdout: cli } = await exec(bin('zonemaster-cli'), [
      '--hints',
      hints,
      '--no-ipv6',
      '--test',
      'basic',
      '--raw',
      '--level',
      'INFO',
      'good.pkg',
    ]);
    check(/B02_AUTH_RESPONSE_SOA/.test(cli), `zonemaster-cli printed: ${cli}`);

    step('SIGTERM: both stop with exit 0');
    check((await stopDaemon(agent)) === 0, 'the agent did not exit 0 on SIGTERM');
    check((await stopDaemon(rpcapi)) === 0, 'the rpcapi did not exit 0 on SIGTERM');
  } finally {
    await tree.stop();
  }
}

try {
  await main();
  process.stdout.write('package-install: 1 passed, 0 failed\n');
  rmSync(dir, { recursive: true, force: true });
} catch (error) {
  await Promise.all(daemons.map(stopDaemon));
  process.stdout.write(
    `${daemonOutput}\npackage-install: ${(error as Error).message}\n(files kept in ${dir})\npackage-install: 0 passed, 1 failed\n`,
  );
  process.exitCode = 1;
}
