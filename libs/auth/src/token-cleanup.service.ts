import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppMaintenance, JobRunner, MaintenanceTarget } from '@rocket/jobs';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { CredentialsRepository } from './credentials.repository';
import { RealmsService } from './realms.service';

const HOURLY = 60 * 60 * 1000;

/**
 * Deletes expired refresh tokens every hour (07 §2.2): the platform's from a
 * timer here, each active app's as app maintenance of the background engine,
 * which gives every app its own turn in the hour and shares one opening of
 * the app with the other hourly tasks, instead of opening all apps at once.
 */
@Injectable()
export class TokenCleanupService implements AppMaintenance, OnModuleInit {
  readonly name = 'refresh-token-cleanup';
  readonly intervalMs = HOURLY;

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly realms: RealmsService,
    private readonly runner: JobRunner,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.runner.registerMaintenance(this);
  }

  @Interval('refresh-token-cleanup', HOURLY)
  async sweep(): Promise<void> {
    try {
      await this.credentials.deleteExpired(this.realms.platform().db, this.realms.platform());
    } catch (err) {
      this.logger.error({ err }, 'Refresh token cleanup failed');
    }
  }

  async run(target: MaintenanceTarget): Promise<void> {
    await this.credentials.deleteExpired(target.db, { tokens: '_refresh_tokens' });
  }
}
