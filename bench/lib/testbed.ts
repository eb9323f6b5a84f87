/** The DNS test bed (BIND on 127.53.x.y, 28 scenario zones): where it is, its zones, whether it answers. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

/** $ZM_TESTBED, else the shared test bed next to the checkout or at its usual place. */
export function testbedDir(): string {
  const candidates = [
    process.env.ZM_TESTBED,
    resolve(PROJECT_ROOT, '..', 'shared', 'testbed'),
    '/work/shared/testbed',
  ];
  return (
    candidates.find((dir) => dir !== undefined && existsSync(join(dir, 'scenarios.tsv'))) ??
    '/work/shared/testbed'
  );
}

/** A scenario of scenarios.tsv: its domain, its extra zonemaster-cli arguments and the name servers among them. */
export interface TestbedScenario {
  domain: string;
  extra: string;
  /** the "--ns name/ip" arguments */
  nameservers: { ns: string; ip?: string }[];
}

export function testbedScenarios(dir: string = testbedDir()): TestbedScenario[] {
  return readFileSync(join(dir, 'scenarios.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [domain, extra = ''] = line.split('\t');
      const nameservers = [...extra.matchAll(/--ns\s+(\S+)/g)].map((m) => {
        const [ns, ip] = m[1]!.split('/');
        return ip ? { ns: ns!, ip } : { ns: ns! };
      });
      return { domain: domain!, extra, nameservers };
    });
}

/** The scenario zones that are tested as delegated, without extra arguments (every zone but the undelegated one). */
export function delegatedZones(dir: string = testbedDir()): string[] {
  return testbedScenarios(dir)
    .filter((scenario) => scenario.extra.trim() === '')
    .map((scenario) => scenario.domain)
    .sort();
}

export async function testbedRunning(): Promise<boolean> {
  const { createSocket } = await import('node:dgram');
  const { encodeQuery } = await import('../../src/engine/dns/codec.js');
  return new Promise((done) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => finish(false), 1000);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      done(ok);
    };
    socket.on('message', () => finish(true));
    socket.on('error', () => finish(false));
    socket.send(
      encodeQuery({ id: 7, name: '.', type: 'SOA', class: 'IN', rd: false, cd: false }),
      53,
      '127.53.0.1',
    );
  });
}

/**
 * The process id of the test bed's name server (BIND started by up.sh with the test bed's named.conf), or
 * undefined when it is not found: its CPU time is part of what a batch costs on this machine.
 */
export function testbedServerPid(dir: string = testbedDir()): number | undefined {
  const conf = join(dir, 'state', 'named.conf');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('named') && args.includes(conf)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}
