import { MaintenanceSchedule, waitForPhase } from './maintenance-schedule';

const HOUR = 3_600_000;
const retention = { name: 'retention', intervalMs: HOUR };
const names = (tasks: { name: string }[]) => tasks.map((t) => t.name);

describe('MaintenanceSchedule', () => {
  it('without spread: runs at first sight, then once per interval', () => {
    const s = new MaintenanceSchedule(false);
    expect(names(s.take([retention], 'a', 0))).toEqual(['retention']);
    expect(s.take([retention], 'a', HOUR - 1)).toEqual([]);
    expect(names(s.take([retention], 'a', HOUR))).toEqual(['retention']);
  });

  it('with spread: the first run waits for the app’s own phase, later ones follow every interval', () => {
    const s = new MaintenanceSchedule(true);
    const start = 10 * HOUR + 123;
    const wait = waitForPhase('a', HOUR, start);
    if (wait > 0) {
      expect(s.take([retention], 'a', start)).toEqual([]);
      expect(s.take([retention], 'a', start + wait - 1)).toEqual([]);
    }
    expect(names(s.take([retention], 'a', start + wait))).toEqual(['retention']);
    expect(s.take([retention], 'a', start + wait + HOUR - 1)).toEqual([]);
    // A late sweep runs it once, and the phase stays where it was.
    expect(names(s.take([retention], 'a', start + wait + 3 * HOUR + 5000))).toEqual(['retention']);
    expect(s.take([retention], 'a', start + wait + 4 * HOUR - 1)).toEqual([]);
    expect(names(s.take([retention], 'a', start + wait + 4 * HOUR))).toEqual(['retention']);
  });

  it('spreads many apps over the interval instead of running them together', () => {
    const s = new MaintenanceSchedule(true);
    const start = 5 * HOUR;
    const apps = Array.from({ length: 1000 }, (_, i) => `app${i}`);
    const firstSweep = apps.filter((a) => s.take([retention], a, start).length > 0);
    expect(firstSweep.length).toBeLessThan(10);
    // Every app gets its turn within one interval, about as many in each minute.
    const perMinute = new Map<number, number>();
    for (const app of apps) {
      const wait = waitForPhase(app, HOUR, start);
      expect(wait).toBeLessThan(HOUR);
      const minute = Math.floor(wait / 60_000);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(Math.max(...perMinute.values())).toBeLessThan(50);
  });

  it('the phase is on the wall clock: a restart keeps every app’s turn', () => {
    const start = 7 * HOUR;
    const turn = start + waitForPhase('a', HOUR, start);
    const restarted = start + 1_234_567;
    const after = restarted + waitForPhase('a', HOUR, restarted);
    expect((after - turn) % HOUR).toBe(0);
  });

  it('tasks of the same interval share the app’s turn (one opening of the app)', () => {
    const s = new MaintenanceSchedule(true);
    const tokens = { name: 'tokens', intervalMs: HOUR };
    const start = 3 * HOUR;
    const turn = start + waitForPhase('a', HOUR, start);
    expect(s.take([retention, tokens], 'a', start).length).toBe(turn === start ? 2 : 0);
    expect(names(s.take([retention, tokens], 'a', turn))).toEqual(['retention', 'tokens']);
  });

  it('each task keeps its own turn, and retain forgets apps that are gone', () => {
    const s = new MaintenanceSchedule(false);
    const tokens = { name: 'tokens', intervalMs: 2 * HOUR };
    expect(names(s.take([retention, tokens], 'a', 0))).toEqual(['retention', 'tokens']);
    expect(names(s.take([retention, tokens], 'a', HOUR))).toEqual(['retention']);
    s.retain(new Set());
    expect(names(s.take([retention, tokens], 'a', HOUR + 1))).toEqual(['retention', 'tokens']);
  });
});
