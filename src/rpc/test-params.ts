/**
 * What is stored for a test and how two requests are recognised as the same test (reference DB.pm
 * "_project_params"): the projection is the normalized domain, ipv4, ipv6, lower-cased profile, sorted ds_info and
 * normalized, sorted nameservers. The fingerprint is the MD5 of its canonical JSON; stored params are the request
 * params with the projection laid over them.
 */
import { createHash } from 'node:crypto';

export interface NameserverParam {
  ns: string;
  ip?: string;
}

export interface DsParam {
  keytag: number;
  algorithm: number;
  digtype: number;
  digest: string;
}

export interface Projection {
  domain: string;
  ipv4: boolean;
  ipv6: boolean;
  profile: string;
  ds_info: DsParam[];
  nameservers: NameserverParam[];
}

export type Normalize = (name: string) => string;

/** `params` must have passed validation; ipv4/ipv6 already defaulted from the profile. */
export function project(params: Record<string, unknown>, normalize: Normalize): Projection {
  const ds = ((params.ds_info as DsParam[] | undefined) ?? []).map((d) => ({
    algorithm: d.algorithm,
    digest: d.digest,
    digtype: d.digtype,
    keytag: d.keytag,
  }));
  ds.sort(
    (a, b) =>
      compareText(String(a.algorithm), String(b.algorithm)) ||
      compareText(a.digest, b.digest) ||
      a.digtype - b.digtype ||
      a.keytag - b.keytag,
  );
  const nameservers = ((params.nameservers as NameserverParam[] | undefined) ?? []).map((n) =>
    n.ip === undefined || n.ip === '' ? { ns: normalize(n.ns) } : { ns: normalize(n.ns), ip: n.ip },
  );
  nameservers.sort(
    (a, b) =>
      compareText(a.ns, b.ns) || (a.ip !== undefined && b.ip !== undefined ? compareText(a.ip, b.ip) : 0),
  );
  return {
    domain: normalize(String(params.domain)),
    ipv4: params.ipv4 as boolean,
    ipv6: params.ipv6 as boolean,
    profile: String(params.profile ?? 'default').toLowerCase(),
    ds_info: ds,
    nameservers,
  };
}

export function fingerprint(projection: Projection): string {
  return createHash('md5').update(canonicalJson(projection)).digest('hex');
}

export function isUndelegated(projection: Projection): boolean {
  return projection.ds_info.length > 0 || projection.nameservers.length > 0;
}

export function storedParams(
  params: Record<string, unknown>,
  projection: Projection,
): Record<string, unknown> {
  return { ...params, ...projection };
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
