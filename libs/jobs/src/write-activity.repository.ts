import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DatabaseService } from '@rocket/database';

/**
 * How many rows have ever been written in each database, from PostgreSQL's
 * cumulative statistics (`pg_stat_database`), read in one statement from
 * the management database. The background engine compares two readings:
 * a database whose count has not moved has had no committed write in
 * between, so its queues cannot have gained work that is due now.
 *
 * The counts lag commits by the server's stats flush (about a second, at
 * most some seconds) but never miss one: a write the engine's probe did not
 * see is flushed after the reading taken before that probe, so the next
 * reading differs. A reset (pg_stat_reset, crash recovery) changes the
 * counts too, which only causes one more probe.
 */
@Injectable()
export class WriteActivityRepository {
  constructor(private readonly database: DatabaseService) {}

  /**
   * Rows inserted, updated or deleted so far, per database name. Databases
   * without statistics are left out (the caller treats them as unknown), and
   * all of them when the server does not count (`track_counts` off).
   */
  async writes(databases: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (databases.length === 0) return counts;
    const { rows } = await sql<{ datname: string; writes: string }>`
      SELECT datname, (tup_inserted + tup_updated + tup_deleted)::text AS writes
        FROM pg_stat_database
       WHERE datname = ANY(${databases}::text[]) AND current_setting('track_counts')::boolean`.execute(
      this.database.management.db,
    );
    for (const row of rows) counts.set(row.datname, Number(row.writes));
    return counts;
  }
}
