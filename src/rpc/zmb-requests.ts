/**
 * The requests of `zmb` (shell bindings of the API; reference script/zmb, inventory §4.3): command-line words →
 * one JSON-RPC request object. Options follow the reference: `--name VALUE`, `--name=VALUE`, short aliases.
 */

export interface ZmbRequest {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

export class ZmbUsageError extends Error {}

interface OptionSpec {
  names: string[];
  repeat?: boolean;
  /** a flag without a value */
  flag?: boolean;
  integer?: boolean;
}

type Parsed = Record<string, string | string[] | boolean | number | undefined>;

function parseOptions(args: string[], specs: Record<string, OptionSpec>): Parsed {
  const byName = new Map<string, [string, OptionSpec]>();
  for (const [key, spec] of Object.entries(specs)) for (const n of spec.names) byName.set(n, [key, spec]);
  const out: Parsed = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const m = /^--?([A-Za-z0-9-]+)(?:=(.*))?$/s.exec(word);
    const found = m ? byName.get(m[1]!) : undefined;
    if (!m || !found) throw new ZmbUsageError(`Unknown option: ${word}`);
    const [key, spec] = found;
    if (spec.flag) {
      out[key] = true;
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      value = args[++i];
      if (value === undefined) throw new ZmbUsageError(`Option ${word} requires an argument`);
    }
    if (spec.integer && !/^-?\d+$/.test(value))
      throw new ZmbUsageError(`Value "${value}" invalid for option ${word} (number expected)`);
    if (spec.repeat) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] = spec.integer ? Number(value) : value;
  }
  return out;
}

/** "true" / "false" / "null" as the reference's json_tern: anything else is an error. */
function jsonTern(value: string): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  throw new ZmbUsageError(`Expected "true", "false" or "null", got "${value}"`);
}

function dsInfo(values: string[]): Array<Record<string, string | number>> {
  return values.map((pairs) => {
    const info: Record<string, string | number> = {};
    for (const pair of pairs.split(',')) {
      const [property = '', value = ''] = pair.split('=');
      info[property] = /^(?:keytag|algorithm|digtype)$/.test(property) ? Number(value) : value;
    }
    return info;
  });
}

function nameservers(values: string[], emptyIp: boolean): Array<Record<string, string>> {
  return values.map((pair) => {
    const colon = pair.indexOf(':');
    const ns = colon < 0 ? pair : pair.slice(0, colon);
    const ip = colon < 0 ? '' : pair.slice(colon + 1);
    const entry: Record<string, string> = { ns };
    // add_batch_job of the reference sends an empty ip for a name server given without one
    if (ip !== '' || emptyIp) entry.ip = ip;
    return entry;
  });
}

const TEST_OPTIONS: Record<string, OptionSpec> = {
  nameserver: { names: ['nameserver', 'n'], repeat: true },
  client_id: { names: ['client-id'] },
  client_version: { names: ['client-version'] },
  ds_info: { names: ['ds-info'], repeat: true },
  ipv4: { names: ['ipv4'] },
  ipv6: { names: ['ipv6'] },
  profile: { names: ['profile'] },
  queue: { names: ['queue'] },
};

function testParams(o: Parsed, emptyIp: boolean): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (o.client_id) p.client_id = o.client_id;
  if (o.client_version) p.client_version = o.client_version;
  if (o.ds_info) p.ds_info = dsInfo(o.ds_info as string[]);
  if (o.nameserver) p.nameservers = nameservers(o.nameserver as string[], emptyIp);
  if (o.ipv4) p.ipv4 = jsonTern(o.ipv4 as string);
  if (o.ipv6) p.ipv6 = jsonTern(o.ipv6 as string);
  if (o.profile) p.profile = o.profile;
  if (o.queue) p.queue = o.queue;
  return p;
}

const request = (method: string, params?: Record<string, unknown>): ZmbRequest =>
  params === undefined ? { jsonrpc: '2.0', id: 1, method } : { jsonrpc: '2.0', id: 1, method, params };

/** Options given but not set are sent as null, as the reference does (the API then reports them). */
const orNull = (v: unknown) => (v === undefined ? null : v);

export type ReadFile = (path: string) => string;

