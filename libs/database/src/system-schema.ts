import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { AnyDb } from './database.service';

export type SchemaScope = 'management' | 'app';

/** What a bootstrap step is told about the database it runs in. */
export interface BootstrapTarget {
  scope: SchemaScope;
  /** The app name for app databases. */
  app?: string;
}

/**
 * One module's share of a database's system schema. `ddl` must be idempotent
 * (IF NOT EXISTS); `seed` runs on every bootstrap and decides for itself
 * whether there is anything to do.
 */
export interface SchemaContribution {
  scope: SchemaScope;
  /** Unique name; orders contributions together with `order`. */
  name: string;
  /** Lower runs first (tables referenced by others first). */
  order: number;
  ddl: readonly string[];
  seed?: (db: AnyDb, target: BootstrapTarget) => Promise<void>;
}

/**
 * Collects the system-table DDL every module contributes and applies it to a
 * database. Adding a module adds tables to new and old apps alike: the DDL
 * fingerprint changes, so the next bootstrap of each app runs it.
 */
@Injectable()
export class SystemSchema {
  private readonly contributions = new Map<string, SchemaContribution>();

  contribute(contribution: SchemaContribution): void {
    this.contributions.set(`${contribution.scope}:${contribution.name}`, contribution);
  }

  list(scope: SchemaScope): SchemaContribution[] {
    return [...this.contributions.values()]
      .filter((c) => c.scope === scope)
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  }

  fingerprint(scope: SchemaScope): string {
    const hash = createHash('sha256');
    for (const c of this.list(scope)) hash.update(c.name).update('\0').update(c.ddl.join('\n')).update('\0');
    return hash.digest('hex');
  }

  /**
   * Brings a database's system tables up to date, serialised across processes
   * with an advisory lock, all in one transaction.
   */
  async bootstrap(db: AnyDb, target: BootstrapTarget): Promise<void> {
    const contributions = this.list(target.scope);
    const fingerprint = this.fingerprint(target.scope);
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('rocket:bootstrap'))`.execute(trx);
      await sql`CREATE TABLE IF NOT EXISTS _rocket_schema (
        scope TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW())`.execute(trx);
      const current = await trx
        .selectFrom('_rocket_schema')
        .select('fingerprint')
        .where('scope', '=', target.scope)
        .executeTakeFirst();
      if (current?.fingerprint !== fingerprint) {
        for (const c of contributions) {
          for (const statement of c.ddl) await sql.raw(statement).execute(trx);
        }
        await trx
          .insertInto('_rocket_schema')
          .values({ scope: target.scope, fingerprint })
          .onConflict((oc) => oc.column('scope').doUpdateSet({ fingerprint, updated_at: sql`NOW()` }))
          .execute();
      }
      for (const c of contributions) if (c.seed) await c.seed(trx, target);
    });
  }
}
