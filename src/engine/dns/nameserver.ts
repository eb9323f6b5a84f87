/**
 * A name server (name, address) in a DnsContext. Every query takes one path (ARCHITECTURE.md, principle 3):
 * fake DS → fake delegation → IP family switch → cache → no-network → blacklist → shared cache (when on and
 * the query may share, shared-scope.ts) → politeness turn → transport → cache store.
 */
import type { Nameserver, NameserverStats, Packet, QueryFlags, QueryResult, RR } from './types.js';
import { isPacket } from './types.js';
import { addressFamily, canonicalAddress } from './address.js';
import { cacheKey, effectiveDnssec, effectiveEdnsSize } from './cachekey.js';
import { decodeResponse, encodeQuery, normalizeName, parseMessage, type QueryEdns } from './codec.js';
import type { CacheEntry, DnsContext, QueryEvent, Transport } from './context.js';
import { fakeDelegationAnswer, fakeDsAnswer, findFakeDelegation } from './fake.js';
import {
  tcpExchange,
  tcpStream,
  udpExchange,
  type ExchangeOptions,
  type ExchangeOutcome,
} from './transport.js';
import { packetTimestamp, setPacketTimestamp } from './timestamps.js';
import { answerTtl, NO_ANSWER_SECONDS } from './shared-cache.js';

/**
 * Bounds of one zone transfer: an endless transfer must neither exhaust the agent's heap (a record costs a few
 * hundred bytes once parsed) nor hold a test past its time. Real zones above these bounds are rare among the
 * zones people test, and the transfer's beginning is all the test cases need.
 */
export const AXFR_LIMITS = { records: 50_000, bytes: 8 * 1024 * 1024, seconds: 60 } as const;

/** Above this size an answer is reported with PACKET_BIG (reference behaviour). */
const PACKET_BIG_LIMIT = 4096;

export interface DnsNameserver extends Nameserver {
  readonly context: DnsContext;
  /** true when the profile switches this server's IP family off (queries give undefined, nothing is sent) */
  readonly blocked: boolean;
  /** round-trip times (ms) of the answers received from the network */
  readonly times: readonly number[];
  /** `query` without waiting for the context's `beforeNetwork`: for that check's own queries */
  queryBeforeGate(name: string, type: string, flags?: QueryFlags): Promise<QueryResult>;
}

/** The answer of a question that gets none (one settled promise for all of them). */
const NO_ANSWER: Promise<QueryResult> = Promise.resolve(undefined);

function randomId(): number {
  return Math.floor(Math.random() * 0x10000);
}

function queryEdns(flags: QueryFlags): QueryEdns | undefined {
  const size = effectiveEdnsSize(flags);
  const dnssec = effectiveDnssec(flags);
  const d = flags.ednsDetails;
  if (!d && !dnssec && size === 0) return undefined;
  return {
    version: d?.version ?? 0,
    z: d?.z ?? 0,
    do: dnssec,
    extendedRcode: d?.rcode ?? 0,
    udpSize: size,
    ...(d?.data ? { data: d.data } : {}),
  };
}

/** The query as the synthesized answers (fake.ts) echo it. */
function questionShape(name: string, type: string, flags: QueryFlags) {
  return {
    name,
    type,
    class: flags.class ?? 'IN',
    rd: flags.recurse ?? false,
    edns: queryEdns(flags) !== undefined,
    do: effectiveDnssec(flags),
  };
}

function statsOf(times: readonly number[]): NameserverStats {
  const n = times.length;
  if (n === 0) return { queries: 0, max: 0, min: 0, average: 0, median: 0, stddev: 0 };
  const sorted = [...times].sort((a, b) => a - b);
  const average = times.reduce((s, t) => s + t, 0) / n;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const stddev = Math.sqrt(times.reduce((s, t) => s + (t - average) ** 2, 0) / n);
  return { queries: n, max: sorted[n - 1]!, min: sorted[0]!, average, median, stddev };
}

class ContextNameserver implements DnsNameserver {
  readonly name: string;
  readonly address: string;
  readonly family: 4 | 6;
  readonly times: number[] = [];
  /** "name/address", as events and recordings name the server */
  private readonly label: string;
  /** this address's packet cache in the context (shared by every name the address has) */
  private readonly cache: Map<string, CacheEntry>;

  constructor(
    name: string,
    address: string,
    readonly context: DnsContext,
  ) {
    this.name = normalizeName(name);
    this.address = canonicalAddress(address);
    this.family = addressFamily(this.address);
    this.label = `${this.name}/${this.address}`;
    this.cache = context.cacheFor(this.address);
  }

