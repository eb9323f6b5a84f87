import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

const readVersion = (packageJson: string) =>
  (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

/** One version for the whole implementation (package.json): backend and engine alike, everywhere they show. */
export const VERSION: string = readVersion(join(PROJECT_ROOT, 'package.json'));

/** The library that encodes and decodes DNS messages (the reference's Zonemaster::LDNS), with its version. */
export const DNS_LIBRARY = 'dns-packet';

/** "dns-packet 5.6.1": read from the installed package, so it follows upgrades without a code change. */
export function dnsLibraryVersion(): string {
  const require = createRequire(import.meta.url);
  return `${DNS_LIBRARY} ${readVersion(require.resolve(`${DNS_LIBRARY}/package.json`))}`;
}
