import { DueTimes } from './due-probe';

interface AppState {
  /** The write count of the app's database read before the last probe; undefined: look again. */
  writes: number | undefined;
  readonly due: DueTimes;
}

/**
 * What this process knows about the due work of each app, so that the poll
 * and the sweep ask an app's database only when something may have changed:
 * nothing known yet, rows written since the last probe (the write count
 * moved), or a due time the last probe reported has come. An idle app with
 * nothing scheduled costs no query at all.
 */
export class DueTracker {
  private readonly apps = new Map<string, AppState>();

  /**
   * Whether `queue` (any queue when omitted) of `app` may have work due at
   * `now`, given the app database's current write count (undefined when the
   * server has no statistics for it).
   */
  mayBeDue(app: string, writes: number | undefined, now: number, queue?: string): boolean {
    const state = this.apps.get(app);
    if (!state || state.writes === undefined || writes === undefined || writes !== state.writes) return true;
    for (const [name, at] of state.due) {
      if ((queue === undefined || name === queue) && at !== null && at <= now) return true;
    }
    return false;
  }

  /** A probe's answer; `writes` is the count read *before* the probe ran. */
  record(app: string, writes: number | undefined, due: DueTimes): void {
    this.apps.set(app, { writes, due: new Map(due) });
  }

  /** Work ran or was committed here: what was known is stale, the next poll or sweep looks again. */
  invalidate(app: string): void {
    const state = this.apps.get(app);
    if (state) state.writes = undefined;
  }

  /** Forgets apps that are gone (deleted, no longer active). */
  retain(apps: ReadonlySet<string>): void {
    for (const app of this.apps.keys()) if (!apps.has(app)) this.apps.delete(app);
  }
}
