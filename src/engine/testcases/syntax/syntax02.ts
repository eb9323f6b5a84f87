/**
 * Syntax02: No label starts or ends with a hyphen.
 * Specification methods: none named.
 */
import { presentationLabels } from './hostname.js';
import { displayName } from '../../dns/name.js';
import { testCase } from '../test-case.js';

export const syntax02 = testCase({
  id: 'syntax02',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax02.md',
  tags: {
    INITIAL_HYPHEN: 'domain label',
    NO_ENDING_HYPHENS: 'domain',
    TERMINAL_HYPHEN: 'domain label',
  },
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    const labels = presentationLabels(ctx.zone.name);
    let found = false;
    for (const label of labels) {
      // Syntax02 step 2: INITIAL_HYPHEN
      if (label.startsWith('-')) {
        ctx.emit('INITIAL_HYPHEN', { domain, label });
        found = true;
      }
      // Syntax02 step 3: TERMINAL_HYPHEN
      if (label.endsWith('-')) {
        ctx.emit('TERMINAL_HYPHEN', { domain, label });
        found = true;
      }
    }
    // Syntax02 outcome: NO_ENDING_HYPHENS (nothing to check for the root)
    if (labels.length > 0 && !found) ctx.emit('NO_ENDING_HYPHENS', { domain });
  },
});
