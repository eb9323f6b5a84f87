import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

/** One version for the whole implementation; reported for backend, engine and the DNS layer alike. */
export const VERSION: string = pkg.version;
