import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AnyDb, BootstrapTarget, SystemSchema } from '@rocket/database';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { PasswordService } from './password.service';

/** Users and refresh tokens share one shape in app and management databases (07 §1, 08 §1). */
function identityDdl(users: string, tokens: string, defaultRoles: string, indexPrefix: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${users} (
      id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
      email         TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      roles         TEXT[] NOT NULL DEFAULT '${defaultRoles}',
      active        BOOLEAN NOT NULL DEFAULT true,
      created_at    TIMESTAMPTZ DEFAULT NOW(),
      updated_at    TIMESTAMPTZ DEFAULT NOW()
    )`,
    `CREATE TABLE IF NOT EXISTS ${tokens} (
      id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id    UUID NOT NULL REFERENCES ${users}(id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      family_id  UUID NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      used_at    TIMESTAMPTZ,
      revoked_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ DEFAULT NOW()
    )`,
    `CREATE INDEX IF NOT EXISTS ${indexPrefix}_family ON ${tokens}(family_id)`,
    `CREATE INDEX IF NOT EXISTS ${indexPrefix}_expires ON ${tokens}(expires_at)`,
  ];
}

const APP_DDL = [
  ...identityDdl('_users', '_refresh_tokens', '{}', 'idx_refresh_tokens'),
  `CREATE INDEX IF NOT EXISTS idx_refresh_tokens_user ON _refresh_tokens(user_id)`,
];

const MANAGEMENT_DDL = identityDdl(
  '_platform_users',
  '_platform_refresh_tokens',
  '{platform_admin}',
  'idx_platform_refresh',
);

/**
 * The identity tables of app and management databases, and the seeded
 * administrators (07 §5, 08 §2): inserted only while the table is empty.
 */
@Injectable()
export class AuthSchema implements OnModuleInit {
  constructor(
    private readonly schema: SystemSchema,
    private readonly passwords: PasswordService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.schema.contribute({
      scope: 'app',
      name: 'auth',
      order: 10,
      ddl: APP_DDL,
      seed: (db, target) => this.seed(db, target, '_users', this.config.auth.seed_admin, ['admin']),
    });
    this.schema.contribute({
      scope: 'management',
      name: 'platform-auth',
      order: 20,
      ddl: MANAGEMENT_DDL,
      seed: (db, target) =>
        this.seed(db, target, '_platform_users', this.config.auth.seed_platform_admin, ['platform_admin']),
    });
  }

  private async seed(
    db: AnyDb,
    target: BootstrapTarget,
    table: '_users' | '_platform_users',
    seed: { email: string; password: string },
    roles: string[],
  ): Promise<void> {
    const any = await db
      .selectFrom(table)
      .select(sql`1`.as('one'))
      .limit(1)
      .executeTakeFirst();
    if (any) return;
    await db
      .insertInto(table)
      .values({ email: seed.email, password_hash: await this.passwords.seedHash(seed.password), roles, active: true })
      .execute();
    if (seed.password === 'changeme') {
      const who = target.app ? `app ${target.app}` : 'the platform';
      this.logger.warn(`Default admin user created for ${who} (${seed.email}) — change the password immediately`);
    }
  }
}