  get blocked(): boolean {
    return this.context.isBlocked(this.address);
  }

  get stats(): NameserverStats {
    return statsOf(this.times);
  }

  toString(): string {
    return this.label;
  }

  private emit(
    tag: QueryEvent['tag'],
    name: string,
    type: string,
    flags: QueryFlags,
    extra?: Pick<QueryEvent, 'result' | 'size'>,
  ): void {
    const { onQuery, onQueryTags } = this.context;
    if (!onQuery || (onQueryTags && !onQueryTags.has(tag))) return;
    const event: QueryEvent = { tag, name, type, flags, ns: this.label, address: this.address };
    if (extra) Object.assign(event, extra);
    onQuery(event);
  }

  query(asked: string, type: string, flags: QueryFlags = {}): Promise<QueryResult> {
    return this.lookup(asked, type, flags, true);
  }

  queryBeforeGate(asked: string, type: string, flags: QueryFlags = {}): Promise<QueryResult> {
    return this.lookup(asked, type, flags, false);
  }

  /**
   * Everything up to the network, synchronously: about half of a test's questions are answered from the
   * cache (test bed: 6,115 lookups, 3,178 sent), and an async function per hit cost a promise and a suspended
   * frame more.
   */
  private lookup(asked: string, type: string, flags: QueryFlags, gated: boolean): Promise<QueryResult> {
    try {
      const ctx = this.context;
      const qtype = type.toUpperCase();
      const lname = normalizeName(asked);
      // The zone under test goes out spelled as the user gave it (DNS ignores case; the cache key does not).
      const name = asked === lname ? (ctx.spellings.get(lname) ?? asked) : asked;

      const ds = qtype === 'DS' && ctx.fakeDs.size > 0 ? ctx.fakeDs.get(lname) : undefined;
      if (ds && this.answersFakeDs(lname, ds.parents)) {
        this.emit('FAKE_DS_RETURNED', name, qtype, flags);
        return Promise.resolve(fakeDsAnswer(ds, questionShape(name, qtype, flags), this.address));
      }
      const delegation =
        ctx.fakeDelegations.size > 0
          ? findFakeDelegation(ctx.fakeDelegations.values(), lname, this.address)
          : undefined;
      if (delegation) {
        this.emit('FAKE_DELEGATION_RETURNED', name, qtype, flags);
        return Promise.resolve(
          fakeDelegationAnswer(delegation, questionShape(name, qtype, flags), this.address),
        );
      }
      if (this.blocked) {
        this.emit(this.family === 4 ? 'IPV4_BLOCKED' : 'IPV6_BLOCKED', name, qtype, flags);
        return NO_ANSWER;
      }

      const key = cacheKey(name, qtype, flags);
      const hit = this.cache.get(key);
      if (hit) {
        this.emit('CACHED_RETURN', name, qtype, flags);
        return hit.result === null ? NO_ANSWER : Promise.resolve(hit.result);
      }
      if (ctx.noNetwork) {
        this.emit('NO_NETWORK_MISS', name, qtype, flags);
        return NO_ANSWER;
      }
      const transport: Transport = flags.usevc ? 'tcp' : 'udp';
      if (!flags.blacklistingDisabled && ctx.isBlacklisted(this.address, transport)) {
        this.emit('IS_BLACKLISTED', name, qtype, flags);
        return NO_ANSWER;
      }
      return this.fetch(key, name, qtype, flags, gated, transport);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A question the cache cannot answer: from the shared cache or the network, then kept in the cache. */
  private async fetch(
    key: string,
    name: string,
    qtype: string,
    flags: QueryFlags,
    gated: boolean,
    transport: Transport,
  ): Promise<QueryResult> {
    const ctx = this.context;
    await (gated ? ctx.beforeNetwork?.() : undefined);
    if (ctx.signal?.aborted) return undefined;

    const result = ctx.shared?.allows(this.address, name)
      ? await this.sharedQuery(key, name, qtype, flags)
      : await this.networkQuery(name, qtype, flags);
    if (ctx.signal?.aborted) return undefined;
    if (ctx.shared && isPacket(result)) ctx.shared.observe(result);

    const entry: CacheEntry = { result: result ?? null, timestamp: Date.now() / 1000 };
    this.cache.set(key, entry);
    if (
      result === undefined &&
      qtype === 'SOA' &&
      queryEdns(flags) === undefined &&
      !flags.blacklistingDisabled
    ) {
      ctx.blacklist.add(`${this.address}/${transport}`);
      this.emit('BLACKLISTING', name, qtype, flags);
    }
    return result;
  }

  /** Sends the query and reports it (EXTERNAL_QUERY, EXTERNAL_RESPONSE, PACKET_BIG). */
  private async networkQuery(name: string, qtype: string, flags: QueryFlags): Promise<QueryResult> {
    this.emit('EXTERNAL_QUERY', name, qtype, flags);
    const result = await this.send(name, qtype, flags);
    if (this.context.signal?.aborted) return undefined;
    this.emit(
      'EXTERNAL_RESPONSE',
      name,
      qtype,
      flags,
      result ? { result, size: result.raw.length } : { result },
    );
    if (result && result.raw.length > PACKET_BIG_LIMIT)
      this.emit('PACKET_BIG', name, qtype, flags, { size: result.raw.length });
    return result;
  }

  /**
   * The answer from the process-wide cache (shared-cache.ts) when another run got it within its TTL or is
   * getting it now; else from the network, then kept there. The run records it either way (its own cache).
   */
  private async sharedQuery(
    key: string,
    name: string,
    qtype: string,
    flags: QueryFlags,
  ): Promise<QueryResult> {
    const ctx = this.context;
    const source = this.family === 4 ? ctx.source4 : ctx.source6;
    const fallback = flags.fallback ?? ctx.resolver.fallback;
    const sharedKey = `${this.address}|${ctx.port}|${source}|${fallback ? 1 : 0}|${key}`;
    let fresh: QueryResult;
    const got = await ctx.shared!.cache.resolve(
      sharedKey,
      async () => {
        fresh = await this.networkQuery(name, qtype, flags);
        if (ctx.signal?.aborted) return undefined;
        if (fresh === undefined)
          return { answer: { response: null, arrived: Date.now() / 1000 }, ttl: NO_ANSWER_SECONDS };
        if (!isPacket(fresh)) return undefined; // a broken response is this run's own finding
        const { raw, from, querytime, tcp } = fresh;
        return {
          answer: {
            response: { raw, from, querytime, tcp },
            arrived: packetTimestamp(fresh) ?? Date.now() / 1000,
          },
          ttl: answerTtl(fresh),
        };
      },
      ctx.signal,
    );
    if (!got?.shared) return fresh;
    this.emit('CACHED_RETURN', name, qtype, flags);
    const response = got.answer.response;
    if (response === null) return undefined;
    const decoded = decodeResponse(response.raw, { ...response, from: { ...response.from } });
    if (isPacket(decoded)) setPacketTimestamp(decoded, got.answer.arrived);
    if (response.raw.length > PACKET_BIG_LIMIT)
      this.emit('PACKET_BIG', name, qtype, flags, { size: response.raw.length });
    return decoded;
  }

  private answersFakeDs(zone: string, parents: Set<string> | undefined): boolean {
    if (parents) return parents.has(this.address);
    const delegation = this.context.fakeDelegations.get(zone);
    return !delegation?.nameservers.some((ns) => ns.ips.includes(this.address));
  }

  /** the options of a query whose flags leave the resolver's timing as it is, made once */
  private defaultOptions: ExchangeOptions | undefined;

  private exchangeOptions(flags: QueryFlags): ExchangeOptions {
    if (flags.timeout === undefined && flags.retry === undefined && flags.retrans === undefined)
      return (this.defaultOptions ??= this.optionsFor(flags));
    return this.optionsFor(flags);
  }

  private optionsFor(flags: QueryFlags): ExchangeOptions {
    const r = this.context.resolver;
    const source = this.family === 4 ? this.context.source4 : this.context.source6;
    return {
      address: this.address,
      port: this.context.port,
      timeout: flags.timeout ?? r.timeout,
      retry: flags.retry ?? r.retry,
      retrans: flags.retrans ?? r.retrans,
      ...(source ? { source } : {}),
      ...(this.context.signal ? { signal: this.context.signal } : {}),
    };
  }

  private toResult(outcome: ExchangeOutcome): Packet | import('./types.js').BrokenResponse | undefined {
    if (outcome.kind === 'none') return undefined;
    this.times.push(outcome.querytime);
    const decoded = decodeResponse(outcome.raw, {
      from: outcome.from,
      querytime: outcome.querytime,
      tcp: outcome.tcp,
    });
    if (isPacket(decoded)) setPacketTimestamp(decoded, Date.now() / 1000);
    return decoded;
  }

  private async send(name: string, qtype: string, flags: QueryFlags): Promise<QueryResult> {
    let wire: Uint8Array;
    const edns = queryEdns(flags);
    try {
      wire = encodeQuery({
        id: randomId(),
        name,
        type: qtype,
        class: flags.class ?? 'IN',
        rd: flags.recurse ?? false,
        cd: flags.cd ?? false,
        ...(edns ? { edns } : {}),
      });
    } catch {
      return undefined; // a name or type that cannot be put on the wire gets no answer
    }
    const opts = this.exchangeOptions(flags);
    const politeness = this.context.politeness;
    if (politeness) await politeness.turn(this.address, this.context.signal);
    if (flags.usevc) return this.toResult(await tcpExchange(wire, opts));
    const udp = this.toResult(await udpExchange(wire, opts));
    const fallback = flags.fallback ?? this.context.resolver.fallback;
    if (fallback && isPacket(udp) && udp.flags.tc) {
      if (politeness) await politeness.turn(this.address, this.context.signal);
      const tcp = this.toResult(await tcpExchange(wire, opts));
      return tcp ?? udp;
    }
    return udp;
  }

  /**
   * A zone transfer, bounded (AXFR_LIMITS): a transfer that exceeds a bound is cut there and the records received
   * so far are returned, since a server that keeps sending a transfer does allow it (Nameserver03 asks no more).
   */
  async axfr(zone: string): Promise<RR[]> {
    if (this.blocked) throw new Error(`IPv${this.family} is disabled`);
    if (this.context.noNetwork) throw new Error('no network');
    const wire = encodeQuery({ id: randomId(), name: zone, type: 'AXFR', class: 'IN', rd: false, cd: false });
    await this.context.politeness?.turn(this.address, this.context.signal);
    const records: RR[] = [];
    let bytes = 0;
    let soaCount = 0;
    let cut = false;
    let failure: string | undefined;
    // Not AbortSignal.timeout/any: Node keeps such signals with their listeners until they fire (a minute).
    const stop = new AbortController();
    let overtime = false;
    const deadline = setTimeout(() => {
      overtime = true;
      stop.abort();
    }, AXFR_LIMITS.seconds * 1000);
    const runSignal = this.context.signal;
    const abort = () => stop.abort();
    if (runSignal?.aborted) abort();
    runSignal?.addEventListener('abort', abort);
    const end = await tcpStream(wire, { ...this.exchangeOptions({}), signal: stop.signal }, (raw) => {
      let message;
      try {
        message = parseMessage(raw);
      } catch (err) {
        failure = `broken AXFR message: ${(err as Error).message}`;
        return true;
      }
      const rcode = message.rcode;
      if (rcode !== 0) {
        failure = `AXFR refused with rcode ${rcode}`;
        return true;
      }
      for (const rr of message.answer) {
        if (records.length === 0 && rr.type !== 'SOA') {
          failure = 'AXFR does not start with SOA';
          return true;
        }
        if (rr.type === 'SOA' && ++soaCount === 2) return true;
        records.push(rr);
        if (records.length >= AXFR_LIMITS.records) return (cut = true);
      }
      bytes += raw.length;
      return (cut = bytes >= AXFR_LIMITS.bytes);
    });
    clearTimeout(deadline);
    runSignal?.removeEventListener('abort', abort);
    if (failure) throw new Error(failure);
    if (cut || (overtime && records.length > 0)) return records;
    if (end !== 'done' && end.kind === 'none')
      throw new Error(`AXFR failed: ${end.reason}${end.error ? ` (${end.error})` : ''}`);
    return records;
  }
}

/** The server (name, address) of a context; the same object for the same pair. */
export function createNameserver(name: string, address: string, ctx: DnsContext): DnsNameserver {
  let byAddress = ctx.nameserversBySpelling.get(name);
  const spelled = byAddress?.get(address);
  if (spelled) return spelled as DnsNameserver;
  const key = `${normalizeName(name)}/${canonicalAddress(address)}`;
  let ns = ctx.nameservers.get(key) as DnsNameserver | undefined;
  if (!ns) ctx.nameservers.set(key, (ns = new ContextNameserver(name, address, ctx)));
  if (!byAddress) ctx.nameserversBySpelling.set(name, (byAddress = new Map()));
  byAddress.set(address, ns);
  return ns;
}
