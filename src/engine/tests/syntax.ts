/**
 * Syntax module: SYNTAX01-08. Specifications: zonemaster/zonemaster
 * docs/public/specifications/tests/Syntax-TP/syntax0{1..8}.md.
 */
import { isIP } from 'node:net';
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH } from '../normalize.js';
import { canonical, displayName } from '../recursor.js';
import { nsString } from '../zone.js';
import type { ModuleDefinition, TagSpec, TestCaseDefinition, TestContext } from './context.js';
import {
  allNameservers,
  answerOf,
  authoritativeSoa,
  firstAnswer,
  hostOf,
  isValidMailAddress,
  presentationLabels,
  query,
  rnameToEmail,
  transportAllowed,
  TRANSPORT_TAGS,
  type MxData,
  type SoaData,
} from './zone-util.js';


// RFC 1035 section 2.3.1 (letters, digits, hyphen), as every Syntax test case applies it to a label.
const LEGAL_LABEL = /^[-a-z0-9]+$/i;

function hasOnlyLegalCharacters(labels: string[]): boolean {
  return labels.every((label) => LEGAL_LABEL.test(label) && label.length <= MAX_LABEL_LENGTH);
}

/** Hyphens in positions 3 and 4 of a label that is not an A-label ("xn--") candidate. */
function hasDiscouragedDoubleDash(label: string): boolean {
  return /^..--/.test(label) && !/^xn/i.test(label);
}

/**
 * The host name checks shared by Syntax04, Syntax07 and Syntax08 (`prefix` is NAMESERVER, MNAME or MX):
 * legal characters and lengths, hyphens in positions 3-4, all-numeric TLD.
 */
function checkHostname(ctx: TestContext, prefix: 'NAMESERVER' | 'MNAME' | 'MX', host: string): void {
  const labels = presentationLabels(host);
  const domain = displayName(host);
  let problems = 0;
  // steps "label does not contain a-z or 0-9", "label longer than 63", "name longer than 255"
  if (!hasOnlyLegalCharacters(labels) || host.length > MAX_NAME_LENGTH) {
    ctx.emit(`${prefix}_NON_ALLOWED_CHARS`, { domain });
    problems++;
  }
  if (labels.length > 0) {
    // step "hyphen in position 3 and 4 ... prefix is not xn"
    for (const label of labels) {
      if (hasDiscouragedDoubleDash(label)) {
        ctx.emit(`${prefix}_DISCOURAGED_DOUBLE_DASH`, { domain, label });
        problems++;
      }
    }
    // step "rightmost label (the TLD) contains only digits"
    const tld = labels[labels.length - 1]!;
    if (/^\d+$/.test(tld)) {
      ctx.emit(`${prefix}_NUMERIC_TLD`, { domain, tld });
      problems++;
    }
  }
  if (problems === 0) ctx.emit(`${prefix}_SYNTAX_OK`, { domain });
}

function hostnameTags(prefix: string): TagSpec[] {
  return [
    { tag: `${prefix}_DISCOURAGED_DOUBLE_DASH`, args: ['domain', 'label'] },
    { tag: `${prefix}_NON_ALLOWED_CHARS`, args: ['domain'] },
    { tag: `${prefix}_NUMERIC_TLD`, args: ['domain', 'tld'] },
    { tag: `${prefix}_SYNTAX_OK`, args: ['domain'] },
  ];
}

export const syntax01: TestCaseDefinition = {
  id: 'syntax01',
  name: 'Syntax01',
  module: 'SYNTAX',
  specId: 'SYNTAX01',
  tags: [
    { tag: 'NON_ALLOWED_CHARS', args: ['domain'] },
    { tag: 'ONLY_ALLOWED_CHARS', args: ['domain'] },
  ],
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    // Syntax01 step 2: characters allowed by RFC 1035 section 2.3.1
    if (hasOnlyLegalCharacters(presentationLabels(ctx.zone.name)))
      ctx.emit('ONLY_ALLOWED_CHARS', { domain }); // Syntax01: ONLY_ALLOWED_CHARS
    else ctx.emit('NON_ALLOWED_CHARS', { domain }); // Syntax01: NON_ALLOWED_CHARS
  },
};

