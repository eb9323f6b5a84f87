/**
 * JSON schemas of every method's params (rpcapi-reference "Data types"). Custom keywords:
 * - `x-check`: a check with its own message (domain, ip, profile, language_tag), see validate.ts;
 * - `x-boolean`: any value but an object is accepted and read as a boolean (coerce.ts);
 * - `x-error-message`: the message reported for any failure of that node except a missing property;
 * - `x-credentials`: the method takes `username` and `api_key`, checked before any other params (dispatch.ts).
 * Integers also arrive as strings; coerce.ts turns them into numbers before validation.
 */
import type { MessageId } from './messages.js';

export type Schema = Record<string, unknown>;

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

export const domainName: Schema = { type: 'string', 'x-check': 'domain' };
export const ipAddress: Schema = { type: 'string', 'x-check': 'ip' };
export const profileName: Schema = { type: 'string', 'x-check': 'profile' };
export const languageTag: Schema = { type: 'string', 'x-check': 'language_tag' };
export const anyBoolean: Schema = { 'x-boolean': true, type: 'boolean' };
export const testId: Schema = { type: 'string', pattern: '^[0-9a-f]{16}$' };
export const clientId: Schema = { type: 'string', pattern: '^[a-zA-Z0-9\\-+~_.: ]{1,50}$' };
export const clientVersion: Schema = clientId;
export const username: Schema = { type: 'string', pattern: '^[a-zA-Z0-9\\-.@]{1,50}$' };
export const apiKey: Schema = { type: 'string', pattern: '^[a-zA-Z0-9\\-_]{1,512}$' };
// Any integer in the reference; bounded here by the database column (INTEGER).
export const priority: Schema = { type: 'integer', ...INT32 };
export const queue: Schema = { type: 'integer', ...INT32 };
export const batchId: Schema = { type: 'integer', minimum: 1, maximum: INT32.maximum };
const nonNegative = (message: MessageId): Schema => ({
  type: 'integer',
  minimum: 0,
  'x-error-message': message,
});

export const nameserver: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['ns'],
  properties: { ns: domainName, ip: ipAddress },
};

export const dsInfo: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['digest', 'algorithm', 'digtype', 'keytag'],
  properties: {
    digest: {
      type: 'string',
      pattern: '^(?:[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96})$',
      'x-error-message': 'INVALID_DIGEST',
    },
    algorithm: nonNegative('INVALID_ALGORITHM'),
    digtype: nonNegative('INVALID_DIGTYPE'),
    keytag: nonNegative('INVALID_KEYTAG'),
  },
};

const noParams: Schema = { type: 'object', additionalProperties: false, properties: {} };

const testParamsProperties: Record<string, Schema> = {
  ipv4: anyBoolean,
  ipv6: anyBoolean,
  nameservers: { type: 'array', items: nameserver },
  ds_info: { type: 'array', items: dsInfo },
  profile: profileName,
  client_id: clientId,
  client_version: clientVersion,
  // legacy, accepted and ignored
  config: { type: 'string' },
  priority,
  queue,
};

const startDomainTest: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['domain'],
  properties: { domain: domainName, ...testParamsProperties, language: languageTag },
};

const oneTest = (key: 'test_id' | 'job_id'): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: [key],
  properties: { [key]: testId },
});

const testResults = (key: 'id' | 'job_id'): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: [key, 'language'],
  properties: { [key]: testId, language: languageTag },
});

const history = (key: 'frontend_params' | 'params'): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: [key],
  properties: {
    offset: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 0 },
    filter: { type: 'string', pattern: '^(?:all|delegated|undelegated)$' },
    [key]: {
      type: 'object',
      additionalProperties: false,
      required: ['domain'],
      properties: { domain: domainName },
    },
  },
});

const apiUser: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key'],
  properties: { username, api_key: apiKey },
};

const batch = (key: 'test_params' | 'job_params'): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key', 'domains'],
  'x-credentials': true,
  properties: {
    username,
    api_key: apiKey,
    domains: { type: 'array', items: domainName, minItems: 1 },
    [key]: { type: 'object', additionalProperties: false, properties: testParamsProperties },
  },
});

const lookupAddress: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['hostname'],
  properties: { hostname: domainName },
};

const lookupDelegation: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['domain'],
  properties: { domain: domainName, language: languageTag },
};

const batchStatus: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['batch_id'],
  properties: {
    batch_id: batchId,
    list_waiting_tests: anyBoolean,
    list_running_tests: anyBoolean,
    list_finished_tests: anyBoolean,
  },
};

const jobDiff: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['job_id'],
  properties: { job_id: testId, other_job_id: testId, language: languageTag },
};

const batchOfUser: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key', 'batch_id'],
  properties: { username, api_key: apiKey, batch_id: batchId },
};

const userUsage: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key'],
  properties: { username, api_key: apiKey, days: { type: 'integer', minimum: 1, maximum: 366 } },
};

// Schedules (continuous monitoring): the test params of start_domain_test, an interval, an optional webhook.
const scheduleId: Schema = { type: 'integer', minimum: 1, maximum: INT32.maximum };
const { ipv4, ipv6, nameservers, ds_info, profile } = testParamsProperties;

const scheduleCreate: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key', 'domain', 'interval'],
  'x-credentials': true,
  properties: {
    username,
    api_key: apiKey,
    domain: domainName,
    profile,
    ipv4,
    ipv6,
    nameservers,
    ds_info,
    // seconds; the lower bound is [MONITORING] min_interval, checked by the method
    interval: { type: 'integer', minimum: 1, maximum: 31_536_000 },
    webhook_url: { type: 'string', maxLength: 2048, pattern: '^[hH][tT][tT][pP][sS]?://[^\\s]+$' },
    webhook_secret: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

const scheduleOfUser: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'api_key', 'schedule_id'],
  'x-credentials': true,
  properties: { username, api_key: apiKey, schedule_id: scheduleId },
};

/** Params schema of every method, stable and experimental names. */
export const METHOD_SCHEMAS: Readonly<Record<string, Schema>> = {
  version_info: noParams,
  system_versions: noParams,
  profile_names: noParams,
  conf_profiles: noParams,
  get_language_tags: noParams,
  conf_languages: noParams,
  get_host_by_name: lookupAddress,
  lookup_address_records: lookupAddress,
  get_data_from_parent_zone: lookupDelegation,
  lookup_delegation_data: lookupDelegation,
  start_domain_test: startDomainTest,
  job_create: startDomainTest,
  test_progress: oneTest('test_id'),
  job_status: oneTest('job_id'),
  get_test_params: oneTest('test_id'),
  job_params: oneTest('job_id'),
  get_test_results: testResults('id'),
  job_results: testResults('job_id'),
  get_test_history: history('frontend_params'),
  domain_history: history('params'),
  add_api_user: apiUser,
  user_create: apiUser,
  add_batch_job: batch('test_params'),
  batch_create: batch('job_params'),
  batch_status: batchStatus,
  // additions: job states, cancel, diff, dumps, batches per user, usage
  job_cancel: oneTest('job_id'),
  job_diff: jobDiff,
  job_dump: oneTest('job_id'),
  batch_list: apiUser,
  batch_cancel: batchOfUser,
  user_usage: userUsage,
  // additions: schedules and webhooks (continuous monitoring)
  schedule_create: scheduleCreate,
  schedule_list: { ...apiUser, 'x-credentials': true },
  schedule_delete: scheduleOfUser,
  schedule_deliveries: scheduleOfUser,
  // The API description (openrpc.ts), generated from this table.
  'rpc.discover': noParams,
};
