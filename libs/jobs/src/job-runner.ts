import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { AppsRepository, TenancyService, TenantContext } from '@rocket/tenancy';
import { AppDatabase, AppProber } from './app-prober';
import { DueTimes, isProbed, ProbedQueue } from './due-probe';
import { DueTracker } from './due-tracker';
import { AppMaintenance, ClaimedJob, JobQueue, MaintenanceTarget } from './job-queue';
import { MaintenanceSchedule } from './maintenance-schedule';
import { WriteActivityRepository } from './write-activity.repository';

export interface JobRunnerOptions {
  /** The sweep over every active app (08 §7: 60 s). */
  readonly sweepIntervalMs: number;
  /** The first sweep after startup: work left by a stopped or crashed process is found at once. */
  readonly firstSweepDelayMs: number;
  /** How long shutdown waits for running items before aborting them (08 §7: up to 10 s). */
  readonly drainMs: number;
  /** Spread each app's first maintenance run over its interval (MaintenanceSchedule); off, it runs at once. */
  readonly spreadMaintenance: boolean;
}

/** What the last sweep did (tests, debugging). */
export interface SweepReport {
  /** Active apps visited. */
  apps: number;
  /** Apps whose database was asked without entering the app. */
  probed: number;
  /** Apps entered (maintenance due, a queue without probe SQL, or a failed probe). */
  entered: number;
  /** Of those, apps entered because one of their maintenance tasks had its turn. */
  maintained: number;
  /** Apps where due work was found and handed to the claim loops. */
  due: number;
}

export const JOB_RUNNER_OPTIONS = Symbol('JOB_RUNNER_OPTIONS');

export const DEFAULT_JOB_RUNNER_OPTIONS: JobRunnerOptions = {
  sweepIntervalMs: 60_000,
  firstSweepDelayMs: 1_000,
  drainMs: 10_000,
  spreadMaintenance: true,
};

/** What shutdown waits for after aborting, so aborted items can hand their lease back. */
const ABORT_GRACE_MS = 2_000;

interface QueueState {
  readonly queue: JobQueue;
  /** Items running now. */
  running: number;
  /** Slots asked for by claims in flight. */
  reserved: number;
  /** Apps with a claim loop running. */
  readonly active: Set<string>;
  /** Apps woken while their loop was running: loop once more. */
  readonly again: Set<string>;
  /** Apps whose loop stopped for want of a slot: resumed when one frees. */
  readonly starved: Set<string>;
  timer?: NodeJS.Timeout;
  /** A poll is running: the next tick is skipped rather than stacked. */
  polling: boolean;
}

