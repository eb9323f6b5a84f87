import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** HOST:PORT with the host a name, an IPv4 address or a bracketed IPv6 address; undefined when malformed. */
export function parseHostPort(raw: string): HostPort | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(raw.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  if (match[1] !== undefined) return isIP(match[1]) === 6 ? { host: match[1], port } : undefined;
  return { host: match[2]!, port };
}
