import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { DatabaseService } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { appDatabaseName, AppRecord, AppsRepository, TenancyService } from '@rocket/tenancy';
import { AppCreateInput } from './app-create.validation';

/** Removes an app's stored files; the files module registers one (08 §3.3 step 5). */
export type AppFilesPurger = (app: string) => Promise<void>;

/**
 * Creating and deleting apps (08 §3): ordered steps with compensation on
 * create, and a resumable `deleting` state on delete.
 */
@Injectable()
export class AppLifecycleService {
  private readonly purgers: AppFilesPurger[] = [];

  constructor(
    private readonly apps: AppsRepository,
    private readonly tenancy: TenancyService,
    private readonly database: DatabaseService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  onDelete(purger: AppFilesPurger): void {
    this.purgers.push(purger);
  }

  async create(input: AppCreateInput): Promise<AppRecord> {
    const dbName = appDatabaseName(input.name);
    const inserted = await this.apps.insert({
      name: input.name,
      display_name: input.display_name,
      db_name: dbName,
      db_driver: input.db_driver,
      jwt_key_id: randomBytes(16).toString('hex'),
    });
    if (!inserted) throw Errors.conflict(`App already exists: ${input.name}`);

    let createdDatabase = false;
    try {
      try {
        await this.database.createDatabase(dbName);
        createdDatabase = true;
      } catch (err) {
        if ((err as { code?: string }).code === '42P04') {
          await this.apps.delete(input.name);
          throw Errors.conflict(`Database ${dbName} already exists`);
        }
        throw err;
      }
      const provisioning = await this.apps.find(input.name);
      await this.tenancy.openRecord(provisioning!);
      const active = await this.apps.setStatus(input.name, 'active');
      this.tenancy.refreshRecord(active!);
      return active!;
    } catch (err) {
      if ((err as { code?: string }).code === 'CONFLICT') throw err;
      await this.rollback(input.name, dbName, createdDatabase, err);
      throw err;
    }
  }

  private async rollback(name: string, dbName: string, createdDatabase: boolean, cause: unknown): Promise<void> {
    this.logger.error({ app: name, err: cause }, 'App provisioning failed; rolling back');
    await this.tenancy.evict(name, 0).catch(() => undefined);
    if (createdDatabase) {
      await this.database
        .dropDatabase(dbName)
        .catch((err) => this.logger.error({ app: name, err }, 'Rollback: drop database failed'));
    }
    await this.apps
      .delete(name)
      .catch((err) => this.logger.error({ app: name, err }, 'Rollback: delete _apps row failed'));
  }

  /** 08 §3.3: mark deleting, evict everywhere, drop the database, purge files, delete the row. */
  async delete(name: string): Promise<void> {
    const app = await this.apps.find(name);
    if (!app) throw Errors.notFound('App not found');
    await this.apps.setStatus(name, 'deleting');
    await this.tenancy.evict(name, 5000);
    await this.tenancy.broadcastEvict(name);
    await this.database.dropDatabase(app.db_name);
    for (const purge of this.purgers) await purge(name);
    await this.apps.delete(name);
    this.logger.info({ app: name }, 'App deleted');
  }
}
