/**
 * Connectivity02: Name servers reachable over TCP.
 * Specification methods: Method 4, Method 5.
 */
import { method4and5Nameservers } from '../../methods/v1.js';
import { TCP_CHECK_TAGS, transportCheck } from './transport-check.js';
import { testCase } from '../test-case.js';

export const connectivity02 = testCase({
  id: 'connectivity02',
  spec: 'docs/public/specifications/tests/Connectivity-TP/connectivity02.md',
  tags: {
    ...TCP_CHECK_TAGS,
  },
  async run(ctx) {
    await transportCheck(ctx, 'TCP', await method4and5Nameservers(ctx));
  },
});
