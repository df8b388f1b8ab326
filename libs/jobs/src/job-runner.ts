import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { AppsRepository, TenancyService, TenantContext } from '@rocket/tenancy';
import { AppMaintenance, ClaimedJob, JobQueue } from './job-queue';

export interface JobRunnerOptions {
  /** The sweep over every active app (08 §7: 60 s). */
  readonly sweepIntervalMs: number;
  /** The first sweep after startup: work left by a stopped or crashed process is found at once. */
  readonly firstSweepDelayMs: number;
  /** How long shutdown waits for running items before aborting them (08 §7: up to 10 s). */
  readonly drainMs: number;
}

export const JOB_RUNNER_OPTIONS = Symbol('JOB_RUNNER_OPTIONS');

export const DEFAULT_JOB_RUNNER_OPTIONS: JobRunnerOptions = {
  sweepIntervalMs: 60_000,
  firstSweepDelayMs: 1_000,
  drainMs: 10_000,
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
}

/**
 * The durable-work engine (08 §7). Per queue and app, a claim loop leases
 * due items while slots are free and runs each inside `tenancy.run(app)`,
 * so an app with work in progress is never evicted. Loops start when:
 *
 * - a write commits work (`wake`, in-process, right after COMMIT);
 * - the queue's poll interval passes (every loaded app);
 * - the 60 s sweep finds due items in any active app — it opens apps that
 *   are not loaded, and closes again those it opened that have nothing due.
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
  /** `task\0app` → when it last ran here. */
  private readonly lastMaintenance = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private started = false;
  private stopped = false;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly tenancy: TenancyService,
    private readonly apps: AppsRepository,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    @Inject(JOB_RUNNER_OPTIONS) private readonly options: JobRunnerOptions,
  ) {}

  register<J extends ClaimedJob>(queue: JobQueue<J>): void {
    if (this.queues.has(queue.name)) throw new Error(`Job queue ${queue.name} is registered twice`);
    const state: QueueState = {
      queue: queue,
      running: 0,
      reserved: 0,
      active: new Set(),
      again: new Set(),
      starved: new Set(),
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

  /** Runs one sweep now (tests); the timer calls it every `sweepIntervalMs`. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      let apps: string[];
      try {
        apps = await this.apps.listActiveNames();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'Background sweep could not list the apps');
        return;
      }
      for (const app of apps) {
        if (this.stopped) return;
        await this.sweepApp(app).catch((err: Error) =>
          this.logger.warn({ app, err: err.message }, 'Background sweep failed for an app'),
        );
      }
    } finally {
      this.sweeping = false;
    }
  }

  private async sweepApp(app: string): Promise<void> {
    const wasOpen = this.tenancy.isOpen(app);
    const due: QueueState[] = [];
    await this.tenancy.run(app, async (ctx) => {
      for (const state of this.queues.values()) if (await state.queue.hasDue(ctx)) due.push(state);
      for (const task of this.maintenance) {
        const key = `${task.name}\u0000${app}`;
        const last = this.lastMaintenance.get(key);
        if (last !== undefined && Date.now() - last < task.intervalMs) continue;
        this.lastMaintenance.set(key, Date.now());
        await task
          .run(ctx)
          .catch((err: Error) => this.logger.warn({ app, task: task.name, err: err.message }, 'Maintenance failed'));
      }
    });
    for (const state of due) this.pass(state, app);
    // Only apps with due work stay open (08 §7): what the sweep opened just to look, it closes.
    if (due.length === 0 && !wasOpen) await this.tenancy.evictIfIdle(app);
  }

  private startPolling(state: QueueState): void {
    state.timer = setInterval(() => {
      for (const app of this.tenancy.openApps()) this.pass(state, app, false);
    }, state.queue.pollIntervalMs);
    state.timer.unref();
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
        .finally(() => state.active.delete(app)),
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
