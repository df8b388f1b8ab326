import { AnyDb } from '@rocket/database';
import { TenantContext } from '@rocket/tenancy';

/** One claimed item; the engine needs only its id (for logs). */
export interface ClaimedJob {
  readonly id: string;
}

/**
 * A kind of durable background work kept in an app's own database (08 §7):
 * webhook deliveries today; the workflow runner and the e-mail dispatcher
 * plug in the same way. The queue owns its table and its SQL; the engine
 * owns timing, concurrency, tenancy and shutdown.
 *
 * Contract: `claim` is one statement that leases due rows with
 * `FOR UPDATE SKIP LOCKED` (so each due item goes to exactly one process)
 * and also takes back rows whose lease ran out (a process died mid-item);
 * `run` records the outcome only while the claim is still its own.
 */
export interface JobQueue<J extends ClaimedJob = ClaimedJob> {
  /** Unique; `wake(app, name)` addresses it. */
  readonly name: string;
  /** Items of this queue running at once in this process, all apps together. */
  readonly concurrency: number;
  /** How often the loaded apps are polled for due items. */
  readonly pollIntervalMs: number;
  /** Leases up to `limit` due items of the app in `ctx`. */
  claim(ctx: TenantContext, limit: number): Promise<J[]>;
  /**
   * Works one claimed item outside any transaction and records its outcome.
   * `signal` aborts at shutdown: leave the item to be taken back, do not
   * count the interruption as a failure.
   */
  run(ctx: TenantContext, job: J, signal: AbortSignal): Promise<void>;
  /** Whether the app has items due now (asked inside the app; see `dueAtSql`). */
  hasDue(ctx: TenantContext): Promise<boolean>;
  /**
   * What keeps a thousand idle apps cheap (08 §7, issue 9); optional. One SQL
   * scalar expression over the queue's own table — a sub-select, no
   * parameters — giving when the earliest item is or becomes due
   * (`timestamptz`, due when ≤ `now()`; NULL when there is none); leased
   * items count at their lease's end. The engine puts every queue's
   * expression into one statement and runs it without opening the app, and
   * again only after rows were written in the app's database or once a time
   * it reported has come. A queue without it is asked `hasDue` inside the
   * app, which the sweep then opens every 60 s.
   */
  readonly dueAtSql?: string;
}

/**
 * The app a maintenance task works on: its name and a connection to its
 * database. No metadata: the sweep runs maintenance without opening the app
 * when it can (a TenantContext is one too, when the app is open).
 */
export interface MaintenanceTarget {
  readonly name: string;
  readonly db: AnyDb;
}

/** Periodic per-app housekeeping (retention), run from the sweep when due. */
export interface AppMaintenance {
  readonly name: string;
  /** At most once per this interval per app and process (hourly for retention, 08 §7). */
  readonly intervalMs: number;
  /** Plain SQL on the app's own tables; needs no metadata of the app. */
  run(target: MaintenanceTarget): Promise<void>;
}
