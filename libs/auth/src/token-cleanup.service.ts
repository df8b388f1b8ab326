import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { AppsRepository, TenancyService } from '@rocket/tenancy';
import { CredentialsRepository } from './credentials.repository';
import { RealmsService } from './realms.service';

const HOURLY = 60 * 60 * 1000;

/** Deletes expired refresh tokens every hour, in the platform and in every active app (07 §2.2). */
@Injectable()
export class TokenCleanupService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly realms: RealmsService,
    private readonly apps: AppsRepository,
    private readonly tenancy: TenancyService,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  @Interval('refresh-token-cleanup', HOURLY)
  async sweep(): Promise<void> {
    try {
      await this.credentials.deleteExpired(this.realms.platform().db, this.realms.platform());
      for (const app of await this.apps.listActiveNames()) {
        await this.tenancy
          .run(app, (ctx) => this.credentials.deleteExpired(ctx.db, { tokens: '_refresh_tokens' }))
          .catch((err: Error) => this.logger.warn({ app, err: err.message }, 'Refresh token cleanup failed'));
      }
    } catch (err) {
      this.logger.error({ err }, 'Refresh token cleanup failed');
    }
  }
}
