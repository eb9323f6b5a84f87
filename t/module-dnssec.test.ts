/**
 * DNSSEC module end to end through runTest(): a local tree (root -> tst -> children) served by the signed test
 * responder, each child zone signed in the test with node:crypto to show one situation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DsSpec, MessageEntry } from '../src/engine/types.js';
import {
  dsRdata,
  lines,
  makeKey,
  nsec3Chain,
  nsecChain,
  signZone,
  startSignedServer,
  window,
  type SignedServer,
  type SignedZone,
  type SigningKey,
  type WireRecord,
} from './lib/dnssec-sign.js';
import { apexLines, delegationLines } from './lib/zones.js';
import { expectScenario, findings, tagSet, worldOf, type DnsWorld, type Scenario } from './lib/engine.js';

const ROOT = { name: 'a.root', address: '127.61.0.1' };
const TLD = { name: 'ns1.tst', address: '127.61.1.1' };
const CHILDREN = [
  'good',
  'rsa',
  'expired',
  'mismatch',
  'nods',
  'unsigned',
  'cds',
  'cdsbad',
  'badsig',
] as const;
type Child = (typeof CHILDREN)[number];
const serverOf = (child: Child) => ({
  name: `ns1.${child}.tst`,
  address: `127.61.2.${CHILDREN.indexOf(child) + 1}`,
});

let world: DnsWorld<SignedServer>;
/** Keys the undelegated tests build Undelegated DS from. */
const keysOf: Partial<Record<'good' | 'nods' | 'cdsZsk', SigningKey>> = {};

function childRecords(child: Child): WireRecord[] {
  const origin = `${child}.tst`;
  return lines(origin, [...apexLines(origin, [serverOf(child)]), 'www A 127.0.0.9']);
}

/** A signed child zone: NSEC (or NSEC3) chain, then signatures. */
function signed(
  child: Child,
  keys: SigningKey[],
  validity = window(-1, 24 * 30),
  extra: WireRecord[] = [],
  nsec3 = false,
): SignedZone {
  const origin = `${child}.tst`;
  const base = [...childRecords(child), ...keys.map((k) => k.dnskey), ...extra];
  const chain = nsec3 ? nsec3Chain(origin, base) : nsecChain(origin, base);
  return { origin, records: signZone(origin, [...childRecords(child), ...extra, ...chain], keys, validity) };
}