export const syntax02: TestCaseDefinition = {
  id: 'syntax02',
  name: 'Syntax02',
  module: 'SYNTAX',
  specId: 'SYNTAX02',
  tags: [
    { tag: 'INITIAL_HYPHEN', args: ['domain', 'label'] },
    { tag: 'NO_ENDING_HYPHENS', args: ['domain'] },
    { tag: 'TERMINAL_HYPHEN', args: ['domain', 'label'] },
  ],
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    const labels = presentationLabels(ctx.zone.name);
    let found = false;
    for (const label of labels) {
      // Syntax02 step 2: INITIAL_HYPHEN
      if (label.startsWith('-')) {
        ctx.emit('INITIAL_HYPHEN', { domain, label });
        found = true;
      }
      // Syntax02 step 3: TERMINAL_HYPHEN
      if (label.endsWith('-')) {
        ctx.emit('TERMINAL_HYPHEN', { domain, label });
        found = true;
      }
    }
    // Syntax02 outcome: NO_ENDING_HYPHENS (nothing to check for the root)
    if (labels.length > 0 && !found) ctx.emit('NO_ENDING_HYPHENS', { domain });
  },
};

export const syntax03: TestCaseDefinition = {
  id: 'syntax03',
  name: 'Syntax03',
  module: 'SYNTAX',
  specId: 'SYNTAX03',
  tags: [
    { tag: 'DISCOURAGED_DOUBLE_DASH', args: ['domain', 'label'] },
    { tag: 'NO_DOUBLE_DASH', args: ['domain'] },
  ],
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    const labels = presentationLabels(ctx.zone.name);
    let found = false;
    for (const label of labels) {
      // Syntax03 steps 2-3: DISCOURAGED_DOUBLE_DASH
      if (hasDiscouragedDoubleDash(label)) {
        ctx.emit('DISCOURAGED_DOUBLE_DASH', { domain, label });
        found = true;
      }
    }
    // Syntax03 outcome: NO_DOUBLE_DASH
    if (labels.length > 0 && !found) ctx.emit('NO_DOUBLE_DASH', { domain });
  },
};

export const syntax04: TestCaseDefinition = {
  id: 'syntax04',
  name: 'Syntax04',
  module: 'SYNTAX',
  specId: 'SYNTAX04',
  tags: hostnameTags('NAMESERVER'),
  async run(ctx) {
    // Syntax04 step 1: name server names of the delegation (Method2) and of the zone (Method3)
    const names = new Set([
      ...((await ctx.zone.delNsNames()) ?? []),
      ...((await ctx.zone.zoneNsNames()) ?? []),
    ]);
    // Syntax04 steps 2-5: NAMESERVER_NON_ALLOWED_CHARS, NAMESERVER_NUMERIC_TLD, NAMESERVER_DISCOURAGED_DOUBLE_DASH
    for (const name of [...names].sort()) checkHostname(ctx, 'NAMESERVER', name);
  },
};

export const syntax05: TestCaseDefinition = {
  id: 'syntax05',
  name: 'Syntax05',
  module: 'SYNTAX',
  specId: 'SYNTAX05',
  tags: [
    { tag: 'NO_RESPONSE_SOA_QUERY', args: [] },
    { tag: 'RNAME_MISUSED_AT_SIGN', args: ['rname'] },
    { tag: 'RNAME_NO_AT_SIGN', args: ['rname'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Syntax05 steps 1-3: the SOA from the zone's name servers
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {}); // Syntax05: NO_RESPONSE_SOA_QUERY
      return;
    }
    const rname = `${soa.rname}.`;
    // Syntax05 step 4: an "@" in RNAME (escaped or not)
    if (soa.rname.replace(/\\(.)/g, '$1').includes('@')) ctx.emit('RNAME_MISUSED_AT_SIGN', { rname });
    else ctx.emit('RNAME_NO_AT_SIGN', { rname });
  },
};

