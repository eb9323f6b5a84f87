/** DNSSEC16-18: the CDS / CDNSKEY / DNSKEY RRsets of a server with their signatures. */
import {
  answers,
  ask,
  DNSSEC,
  isAuthNoError,
  responseTime,
  rrsigsCovering,
  type ServerNames,
} from '../../dnssec/servers.js';
import type { RR } from '../../dns/types.js';
import type { World } from '../test-case.js';

export interface SignedRrset {
  records: RR[];
  sigs: RR[];
  time: number;
}

/** The RRset of `qtype` at the apex with its RRSIGs, when the server answers authoritatively with NOERROR. */
export async function signedRrset(
  ctx: World,
  servers: ServerNames,
  address: string,
  qtype: string,
): Promise<SignedRrset | undefined> {
  const p = await ask(ctx, servers, address, ctx.zone.name, qtype, DNSSEC);
  if (!isAuthNoError(p)) return undefined;
  return {
    records: answers(p, qtype, ctx.zone.name),
    sigs: rrsigsCovering(p.answer, qtype, ctx.zone.name),
    time: responseTime(p),
  };
}
