import { sql } from 'kysely';
import { buildRecordsByKey, recordsByKeyStatement } from './includes.queries';
import { RowFilter } from './read-scope';
import { sqlOnlyDb } from './testing/fake-db';
import { entityOf } from './testing/fixtures';

const db = sqlOnlyDb();

describe('recordsByKeyStatement', () => {
  it('binds each include’s keys and cap into the SQL of the built query', () => {
    const e = entityOf('ticket');
    for (const [keys, cap] of [[['c1', 'c2'], 11] as const, [['c3'], 501] as const]) {
      const built = buildRecordsByKey(db, e, 'customer_id', keys, cap).compile();
      const statement = recordsByKeyStatement(db, e, 'customer_id', keys, cap);
      expect(statement.sql).toBe(built.sql);
      expect(statement.parameters).toEqual([keys, cap]);
    }
    expect(recordsByKeyStatement(db, e, 'customer_id', ['x'], 2).sql).toMatch(
      /where "deleted_at" is null and "customer_id" = ANY\(\$1\) order by "id" asc limit \$2$/,
    );
  });

  it('with a row filter, the query of that request, its values included', () => {
    const e = entityOf('ticket');
    const mine: RowFilter = (eb) => eb(sql.ref('agent_id'), '=', 'a1');
    const statement = recordsByKeyStatement(db, e, 'customer_id', ['c1'], 11, mine);
    expect(statement.sql).toBe(buildRecordsByKey(db, e, 'customer_id', ['c1'], 11, mine).compile().sql);
    expect(statement.parameters).toEqual([['c1'], 'a1', 11]);
  });
});
