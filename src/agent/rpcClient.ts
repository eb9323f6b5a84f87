/** A minimal JSON-RPC 2.0 client over HTTP POST, for zmtest, the demo and the end-to-end tests. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

let nextId = 1;

export async function rpcCall<T = unknown>(
  url: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  const body = (await response.json()) as {
    result?: T;
    error?: { code: number; message: string; data?: unknown };
  };
  if (body.error) throw new RpcError(body.error.code, body.error.message, body.error.data);
  return body.result as T;
}

export interface TestResult {
  module: string;
  message: string;
  level: string;
  testcase: string;
  tag?: string;
  args?: Record<string, unknown>;
}

export interface TestResults {
  hash_id: string;
  params: Record<string, unknown>;
  results: TestResult[];
  testcase_descriptions?: Record<string, string>;
  created_at?: string;
}

/** Polls test_progress until 100 (calling onProgress on each change), then returns get_test_results. */
export async function waitForResults(
  url: string,
  testId: string,
  opts: {
    language?: string;
    pollMs?: number;
    timeoutMs?: number;
    onProgress?: (percent: number) => void;
  } = {},
): Promise<TestResults> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
  let last = -1;
  for (;;) {
    const progress = await rpcCall<number>(url, 'test_progress', { test_id: testId });
    if (progress !== last) opts.onProgress?.(progress);
    last = progress;
    if (progress >= 100) break;
    if (Date.now() > deadline) throw new Error(`test ${testId} did not finish in time (at ${progress}%)`);
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 1000));
  }
  return rpcCall<TestResults>(url, 'get_test_results', { id: testId, language: opts.language ?? 'en' });
}