/**
 * The durable-work engine (08 §7). Per queue and app, a claim loop leases
 * due items while slots are free and runs each inside `tenancy.run(app)`,
 * so an app with work in progress is never evicted. Loops start when:
 *
 * - a write commits work (`wake`, in-process, right after COMMIT);
 * - the queue's poll interval passes (every loaded app);
 * - the 60 s sweep finds due items in any active app.
 *
 * Finding work is kept cheap for thousands of idle apps. A queue with
 * `dueAtSql` is asked, together with the app's other queues, in one
 * statement that does not open the app (AppProber), and only when
 * something may have changed since the last answer: rows were written in
 * the app's database (WriteActivityRepository) or a due time it reported
 * has come (DueTracker). The sweep enters an app only for due work, for
 * maintenance on the app's hourly turn (MaintenanceSchedule), for a queue
 * without `dueAtSql` (asked `hasDue`, as before), or when a probe failed;
 * what it entered just to look, it closes again.
 *
 * A missed wake-up is harmless: polling and the sweep find the rows. One
 * app's failure is logged and does not stop the others. Several processes
 * can run the same queues: claims skip rows another process holds. On
 * shutdown no new work starts; running items get `drainMs`, then their
 * signal aborts.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly queues = new Map<string, QueueState>();
  private readonly maintenance: AppMaintenance[] = [];
  private readonly schedule: MaintenanceSchedule;
  private readonly tracker = new DueTracker();
  private lastSweep?: SweepReport;
  private readonly inflight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private started = false;
  private stopped = false;
  private sweepTimer?: NodeJS.Timeout;
  /** The sweep running now: sweeps never overlap, a second one waits for the first. */
  private sweeping?: Promise<SweepReport>;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly apps: AppsRepository,
    private readonly prober: AppProber,
    private readonly activity: WriteActivityRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    @Inject(JOB_RUNNER_OPTIONS) private readonly options: JobRunnerOptions,
  ) {
    this.schedule = new MaintenanceSchedule(options.spreadMaintenance);
  }

  register<J extends ClaimedJob>(queue: JobQueue<J>): void {
    if (this.queues.has(queue.name)) throw new Error(`Job queue ${queue.name} is registered twice`);
    const state: QueueState = {
      queue: queue,
      running: 0,
      reserved: 0,
      active: new Set(),
      again: new Set(),
      starved: new Set(),
      polling: false,
    };
    this.queues.set(queue.name, state);
    if (this.started) this.startPolling(state);
  }

  registerMaintenance(task: AppMaintenance): void {
    this.maintenance.push(task);
  }

  /** Work was committed in `app`: look now (all queues, or the one named). */
  wake(app: string, queue?: string): void {
    if (!this.started || this.stopped) return;
    for (const state of this.queues.values()) {
      if (queue === undefined || state.queue.name === queue) this.pass(state, app);
    }
  }

  /** Items running now in this process (tests, health). */
  runningCount(queue: string): number {
    return this.queues.get(queue)?.running ?? 0;
  }

  /** What the last finished sweep did (tests, debugging). */
  lastSweepReport(): SweepReport | undefined {
    return this.lastSweep;
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const state of this.queues.values()) this.startPolling(state);
    const sweepSoon = (delay: number) => {
      this.sweepTimer = setTimeout(() => {
        void this.sweep().finally(() => {
          if (!this.stopped) sweepSoon(this.options.sweepIntervalMs);
        });
      }, delay);
      this.sweepTimer.unref();
    };
    sweepSoon(this.options.firstSweepDelayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    for (const state of this.queues.values()) clearInterval(state.timer);
    if (!(await this.settled(this.options.drainMs))) {
      this.logger.warn({ running: this.inflight.size }, 'Background work still running at shutdown; aborting it');
      this.aborter.abort();
      await this.settled(ABORT_GRACE_MS);
    }
  }

  /**
   * Runs one sweep now, after the one running if any, and says what it did
   * (tests); the timer calls it every `sweepIntervalMs`.
   */
  async sweep(): Promise<SweepReport> {
    while (this.sweeping) await this.sweeping;
    const report: SweepReport = { apps: 0, probed: 0, entered: 0, maintained: 0, due: 0 };
    this.sweeping = this.sweepAll(report)
      .then(() => report)
      .finally(() => {
        this.lastSweep = report;
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  private async sweepAll(report: SweepReport): Promise<void> {
    if (this.stopped) return;
    let apps: AppDatabase[];
    let writes: Map<string, number>;
    try {
      apps = await this.apps.listActive();
      writes = await this.writesOf(apps);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'Background sweep could not list the apps');
      return;
    }
    const names = new Set(apps.map((a) => a.name));
    this.tracker.retain(names);
    this.schedule.retain(names);
    for (const app of apps) {
      if (this.stopped) return;
      report.apps++;
      await this.sweepApp(app, writes.get(app.db_name), report).catch((err: Error) =>
        this.logger.warn({ app: app.name, err: err.message }, 'Background sweep failed for an app'),
      );
    }
  }

  private async sweepApp(app: AppDatabase, writes: number | undefined, report: SweepReport): Promise<void> {
    const now = Date.now();
    const tasks = this.schedule.take(this.maintenance, app.name, now);
    if (this.unprobedQueues().length === 0 && (tasks.length === 0 || !this.tenancy.isOpen(app.name))) {
      if (tasks.length === 0 && !this.tracker.mayBeDue(app.name, writes, now)) return;
      report.probed++;
      try {
        const due = tasks.length === 0 ? await this.probe(app, writes, false) : await this.maintain(app, writes, tasks);
        if (tasks.length > 0) report.maintained++;
        if (due > 0) report.due++;
        return;
      } catch (err) {
        // An app last opened before a table existed, say: entering it runs its bootstrap.
        this.logger.debug(
          { app: app.name, err: (err as Error).message },
          'Probe or maintenance failed; entering the app',
        );
      }
    }
    await this.sweepEntered(app, writes, tasks, report);
  }

  /**
   * A maintenance turn of an app that is not open: the probe and the tasks
   * on one short-lived connection (4 statements instead of the ~17 of
   * opening the app), then the claim loops of the queues with work due. A
   * failure throws: the sweep then enters the app and runs them there.
   */
  private async maintain(app: AppDatabase, writes: number | undefined, tasks: readonly AppMaintenance[]) {
    const times = await this.prober.withDatabase(app, async (db) => {
      const due = await this.prober.probeOn(db, this.probedQueues());
      for (const task of tasks) await task.run({ name: app.name, db });
      return due;
    });
    return this.answered(app, writes, times, true);
  }

  private runTask(task: AppMaintenance, target: MaintenanceTarget): Promise<void> {
    return task
      .run(target)
      .catch((err: Error) =>
        this.logger.warn({ app: target.name, task: task.name, err: err.message }, 'Maintenance failed'),
      );
  }

  /** The sweep enters the app: maintenance is due, a queue has no probe SQL, or the probe failed. */
  private async sweepEntered(
    app: AppDatabase,
    writes: number | undefined,
    tasks: readonly AppMaintenance[],
    report: SweepReport,
  ): Promise<void> {
    report.entered++;
    if (tasks.length > 0) report.maintained++;
    const wasOpen = this.tenancy.isOpen(app.name);
    const due: QueueState[] = [];
    await this.tenancy.run(app.name, async (ctx) => {
      const probed = this.probedQueues();
      if (probed.length > 0) {
        const times = await this.prober.probeOn(ctx.db, probed);
        this.tracker.record(app.name, writes, times);
        due.push(...this.dueStates(times));
      }
      for (const state of this.queues.values()) {
        if (!isProbed(state.queue) && (await state.queue.hasDue(ctx))) due.push(state);
      }
      for (const task of tasks) await this.runTask(task, ctx);
    });
    if (due.length > 0) report.due++;
    for (const state of due) this.pass(state, app.name);
    // Only apps with due work stay open (08 §7): what the sweep opened just to look, it closes.
    if (due.length === 0 && !wasOpen) await this.tenancy.evictIfIdle(app.name);
  }

  /**
   * Asks the app's database about every probed queue (through its pool when
   * open, else without opening it), remembers the answer, and starts the
   * claim loops of the queues with work due. Returns how many it started.
   */
  private async probe(app: AppDatabase, writes: number | undefined, onlyIfOpen: boolean): Promise<number> {
    return this.answered(app, writes, await this.prober.probe(app, this.probedQueues()), !onlyIfOpen);
  }

  /** Remembers a probe's answer and starts the claim loops of the queues it says are due; returns how many. */
  private answered(app: AppDatabase, writes: number | undefined, times: DueTimes, open: boolean): number {
    this.tracker.record(app.name, writes, times);
    const due = this.dueStates(times);
    for (const state of due) this.pass(state, app.name, open);
    return due.length;
  }

  private startPolling(state: QueueState): void {
    state.timer = setInterval(() => void this.poll(state), state.queue.pollIntervalMs);
    state.timer.unref();
  }

  /**
   * Each poll interval, the loaded apps only. A queue without probe SQL
   * claims in every one; otherwise one statistics read tells which apps may
   * have due work, and only those are probed.
   */
  private async poll(state: QueueState): Promise<void> {
    if (this.stopped || state.polling) return;
    if (!isProbed(state.queue)) {
      for (const app of this.tenancy.openApps()) this.pass(state, app, false);
      return;
    }
    state.polling = true;
    try {
      const open = this.tenancy.openRecords().filter((app) => app.status === 'active');
      const writes = await this.writesOf(open);
      const now = Date.now();
      for (const app of open) {
        if (this.stopped) return;
        const count = writes.get(app.db_name);
        if (!this.tracker.mayBeDue(app.name, count, now, state.queue.name)) continue;
        await this.probe(app, count, true).catch((err: Error) =>
          this.logger.warn({ app: app.name, queue: state.queue.name, err: err.message }, 'Polling an app failed'),
        );
      }
    } catch (err) {
      this.logger.warn({ queue: state.queue.name, err: (err as Error).message }, 'Polling failed');
    } finally {
      state.polling = false;
    }
  }

  /** Write counts of the apps' databases; none needed when no queue can be probed. */
  private async writesOf(apps: readonly AppDatabase[]): Promise<Map<string, number>> {
    if (apps.length === 0 || this.probedQueues().length === 0) return new Map();
    return this.activity.writes(apps.map((a) => a.db_name));
  }

  private probedQueues(): ProbedQueue[] {
    return [...this.queues.values()].map((s) => s.queue).filter(isProbed);
  }

  private unprobedQueues(): JobQueue[] {
    return [...this.queues.values()].map((s) => s.queue).filter((q) => !isProbed(q));
  }

  /** The queues whose earliest item is due by now. */
  private dueStates(times: DueTimes): QueueState[] {
    const now = Date.now();
    return [...times]
      .filter(([, at]) => at !== null && at <= now)
      .map(([name]) => this.queues.get(name))
      .filter((state): state is QueueState => state !== undefined);
  }

  /**
   * Starts the claim loop of (queue, app) unless it runs already, in which
   * case it loops once more. `open`: open the app if it is not loaded (a
   * wake-up, the sweep); polls only look at apps that are open.
   */
  private pass(state: QueueState, app: string, open = true): void {
    if (this.stopped) return;
    if (state.active.has(app)) {
      state.again.add(app);
      return;
    }
    state.active.add(app);
    this.track(
      this.claimLoop(state, app, open)
        .catch((err: Error) =>
          this.logger.warn({ app, queue: state.queue.name, err: err.message }, 'Claiming background work failed'),
        )
        .finally(() => {
          state.active.delete(app);
          // Items were claimed (or tried): what the tracker knew about the app is stale.
          this.tracker.invalidate(app);
        }),
    );
  }

  private async claimLoop(state: QueueState, app: string, open: boolean): Promise<void> {
    const claimWhileFree = async (ctx: TenantContext): Promise<void> => {
      while (!this.stopped) {
        const free = state.queue.concurrency - state.running - state.reserved;
        if (free <= 0) {
          state.starved.add(app);
          return;
        }
        state.reserved += free;
        let jobs: ClaimedJob[];
        try {
          jobs = await state.queue.claim(ctx, free);
        } finally {
          state.reserved -= free;
        }
        for (const job of jobs) this.start(state, app, job);
        if (jobs.length < free) return;
      }
    };
    do {
      state.again.delete(app);
      if (open) await this.tenancy.run(app, claimWhileFree);
      else await this.tenancy.runIfOpen(app, claimWhileFree);
    } while (state.again.has(app) && !this.stopped);
  }

  private start(state: QueueState, app: string, job: ClaimedJob): void {
    state.running++;
    this.track(
      this.tenancy
        .run(app, (ctx) => state.queue.run(ctx, job, this.aborter.signal))
        .catch((err: Error) =>
          this.logger.error({ app, queue: state.queue.name, job: job.id, err }, 'Background job failed'),
        )
        .finally(() => {
          state.running--;
          // The item's outcome was written (a retry time, say): look again.
          this.tracker.invalidate(app);
          this.resumeStarved(state);
        }),
    );
  }

  private resumeStarved(state: QueueState): void {
    if (state.starved.size === 0 || this.stopped) return;
    const apps = [...state.starved];
    state.starved.clear();
    for (const app of apps) this.pass(state, app);
  }

  private track(work: Promise<void>): void {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  /** True when every tracked promise settled within `ms`. */
  private async settled(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.inflight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    return true;
  }
}