/** What a DNS Lookup of a mail domain's A and AAAA records tells (Syntax06 steps 12-13). */
interface MailHostCheck {
  cname: boolean;
  localhost: string[];
  addresses: number;
}

async function checkMailHost(ctx: TestContext, host: string): Promise<MailHostCheck> {
  const result: MailHostCheck = { cname: false, localhost: [], addresses: 0 };
  for (const type of ['A', 'AAAA']) {
    const p = await ctx.recursor.recurse(host, type);
    if (!p) continue;
    // A CNAME in the answer, or one followed out of the first response (the question changed).
    if (p.answer.some((rr) => rr.type === 'CNAME') || canonical(p.question[0]?.name ?? host) !== host) {
      result.cname = true;
      continue;
    }
    for (const rr of answerOf(p, type, host)) {
      const address = String(rr.data);
      if (address === '127.0.0.1' || address === '::1') result.localhost.push(address);
      else if (isIP(address)) result.addresses++;
    }
  }
  return result;
}

export const syntax06: TestCaseDefinition = {
  id: 'syntax06',
  name: 'Syntax06',
  module: 'SYNTAX',
  specId: 'SYNTAX06',
  tags: [
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
    { tag: 'NO_RESPONSE_SOA_QUERY', args: [] },
    { tag: 'RNAME_MAIL_DOMAIN_INVALID', args: ['domain'] },
    { tag: 'RNAME_MAIL_DOMAIN_LOCALHOST', args: ['domain', 'localhost'] },
    { tag: 'RNAME_MAIL_ILLEGAL_CNAME', args: ['domain'] },
    { tag: 'RNAME_RFC822_INVALID', args: ['rname'] },
    { tag: 'RNAME_RFC822_VALID', args: ['rname'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    // Outcome per distinct email address and per mail host: the same SOA seen on several servers is
    // judged (and reported) once.
    const emailResults = new Map<string, boolean>();
    const hostResults = new Map<string, boolean>();
    let invalidMailDomain = false;
    const validEmails: string[] = [];

    // `shown`: the name as message argument; a mail exchange keeps the final dot of its RDATA form.
    const mailHostValid = async (host: string, shown: string): Promise<boolean> => {
      const known = hostResults.get(host);
      if (known !== undefined) return known;
      const check = await checkMailHost(ctx, host);
      if (check.cname) ctx.emit('RNAME_MAIL_ILLEGAL_CNAME', { domain: shown }); // Syntax06 step 12.1.2 / 13.1.2
      for (const localhost of check.localhost)
        ctx.emit('RNAME_MAIL_DOMAIN_LOCALHOST', { domain: shown, localhost }); // step 12.2 / 13.2
      const valid = !check.cname && check.localhost.length === 0 && check.addresses > 0;
      if (!valid) ctx.emit('RNAME_MAIL_DOMAIN_INVALID', { domain: shown }); // step 12.3 / 13.3
      hostResults.set(host, valid);
      return valid;
    };

    const emailValid = async (email: string): Promise<boolean> => {
      let domain = canonical(email.slice(email.lastIndexOf('@') + 1));
      // Syntax06 steps 9-10: MX lookup of the domain part
      const mx = await ctx.recursor.recurse(domain, 'MX');
      if (!mx || mx.rcode !== 'NOERROR') {
        ctx.emit('RNAME_MAIL_DOMAIN_INVALID', { domain: displayName(domain) }); // step 10
        return false;
      }
      // Syntax06 step 11: CNAMEs followed, the MX owner becomes the domain part
      const asked = canonical(mx.question[0]?.name ?? domain);
      if (asked !== domain) domain = asked;
      for (let i = 0; i < 10; i++) {
        const cname = answerOf(mx, 'CNAME', domain)[0];
        if (!cname) break;
        domain = canonical(String(cname.data));
      }
      const exchanges = [
        ...new Set(answerOf(mx, 'MX', domain).map((rr) => hostOf((rr.data as MxData).exchange))),
      ];
      // step 12 (no MX: the domain itself) or step 13 (each mail exchange)
      const hosts =
        exchanges.length > 0
          ? exchanges.map((h) => [h, `${h}.`] as const)
          : [[domain, displayName(domain)] as const];
      let valid = true;
      for (const [host, shown] of hosts) if (!(await mailHostValid(host, shown))) valid = false;
      return valid;
    };

    let answered = 0;
    // Syntax06 steps 1-3
    for (const server of await allNameservers(ctx)) {
      if (ctx.signal.aborted) return;
      if (!transportAllowed(ctx, server, 'SOA')) continue;
      const p = await query(ctx, server, zone, 'SOA');
      if (!p) {
        ctx.emit('NO_RESPONSE', { ns: nsString(server.name, server.address), domain: displayName(zone) }); // step 3.2
        continue;
      }
      const soa = p.answer.find((rr) => rr.type === 'SOA');
      if (!soa) {
        ctx.emit('NO_RESPONSE_SOA_QUERY', {}); // step 3.3
        continue;
      }
      answered++;
      // step 3.4: RNAME to an email address
      const email = rnameToEmail((soa.data as SoaData).rname);
      if (emailResults.has(email)) continue;
      // step 3.7: RFC 5322 section 3.4.1
      if (!isValidMailAddress(email)) {
        ctx.emit('RNAME_RFC822_INVALID', { rname: email });
        emailResults.set(email, false);
        continue;
      }
      const valid = await emailValid(email);
      emailResults.set(email, valid);
      if (valid) validEmails.push(email);
      else invalidMailDomain = true;
    }
    // Syntax06 step 4: RNAME_RFC822_VALID
    if (answered > 0 && !invalidMailDomain)
      for (const rname of validEmails) ctx.emit('RNAME_RFC822_VALID', { rname });
  },
};

export const syntax07: TestCaseDefinition = {
  id: 'syntax07',
  name: 'Syntax07',
  module: 'SYNTAX',
  specId: 'SYNTAX07',
  tags: [...hostnameTags('MNAME'), { tag: 'NO_RESPONSE_SOA_QUERY', args: [] }, ...TRANSPORT_TAGS],
  async run(ctx) {
    // Syntax07 steps 1-2
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {}); // Syntax07: NO_RESPONSE_SOA_QUERY
      return;
    }
    // Syntax07 steps 3-8
    checkHostname(ctx, 'MNAME', hostOf(soa.mname));
  },
};

export const syntax08: TestCaseDefinition = {
  id: 'syntax08',
  name: 'Syntax08',
  module: 'SYNTAX',
  specId: 'SYNTAX08',
  tags: [...hostnameTags('MX'), { tag: 'NO_RESPONSE_MX_QUERY', args: [] }, ...TRANSPORT_TAGS],
  async run(ctx) {
    // Syntax08 step 1: the MX records of the zone, from the first authoritative answer
    const p = await firstAnswer(ctx, ctx.zone.name, 'MX', (r) => r.flags.aa);
    if (!p) {
      ctx.emit('NO_RESPONSE_MX_QUERY', {}); // Syntax08: NO_RESPONSE_MX_QUERY
      return;
    }
    const hosts = new Set(answerOf(p, 'MX', ctx.zone.name).map((rr) => hostOf((rr.data as MxData).exchange)));
    // Syntax08 steps 2-7
    for (const host of [...hosts].sort()) checkHostname(ctx, 'MX', host);
  },
};

export const syntaxModule: ModuleDefinition = {
  name: 'SYNTAX',
  displayName: 'Syntax',
  version: 'v1.0.10',
  testCases: [syntax01, syntax02, syntax03, syntax04, syntax05, syntax06, syntax07, syntax08],
};
