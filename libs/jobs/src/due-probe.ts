import { JobQueue } from './job-queue';

/** A queue that tells, in SQL, when its work comes due: the engine can ask without opening the app. */
export type ProbedQueue = JobQueue & { readonly dueAtSql: string };

/** Per queue name: when its earliest item is or becomes due (this process's clock, ms), null when it has none. */
export type DueTimes = Map<string, number | null>;

export function isProbed(queue: JobQueue): queue is ProbedQueue {
  return typeof queue.dueAtSql === 'string' && queue.dueAtSql.length > 0;
}

/**
 * The one statement that asks every queue of an app at once:
 * `SELECT now() AS now, (<queue 0>) AS due_0, …`. The database's own clock
 * comes back with the answers so due times can be compared with ours.
 */
export function probeStatement(queues: readonly ProbedQueue[]): string {
  return ['SELECT now() AS now', ...queues.map((q, i) => `(${q.dueAtSql}) AS due_${i}`)].join(', ');
}

/**
 * Reads a row of `probeStatement` into due times on this process's clock:
 * each database time is taken relative to the database's `now()`, so a
 * skew between the two clocks does not shift anything.
 */
export function readProbe(queues: readonly ProbedQueue[], row: Record<string, unknown>, localNow: number): DueTimes {
  const dbNow = toMs(row.now);
  if (dbNow === null) throw new Error('The probe returned no now()');
  const times: DueTimes = new Map();
  queues.forEach((queue, i) => {
    const at = toMs(row[`due_${i}`]);
    times.set(queue.name, at === null ? null : localNow + (at - dbNow));
  });
  return times;
}

function toMs(value: unknown): number | null {
  // pg reads 'infinity' as Infinity (never due) and '-infinity' as -Infinity (always due).
  if (value === null || value === undefined || value === Number.POSITIVE_INFINITY) return null;
  if (value === Number.NEGATIVE_INFINITY) return value;
  const ms = value instanceof Date ? value.getTime() : new Date(value as string).getTime();
  // Anything unreadable counts as due now: a needless look is better than stranded work.
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
