import { createHash } from 'node:crypto';

interface Periodic {
  readonly name: string;
  readonly intervalMs: number;
}

/**
 * When each app's periodic housekeeping (hourly retention) runs in this
 * process. With `spread`, an app's first run waits for its own phase within
 * the interval, fixed on the wall clock by a hash of the app's name: a
 * thousand apps then take their hourly turn one after the other instead of
 * all being opened by the first sweep, the app's tasks of the same interval
 * share one opening, and a restart neither moves nor skips anyone's turn.
 * Later runs follow every `intervalMs`, on that phase.
 */
export class MaintenanceSchedule {
  /** `task\0app` → when it runs next. */
  private readonly next = new Map<string, number>();

  constructor(private readonly spread: boolean) {}

  /** The tasks due for `app` at `now`; they count as run (a failure waits for the next turn). */
  take<T extends Periodic>(tasks: readonly T[], app: string, now: number): T[] {
    return tasks.filter((task) => {
      const key = `${task.name}\u0000${app}`;
      let next = this.next.get(key) ?? (this.spread ? now + waitForPhase(app, task.intervalMs, now) : now);
      const due = next <= now;
      while (next <= now) next += task.intervalMs;
      this.next.set(key, next);
      return due;
    });
  }

  /** Forgets apps that are gone. */
  retain(apps: ReadonlySet<string>): void {
    for (const key of this.next.keys()) {
      if (!apps.has(key.slice(key.indexOf('\u0000') + 1))) this.next.delete(key);
    }
  }
}

/** Milliseconds from `now` to the app's next phase point within the interval (0 when on it). */
export function waitForPhase(app: string, intervalMs: number, now: number): number {
  const phase = createHash('sha256').update(app).digest().readUInt32BE(0) % intervalMs;
  return (((phase - now) % intervalMs) + intervalMs) % intervalMs;
}
