/**
 * One JSON-RPC request from envelope to answer: method lookup, params coercion and validation, the call, and
 * the error mapping. Answers are built as JSON text so the request id is echoed byte for byte.
 */
import { JSONRPCServer, type JSONRPCResponse } from 'json-rpc-2.0';
import type { Logger } from 'pino';
import { coerce } from './coerce.js';
import type { CallContext, Handler } from './context.js';
import { isRejected, parseBody, type RejectedEnvelope, type RequestEnvelope } from './envelope.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import {
  databaseUnavailable,
  INVALID_PARAMS,
  internalError,
  invalidParams,
  methodNotFound,
  missingParams,
  notAuthorized,
  RpcError,
  type RpcErrorObject,
} from './errors.js';
import type { MessageRenderer } from './messages.js';
import type { RpcMetrics } from './metrics.js';
import { statusOf } from './metrics.js';
import { METHOD_SCHEMAS, type Schema } from './schemas.js';
import type { ParamsValidator } from './validate.js';

export interface DispatcherOptions {
  handlers: Record<string, Handler>;
  /** Methods switched off by configuration: answered "not found" once their params are valid. */
  disabled: ReadonlySet<string>;
  validate: ParamsValidator;
  languages: ReadonlySet<string>;
  renderMessage: MessageRenderer;
  metrics: RpcMetrics;
  logger: Logger;
  /** The credential check of methods marked `x-credentials`; run before their other params are looked at. */
  authenticate: (username: string, apiKey: string) => Promise<boolean>;
}

export type Dispatcher = (body: Buffer | string, call: CallContext) => Promise<string>;

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  // Errors are logged here, by kind: a client's mistake at info, a fault of ours at error.
  const server = new JSONRPCServer<CallContext>({ errorListener: () => undefined });
  server.mapErrorToJSONRPCErrorResponse = (id, error: unknown) => {
    if (error instanceof RpcError) opts.logger.info({ code: error.code, data: error.data }, error.message);
    const rpcError = error instanceof RpcError ? error : logged(opts.logger, error);
    return { jsonrpc: '2.0', id, error: rpcError.toObject() };
  };
  for (const [name, handler] of Object.entries(opts.handlers)) {
    if (!opts.disabled.has(name))
      server.addMethod(name, (params, call) => handler(params as Record<string, unknown>, call));
  }

  /**
   * Methods with credentials: the params' structure, then the credentials, and only then the checks that cost
   * per domain, so an unauthenticated request costs no per-domain work (a batch may name 100,000 domains).
   */
  async function checkCredentials(
    schema: Schema,
    params: unknown,
    language: string | undefined,
    disabled: boolean,
  ): Promise<RpcError | undefined> {
    const problems = opts.validate(schema, params, language, 'structure');
    if (problems.length > 0)
      return invalidParams(opts.renderMessage('INVALID_PARAMS', {}, language), problems);
    if (disabled) return undefined;
    const { username, api_key: apiKey } = params as { username: string; api_key: string };
    try {
      if (!(await opts.authenticate(username, apiKey))) return notAuthorized(username);
    } catch (error) {
      return logged(opts.logger, error);
    }
    return undefined;
  }

  async function answerOne(item: RequestEnvelope | RejectedEnvelope, call: CallContext): Promise<string> {
    const started = process.hrtime.bigint();
    const finish = (answer: { result?: unknown; error?: RpcErrorObject }, dispatched: boolean): string => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      opts.metrics.record(item.method, statusOf(answer.error?.code), seconds, dispatched);
      return serialize(item.idText, answer);
    };
    if (isRejected(item)) return finish({ error: item.error.toObject() }, false);

    const schema = Object.hasOwn(METHOD_SCHEMAS, item.method) ? METHOD_SCHEMAS[item.method] : undefined;
    if (!schema) return finish({ error: methodNotFound(item.method).toObject() }, true);
    let params: unknown = {};
    const takesParams = Object.keys((schema.properties as object | undefined) ?? {}).length > 0;
    if (item.hasParams && (item.params !== null || takesParams)) {
      params = coerce(schema, item.params);
      const language = languageOf(params, opts.languages);
      if (schema['x-credentials'] === true) {
        const refused = await checkCredentials(schema, params, language, opts.disabled.has(item.method));
        if (refused) return finish({ error: refused.toObject() }, refused.code !== INVALID_PARAMS);
        if (opts.disabled.has(item.method))
          return finish({ error: methodNotFound(item.method).toObject() }, true);
        call = { ...call, authenticatedUser: (params as { username: string }).username };
      }
      const problems = opts.validate(schema, params, language);
      if (problems.length > 0)
        return finish(
          { error: invalidParams(opts.renderMessage('INVALID_PARAMS', {}, language), problems).toObject() },
          false,
        );
    } else if (((schema.required as string[] | undefined) ?? []).length > 0) {
      return finish({ error: missingParams().toObject() }, false);
    }
    if (opts.disabled.has(item.method))
      return finish({ error: methodNotFound(item.method).toObject() }, true);

    const response = (await server.receive(
      { jsonrpc: '2.0', id: 0, method: item.method, params: params as Record<string, unknown> },
      call,
    )) as JSONRPCResponse;
    return finish(
      'error' in response && response.error
        ? { error: response.error }
        : { result: (response as { result: unknown }).result },
      true,
    );
  }

  return async (body, call) => {
    const parsed = parseBody(body);
    if (parsed.kind === 'invalid') {
      opts.metrics.record(undefined, statusOf(parsed.error.code), 0, false);
      return serialize('null', { error: parsed.error.toObject() });
    }
    if (parsed.kind === 'single') return answerOne(parsed.item, call);
    const answers: string[] = [];
    for (const item of parsed.items) answers.push(await answerOne(item, call));
    return `[${answers.join(',')}]`;
  };
}

function languageOf(params: unknown, languages: ReadonlySet<string>): string | undefined {
  const language = (params as { language?: unknown } | null)?.language;
  return typeof language === 'string' && languages.has(language) ? language : undefined;
}

function logged(logger: Logger, error: unknown): RpcError {
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error }, 'database unavailable');
    return databaseUnavailable();
  }
  logger.error({ err: error }, 'internal error in an RPC method');
  return internalError();
}

function serialize(idText: string, answer: { result?: unknown; error?: RpcErrorObject }): string {
  const body =
    answer.error !== undefined
      ? `"error":${JSON.stringify(answer.error)}`
      : `"result":${JSON.stringify(answer.result ?? null)}`;
  return `{"jsonrpc":"2.0","id":${idText},${body}}`;
}
