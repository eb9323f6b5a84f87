/**
 * A registry's world on loopback for the shared-cache tests and bench: one root, one TLD on two servers, and
 * many child zones under it, all hosted on the two servers of one hosting company (whose own zone is under the
 * TLD too), as most domains of a TLD are. Tests of the children ask the root and TLD servers the same
 * questions over and over, which is what the shared cache is for.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTree, type LocalTree, type LocalTreeZone } from './dns-server.js';
import { writeHints, type NsAddress } from './zones.js';

export interface TldWorld {
  tree: LocalTree;
  port: number;
  hintsFile: string;
  tld: string;
  /** the child zones, "d0.<tld>", "d1.<tld>", ... */
  domains: string[];
  root: NsAddress[];
  tldServers: NsAddress[];
  hoster: NsAddress[];
  stop(): Promise<void>;
}

/** `prefix` is the first two octets of the loopback addresses used ("127.62"), distinct per test file. */
export async function startTldWorld(children: number, prefix = '127.62', tld = 'reg'): Promise<TldWorld> {
  const root = [{ name: 'a.root-servers.test', address: `${prefix}.0.1` }];
  const tldServers = [
    { name: `ns1.nic.${tld}`, address: `${prefix}.1.1` },
    { name: `ns2.nic.${tld}`, address: `${prefix}.1.2` },
  ];
  const hoster = [
    { name: `ns1.hoster.${tld}`, address: `${prefix}.2.1` },
    { name: `ns2.hoster.${tld}`, address: `${prefix}.2.2` },
  ];
  const domains = Array.from({ length: children }, (_, i) => `d${i}.${tld}`);
  const zones: LocalTreeZone[] = [
    { origin: '', servers: root },
    { origin: tld, servers: tldServers },
    { origin: `nic.${tld}`, servers: tldServers },
    { origin: `hoster.${tld}`, servers: hoster },
    ...domains.map((origin) => ({
      origin,
      servers: hoster,
      lines: ['@ MX 10 mail', 'mail A 127.0.0.25', 'www A 127.0.0.80'],
    })),
  ];
  const tree = await startLocalTree(zones);
  const hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-tld-world-')), root);
  return {
    tree,
    port: tree.port,
    hintsFile,
    tld,
    domains,
    root,
    tldServers,
    hoster,
    stop: () => tree.stop(),
  };
}
