/**
 * Usage per user and UTC day, from the tests of the user's batches (tests are a user's only through a batch):
 * tests started, batch domains submitted, agent CPU seconds, tests crashed. Purged tests no longer count.
 */
import type { Knex } from 'knex';
import { dialectOf } from '../connection.js';
import { toDbTime } from '../time.js';

export interface DailyUsage {
  date: string;
  tests_started: number;
  batch_domains_submitted: number;
  agent_cpu_seconds: number;
  tests_crashed: number;
}

type Measure = Exclude<keyof DailyUsage, 'date'>;

/** The UTC day of a stored time as 'YYYY-MM-DD'. */
function dayOf(knex: Knex, column: string): Knex.Raw {
  switch (dialectOf(knex)) {
    case 'sqlite':
      return knex.raw(`substr(${column}, 1, 10)`);
    case 'pg':
      return knex.raw(`to_char(${column}, 'YYYY-MM-DD')`);
    default:
      return knex.raw(`DATE_FORMAT(${column}, '%Y-%m-%d')`);
  }
}

/** The user's usage on each day since `since` that has any, oldest first. */
export async function userUsage(knex: Knex, username: string, since: Date): Promise<DailyUsage[]> {
  const from = toDbTime(since);
  const perDay = async (
    measure: Measure,
    timeColumn: string,
    aggregate: string,
    where: (q: Knex.QueryBuilder) => void = () => undefined,
  ) => {
    const day = dayOf(knex, timeColumn);
    const query = knex('test_results as t')
      .join('batch_jobs as b', 't.batch_id', 'b.id')
      .select({ day })
      .select(knex.raw(`${aggregate} AS value`))
      .where('b.username', username)
      .andWhere(timeColumn, '>=', from)
      .groupBy(day);
    where(query);
    return { measure, rows: (await query) as Array<{ day: string; value: unknown }> };
  };
  const results = await Promise.all([
    perDay('tests_started', 't.started_at', 'COUNT(*)'),
    perDay('batch_domains_submitted', 'b.created_at', 'COUNT(*)'),
    perDay('agent_cpu_seconds', 't.ended_at', 'SUM(t.cpu_seconds)', (q) => q.whereNotNull('t.cpu_seconds')),
    perDay('tests_crashed', 't.ended_at', 'COUNT(*)', (q) => q.andWhere('t.state', 'crashed')),
  ]);
  const days = new Map<string, DailyUsage>();
  for (const { measure, rows } of results) {
    for (const row of rows) {
      const date = String(row.day);
      let usage = days.get(date);
      if (usage === undefined) {
        usage = {
          date,
          tests_started: 0,
          batch_domains_submitted: 0,
          agent_cpu_seconds: 0,
          tests_crashed: 0,
        };
        days.set(date, usage);
      }
      usage[measure] = measure === 'agent_cpu_seconds' ? roundMs(Number(row.value)) : Number(row.value);
    }
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;
