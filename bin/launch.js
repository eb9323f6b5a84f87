// Shared by the executables in bin/: runs the compiled command, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function launch(command, module) {
  const target = new URL(`../dist/src/cli/${module}.js`, import.meta.url);
  if (!existsSync(target)) {
    const root = fileURLToPath(new URL('..', import.meta.url));
    process.stderr.write(`${command}: not built yet; run \`npm ci\` or \`npm run build\` in ${root}\n`);
    process.exit(1);
  }
  await import(target.href);
}
