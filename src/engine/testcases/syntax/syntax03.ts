/**
 * Syntax03: No misplaced double hyphen in labels.
 * Specification methods: none named.
 */
import { hasDiscouragedDoubleDash, presentationLabels } from './hostname.js';
import { displayName } from '../../dns/name.js';
import { testCase } from '../test-case.js';

export const syntax03 = testCase({
  id: 'syntax03',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax03.md',
  tags: {
    DISCOURAGED_DOUBLE_DASH: 'domain label',
    NO_DOUBLE_DASH: 'domain',
  },
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    const labels = presentationLabels(ctx.zone.name);
    // Syntax03 steps 2-3: DISCOURAGED_DOUBLE_DASH
    const discouraged = labels.filter(hasDiscouragedDoubleDash);
    for (const label of discouraged) ctx.emit('DISCOURAGED_DOUBLE_DASH', { domain, label });
    // Syntax03 outcome: NO_DOUBLE_DASH
    if (labels.length > 0 && discouraged.length === 0) ctx.emit('NO_DOUBLE_DASH', { domain });
  },
});
