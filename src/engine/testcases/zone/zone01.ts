/**
 * Zone01: SOA MNAME is a reachable, authoritative primary server.
 * Specification methods: Method 3, Method 4, Method 5.
 */
import { distinctAddresses, isAuthoritativeSoa } from './soa.js';
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { answerOf, query, type SoaData } from '../delegated-answer.js';
import { method3, method4and5 } from '../../methods/v1.js';
import { canonical, nsString } from '../../dns/name.js';
import { testCase } from '../test-case.js';

/** RFC 1982 serial number arithmetic: true when `a` is greater than `b`. */
function serialGreater(a: number, b: number): boolean {
  const HALF = 2 ** 31;
  return (a < b && b - a > HALF) || (a > b && a - b < HALF);
}

export const zone01 = testCase({
  id: 'zone01',
  spec: 'docs/public/specifications/tests/Zone-TP/zone01.md',
  tags: {
    Z01_MNAME_HAS_LOCALHOST_ADDR: 'nsname ns_ip',
    Z01_MNAME_IS_DOT: 'ns_ip_list',
    Z01_MNAME_IS_LOCALHOST: 'ns_ip_list',
    Z01_MNAME_IS_MASTER: 'ns_list',
    Z01_MNAME_MISSING_SOA_RECORD: 'ns',
    Z01_MNAME_NOT_AUTHORITATIVE: 'ns',
    Z01_MNAME_NOT_IN_NS_LIST: 'nsname',
    Z01_MNAME_NOT_MASTER: 'ns_list soaserial soaserial_list',
    Z01_MNAME_NOT_RESOLVE: 'nsname',
    Z01_MNAME_NO_RESPONSE: 'ns',
    Z01_MNAME_UNEXPECTED_RCODE: 'ns rcode',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone01 step 2: MNAME Nameservers (name -> address -> serial, undefined until one is known)
    const mnameServers = new Map<string, Map<string, number | undefined>>();
    const serials: number[] = [];
    const isLocalhost: string[] = [];
    const isDot: string[] = [];
    // Zone01 steps 3-4
    for (const server of distinctAddresses(await method4and5(ctx))) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA')) continue;
      const p = await query(ctx, server, zone, 'SOA');
      if (!isAuthoritativeSoa(p, zone)) continue; // step 4.2
      const soa = answerOf(p, 'SOA', zone)[0]!.data as SoaData;
      const mname = canonical(soa.mname);
      if (mname === 'localhost')
        isLocalhost.push(server.address); // step 4.3.1
      else if (mname === '')
        isDot.push(server.address); // step 4.3.2
      else if (!mnameServers.has(mname)) mnameServers.set(mname, new Map()); // step 4.3.3
      if (!serials.includes(soa.serial)) serials.push(soa.serial); // step 4.4
    }
    if (isLocalhost.length > 0) ctx.emit('Z01_MNAME_IS_LOCALHOST', { ns_ip_list: isLocalhost.join(';') }); // step 5
    if (isDot.length > 0) ctx.emit('Z01_MNAME_IS_DOT', { ns_ip_list: isDot.join(';') }); // step 6
    if (mnameServers.size === 0) return; // step 7
    // Zone01 step 8
    const childNames = await method3(ctx);
    // Zone01 step 9
    for (const [mname, addresses] of [...mnameServers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!childNames.includes(mname)) ctx.emit('Z01_MNAME_NOT_IN_NS_LIST', { nsname: mname }); // step 9.1
      const found = await ctx.recursor.addressesOf(mname); // step 9.2
      if (found.length === 0) {
        ctx.emit('Z01_MNAME_NOT_RESOLVE', { nsname: mname }); // step 9.4
        continue;
      }
      for (const address of found) {
        addresses.set(address, undefined);
        const ns = nsString(mname, address);
        if (address === '127.0.0.1' || address === '::1') {
          ctx.emit('Z01_MNAME_HAS_LOCALHOST_ADDR', { nsname: mname, ns_ip: address }); // step 9.3.1.1
          continue;
        }
        if (!canQuery(ctx, { name: mname, address }, 'SOA')) continue;
        const p = await query(ctx, { name: mname, address }, zone, 'SOA');
        const soa = p ? answerOf(p, 'SOA', zone)[0] : undefined;
        if (p && p.rcode === 'NOERROR' && soa) {
          if (!p.flags.aa)
            ctx.emit('Z01_MNAME_NOT_AUTHORITATIVE', { ns }); // step 9.3.1.2.1.1
          else addresses.set(address, (soa.data as SoaData).serial); // step 9.3.1.2.1.2
        } else if (p && p.rcode !== 'NOERROR') {
          ctx.emit('Z01_MNAME_UNEXPECTED_RCODE', { ns, rcode: p.rcode }); // step 9.3.1.2.2
        } else if (p) {
          ctx.emit('Z01_MNAME_MISSING_SOA_RECORD', { ns }); // step 9.3.1.2.3
        } else {
          ctx.emit('Z01_MNAME_NO_RESPONSE', { ns }); // step 9.3.1.2.4
        }
      }
    }
    // Zone01 step 10
    const withSerial = [...mnameServers].flatMap(([mname, addresses]) =>
      [...addresses]
        .filter(([, serial]) => serial !== undefined)
        .map(([address, serial]) => ({ ns: nsString(mname, address), serial: serial! })),
    );
    if (withSerial.length === 0) return;
    // Zone01 step 11
    const notMaster = withSerial.filter((m) => serials.some((s) => serialGreater(s, m.serial)));
    const master = withSerial.filter((m) => !notMaster.includes(m));
    // Zone01 step 12
    if (notMaster.length > 0) {
      ctx.emit('Z01_MNAME_NOT_MASTER', {
        ns_list: notMaster
          .map((m) => m.ns)
          .sort()
          .join(';'),
        soaserial: Math.max(...notMaster.map((m) => m.serial)),
        soaserial_list: serials.join(';'),
      });
    }
    // Zone01 step 13
    if (master.length > 0)
      ctx.emit('Z01_MNAME_IS_MASTER', {
        ns_list: master
          .map((m) => m.ns)
          .sort()
          .join(';'),
      });
  },
});
