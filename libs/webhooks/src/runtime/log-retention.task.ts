import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AppMaintenance, JobRunner, MaintenanceTarget } from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { WebhookLogsRepository } from '../webhook-logs.repository';

const HOUR_MS = 3_600_000;

/**
 * 06 §6.5: hourly, per app, delivered and failed log rows older than
 * `webhooks.log_retention_days` go (0 = keep), in batches, by one process.
 */
@Injectable()
export class WebhookLogRetention implements AppMaintenance, OnModuleInit {
  readonly name = 'webhook-log-retention';
  readonly intervalMs = HOUR_MS;

  constructor(
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
    private readonly runner: JobRunner,
    private readonly logs: WebhookLogsRepository,
  ) {}

  onModuleInit(): void {
    this.runner.registerMaintenance(this);
  }

  async run(target: MaintenanceTarget): Promise<void> {
    const days = this.config.webhooks.log_retention_days;
    if (days <= 0) return;
    const deleted = await this.logs.deleteExpired(target.db, days);
    if (deleted) this.logger.info({ app: target.name, deleted }, 'Old webhook logs deleted');
  }
}
