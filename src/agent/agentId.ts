import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** host:pid:random — unique per agent instance, readable in test_results.claimed_by (at most 64 characters). */
export function newAgentId(): string {
  const suffix = `:${process.pid}:${randomBytes(3).toString('hex')}`;
  return hostname().slice(0, 64 - suffix.length) + suffix;
}
