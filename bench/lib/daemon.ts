/**
 * The RPC daemon as its own process (bin/zonemaster-backend-rpcapi) on a free loopback port, for benchmarks that
 * measure it from outside: its process ids (the launcher may exec a child), resident memory and CPU time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { cpuMsOf, rssOf } from './procStats.js';

export interface DaemonProcess {
  port: number;
  process: ChildProcess;
  /** resident memory of the daemon's processes, in MB */
  rssMb(): number;
  /** user + system CPU seconds the daemon's processes have used */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the built daemon with this configuration; exits the bench with a hint when it is not built. */
export async function startDaemonProcess(configFile: string, npmScript: string): Promise<DaemonProcess> {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'rpcapi.js'))) {
    console.error(`The daemon is not built: run \`npm run build\` (npm run ${npmScript} does).`);
    process.exit(1);
  }
  const port = await freePort();
  const daemon = spawn(
    process.execPath,
    [
      join(PROJECT_ROOT, 'bin', 'zonemaster-backend-rpcapi'),
      '--listen',
      `127.0.0.1:${port}`,
      '--config',
      configFile,
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ZM_BACKEND_RPCAPI_LOGLEVEL: 'error' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const pids = (): number[] => {
    const all = [daemon.pid!];
    try {
      const children = readFileSync(`/proc/${daemon.pid}/task/${daemon.pid}/children`, 'utf8').trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    } catch {
      // no children file: the launcher is the daemon
    }
    return all;
  };
  const sum = (read: (pid: number) => number) =>
    pids().reduce((total, pid) => {
      try {
        return total + read(pid);
      } catch {
        return total; // the process just ended
      }
    }, 0);
  return {
    port,
    process: daemon,
    rssMb: () => sum((pid) => rssOf(pid).rss / 1024 / 1024),
    cpuSeconds: () => sum((pid) => cpuMsOf(pid) / 1000),
    async stop() {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('exit', resolve));
    },
  };
}
