/** "[#######.............]  35%" for terminals; a plain "35% done" line otherwise (logs, pipes). */
export function progressLine(percent: number, tty: boolean, width = 30): string {
  if (!tty) return `${percent}% done\n`;
  const filled = Math.round((percent / 100) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%${percent >= 100 ? '\n' : ''}`;
}

/** JSON with object keys sorted at every depth (what `jq -S` prints). */
export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
