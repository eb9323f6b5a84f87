/**
 * One webhook POST: signed, through the target policy at connection time, bounded in time and in what is read
 * back. Redirects are not followed (a 3xx is a failed attempt): following one would leave the policy's reach.
 */
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { VERSION } from '../version.js';
import { urlHost, type TargetPolicy } from './targetPolicy.js';

export const SIGNATURE_HEADER = 'X-Zonemaster-Signature';
/** The receiver only needs the status; a few KiB of body are read so the connection closes cleanly. */
const MAX_RESPONSE_BYTES = 4096;

export interface PostResult {
  statusCode?: number;
  error?: string;
  /** The policy refused the target: retrying cannot help. */
  refused?: boolean;
}

/** `sha256=<hex HMAC-SHA256 of the body bytes>` */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

class RefusedTarget extends Error {}

/** dns.lookup with `all: true`: the system's resolver. */
export type Resolver = (
  hostname: string,
  options: { all: true; family: number },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A resolver that hands the connection only addresses the policy allows for `host`. */
function guardedLookup(host: string, policy: TargetPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    resolve(hostname, { all: true, family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !policy.addressAllowed(host, a.address));
      if (refused || addresses.length === 0) {
        const why = refused ? `${host} resolves to ${refused.address}` : `${host} has no address`;
        return callback(new RefusedTarget(`target not allowed: ${why}`), '', 0);
      }
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export function postWebhook(
  url: string,
  body: string,
  opts: {
    secret: string | null;
    deliveryId: number;
    timeoutMs: number;
    policy: TargetPolicy;
    /** The resolver (default the system's; tests stand in a name server that rebinds). */
    resolve?: Resolver;
  },
): Promise<PostResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ error: 'invalid URL', refused: true });
  }
  const host = urlHost(target);
  if (!opts.policy.hostAllowed(host) || !['http:', 'https:'].includes(target.protocol))
    return Promise.resolve({ error: `target not allowed: ${host}`, refused: true });

  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'User-Agent': `zonemaster-ts/${VERSION}`,
      'X-Zonemaster-Delivery': String(opts.deliveryId),
    };
    if (opts.secret !== null) headers[SIGNATURE_HEADER] = signature(opts.secret, body);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      headers,
      agent: false,
      lookup: guardedLookup(host, opts.policy, opts.resolve ?? (dnsLookup as Resolver)),
    });
    const timer = setTimeout(
      () => finish({ error: `no answer within ${opts.timeoutMs} ms` }),
      opts.timeoutMs,
    );
    request.on('error', (error) =>
      finish(
        error instanceof RefusedTarget
          ? { error: error.message, refused: true }
          : { error: (error as NodeJS.ErrnoException).code ?? error.message },
      ),
    );
    request.on('response', (response: IncomingMessage) => {
      let read = 0;
      const statusCode = response.statusCode ?? 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) finish({ statusCode });
      });
      response.on('end', () => finish({ statusCode }));
      response.on('error', () => finish({ statusCode }));
    });
    request.end(body);
  });
}
