import { Module } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AppProber } from './app-prober';
import { DEFAULT_JOB_RUNNER_OPTIONS, JOB_RUNNER_OPTIONS, JobRunner, JobRunnerOptions } from './job-runner';
import { WriteActivityRepository } from './write-activity.repository';

/**
 * The durable-work engine (08 §7). Modules with background work import it
 * and register their queues and maintenance tasks with the one JobRunner.
 * Needs, from the app root: TenancyModule, DatabaseModule, LoggingModule, ConfigModule.
 */
@Module({
  providers: [
    {
      provide: JOB_RUNNER_OPTIONS,
      inject: [ROCKET_CONFIG],
      useFactory: (config: RocketConfig): JobRunnerOptions => ({
        ...DEFAULT_JOB_RUNNER_OPTIONS,
        drainMs: Math.min(config.server.shutdown_drain_ms, DEFAULT_JOB_RUNNER_OPTIONS.drainMs),
      }),
    },
    AppProber,
    WriteActivityRepository,
    JobRunner,
  ],
  exports: [JobRunner],
})
export class JobsModule {}
