/**
 * Name normalization memoized per request: validation and the handler both normalize every name of a request
 * (100,000 of them in a large batch), but nothing is kept once the request is answered, so no client can grow
 * the daemon's memory beyond what its own request (bounded by [RPCAPI] max_request_size) takes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dispatcher } from './dispatch.js';
import type { EngineServices } from './engine-adapter.js';

type Memo = Map<string, ReturnType<EngineServices['normalizeName']>>;

const requestMemo = new AsyncLocalStorage<Memo>();

/** The dispatcher with one fresh memo per request body. */
export function withRequestScope(dispatch: Dispatcher): Dispatcher {
  return (body, call) => requestMemo.run(new Map(), () => dispatch(body, call));
}

/** The engine services whose normalizeName uses the current request's memo (none outside a request). */
export function withNormalizationMemo(engine: EngineServices): EngineServices {
  return {
    ...engine,
    normalizeName(input) {
      const memo = requestMemo.getStore();
      let result = memo?.get(input);
      if (result === undefined) {
        result = engine.normalizeName(input);
        memo?.set(input, result);
      }
      return result;
    },
  };
}
