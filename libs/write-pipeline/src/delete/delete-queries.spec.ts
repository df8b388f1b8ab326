import { entity, sqlOnlyDb } from '../testing/fixtures';
import { nestedRelation } from '../testing/nested-fixtures';
import {
  cascadeTargetsQuery,
  hardDeleteQuery,
  restrictCountQuery,
  setNullQuery,
  softDeleteQuery,
  sourceJoinRowsDeleteQuery,
  targetJoinRowsDeleteQuery,
} from './delete-queries';

const db = sqlOnlyDb();
const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const OTHER = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

const compiled = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
  const { sql, parameters } = query.compile();
  return { sql, parameters };
};

describe('delete queries', () => {
  it('soft delete: UPDATE SET deleted_at = NOW(), live rows only', () => {
    expect(compiled(softDeleteQuery(db, entity('invoice'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "update "invoices" set "deleted_at" = NOW() where "id" = $1 and "deleted_at" is null",
}
`);
    expect(compiled(softDeleteQuery(db, entity('ticket'), 7))).toMatchInlineSnapshot(`
{
  "parameters": [
    7,
  ],
  "sql": "update "tickets" set "deleted_at" = NOW() where "id" = $1 and "deleted_at" is null",
}
`);
  });

  it('hard delete by PK', () => {
    expect(compiled(hardDeleteQuery(db, entity('customer'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "delete from "customers" where "id" = $1",
}
`);
    expect(compiled(hardDeleteQuery(db, entity('country'), 'de'))).toMatchInlineSnapshot(`
{
  "parameters": [
    "de",
  ],
  "sql": "delete from "countries" where "code" = $1",
}
`);
  });
});

describe('on_delete policy queries (02 §8)', () => {
  it('restrict: counts live targets by FK (a non-PK source key value here)', () => {
    expect(compiled(restrictCountQuery(db, nestedRelation('invoices'), 'ACME', []))).toMatchInlineSnapshot(`
{
  "parameters": [
    "ACME",
  ],
  "sql": "select count(*) as "count" from "invoices" where "deleted_at" is null and "customer_code" = $1",
}
`);
  });

  it('restrict: rows this request is deleting already do not count', () => {
    expect(compiled(restrictCountQuery(db, nestedRelation('children'), UUID, [UUID, OTHER]))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
    [
      "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
      "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    ],
  ],
  "sql": "select count(*) as "count" from "nodes" where "parent_id" = $1 and "id" <> ALL($2)",
}
`);
  });

  it('set_null: every row pointing at the key, soft-deleted ones included', () => {
    expect(compiled(setNullQuery(db, nestedRelation('profile'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    null,
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "update "profiles" set "customer_id" = $1 where "customer_id" = $2",
}
`);
  });

  it('cascade: the live targets, whole, locked in PK order', () => {
    expect(compiled(cascadeTargetsQuery(db, nestedRelation('items'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "select "id", "invoice_id", "description", "quantity" from "items" where "invoice_id" = $1 order by "id" for update",
}
`);
    expect(compiled(cascadeTargetsQuery(db, nestedRelation('profile'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "select "id", "customer_id", "bio", "deleted_at" from "profiles" where "deleted_at" is null and "customer_id" = $1 order by "id" for update",
}
`);
  });

  it('M:N cascade / detach: the join rows of the source', () => {
    expect(compiled(sourceJoinRowsDeleteQuery(db, nestedRelation('tags'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "delete from "invoice_tags" where "invoice_id" = $1",
}
`);
  });

  it('a hard-deleted M:N target: the join rows pointing at it', () => {
    expect(compiled(targetJoinRowsDeleteQuery(db, nestedRelation('tags'), '42'))).toMatchInlineSnapshot(`
{
  "parameters": [
    "42",
  ],
  "sql": "delete from "invoice_tags" where "tag_id" = $1",
}
`);
  });
});
