import { Logger } from '@rocket/logging';
import { AppsRepository, TenancyService, TenantContext } from '@rocket/tenancy';
import { AppProber } from './app-prober';
import { JobQueue } from './job-queue';
import { JobRunner, JobRunnerOptions } from './job-runner';
import { WriteActivityRepository } from './write-activity.repository';

interface Job {
  id: string;
}

/** A tenancy with a set of open apps; `run` opens, `runIfOpen` does not. */
function fakeTenancy(open: string[] = []) {
  const opened = new Set(open);
  const inflight = new Map<string, number>();
  const ctxOf = (app: string) => ({ name: app }) as unknown as TenantContext;
  const enter = async <T>(app: string, fn: (ctx: TenantContext) => Promise<T>) => {
    inflight.set(app, (inflight.get(app) ?? 0) + 1);
    try {
      return await fn(ctxOf(app));
    } finally {
      inflight.set(app, inflight.get(app)! - 1);
    }
  };
  const tenancy = {
    opened,
    inflight,
    isOpen: (app: string) => opened.has(app),
    openApps: () => [...opened],
    run: jest.fn(async <T>(app: string, fn: (ctx: TenantContext) => Promise<T>) => {
      if (app.startsWith('broken')) throw new Error(`cannot open ${app}`);
      opened.add(app);
      return enter(app, fn);
    }),
    runIfOpen: jest.fn(<T>(app: string, fn: (ctx: TenantContext) => Promise<T>) =>
      opened.has(app) ? enter(app, fn) : Promise.resolve(undefined),
    ),
    evictIfIdle: jest.fn((app: string) => {
      if ((inflight.get(app) ?? 0) > 0) return Promise.resolve(false);
      opened.delete(app);
      return Promise.resolve(true);
    }),
  };
  return tenancy;
}

/** A queue over in-memory due items per app; `run` waits for `release` when gated. */
function fakeQueue(due: Record<string, number>, concurrency = 3) {
  let next = 0;
  const gates: Array<() => void> = [];
  const state = { running: 0, maxRunning: 0, done: [] as string[], aborted: [] as string[], gated: false };
  const queue: JobQueue<Job> & typeof state & { release(): void } = Object.assign(state, {
    name: 'test',
    concurrency,
    pollIntervalMs: 20,
    claim: jest.fn((ctx: TenantContext, limit: number) => {
      const n = Math.min(limit, due[ctx.name] ?? 0);
      due[ctx.name] = (due[ctx.name] ?? 0) - n;
      return Promise.resolve(Array.from({ length: n }, () => ({ id: `${ctx.name}-${next++}` })));
    }),
    run: jest.fn(async (_ctx: TenantContext, job: Job, signal: AbortSignal) => {
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      try {
        if (state.gated) {
          await new Promise<void>((resolve) => {
            gates.push(resolve);
            signal.addEventListener('abort', () => {
              state.aborted.push(job.id);
              resolve();
            });
          });
        }
        state.done.push(job.id);
      } finally {
        state.running--;
      }
    }),
    hasDue: jest.fn((ctx: TenantContext) => Promise.resolve((due[ctx.name] ?? 0) > 0)),
    release: () => gates.splice(0).forEach((g) => g()),
  });
  return queue;
}

