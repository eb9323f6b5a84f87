/** zmb's commands for the added job and batch-management methods: command line → request. */
import { describe, expect, it } from 'vitest';
import { ZMB_COMMANDS } from '../src/rpc/zmb-requests.js';

const build = (command: string, ...args: string[]) => ZMB_COMMANDS[command]!(args, () => '');

describe('zmb job and batch-management commands', () => {
  it.each([
    [['job_status', '--job-id', 'abc'], 'job_status', { job_id: 'abc' }],
    [['job_cancel', '-j', 'abc'], 'job_cancel', { job_id: 'abc' }],
    [['job_dump', '--job-id=abc'], 'job_dump', { job_id: 'abc' }],
    [
      ['job_diff', '-j', 'b', '--other-job-id', 'a', '--language', 'fr'],
      'job_diff',
      { job_id: 'b', other_job_id: 'a', language: 'fr' },
    ],
    [['job_diff', '-j', 'b'], 'job_diff', { job_id: 'b' }],
    [['batch_list', '-u', 'reg', '-a', 'key'], 'batch_list', { username: 'reg', api_key: 'key' }],
    [
      ['batch_cancel', '-u', 'reg', '-a', 'key', '--bi', '7'],
      'batch_cancel',
      { username: 'reg', api_key: 'key', batch_id: '7' },
    ],
    [
      ['user_usage', '-u', 'reg', '-a', 'key', '--days', '7'],
      'user_usage',
      { username: 'reg', api_key: 'key', days: 7 },
    ],
    [['batch_list'], 'batch_list', { username: null, api_key: null }],
  ])('%j', (words, method, params) => {
    const [command, ...args] = words as string[];
    expect(build(command!, ...args)).toEqual({ jsonrpc: '2.0', id: 1, method, params });
  });

  it('refuses unknown options', () => {
    expect(() => build('job_cancel', '--domain', 'x')).toThrow(/Unknown option/);
  });
});
