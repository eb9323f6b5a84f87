/** Public API of the DNS layer. */
export * from './types.js';
export { createDnsContext, DEFAULT_RESOLVER } from './context.js';
export type {
  DnsContext,
  DnsContextOptions,
  ResolverDefaults,
  QueryEvent,
  QueryEventTag,
  CacheEntry,
  Transport,
} from './context.js';
export { createNameserver } from './nameserver.js';
export type { DnsNameserver } from './nameserver.js';
export type { FakeDs, FakeNameserver } from './fake.js';
export { saveRecording, loadRecording, NONAME } from './recorder.js';
export { packetTimestamp } from './timestamps.js';
export {
  cacheKey,
  cacheKeyInput,
  EDNS_UDP_PAYLOAD_DEFAULT,
  EDNS_UDP_PAYLOAD_DNSSEC_DEFAULT,
} from './cachekey.js';
export { encodeQuery, decodeResponse, encodeEdnsOptions, normalizeName } from './codec.js';
export type { QuerySpec, QueryEdns } from './codec.js';
export { encodeName } from './wire.js';
export { canonicalAddress, addressFamily } from './address.js';
export { typeName, typeCode, className, rcodeName } from './rrtypes.js';
