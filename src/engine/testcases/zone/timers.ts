/** Zone02 (refresh) and Zone04 (retry): an SOA timer against the minimum the profile gives it. */
import type { Profile } from '../../profile.js';
import type { Args } from '../../types.js';
import type { SoaData } from '../delegated-answer.js';
import type { TestContext } from '../test-case.js';

const MINIMUM = {
  refresh: (profile: Profile) => profile.test_cases_vars.zone02.SOA_REFRESH_MINIMUM_VALUE,
  retry: (profile: Profile) => profile.test_cases_vars.zone04.SOA_RETRY_MINIMUM_VALUE,
};

type Timer = keyof typeof MINIMUM;

/** The two messages of one timer, e.g. REFRESH_MINIMUM_VALUE_OK: 'refresh required_refresh'. */
export type MinimumTags<T extends Timer> = {
  readonly [Tag in `${Uppercase<T>}_MINIMUM_VALUE_${'LOWER' | 'OK'}`]: `${T} required_${T}`;
};

/** Step 4 of Zone02 / Zone04: ..._MINIMUM_VALUE_LOWER when the timer is below its minimum, ..._OK otherwise. */
export function minimumCheck<T extends Timer>(timer: T) {
  return (ctx: TestContext<MinimumTags<T>>, soa: SoaData): void => {
    const required = MINIMUM[timer](ctx.profile);
    const tag = `${timer.toUpperCase()}_MINIMUM_VALUE_${soa[timer] < required ? 'LOWER' : 'OK'}`;
    // The tag is one of MinimumTags<T>, with these arguments.
    (ctx.emit as unknown as (tag: string, args: Args) => void)(tag, {
      [timer]: soa[timer],
      [`required_${timer}`]: required,
    });
  };
}
