/**
 * Delegation07: Delegation name servers are listed in the zone.
 * Specification methods: Method 2, Method 3.
 */
import { method2, method3 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

export const delegation07 = testCase({
  id: 'delegation07',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation07.md',
  tags: {
    EXTRA_NAME_CHILD: 'extra',
    EXTRA_NAME_PARENT: 'extra',
    NAMES_MATCH: '',
    TOTAL_NAME_MISMATCH: '',
  },
  async run(ctx) {
    // Delegation07 step 1: names from the parent (Method2) and from the child (Method3)
    const parent = new Set(await method2(ctx));
    const child = new Set(await method3(ctx));
    const extraParent = [...parent].filter((n) => !child.has(n)).sort();
    const extraChild = [...child].filter((n) => !parent.has(n)).sort();
    const common = [...parent].filter((n) => child.has(n));
    // Delegation07 step 3: names of the delegation missing in the zone
    if (extraParent.length > 0) ctx.emit('EXTRA_NAME_PARENT', { extra: extraParent.join(';') });
    if (extraChild.length > 0) ctx.emit('EXTRA_NAME_CHILD', { extra: extraChild.join(';') });
    if (extraParent.length === 0 && extraChild.length === 0) ctx.emit('NAMES_MATCH', {});
    if (common.length === 0) ctx.emit('TOTAL_NAME_MISMATCH', {});
  },
});
