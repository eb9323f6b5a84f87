// npm's "prepare" step: compile dist/ when TypeScript (a dev dependency) is installed. `npm ci --omit=dev` in a
// clone has no compiler and must still succeed; the published tarball carries dist/ already.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  process.stderr.write('zonemaster-ts: TypeScript is not installed (dev dependencies omitted); dist/ not rebuilt\n');
  process.exit(0);
}
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
