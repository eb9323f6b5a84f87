import { InvalidArgumentError } from 'commander';
import { parseHostPort, type HostPort } from '../hostport.js';

/** commander parser of a --listen HOST:PORT option. */
export function parseListenOption(raw: string): HostPort {
  const parsed = parseHostPort(raw);
  if (!parsed) throw new InvalidArgumentError(`expected HOST:PORT (IPv6 in brackets), got "${raw}"`);
  return parsed;
}
