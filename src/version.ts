import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** One version for the whole implementation (package.json): backend and engine alike, everywhere they show. */
export const VERSION: string = packageJson.version;

/**
 * The code that encodes and decodes DNS messages (the reference's Zonemaster::LDNS): the engine's own codec in
 * src/engine/dns/, released with the project, so it carries the project's version.
 */
export const DNS_LIBRARY = `${packageJson.name}/dns`;

/** "zonemaster-ts/dns 0.1.0": the codec's name and version, as version_info shows it. */
export function dnsLibraryVersion(): string {
  return `${DNS_LIBRARY} ${VERSION}`;
}