export const ZMB_COMMANDS: Record<string, (args: string[], readFile: ReadFile) => ZmbRequest> = {
  non_existing_method: () => request('non_existing_method'),
  version_info: () => request('version_info'),
  profile_names: () => request('profile_names'),
  get_language_tags: () => request('get_language_tags'),
  start_domain_test(args) {
    const o = parseOptions(args, {
      domain: { names: ['domain', 'd'] },
      language: { names: ['language'] },
      ...TEST_OPTIONS,
    });
    const params: Record<string, unknown> = { domain: orNull(o.domain), ...testParams(o, false) };
    if (o.language) params.language = o.language;
    return request('start_domain_test', params);
  },
  test_progress(args) {
    const o = parseOptions(args, { test_id: { names: ['test-id', 't'] } });
    return request('test_progress', { test_id: orNull(o.test_id) });
  },
  get_test_params(args) {
    const o = parseOptions(args, { test_id: { names: ['test-id', 't'] } });
    return request('get_test_params', { test_id: orNull(o.test_id) });
  },
  get_test_results(args) {
    const o = parseOptions(args, { test_id: { names: ['test-id', 't'] }, lang: { names: ['lang', 'l'] } });
    return request('get_test_results', { id: orNull(o.test_id), language: orNull(o.lang) });
  },
  get_test_history(args) {
    const o = parseOptions(args, {
      domain: { names: ['domain', 'd'] },
      filter: { names: ['filter', 'n'] },
      offset: { names: ['offset', 'o'], integer: true },
      limit: { names: ['limit', 'l'], integer: true },
    });
    const params: Record<string, unknown> = { frontend_params: { domain: orNull(o.domain) } };
    if (o.filter) {
      if (!/^(?:all|delegated|undelegated)$/.test(o.filter as string)) {
        throw new ZmbUsageError('Illegal filter value. Expects "all", "delegated" or "undelegated"');
      }
      params.filter = o.filter;
    }
    if (o.offset !== undefined) params.offset = o.offset;
    if (o.limit !== undefined) params.limit = o.limit;
    return request('get_test_history', params);
  },
  add_api_user(args) {
    const o = parseOptions(args, {
      username: { names: ['username', 'u'] },
      api_key: { names: ['api-key', 'a'] },
    });
    return request('add_api_user', { username: orNull(o.username), api_key: orNull(o.api_key) });
  },
  add_batch_job(args, readFile) {
    const o = parseOptions(args, {
      username: { names: ['username', 'u'] },
      api_key: { names: ['api-key', 'a'] },
      domain: { names: ['domain', 'd'], repeat: true },
      file: { names: ['file'] },
      ...TEST_OPTIONS,
    });
    const domains = [...((o.domain as string[] | undefined) ?? [])];
    if (o.file) {
      for (const line of readFile(o.file as string).split(/\r?\n/)) {
        const name = line.trim();
        if (name !== '' && !name.startsWith('#')) domains.push(name);
      }
    }
    const params: Record<string, unknown> = {
      domains,
      username: orNull(o.username),
      api_key: orNull(o.api_key),
    };
    const tp = testParams(o, true);
    if (Object.keys(tp).length > 0) params.test_params = tp;
    return request('add_batch_job', params);
  },
  batch_status(args) {
    const o = parseOptions(args, {
      batch_id: { names: ['batch-id', 'bi'] },
      list_waiting_tests: { names: ['list-waiting-tests'] },
      list_running_tests: { names: ['list-running-tests'] },
      list_finished_tests: { names: ['list-finished-tests'] },
      lw: { names: ['lw'], flag: true },
      lr: { names: ['lr'], flag: true },
      lf: { names: ['lf'], flag: true },
    });
    const params: Record<string, unknown> = { batch_id: orNull(o.batch_id) };
    for (const [key, short] of [
      ['list_waiting_tests', 'lw'],
      ['list_running_tests', 'lr'],
      ['list_finished_tests', 'lf'],
    ] as const) {
      if (o[key] !== undefined && o[short])
        throw new ZmbUsageError(`'--${short}' and '--${key.replace(/_/g, '-')}' must not be combined`);
      if (o[key] && jsonTern(o[key] as string)) params[key] = true;
      if (o[short]) params[key] = true;
    }
    return request('batch_status', params);
  },
  // additions: job states, cancel, diff, dumps, batches per user, usage
  job_status: (args) => request('job_status', jobParams(args)),
  job_cancel: (args) => request('job_cancel', jobParams(args)),
  job_dump: (args) => request('job_dump', jobParams(args)),
  job_diff(args) {
    const o = parseOptions(args, {
      job_id: { names: ['job-id', 'j'] },
      other_job_id: { names: ['other-job-id'] },
      language: { names: ['language'] },
    });
    const params: Record<string, unknown> = { job_id: orNull(o.job_id) };
    if (o.other_job_id) params.other_job_id = o.other_job_id;
    if (o.language) params.language = o.language;
    return request('job_diff', params);
  },
  batch_list: (args) => request('batch_list', userParams(args)),
  batch_cancel(args) {
    const o = parseOptions(args, { ...USER_OPTIONS, batch_id: { names: ['batch-id', 'bi'] } });
    return request('batch_cancel', { ...userOf(o), batch_id: orNull(o.batch_id) });
  },
  user_usage(args) {
    const o = parseOptions(args, { ...USER_OPTIONS, days: { names: ['days'], integer: true } });
    return request('user_usage', { ...userOf(o), ...(o.days === undefined ? {} : { days: o.days }) });
  },
};

const USER_OPTIONS: Record<string, OptionSpec> = {
  username: { names: ['username', 'u'] },
  api_key: { names: ['api-key', 'a'] },
};
const userOf = (o: Parsed) => ({ username: orNull(o.username), api_key: orNull(o.api_key) });
const userParams = (args: string[]) => userOf(parseOptions(args, USER_OPTIONS));
const jobParams = (args: string[]) => ({
  job_id: orNull(parseOptions(args, { job_id: { names: ['job-id', 'j'] } }).job_id),
});