beforeAll(async () => {
  const ksk = makeKey('good.tst', 13, 257);
  const zsk = makeKey('good.tst', 13, 256);
  const rsa = makeKey('rsa.tst', 8, 257, 1024);
  const expired = makeKey('expired.tst', 15, 257);
  const mismatch = makeKey('mismatch.tst', 13, 257);
  const nods = makeKey('nods.tst', 13, 257);
  const stranger = makeKey('unsigned.tst', 13, 257);
  const cdsKsk = makeKey('cds.tst', 13, 257);
  const cdsZsk = makeKey('cds.tst', 13, 256);
  const cdsbad = makeKey('cdsbad.tst', 13, 257);
  const cdsbadOther = makeKey('cdsbad.tst', 13, 257);
  const badsig = makeKey('badsig.tst', 13, 257);
  const tldKey = makeKey('tst', 13, 257);
  Object.assign(keysOf, { good: ksk, nods, cdsZsk });

  const cdsOf = (key: SigningKey): WireRecord => ({
    name: key.zone,
    type: 'CDS',
    ttl: 3600,
    rdata: dsRdata(key, 2),
  });
  const cdnskeyOf = (key: SigningKey): WireRecord => ({ ...key.dnskey, type: 'CDNSKEY' });

  const zones: Record<Child, SignedZone> = {
    good: signed('good', [ksk, zsk]),
    rsa: signed('rsa', [rsa], undefined, [], true),
    expired: signed('expired', [expired], window(-40 * 24, -10 * 24)),
    mismatch: signed('mismatch', [mismatch]),
    nods: signed('nods', [nods]),
    unsigned: { origin: 'unsigned.tst', records: childRecords('unsigned') },
    cds: signed('cds', [cdsKsk, cdsZsk], undefined, [cdsOf(cdsKsk), cdnskeyOf(cdsKsk)]),
    cdsbad: signed('cdsbad', [cdsbad], undefined, [cdsOf(cdsbadOther), cdnskeyOf(cdsbad)]),
    badsig: signed('badsig', [badsig]),
  };
  // badsig.tst: the SOA signature is damaged
  const soaSig = zones.badsig.records.find(
    (r) => r.type === 'RRSIG' && r.name === 'badsig.tst' && r.rdata[1] === 6,
  )!;
  soaSig.rdata = Uint8Array.from(soaSig.rdata);
  soaSig.rdata[soaSig.rdata.length - 1]! ^= 0xff;

  const ds = (key: SigningKey, digestType = 2, tag = key.tag): WireRecord => ({
    name: key.zone,
    type: 'DS',
    ttl: 3600,
    rdata: dsRdata(key, digestType, tag),
  });
  const tldRecords = [
    ...lines('tst', apexLines('tst', [TLD])),
    ...CHILDREN.flatMap((c) => lines('tst', delegationLines(`${c}.tst`, [serverOf(c)]))),
    ds(ksk),
    ds(rsa, 1),
    ds(expired),
    ds(mismatch, 2, mismatch.tag ^ 1),
    ds(stranger),
    ds(cdsKsk),
    ds(cdsbad),
    ds(badsig),
  ];
  const tld = {
    origin: 'tst',
    records: signZone(
      'tst',
      [...tldRecords, ...nsecChain('tst', [...tldRecords, tldKey.dnskey])],
      [tldKey],
      window(-1, 24 * 30),
    ),
  };
  const root = {
    origin: '',
    records: lines('', [...apexLines('', [ROOT]), ...delegationLines('tst', [TLD])]),
  };

  const byAddress: Record<string, SignedZone[]> = { [ROOT.address]: [root], [TLD.address]: [tld] };
  for (const c of CHILDREN) byAddress[serverOf(c).address] = [zones[c]];
  world = await worldOf(ROOT, () => startSignedServer(byAddress));
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['dnssec'] }), 'DNSSEC');
/** An undelegated test: the child's own server as Undelegated NS, plus the given Undelegated DS. */
async function runUndelegated(child: Child, ds: DsSpec[]): Promise<MessageEntry[]> {
  const { name, address } = serverOf(child);
  const messages = await world.run(`${child}.tst`, {
    tests: ['dnssec'],
    nameservers: [{ ns: name, ip: address }],
    ds,
  });
  return findings(messages, 'DNSSEC');
}
/** Undelegated DS for a key, optionally with another key tag. */
function dsSpec(key: SigningKey, tag = key.tag, digtype = 2): DsSpec {
  const rdata = dsRdata(key, digtype, tag);
  return {
    keytag: tag,
    algorithm: key.algorithm,
    digtype,
    digest: Buffer.from(rdata.subarray(4)).toString('hex'),
  };
}
const tags = tagSet;
const find = (messages: MessageEntry[], tag: string) => messages.filter((m) => m.tag === tag);

