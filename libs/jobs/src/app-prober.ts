import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DatabaseService } from '@rocket/database';
import { TenancyService, TenantContext } from '@rocket/tenancy';
import { DueTimes, ProbedQueue, probeStatement, readProbe } from './due-probe';

/** An app as the sweep lists it. */
export interface AppDatabase {
  readonly name: string;
  readonly db_name: string;
}

/**
 * Asks an app's database, in one statement, when each queue's work is due.
 * An open app is asked through its pool; any other on one short-lived
 * connection, without opening the app: opening runs the bootstrap check
 * and loads the metadata, a dozen queries the sweep has no use for.
 */
@Injectable()
export class AppProber {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly database: DatabaseService,
  ) {}

  async probe(app: AppDatabase, queues: readonly ProbedQueue[]): Promise<DueTimes> {
    const text = probeStatement(queues);
    const row =
      (await this.tenancy.runIfOpen(app.name, (ctx) => queryRow(ctx, text))) ??
      (await this.database.withConnection(app.db_name, 'rocket:probe', async (client) => {
        return (await client.query<Record<string, unknown>>(text)).rows[0];
      }));
    return readProbe(queues, row, Date.now());
  }

  /** The same question inside an app already entered (the sweep opened it for maintenance). */
  async probeOpen(ctx: TenantContext, queues: readonly ProbedQueue[]): Promise<DueTimes> {
    return readProbe(queues, await queryRow(ctx, probeStatement(queues)), Date.now());
  }
}

async function queryRow(ctx: TenantContext, text: string): Promise<Record<string, unknown>> {
  return (await sql.raw<Record<string, unknown>>(text).execute(ctx.db)).rows[0];
}
