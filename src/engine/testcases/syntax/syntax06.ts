/**
 * Syntax06: SOA RNAME is a valid e-mail address.
 * Specification methods: Method 4, Method 5.
 */
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { isValidMailAddress, rnameToEmail } from './mail-address.js';
import { answerOf, query, type MxData, type SoaData } from '../delegated-answer.js';
import { method4and5 } from '../../methods/v1.js';
import { canonical, displayName, nsString } from '../../dns/name.js';
import { isIP } from 'node:net';
import type { World } from '../test-case.js';
import { testCase } from '../test-case.js';

export const syntax06 = testCase({
  id: 'syntax06',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax06.md',
  tags: {
    NO_RESPONSE: 'ns domain',
    NO_RESPONSE_SOA_QUERY: '',
    RNAME_MAIL_DOMAIN_INVALID: 'domain',
    RNAME_MAIL_DOMAIN_LOCALHOST: 'domain localhost',
    RNAME_MAIL_ILLEGAL_CNAME: 'domain',
    RNAME_RFC822_INVALID: 'rname',
    RNAME_RFC822_VALID: 'rname',
    ...DISABLED_TAGS,
  },
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
        ...new Set(answerOf(mx, 'MX', domain).map((rr) => canonical((rr.data as MxData).exchange))),
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
    for (const server of await method4and5(ctx)) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA')) continue;
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
});

/** What a DNS Lookup of a mail domain's A and AAAA records tells (Syntax06 steps 12-13). */
interface MailHostCheck {
  cname: boolean;
  localhost: string[];
  addresses: number;
}

async function checkMailHost(ctx: World, host: string): Promise<MailHostCheck> {
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
