/**
 * V8 lets the heap of a busy agent grow to several times its live data before it collects (measured: about 60 MB
 * live at 100 concurrent tests, yet 320 MB RSS without a limit). A limit keeps the footprint predictable, like a
 * JVM's -Xmx, and turns a runaway test into a crash its recovery handles, instead of a host out of memory. An
 * operator's own --max-old-space-size (flag or NODE_OPTIONS) always wins.
 *
 * The limit must be given when the process starts, so however the agent is started (systemd with the flag,
 * `start`, `foreground` from a shell, `npm start`) a process without it re-runs itself with it
 * (runUnderHeapLimit): the first process only relays signals and the exit code.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export const AGENT_HEAP_LIMIT_MB = 128;

export function agentHeapFlags(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  limitMb: number = AGENT_HEAP_LIMIT_MB,
): string[] {
  const given = [...execArgv, env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
  return given ? [] : [`--max-old-space-size=${limitMb}`];
}

// Signals relayed to the process under the limit. SIGINT is not: a terminal sends it to both processes already.
const RELAYED = ['SIGTERM', 'SIGHUP'] as const;

/**
 * True when this process has started the same command again under the heap limit and must do nothing more
 * itself; false when the limit is already in place (run the agent here). The process under the limit exits
 * when this one dies, so killing either stops the agent.
 */
export function runUnderHeapLimit(limitMb: number = AGENT_HEAP_LIMIT_MB): boolean {
  if (process.channel && process.env.ZM_UNDER_HEAP_LIMIT === '1') {
    process.channel.unref();
    process.on('disconnect', () => process.exit(1));
  }
  const flags = agentHeapFlags(process.execArgv, process.env, limitMb);
  if (flags.length === 0) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ZM_UNDER_HEAP_LIMIT: '1' },
  });
  for (const signal of RELAYED) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => undefined);
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  return true;
}
