import { sqlOnlyDb } from '../testing/fixtures';
import { nestedEntity, nestedRelation } from '../testing/nested-fixtures';
import { currentChildrenQuery, linkedIdsQuery, linkQuery, liveTargetIdsQuery, unlinkQuery } from './nested-queries';

const db = sqlOnlyDb();
const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const OTHER = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

const compiled = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
  const { sql, parameters } = query.compile();
  return { sql, parameters };
};

describe('nested-write queries (02 §7.2–7.4)', () => {
  it('current children: all of them (replace), live only, locked in PK order', () => {
    expect(compiled(currentChildrenQuery(db, nestedRelation('profile'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "select "id", "customer_id", "bio", "deleted_at" from "profiles" where "deleted_at" is null and "customer_id" = $1 order by "id" for update",
}
`);
  });

  it('current children: only the ones a diff names', () => {
    expect(compiled(currentChildrenQuery(db, nestedRelation('tax_lines'), UUID, [3, 4]))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
    [
      3,
      4,
    ],
  ],
  "sql": "select "id", "item_id", "rate" from "tax_lines" where "item_id" = $1 and "id" = ANY($2) order by "id" for update",
}
`);
  });

  it('live targets of the ids to link, key-share locked', () => {
    expect(compiled(liveTargetIdsQuery(db, nestedEntity('tag'), [1, 2]))).toMatchInlineSnapshot(`
{
  "parameters": [
    [
      1,
      2,
    ],
  ],
  "sql": "select "no" as "id" from "tags" where "deleted_at" is null and "no" = ANY($1) for key share",
}
`);
  });

  it('linked ids: all (replace) or among the wanted ones', () => {
    expect(compiled(linkedIdsQuery(db, nestedRelation('tags'), UUID))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "select "tag_id" as "id" from "invoice_tags" where "invoice_id" = $1",
}
`);
    expect(compiled(linkedIdsQuery(db, nestedRelation('tags'), UUID, [1, 2]))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
    [
      1,
      2,
    ],
  ],
  "sql": "select "tag_id" as "id" from "invoice_tags" where "invoice_id" = $1 and "tag_id" = ANY($2)",
}
`);
  });

  it('unlink: hard delete of the source’s join rows for the ids', () => {
    expect(compiled(unlinkQuery(db, nestedRelation('tags'), UUID, [1, 2]))).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
    [
      1,
      2,
    ],
  ],
  "sql": "delete from "invoice_tags" where "invoice_id" = $1 and "tag_id" = ANY($2)",
}
`);
  });

  it('link: one row per id, an existing one left alone', () => {
    expect(compiled(linkQuery(db, nestedRelation('tags'), OTHER, [1, 2]))).toMatchInlineSnapshot(`
{
  "parameters": [
    "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    1,
    "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    2,
  ],
  "sql": "insert into "invoice_tags" ("invoice_id", "tag_id") values ($1, $2), ($3, $4) on conflict do nothing",
}
`);
  });
});
