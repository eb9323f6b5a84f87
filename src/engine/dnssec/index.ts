/** DNSSEC primitives: algorithm tables, key tags, DS digests, canonical form, RRSIG verification, NSEC3 hashes. */
export * from './algorithms.js';
export * from './keys.js';
export * from './names.js';
export * from './canonical.js';
export * from './digest.js';
export * from './verify.js';
export * from './nsec3.js';
