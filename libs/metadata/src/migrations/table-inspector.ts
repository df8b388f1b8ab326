import { sql, Transaction } from 'kysely';

export interface ColumnInfo {
  name: string;
  dataType: string;
  nullable: boolean;
  hasDefault: boolean;
  numericScale: number | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Trx = Transaction<any>;

/** The real columns of a table (information_schema, public schema); empty when it does not exist. */
export async function tableColumns(trx: Trx, table: string): Promise<Map<string, ColumnInfo>> {
  const rows = await sql<{
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    numeric_scale: number | null;
  }>`SELECT column_name, data_type, is_nullable, column_default, numeric_scale
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`.execute(trx);
  return new Map(
    rows.rows.map((r) => [
      r.column_name,
      {
        name: r.column_name,
        dataType: r.data_type,
        nullable: r.is_nullable === 'YES',
        hasDefault: r.column_default !== null,
        numericScale: r.numeric_scale,
      },
    ]),
  );
}

export async function tableIsEmpty(trx: Trx, table: string): Promise<boolean> {
  const row = await trx
    .selectFrom(table)
    .select(sql`1`.as('one'))
    .limit(1)
    .executeTakeFirst();
  return !row;
}

export async function columnHasNulls(trx: Trx, table: string, column: string): Promise<boolean> {
  const row = await trx
    .selectFrom(table)
    .select(sql`1`.as('one'))
    .where(sql.ref(column), 'is', null)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
