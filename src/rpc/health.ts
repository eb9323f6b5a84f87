/**
 * The daemon's plain-HTTP faces beside JSON-RPC: GET / (what this is, where its description is), GET /healthz
 * (the process answers: liveness) and GET /readyz (the database answers and its schema is current: readiness, so
 * a load balancer stops sending requests that could only fail).
 */
import type { Knex } from 'knex';
import { migrationStatus } from '../db/migrate.js';
import { VERSION } from '../version.js';

export const SERVICE_INDEX = {
  service: 'zonemaster-backend-rpcapi',
  description: 'Zonemaster JSON-RPC API: JSON-RPC 2.0 over HTTP POST at any path',
  version: VERSION,
  links: {
    openrpc: '/openrpc.json',
    health: '/healthz',
    ready: '/readyz',
    metrics: '/metrics',
  },
};

export interface Readiness {
  ready: boolean;
  /** Why not ready, in one line. */
  reason?: string;
}

const READY_TIMEOUT_MS = 5000;

/** Ready when a query answers within READY_TIMEOUT_MS and no migration is pending. */
export async function readiness(knex: Knex): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    const { pending } = await Promise.race([migrationStatus(knex), timeout]);
    if (pending.length > 0)
      return { ready: false, reason: `database schema not up to date (pending: ${pending.join(', ')})` };
    return { ready: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ready: false, reason: `database not reachable: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}` };
  } finally {
    clearTimeout(timer);
  }
}
