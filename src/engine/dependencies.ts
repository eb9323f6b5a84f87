/**
 * The libraries the engine's results depend on, named in one SYSTEM DEPENDENCY_VERSION message each at the
 * start of a run (as the reference engine names its Perl dependencies), so a report says what produced it.
 */
import { createRequire } from 'node:module';
import { DNS_LIBRARY, VERSION } from '../version.js';

const require = createRequire(import.meta.url);

/** npm packages the engine itself normalises with (IDNA). */
const PACKAGES = ['tr46'] as const;

function packageVersion(name: string): string {
  try {
    return String((require(`${name}/package.json`) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** Name and version of each dependency: the runtime, its crypto library (DNSSEC), the DNS codec, npm packages. */
export function dependencyVersions(): { name: string; version: string }[] {
  return [
    { name: 'Node.js', version: process.versions.node },
    { name: 'OpenSSL', version: process.versions.openssl ?? 'unknown' },
    { name: DNS_LIBRARY, version: VERSION },
    ...PACKAGES.map((name) => ({ name, version: packageVersion(name) })),
  ];
}
