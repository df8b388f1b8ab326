import { createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { DatabaseService } from '@rocket/database';
import { TenantContext } from '@rocket/tenancy';
import { appAudience, AuthRealm, PLATFORM_AUDIENCE } from './auth-realm';

/** Builds the realm of an app (from its tenant context) or of the platform. */
@Injectable()
export class RealmsService {
  readonly platformKey: KeyObject;
  private platformRealm?: AuthRealm;

  constructor(
    @Inject(ROCKET_CONFIG) config: RocketConfig,
    private readonly database: DatabaseService,
  ) {
    this.platformKey = createSecretKey(Buffer.from(config.auth.platform_jwt_secret, 'utf8'));
  }

  platform(): AuthRealm {
    this.platformRealm ??= {
      kind: 'platform',
      name: '_platform',
      db: this.database.management.db,
      users: '_platform_users',
      tokens: '_platform_refresh_tokens',
      key: this.platformKey,
      audience: PLATFORM_AUDIENCE,
    };
    return this.platformRealm;
  }

  app(tenant: TenantContext): AuthRealm {
    return {
      kind: 'app',
      name: tenant.name,
      db: tenant.db,
      users: '_users',
      tokens: '_refresh_tokens',
      key: tenant.signingKey,
      audience: appAudience(tenant.name),
    };
  }
}