const SCENARIOS: Scenario[] = [
  {
    zone: 'good.tst',
    present: [
      'DS07_SIGNED',
      'DS07_SIGNED_ON_SERVER',
      'DS07_DS_ON_PARENT_SERVER',
      'DS07_DS_FOR_SIGNED_ZONE',
      'DS01_DS_ALGO_OK',
      'DS03_NO_NSEC3',
      'RRSIG_EXPIRATION',
      'DS05_ALGO_OK',
      'EXTRA_PROCESSING_OK',
      'DS10_HAS_NSEC',
      'KEY_SIZE_OK',
      'DS15_NO_CDS_CDNSKEY',
    ],
    absent: ['DS07_NOT_SIGNED', 'DS02_NO_DNSKEY_FOR_DS', 'RRSIG_EXPIRED', 'DS10_HAS_NSEC3'],
  },
  {
    zone: 'rsa.tst',
    present: [
      'DS01_DS_ALGO_DEPRECATED',
      'DS01_DS_ALGO_2_MISSING',
      'DNSKEY_SMALLER_THAN_REC',
      'DS03_LEGAL_HASH_ALGO',
      'DS03_NSEC3_OPT_OUT_DISABLED',
      'DS03_LEGAL_ITERATION_VALUE',
      'DS03_LEGAL_EMPTY_SALT',
      'DS10_HAS_NSEC3',
      'DS07_SIGNED',
    ],
    absent: [
      'KEY_SIZE_OK',
      'DS10_NSEC3_MISMATCHES_APEX',
      'DS10_NSEC3_NO_VERIFIED_SIGNATURE',
      'DS02_NO_VALID_DNSKEY_FOR_ANY_DS',
      'DS08_RRSIG_NOT_VALID_BY_DNSKEY',
    ],
  },
  {
    zone: 'expired.tst',
    present: [
      'RRSIG_EXPIRED',
      'DS08_DNSKEY_RRSIG_EXPIRED',
      'DS09_SOA_RRSIG_EXPIRED',
      'DS02_RRSIG_NOT_VALID_BY_DNSKEY',
      'DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS',
      'DS10_NSEC_RRSIG_EXPIRED',
      'DS10_NSEC_NO_VERIFIED_SIGNATURE',
    ],
    absent: ['DS08_DNSKEY_RRSIG_NOT_YET_VALID'],
  },
  {
    zone: 'mismatch.tst',
    present: ['DS02_NO_DNSKEY_FOR_DS', 'DS02_NO_VALID_DNSKEY_FOR_ANY_DS'],
    absent: ['DS07_NOT_SIGNED'],
  },
  {
    zone: 'nods.tst',
    present: ['DS07_NO_DS_FOR_SIGNED_ZONE', 'DS07_NO_DS_ON_PARENT_SERVER', 'DS01_PARENT_ZONE_NO_DS'],
    absent: ['DS07_DS_FOR_SIGNED_ZONE'],
  },
  {
    zone: 'unsigned.tst',
    present: ['DS07_NOT_SIGNED', 'DS07_NOT_SIGNED_ON_SERVER', 'DS11_DS_BUT_UNSIGNED_ZONE'],
    absent: ['DS07_SIGNED', 'DS01_DS_ALGO_OK'],
  },
  {
    zone: 'cds.tst',
    present: ['DS15_HAS_CDS_AND_CDNSKEY'],
    absent: [
      'DS15_MISMATCH_CDS_CDNSKEY',
      'DS16_CDS_MATCHES_NO_DNSKEY',
      'DS16_CDS_UNSIGNED',
      'DS17_CDNSKEY_MATCHES_NO_DNSKEY',
      'DS18_NO_MATCH_CDS_RRSIG_DS',
    ],
  },
  {
    zone: 'cdsbad.tst',
    present: ['DS15_MISMATCH_CDS_CDNSKEY', 'DS16_CDS_MATCHES_NO_DNSKEY'],
    absent: ['DS17_CDNSKEY_MATCHES_NO_DNSKEY'],
  },
];

describe('DNSSEC scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(tags(await run(scenario.zone)), scenario);
  });
});

