/**
 * JSON-RPC over HTTP POST as a plain node:http handler: reads the body (any content type, gzip/deflate/br
 * accepted, size-limited), dispatches it, answers HTTP 200 with the JSON text. The daemon serves POSTs with it
 * directly, without express's per-request machinery; the express app mounts the same handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Logger } from 'pino';
import type { Dispatcher } from './dispatch.js';
import { internalError, invalidRequest, parseError, type RpcError } from './errors.js';
import { statusOf, type RpcMetrics } from './metrics.js';
import { clientAddress, type TrustCheck } from './remote.js';

export interface RpcHttpHandlerOptions {
  dispatch: Dispatcher;
  trusted: TrustCheck;
  /** [RPCAPI] max_request_size as configured, e.g. "64mb" */
  maxRequestSize: string;
  metrics: RpcMetrics;
  logger: Logger;
}

export type RpcHttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

const UNITS: Record<string, number> = { '': 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "512kb", "64mb", "1gb" or a plain number of bytes. */
export function byteSize(text: string): number {
  const m = /^(\d+)\s*(kb|mb|gb)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a byte size: ${text}`);
  return Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!;
}

class BodyError extends Error {
  constructor(readonly rpcError: RpcError) {
    super(rpcError.message);
  }
}

function decoded(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
    case 'x-gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      throw new BodyError(parseError(`unsupported content encoding "${encoding}"`));
  }
}

async function readBody(req: IncomingMessage, limit: number, limitText: string): Promise<Buffer> {
  const tooLarge = () => new BodyError(invalidRequest(`request body larger than ${limitText}`));
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded(req)) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(parseError(`unreadable request body: ${(error as Error).message}`));
  }
  return Buffer.concat(chunks);
}

export function createRpcHttpHandler(opts: RpcHttpHandlerOptions): RpcHttpHandler {
  const limit = byteSize(opts.maxRequestSize);

  const send = (res: ServerResponse, status: number, text: string, close = false) => {
    if (res.headersSent) return;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    // The rest of an over-long body is not read: the connection cannot be reused.
    if (close) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(text);
  };

  return (req, res) => {
    const remoteAddress = clientAddress(
      req.socket.remoteAddress,
      header(req, 'x-forwarded-for'),
      opts.trusted,
    );
    readBody(req, limit, opts.maxRequestSize)
      .then(async (body) => send(res, 200, await opts.dispatch(body, { remoteAddress })))
      .catch((error: unknown) => {
        const rpcError = error instanceof BodyError ? error.rpcError : internalError();
        if (!(error instanceof BodyError))
          opts.logger.error({ err: error }, 'unexpected error answering a request');
        opts.metrics.record(undefined, statusOf(rpcError.code), 0, false);
        send(res, 200, JSON.stringify({ jsonrpc: '2.0', id: null, error: rpcError.toObject() }), true);
        if (error instanceof BodyError) res.once('finish', () => req.destroy());
      });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
