/**
 * Comparing two runs of the same test (with the shared cache on and off): their messages without what depends
 * on the clock or the traffic itself, and the questions their recordings answer.
 */
import dnsPacket from 'dns-packet';
import type { Knex } from 'knex';
import type { MessageEntry } from '../../src/engine/types.js';

/** Nameserver08/09 ask with a random mix of cases, so their names are compared in lower case. */
const RANDOM_CASE = new Set(['Nameserver08', 'Nameserver09']);

/** A run's messages without what depends on the clock or on the traffic itself (the query trace). */
export function comparable(messages: MessageEntry[]): string[] {
  return messages
    .filter((m) => !(m.module === 'System' && (m.tag === 'EXTERNAL_QUERY' || m.tag === 'START_TIME')))
    .map((m) => {
      const args = RANDOM_CASE.has(m.testcase)
        ? JSON.stringify(m.args).toLowerCase()
        : JSON.stringify(m.args);
      return `${m.module} ${m.testcase} ${m.level} ${m.tag} ${args}`;
    });
}

/**
 * What a recording holds: per address, each distinct question answered (lower case, with the RD, CD and DO
 * the answer echoes), or "none". Distinct, because two random-case queries of Nameserver08/09 may happen to
 * be spelled alike and share one entry.
 */
export function recordedQuestions(recording: string): string[] {
  const questions = recording
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((line) => {
      const [, address] = line.split(' ');
      const entries = Object.values(JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
      return entries.map((value) => {
        if (value === null) return `${address} none`;
        const inner = (value as Record<string, Record<string, { data: string }>>)[
          'Zonemaster::Engine::Packet'
        ]!['Zonemaster::LDNS::Packet']!;
        const p = dnsPacket.decode(Buffer.from(inner.data, 'base64'));
        const q = p.questions?.[0];
        const opt = p.additionals?.find((a) => a.type === 'OPT') as { flag_do?: boolean } | undefined;
        const flags = `rd=${p.flag_rd ? 1 : 0} cd=${p.flag_cd ? 1 : 0} do=${opt?.flag_do ? 1 : 0}`;
        return `${address} ${q?.name.toLowerCase()} ${q?.type} ${q?.class} ${flags}`;
      });
    });
  return [...new Set(questions)].sort();
}

/** A test's stored results (result_entries) in comparable form, sorted: entries of one timestamp have no order. */
export async function storedResults(knex: Knex, testId: string): Promise<string[]> {
  const rows = (await knex('result_entries')
    .select('module', 'testcase', 'tag', 'level', 'args')
    .where({ hash_id: testId })) as {
    module: string;
    testcase: string;
    tag: string;
    level: string;
    args: unknown;
  }[];
  return rows
    .map((r) => {
      const args =
        Buffer.isBuffer(r.args) || typeof r.args === 'string' ? String(r.args) : JSON.stringify(r.args);
      return `${r.module} ${r.testcase} ${r.level} ${r.tag} ${RANDOM_CASE.has(r.testcase) ? args.toLowerCase() : args}`;
    })
    .sort();
}
