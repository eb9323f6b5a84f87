/**
 * zonemaster-cli: test one zone from the command line, with the options of the reference CLI (>= 6).
 * Exit status: 0 after a run, 1 when no name server could be reached (nothing was tested), 2 for bad input
 * (domain, --ns, --ds, --level, files).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  defaultProfile,
  LEVEL_VALUE,
  LEVELS,
  loadProfileFile,
  mergeProfile,
  normalizeName,
  runTest,
  Translator,
  type DsSpec,
  type Level,
  type MessageEntry,
  type NameserverSpec,
} from '../engine/index.js';
import { VERSION } from '../version.js';
import { exitQuietlyWhenPipeCloses, ProgressLine } from './output.js';

class UsageError extends Error {}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseNs(value: string): NameserverSpec {
  const [rawName, ip] = value.split('/', 2);
  const name = normalizeName(rawName ?? '');
  if (!name.ok) throw new UsageError(`--ns ${value}: ${name.error.message}`);
  if (ip !== undefined && ip !== '' && !/^[0-9.]+$|^[0-9a-fA-F:.]+$/.test(ip)) throw new UsageError(`--ns ${value}: invalid IP address`);
  return ip ? { ns: name.name, ip } : { ns: name.name };
}

function parseDs(value: string): DsSpec {
  const parts = value.split(',');
  const [keytag, algorithm, digtype] = parts.slice(0, 3).map(Number);
  const digest = parts[3] ?? '';
  if (parts.length !== 4 || [keytag, algorithm, digtype].some((n) => n === undefined || !Number.isInteger(n) || n < 0) || !/^[0-9a-fA-F]+$/.test(digest)) {
    throw new UsageError(`--ds ${value}: expected KEYTAG,ALGORITHM,DIGTYPE,DIGEST`);
  }
  return { keytag: keytag!, algorithm: algorithm!, digtype: digtype!, digest: digest.toLowerCase() };
}

function parseLevel(value: string): Level {
  const upper = value.toUpperCase() as Level;
  if (!LEVELS.includes(upper)) throw new UsageError(`--level ${value}: expected one of ${LEVELS.join(', ')}`);
  return upper;
}

interface CliOptions {
  json?: boolean;
  raw?: boolean;
  level: string;
  showTestcase?: boolean;
  showModule?: boolean;
  hints?: string;
  profile?: string;
  ns: string[];
  ds: string[];
  test: string[];
  ipv4: boolean;
  ipv6: boolean;
  locale?: string;
  save?: string;
  restore?: string;
  count?: boolean;
  progress: boolean;
  port?: string;
}

function render(entry: MessageEntry, opts: CliOptions, translator: Translator, lang: string): string {
  return opts.raw
    ? `${entry.tag}${Object.keys(entry.args).length > 0 ? ' ' + JSON.stringify(entry.args) : ''}`
    : translator.translate(entry, lang);
}

function jsonEntry(entry: MessageEntry, opts: CliOptions, translator: Translator, lang: string): Record<string, unknown> {
  const out: Record<string, unknown> = { timestamp: entry.timestamp };
  if (opts.showModule) out.module = entry.module;
  if (opts.showTestcase) out.testcase = entry.testcase;
  out.tag = entry.tag;
  out.level = entry.level;
  out.args = entry.args;
  if (!opts.raw) out.message = translator.translate(entry, lang);
  return out;
}

function textLine(entry: MessageEntry, opts: CliOptions, translator: Translator, lang: string): string {
  const columns = [entry.timestamp.toFixed(2).padStart(7), entry.level.padEnd(8)];
  if (opts.showModule) columns.push(entry.module.padEnd(12));
  if (opts.showTestcase) columns.push(entry.testcase.padEnd(14));
  columns.push(render(entry, opts, translator, lang));
  return columns.join(' ');
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('zonemaster-cli')
    .argument('<domain>', 'the domain to test')
    .option('--json', 'print the results as JSON')
    .option('--raw', 'print message tags and arguments instead of translated messages')
    .option('--level <LEVEL>', 'lowest severity level printed', 'NOTICE')
    .option('--show-testcase', 'print the test case of each message')
    .option('--show-module', 'print the module of each message')
    .option('--hints <FILE>', 'root hints file (named.root format)')
    .option('--profile <FILE>', 'profile JSON merged over the default profile')
    .option('--ns <NAME[/IP]>', 'name server of an undelegated test (repeatable)', collect, [])
    .option('--ds <KEYTAG,ALGORITHM,DIGTYPE,DIGEST>', 'DS record of an undelegated test (repeatable)', collect, [])
    .option('--test <MODULE[/CASE]>', 'run only this module or test case (repeatable)', collect, [])
    .option('--no-ipv4', 'send no queries over IPv4')
    .option('--no-ipv6', 'send no queries over IPv6')
    .option('--locale <LANG>', 'language of the messages')
    .option('--save <FILE>', 'write the DNS responses of the run to FILE')
    .option('--restore <FILE>', 'answer queries from a saved FILE, without network')
    .option('--count', 'print the number of messages per level at the end')
    .option('--no-progress', 'no progress on standard error')
    .addOption(new Option('--port <N>', 'DNS port for every query (tests)').hideHelp())
    .version(`Zonemaster-CLI version ${VERSION}\nZonemaster-Engine version ${VERSION}`, '--version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const opts = program.opts<CliOptions>();
  const input = program.args[0]!;

  try {
    const domain = normalizeName(input);
    if (!domain.ok) throw new UsageError(domain.error.message);
    const level = parseLevel(opts.level);
    let profile = opts.profile ? loadProfileFile(opts.profile) : defaultProfile();
    // Transport switches given on the command line override the profile.
    if (!opts.ipv4 || !opts.ipv6) {
      profile = mergeProfile(profile, { net: { ...(opts.ipv4 ? {} : { ipv4: false }), ...(opts.ipv6 ? {} : { ipv6: false }) } });
    }
    const nameservers = opts.ns.map(parseNs);
    const ds = opts.ds.map(parseDs);
    const restore = opts.restore ? readFileSync(opts.restore, 'utf8') : undefined;
    const port = opts.port !== undefined ? Number(opts.port) : undefined;
    const translator = new Translator();
    const lang = opts.locale ?? process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG ?? 'en';
    const progress = new ProgressLine(opts.progress && process.stderr.isTTY === true);

    const printed: MessageEntry[] = [];
    const wanted = (e: MessageEntry) => LEVEL_VALUE[e.level] >= LEVEL_VALUE[level];
    if (!opts.json) {
      const header = ['Seconds'.padStart(7), 'Level'.padEnd(8)];
      if (opts.showModule) header.push('Module'.padEnd(12));
      if (opts.showTestcase) header.push('Testcase'.padEnd(14));
      process.stdout.write(`${[...header, 'Message'].join(' ')}\n`);
    }
    const result = await runTest({
      domain: domain.name === '.' ? '.' : domain.name,
      profile,
      nameservers,
      ds,
      hintsFile: opts.hints,
      tests: opts.test,
      restore,
      port,
      onMessage: (entry) => {
        if (!wanted(entry)) return;
        printed.push(entry);
        if (!opts.json) progress.print(textLine(entry, opts, translator, lang) + '\n');
      },
      onProgress: (finished, planned) => progress.update(`Testing: ${finished}/${planned} test cases`),
    });
    progress.clear();
    if (opts.json) {
      process.stdout.write(JSON.stringify({ results: printed.map((e) => jsonEntry(e, opts, translator, lang)) }) + '\n');
    }
    if (opts.count) {
      const counts = new Map<Level, number>();
      for (const e of result.messages) counts.set(e.level, (counts.get(e.level) ?? 0) + 1);
      const lines = [...LEVELS].reverse().filter((l) => counts.has(l)).map((l) => `${l.padEnd(8)} ${counts.get(l)}`);
      (opts.json ? process.stderr : process.stdout).write(`\nLevel    Number of log entries\n${lines.join('\n')}\n`);
    }
    if (opts.save) writeFileSync(opts.save, result.save());
    const unreachable = result.messages.find((e) => e.tag === 'NETWORK_UNREACHABLE');
    if (unreachable) {
      process.stderr.write(
        `zonemaster-cli: no root name server answered (${String(unreachable.args.servers)} addresses asked); the network seems unreachable or blocks DNS. Nothing was tested.\n`,
      );
      return 1;
    }
    if (opts.restore) {
      const misses = result.messages.filter((e) => e.tag === 'RECORDING_MISS').length;
      process.stderr.write(`Replay: ${misses} ${misses === 1 ? 'query was' : 'queries were'} not in ${opts.restore}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as Error).name === 'ProfileError' || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

exitQuietlyWhenPipeCloses();
process.exitCode = await main(process.argv);
