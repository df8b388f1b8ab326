import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { AnyDb, DatabaseService } from '@rocket/database';
import { TenancyService } from '@rocket/tenancy';
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
      (await this.tenancy.runIfOpen(app.name, (ctx) => queryRow(ctx.db, text))) ??
      (await this.database.withConnection(app.db_name, 'rocket:probe', async (client) => {
        return (await client.query<Record<string, unknown>>(text)).rows[0];
      }));
    return readProbe(queues, row, Date.now());
  }

  /** The same question on a connection the caller holds (an app entered, or `withDatabase`). */
  async probeOn(db: AnyDb, queues: readonly ProbedQueue[]): Promise<DueTimes> {
    return readProbe(queues, await queryRow(db, probeStatement(queues)), Date.now());
  }

  /**
   * Runs `work` on one short-lived connection to an app's database, without
   * opening the app: for the sweep's maintenance turn, plain SQL that needs
   * none of the metadata opening loads (a dozen queries).
   */
  async withDatabase<T>(app: AppDatabase, work: (db: AnyDb) => Promise<T>): Promise<T> {
    const handle = this.database.openPool(app.db_name, 1, 'rocket:maintenance');
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }
}

async function queryRow(db: AnyDb, text: string): Promise<Record<string, unknown>> {
  return (await sql.raw<Record<string, unknown>>(text).execute(db)).rows[0];
}
