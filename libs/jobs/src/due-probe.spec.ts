import { isProbed, ProbedQueue, probeStatement, readProbe } from './due-probe';
import { JobQueue } from './job-queue';

const queue = (name: string, dueAtSql?: string) =>
  ({ name, concurrency: 1, pollIntervalMs: 1000, dueAtSql }) as unknown as JobQueue;

describe('the due probe', () => {
  const queues = [
    queue('webhooks', 'SELECT min(a) FROM t'),
    queue('workflows', 'SELECT min(b) FROM u'),
  ] as ProbedQueue[];

  it('asks every queue in one statement, with the database clock', () => {
    expect(probeStatement(queues)).toBe(
      'SELECT now() AS now, (SELECT min(a) FROM t) AS due_0, (SELECT min(b) FROM u) AS due_1',
    );
  });

  it('only queues with SQL are probed', () => {
    expect(isProbed(queues[0])).toBe(true);
    expect(isProbed(queue('legacy'))).toBe(false);
    expect(isProbed(queue('empty', ''))).toBe(false);
  });

  it('reads due times on the local clock, whatever the skew of the database clock', () => {
    const dbNow = new Date('2030-01-01T00:00:00Z');
    const times = readProbe(queues, { now: dbNow, due_0: new Date(dbNow.getTime() + 5000), due_1: null }, 1_000_000);
    expect(times).toEqual(
      new Map([
        ['webhooks', 1_005_000],
        ['workflows', null],
      ]),
    );
  });

  it('infinity is never due, -infinity and unreadable values are due now', () => {
    const now = new Date();
    expect(readProbe(queues, { now, due_0: Infinity, due_1: -Infinity }, 0)).toEqual(
      new Map([
        ['webhooks', null],
        ['workflows', -Infinity],
      ]),
    );
    expect(readProbe(queues.slice(0, 1), { now, due_0: 'garbage' }, 0).get('webhooks')).toBe(-Infinity);
  });
});
