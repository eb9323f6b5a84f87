export * from './tests.js';
export * from './batches.js';
export * from './users.js';
