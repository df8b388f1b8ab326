import { Filter } from '@rocket/query';
import { RelatedLoad } from '../definition/related-load';
import { entityOf, registry, sqlOnlyDb } from '../testing/fixtures';
import { relatedRowsQuery } from './related-queries';

const db = sqlOnlyDb();

function load(name: string, side: 'source' | 'target', filters: Filter[] = [], limit = 1000): RelatedLoad {
  const relation = registry.relations.get(name)!;
  const other = side === 'source' ? relation.target : relation.source;
  const single = relation.def.type === 'one_to_one' || (side === 'target' && relation.def.type === 'one_to_many');
  return { name, relation, side, other, filters, limit, single };
}

const render = (l: RelatedLoad, key: unknown) => {
  const { sql, parameters } = relatedRowsQuery(db, l, key).compile();
  return { sql, parameters };
};

describe('relatedRowsQuery (04 §1.5)', () => {
  it('source side of a one_to_many: live children by foreign key, filtered, PK order, limited', () => {
    const status = entityOf('invoice').fieldsByName.get('status')!;
    const filters: Filter[] = [{ field: status, op: 'in', values: ['draft', 'sent'] }];
    expect(render(load('customer_invoices', 'source', filters, 50), 'c1')).toMatchInlineSnapshot(`
{
  "parameters": [
    "c1",
    [
      "draft",
      "sent",
    ],
    50,
  ],
  "sql": "select "id", "number", "status", "notes", "total", "quantity", "big", "score", "paid", "payment_date", "due_at", "customer_id", "tags_json", "scan", "summary", "created_at", "deleted_at" from "invoices" where "deleted_at" is null and "customer_id" = $1 and "status" = ANY($2) order by "id" asc limit $3",
}
`);
  });

  it('target side of a one_to_many: the parent row through the foreign key, one row', () => {
    expect(render(load('items', 'target'), 'inv-1')).toMatchInlineSnapshot(`
{
  "parameters": [
    "inv-1",
    1,
  ],
  "sql": "select "id", "number", "status", "notes", "total", "quantity", "big", "score", "paid", "payment_date", "due_at", "customer_id", "tags_json", "scan", "summary", "created_at", "deleted_at" from "invoices" where "deleted_at" is null and "id" = $1 order by "id" asc limit $2",
}
`);
  });

  it('many_to_many from either side goes through the join table', () => {
    const label = entityOf('tag').fieldsByName.get('label')!;
    expect(render(load('tags', 'source', [{ field: label, op: 'like', value: 'a%' }], 10), 'inv-1'))
      .toMatchInlineSnapshot(`
{
  "parameters": [
    "inv-1",
    "a%",
    10,
  ],
  "sql": "select "id", "label" from "tags" where "id" in (select "tag_id" from "invoice_tags" where "invoice_id" = $1) and "label" like $2 order by "id" asc limit $3",
}
`);
    expect(render(load('tags', 'target'), 'tag-1')).toMatchInlineSnapshot(`
{
  "parameters": [
    "tag-1",
    1000,
  ],
  "sql": "select "id", "number", "status", "notes", "total", "quantity", "big", "score", "paid", "payment_date", "due_at", "customer_id", "tags_json", "scan", "summary", "created_at", "deleted_at" from "invoices" where "deleted_at" is null and "id" in (select "invoice_id" from "invoice_tags" where "tag_id" = $1) order by "id" asc limit $2",
}
`);
  });

  it('one_to_one from the source side is one row', () => {
    expect(render(load('detail', 'source'), 'inv-1').sql).toBe(
      'select "id", "invoice_id", "memo" from "invoice_details" where "invoice_id" = $1 order by "id" asc limit $2',
    );
  });
});
