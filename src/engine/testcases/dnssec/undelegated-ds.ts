/** Undelegated DS (test-types/undelegated-test.md): the DS records given by the user, as DS RDATA. */
import type { World } from '../test-case.js';

/** The RDATA fields of a DS record, from a parent's answer or from Undelegated DS. */
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Uint8Array;
}

/** Undelegated DS (test-types/undelegated-test.md) as DS RDATA; empty unless the user gave DS records. */
export function undelegatedDs(world: World): DsData[] {
  return world.zone.undelegatedDs.map((d) => ({
    keyTag: d.keytag,
    algorithm: d.algorithm,
    digestType: d.digtype,
    digest: Uint8Array.from(Buffer.from(d.digest, 'hex')),
  }));
}
