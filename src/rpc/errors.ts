/**
 * JSON-RPC error objects of the API. Codes are always JSON numbers (the reference sends some as strings; see
 * README "Differences from Zonemaster Backend"). Every handler error is -32603 on the wire, as in the reference,
 * with the reference's message and data.
 */
import { JSONRPCErrorException } from 'json-rpc-2.0';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

export interface ValidationErrorItem {
  path: string;
  message: string;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** An error a handler throws on purpose; its message and data reach the client unchanged. */
export class RpcError extends JSONRPCErrorException {
  constructor(code: number, message: string, data?: unknown) {
    super(message, code, data);
    // the library's (ES5) constructor resets the prototype; restore it so instanceof works for subclasses
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'RpcError';
  }

  override toObject(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export const parseError = (detail: string): RpcError =>
  new RpcError(PARSE_ERROR, 'Invalid JSON was received by the server.', detail);

export const invalidRequest = (detail: string): RpcError =>
  new RpcError(INVALID_REQUEST, 'The JSON sent is not a valid request object.', detail);

export const methodNotFound = (method: string): RpcError =>
  new RpcError(METHOD_NOT_FOUND, `Procedure '${method}' not found`);

export const missingParams = (): RpcError => new RpcError(INVALID_PARAMS, "Missing 'params' object");

export const invalidParams = (message: string, items: ValidationErrorItem[]): RpcError =>
  new RpcError(INVALID_PARAMS, message, items);

export const internalError = (): RpcError => new RpcError(INTERNAL_ERROR, 'Internal server error');

/** The database cannot be reached: still -32603, but saying so, so that clients know to retry later. */
export const databaseUnavailable = (): RpcError => new RpcError(INTERNAL_ERROR, 'Database unavailable');

export const testNotFound = (testId: string): RpcError =>
  new RpcError(INTERNAL_ERROR, 'Test not found', { test_id: testId });

export const unknownBatch = (batchId: unknown): RpcError =>
  new RpcError(INTERNAL_ERROR, 'Unknown batch', { batch_id: batchId });

export const userExists = (username: string): RpcError =>
  new RpcError(INTERNAL_ERROR, 'User already exists', { username });

export const notAuthorized = (username: string): RpcError =>
  new RpcError(INTERNAL_ERROR, 'User not authorized to use batch mode', { username });

export const noPreviousTest = (testId: string): RpcError =>
  new RpcError(INTERNAL_ERROR, 'No earlier completed test with the same parameters', { job_id: testId });

export const noRecording = (testId: string): RpcError =>
  new RpcError(INTERNAL_ERROR, 'No recording kept for this test', { job_id: testId });

export const remoteNotPermitted = (method: string, remoteIp: string): RpcError =>
  new RpcError(INTERNAL_ERROR, `Call to "${method}" method not permitted from a remote IP`, {
    remote_ip: remoteIp,
  });
