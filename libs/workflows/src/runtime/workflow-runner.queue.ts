import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { JobQueue, JobRunner } from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenantContext } from '@rocket/tenancy';
import { WritePipeline } from '@rocket/write-pipeline';
import { InstanceAdvancer } from './instance-advancer';
import { InstancesRepository } from './instances.repository';
import { WORKFLOW_QUEUE } from './workflow-queue.name';

interface DueInstance {
  readonly id: string;
}

/** Units running at once in this process, all apps together: each holds a pool connection. */
const CONCURRENCY = 4;

/** When the earliest instance is due (a new trigger now, an approval deadline later): probed without opening the app. */
const DUE_AT_SQL = `(SELECT min(next_run_at) FROM _workflow_instances WHERE status = 'running' AND next_run_at IS NOT NULL)`;

/**
 * The workflow runner (05 §4.2) on the durable-work engine. A claim lists
 * due instances without locking them; each unit then locks its instance
 * with `FOR UPDATE SKIP LOCKED` and checks it is still due, in the
 * transaction that advances it — so with several processes each due
 * instance (a new trigger, an expired deadline) is advanced once, and a
 * process dying mid-unit rolls everything back for another to redo. A unit
 * that fails for a reason that is not a step failure backs off (05 §4.2).
 */
@Injectable()
export class WorkflowRunnerQueue implements JobQueue<DueInstance>, OnModuleInit {
  readonly name = WORKFLOW_QUEUE;
  readonly concurrency = CONCURRENCY;
  readonly dueAtSql = DUE_AT_SQL;
  /** `app\0id` of units running in this process: not claimed again meanwhile. */
  private readonly running = new Set<string>();

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    private readonly runner: JobRunner,
    private readonly instances: InstancesRepository,
    private readonly advancer: InstanceAdvancer,
    private readonly pipeline: WritePipeline,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  get pollIntervalMs(): number {
    return this.config.workflows.poll_interval_ms;
  }

  async claim(ctx: TenantContext, limit: number): Promise<DueInstance[]> {
    const prefix = `${ctx.name}\u0000`;
    const mine = [...this.running].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    const ids = await this.instances.dueIds(ctx.db, limit, mine);
    for (const id of ids) this.running.add(prefix + id);
    return ids.map((id) => ({ id }));
  }

  hasDue(ctx: TenantContext): Promise<boolean> {
    return this.instances.hasDue(ctx.db);
  }

  async run(ctx: TenantContext, job: DueInstance): Promise<void> {
    try {
      await this.pipeline.engineTransaction(ctx.name, ctx.db, async (trx) => {
        const locked = await this.instances.lockDue(trx, job.id);
        if (locked) await this.advancer.advance(trx, ctx, locked, { kind: 'due' });
      });
    } catch (err) {
      const message = (err as Error).message;
      this.logger.error({ app: ctx.name, instance: job.id, err }, 'Workflow unit failed; retrying later');
      await this.instances
        .recordRunError(ctx.db, job.id, message)
        .catch((e: Error) =>
          this.logger.error(
            { app: ctx.name, instance: job.id, err: e.message },
            'Could not record a workflow run error',
          ),
        );
    } finally {
      this.running.delete(`${ctx.name}\u0000${job.id}`);
    }
  }
}