describe('DNSSEC module', () => {
  it('a well signed zone (ECDSA P-256, NSEC, SHA-256 DS)', async () => {
    const messages = await run('good.tst');
    expect(
      messages.filter((m) => ['WARNING', 'ERROR', 'CRITICAL'].includes(m.level)).map((m) => m.tag),
    ).toEqual([]);
    expect(find(messages, 'DS07_SIGNED_ON_SERVER')[0]!.args).toEqual({ ns_list: 'ns1.good.tst/127.61.2.1' });
    expect(find(messages, 'DS05_ALGO_OK')[0]!.args).toMatchObject({
      algo_num: 13,
      algo_mnemo: 'ECDSAP256SHA256',
      ns_list: 'ns1.good.tst/127.61.2.1',
    });
    expect(find(messages, 'DS01_DS_ALGO_OK')[0]!.args).toMatchObject({
      ds_algo_num: 2,
      ds_algo_descr: 'SHA-256',
      ns_list: 'ns1.tst/127.61.1.1',
    });
    expect(find(messages, 'RRSIG_EXPIRATION')[0]!.args.date).toMatch(
      /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/,
    );
  });

  it('expired signatures (Ed25519)', async () => {
    const messages = await run('expired.tst');
    expect(find(messages, 'DS08_DNSKEY_RRSIG_EXPIRED')[0]!.args).toMatchObject({ ns_ip_list: '127.61.2.3' });
  });

  it('a DS that matches no DNSKEY', async () => {
    const t = tags(await run('mismatch.tst'));
    expect(t).toContain('DS02_NO_DNSKEY_FOR_DS');
    expect(t).toContain('DS02_NO_VALID_DNSKEY_FOR_ANY_DS');
  });

  it('a signed zone without DS, and DS for an unsigned zone', async () => {
    const nods = tags(await run('nods.tst'));
    for (const tag of ['DS07_NO_DS_FOR_SIGNED_ZONE', 'DS07_NO_DS_ON_PARENT_SERVER', 'DS01_PARENT_ZONE_NO_DS'])
      expect(nods, tag).toContain(tag);
    const unsigned = await run('unsigned.tst');
    const t = tags(unsigned);
    for (const tag of ['DS07_NOT_SIGNED', 'DS07_NOT_SIGNED_ON_SERVER', 'DS11_DS_BUT_UNSIGNED_ZONE'])
      expect(t, tag).toContain(tag);
    // An unsigned zone ends the module after DNSSEC07 and DNSSEC11.
    expect(new Set(unsigned.map((m) => m.testcase))).toEqual(new Set(['DNSSEC07', 'DNSSEC11']));
  });

  it('CDS and CDNSKEY: consistent, then pointing at different keys', async () => {
    const good = tags(await run('cds.tst'));
    expect(good).toContain('DS15_HAS_CDS_AND_CDNSKEY');
    for (const tag of [
      'DS15_MISMATCH_CDS_CDNSKEY',
      'DS16_CDS_MATCHES_NO_DNSKEY',
      'DS16_CDS_UNSIGNED',
      'DS17_CDNSKEY_MATCHES_NO_DNSKEY',
      'DS18_NO_MATCH_CDS_RRSIG_DS',
    ])
      expect(good, tag).not.toContain(tag);
    const bad = tags(await run('cdsbad.tst'));
    expect(bad).toContain('DS15_MISMATCH_CDS_CDNSKEY');
    expect(bad).toContain('DS16_CDS_MATCHES_NO_DNSKEY');
    expect(bad).not.toContain('DS17_CDNSKEY_MATCHES_NO_DNSKEY');
  });

  it('a damaged SOA signature', async () => {
    const messages = await run('badsig.tst');
    expect(find(messages, 'DS09_RRSIG_NOT_VALID_BY_DNSKEY')).toMatchObject([
      { level: 'ERROR', args: { ns_ip_list: '127.61.2.9' } },
    ]);
    expect(tags(messages)).not.toContain('DS08_RRSIG_NOT_VALID_BY_DNSKEY');
  });

  it('undelegated test with a matching Undelegated DS (the parent has none)', async () => {
    const messages = await runUndelegated('nods', [dsSpec(keysOf.nods!)]);
    const t = tags(messages);
    for (const tag of [
      'DS01_DS_ALGO_OK',
      'DS07_SIGNED',
      'DS07_DS_ON_PARENT_SERVER',
      'DS07_DS_FOR_SIGNED_ZONE',
    ])
      expect(t, tag).toContain(tag);
    expect(find(messages, 'DS01_DS_ALGO_OK')[0]!.args).toMatchObject({ ns_list: '-', ds_algo_num: 2 });
    expect(find(messages, 'DS07_DS_ON_PARENT_SERVER')[0]!.args).toEqual({ ns_list: '-' });
    for (const tag of ['DS01_UNDEL_N_NO_UNDEL_DS', 'DS01_PARENT_ZONE_NO_DS', 'DS07_NO_DS_FOR_SIGNED_ZONE'])
      expect(t, tag).not.toContain(tag);
    expect(messages.filter((m) => m.tag.startsWith('DS02_') || m.tag.startsWith('DS11_'))).toEqual([]);
  });

  it('undelegated test with an Undelegated DS that matches no DNSKEY', async () => {
    const key = keysOf.nods!;
    const wrongTag = await runUndelegated('nods', [dsSpec(key, key.tag ^ 1)]);
    expect(find(wrongTag, 'DS02_NO_DNSKEY_FOR_DS')[0]!.args).toEqual({
      keytag: key.tag ^ 1,
      ns_ip_list: '127.61.2.5',
    });
    expect(tags(wrongTag)).toContain('DS02_NO_VALID_DNSKEY_FOR_ANY_DS');
    const wrongDigest = { ...dsSpec(key), digest: 'ab'.repeat(32) };
    const t = tags(await runUndelegated('nods', [wrongDigest]));
    expect(t).toContain('DS02_NO_MATCH_DS_DNSKEY');
    // DNSSEC18: the CDS/CDNSKEY RRsets are signed by no key an Undelegated DS points to
    const cds = tags(await runUndelegated('cds', [dsSpec(keysOf.cdsZsk!, keysOf.cdsZsk!.tag ^ 1)]));
    expect(cds).toContain('DS18_NO_MATCH_CDS_RRSIG_DS');
    expect(cds).toContain('DS18_NO_MATCH_CDNSKEY_RRSIG_DS');
    const cdsGood = tags(await runUndelegated('cds', [dsSpec(keysOf.cdsZsk!)]));
    expect(cdsGood).not.toContain('DS18_NO_MATCH_CDS_RRSIG_DS');
  });

  it('undelegated test of an unsigned zone with Undelegated DS', async () => {
    const messages = await runUndelegated('unsigned', [dsSpec(keysOf.nods!)]);
    const t = tags(messages);
    expect(t).toContain('DS11_DS_BUT_UNSIGNED_ZONE');
    expect(t).toContain('DS07_NOT_SIGNED');
    // DNSSEC07 step 9: no DS is looked for when the zone is unsigned
    expect(t).not.toContain('DS07_DS_ON_PARENT_SERVER');
  });

  it('undelegated test without Undelegated DS ignores the DS at the parent', async () => {
    const messages = await runUndelegated('good', []);
    const t = tags(messages);
    expect(t).toContain('DS01_UNDEL_N_NO_UNDEL_DS');
    expect(t).toContain('DS07_SIGNED');
    for (const tag of [
      'DS01_DS_ALGO_OK',
      'DS01_PARENT_ZONE_NO_DS',
      'DS07_DS_ON_PARENT_SERVER',
      'DS07_NO_DS_ON_PARENT_SERVER',
      'DS07_DS_FOR_SIGNED_ZONE',
      'DS07_NO_DS_FOR_SIGNED_ZONE',
    ])
      expect(t, tag).not.toContain(tag);
    expect(messages.filter((m) => /^DS(02|11|18)_/.test(m.tag))).toEqual([]);
    // The same zone with its DS given passes DNSSEC02 quietly and finds the DS.
    const withDs = tags(await runUndelegated('good', [dsSpec(keysOf.good!)]));
    expect(withDs).toContain('DS07_DS_FOR_SIGNED_ZONE');
    expect(withDs).not.toContain('DS01_UNDEL_N_NO_UNDEL_DS');
  });
});