const logger = { warn: jest.fn(), error: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;
const OPTIONS: JobRunnerOptions = {
  sweepIntervalMs: 60_000,
  firstSweepDelayMs: 60_000,
  drainMs: 200,
  spreadMaintenance: false,
};

function setup(open: string[], active: string[], queue: ReturnType<typeof fakeQueue>, options = OPTIONS) {
  const tenancy = fakeTenancy(open);
  const apps = {
    listActive: jest.fn(() => Promise.resolve(active.map((name) => ({ name, db_name: `rocket_${name}` })))),
  } as unknown as AppsRepository;
  // These queues have no probe SQL: the runner never reaches the prober or the statistics
  // (both are covered against a real database in test/jobs-probe.e2e-spec.ts).
  const unused = {} as AppProber & WriteActivityRepository;
  const runner = new JobRunner(tenancy as unknown as TenancyService, apps, unused, unused, logger, options);
  runner.register(queue);
  runner.onApplicationBootstrap();
  return { runner, tenancy };
}

const waitFor = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('JobRunner (08 §7)', () => {
  let runner: JobRunner | undefined;
  afterEach(async () => {
    await runner?.beforeApplicationShutdown();
    runner = undefined;
  });

  it('a wake-up claims and runs every due item of the app, opening it if needed', async () => {
    const queue = fakeQueue({ a: 7 });
    const s = setup([], ['a'], queue);
    runner = s.runner;
    runner.wake('a');
    await waitFor(() => queue.done.length === 7);
    expect(s.tenancy.run).toHaveBeenCalled();
  });

  it('never runs more than `concurrency` items at once, and resumes when slots free', async () => {
    const queue = fakeQueue({ a: 5, b: 5 }, 3);
    queue.gated = true;
    const s = setup(['a', 'b'], ['a', 'b'], queue);
    runner = s.runner;
    runner.wake('a');
    runner.wake('b');
    await waitFor(() => queue.running === 3);
    await new Promise((r) => setTimeout(r, 30));
    expect(queue.running).toBe(3);
    while (queue.done.length < 10) {
      queue.release();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(queue.maxRunning).toBe(3);
  });

  it('polls loaded apps only, without opening others', async () => {
    const queue = fakeQueue({ a: 2, b: 2 });
    const s = setup(['a'], ['a', 'b'], queue);
    runner = s.runner;
    await waitFor(() => queue.done.length === 2);
    await new Promise((r) => setTimeout(r, 60));
    expect(queue.done.every((id) => id.startsWith('a-'))).toBe(true);
    expect(s.tenancy.opened.has('b')).toBe(false);
  });

  it('the sweep finds due work in apps that are not loaded; closes those it opened for nothing', async () => {
    const queue = fakeQueue({ b: 2 });
    const s = setup([], ['broken1', 'a', 'b'], queue);
    runner = s.runner;
    await runner.sweep();
    await waitFor(() => queue.done.length === 2);
    expect(s.tenancy.opened.has('a')).toBe(false);
    expect(s.tenancy.evictIfIdle).toHaveBeenCalledWith('a');
    expect(s.tenancy.evictIfIdle).not.toHaveBeenCalledWith('b');
    // The broken app was logged and skipped.
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ app: 'broken1' }), expect.any(String));
  });

  it('runs maintenance from the sweep at most once per interval per app', async () => {
    const queue = fakeQueue({});
    const s = setup([], ['a', 'b'], queue);
    runner = s.runner;
    const task = { name: 'retention', intervalMs: 60_000, run: jest.fn((_ctx: TenantContext) => Promise.resolve()) };
    runner.registerMaintenance(task);
    await runner.sweep();
    await runner.sweep();
    expect(task.run.mock.calls.map(([ctx]) => ctx.name)).toEqual(['a', 'b']);
  });

  it('shutdown waits for running items, then aborts them; nothing new starts', async () => {
    const queue = fakeQueue({ a: 2 });
    queue.gated = true;
    const s = setup(['a'], ['a'], queue);
    runner = s.runner;
    runner.wake('a');
    await waitFor(() => queue.running === 2);
    const started = Date.now();
    await runner.beforeApplicationShutdown();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(queue.aborted).toHaveLength(2);
    runner.wake('a');
    expect((queue as unknown as { claim: jest.Mock }).claim).toHaveBeenCalledTimes(1);
    runner = undefined;
  });

  it('a failing item is logged and frees its slot', async () => {
    const queue = fakeQueue({ a: 3 }, 1);
    (queue.run as jest.Mock).mockImplementationOnce(() => Promise.reject(new Error('boom')));
    const s = setup(['a'], ['a'], queue);
    runner = s.runner;
    runner.wake('a');
    await waitFor(() => queue.done.length === 2);
    expect(logger.error).toHaveBeenCalled();
  });
});
