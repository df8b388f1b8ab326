import { sql, SqlBool } from 'kysely';
import { buildCountQuery, buildPageQuery, buildPageQueryWithTotal, pageStatement } from './list-query.builder';
import { parseListQuery } from './list-query.parser';
import { RawQuery } from './list-query.types';
import { AnySelect, RowFilter } from './read-scope';
import { sqlOnlyDb } from './testing/fake-db';
import { entityOf, registry } from './testing/fixtures';

const db = sqlOnlyDb();
const render = (qb: AnySelect) => {
  const { sql: text, parameters } = qb.compile();
  return { sql: text, parameters };
};
const page = (entity: string, query: RawQuery, extraWhere?: RowFilter) => {
  const e = entityOf(entity);
  return render(buildPageQuery(db, e, parseListQuery(registry, e, query), extraWhere));
};
const count = (entity: string, query: RawQuery, extraWhere?: RowFilter) => {
  const e = entityOf(entity);
  return render(buildCountQuery(db, e, parseListQuery(registry, e, query).filters, extraWhere));
};

describe('buildPageQuery / buildCountQuery', () => {
  it('plain entity, no query: PK order, default page', () => {
    expect(page('customer', {})).toMatchInlineSnapshot(`
{
  "parameters": [
    25,
    0,
  ],
  "sql": "select "id", "name", "email", "company", "created_at", "updated_at" from "customers" order by "id" asc limit $1 offset $2",
}
`);
    expect(count('customer', {})).toMatchInlineSnapshot(`
{
  "parameters": [],
  "sql": "select count(*) as "total" from "customers"",
}
`);
  });

  it('soft-delete entity with a declared deleted_at: live rows only, in page and count', () => {
    expect(page('ticket', {})).toMatchInlineSnapshot(`
{
  "parameters": [
    25,
    0,
  ],
  "sql": "select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null order by "id" asc limit $1 offset $2",
}
`);
    expect(count('ticket', {})).toMatchInlineSnapshot(`
{
  "parameters": [],
  "sql": "select count(*) as "total" from "tickets" where "deleted_at" is null",
}
`);
  });

  it('soft-delete entity without a declared deleted_at (slug entity, bigint PK): deleted_at still selected', () => {
    expect(page('article', { sort: '-slug', page: '2', per_page: '10' })).toMatchInlineSnapshot(`
{
  "parameters": [
    10,
    10,
  ],
  "sql": "select "id", "slug", "title", "ticket_id", "deleted_at" from "kb_articles" where "deleted_at" is null order by "slug" desc, "id" asc limit $1 offset $2",
}
`);
  });

  it('the example of 02 §3.1: in, gte, like; same WHERE in the count', () => {
    const query = {
      'filter[status.in]': 'open,pending',
      'filter[created_at.gte]': '2025-01-01',
      'filter[title.like]': 'INV-%',
    };
    expect(page('ticket', query)).toMatchInlineSnapshot(`
{
  "parameters": [
    [
      "open",
      "pending",
    ],
    "2025-01-01T00:00:00.000Z",
    "INV-%",
    25,
    0,
  ],
  "sql": "select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null and "status" = ANY($1) and "created_at" >= $2 and "title" like $3 order by "id" asc limit $4 offset $5",
}
`);
    expect(count('ticket', query)).toMatchInlineSnapshot(`
{
  "parameters": [
    [
      "open",
      "pending",
    ],
    "2025-01-01T00:00:00.000Z",
    "INV-%",
  ],
  "sql": "select count(*) as "total" from "tickets" where "deleted_at" is null and "status" = ANY($1) and "created_at" >= $2 and "title" like $3",
}
`);
  });

  it('every scalar operator binds its value as a parameter', () => {
    expect(
      page('sample', {
        'filter[s]': "x'; drop table samples; --",
        'filter[t.neq]': '',
        'filter[i.gt]': '1',
        'filter[b.gte]': '2',
        'filter[f.lt]': '3.5',
        'filter[d.lte]': '4.25',
        'filter[flag]': '1',
        'filter[u]': '4F1C2A9E-0B9E-4C1D-8E2F-1234567890AB',
        'filter[ts.lt]': '2025-01-15T10:30:00+02:00',
        'filter[dt.gte]': '2025-01-15',
        'filter[s.like]': '%a_b%',
      }),
    ).toMatchInlineSnapshot(`
{
  "parameters": [
    "x'; drop table samples; --",
    "",
    1,
    2,
    3.5,
    4.25,
    true,
    "4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab",
    "2025-01-15T08:30:00.000Z",
    "2025-01-15",
    "%a_b%",
    25,
    0,
  ],
  "sql": "select "id", "s", "t", "i", "n", "b", "f", "d", "flag", "u", "ts", "dt", "j", "fl" from "samples" where "s" = $1 and "t" != $2 and "i" > $3 and "b" >= $4 and "f" < $5 and "d" <= $6 and "flag" = $7 and "u" = $8 and "ts" < $9 and "dt" >= $10 and "s" like $11 order by "id" asc limit $12 offset $13",
}
`);
  });

  it('in / not_in bind one array parameter each', () => {
    expect(page('tag', { 'filter[id.in]': '1, 2,3', 'filter[label.not_in]': 'a,b' })).toMatchInlineSnapshot(`
{
  "parameters": [
    [
      1,
      2,
      3,
    ],
    [
      "a",
      "b",
    ],
    25,
    0,
  ],
  "sql": "select "id", "label" from "tags" where "id" = ANY($1) and "label" != ALL($2) order by "id" asc limit $3 offset $4",
}
`);
  });

  it('repeated filter keys are AND-ed', () => {
    expect(count('tag', { 'filter[id.gt]': ['1', '5'] })).toMatchInlineSnapshot(`
{
  "parameters": [
    1,
    5,
  ],
  "sql": "select count(*) as "total" from "tags" where "id" > $1 and "id" > $2",
}
`);
  });

  it('sort fields in order, then the PK ascending; no duplicate PK term', () => {
    expect(page('ticket', { sort: '-priority,title' }).sql).toMatchInlineSnapshot(
      `"select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null order by "priority" desc, "title" asc, "id" asc limit $1 offset $2"`,
    );
    expect(page('ticket', { sort: '-id' }).sql).toMatchInlineSnapshot(
      `"select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null order by "id" desc limit $1 offset $2"`,
    );
    expect(page('tag', { sort: 'label,id' }).sql).toMatchInlineSnapshot(
      `"select "id", "label" from "tags" order by "label" asc, "id" asc limit $1 offset $2"`,
    );
  });

  it('LIMIT / OFFSET from page and per_page', () => {
    expect(page('tag', { page: '3', per_page: '20' }).parameters).toEqual([20, 40]);
    expect(page('tag', { per_page: '500' }).parameters).toEqual([100, 0]);
  });

  it('extraWhere is AND-ed after the request filters, in page and count', () => {
    const rowFilter: RowFilter = (eb) =>
      eb.or([eb(sql.ref('agent_id'), '=', 'a0000000-0000-0000-0000-000000000001'), eb(sql.ref('status'), '=', 'open')]);
    const query = { 'filter[priority]': 'high' };
    expect(page('ticket', query, rowFilter)).toMatchInlineSnapshot(`
{
  "parameters": [
    "high",
    "a0000000-0000-0000-0000-000000000001",
    "open",
    25,
    0,
  ],
  "sql": "select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null and "priority" = $1 and ("agent_id" = $2 or "status" = $3) order by "id" asc limit $4 offset $5",
}
`);
    expect(count('ticket', query, rowFilter)).toMatchInlineSnapshot(`
{
  "parameters": [
    "high",
    "a0000000-0000-0000-0000-000000000001",
    "open",
  ],
  "sql": "select count(*) as "total" from "tickets" where "deleted_at" is null and "priority" = $1 and ("agent_id" = $2 or "status" = $3)",
}
`);
    const deny: RowFilter = () => sql<SqlBool>`false`;
    expect(count('customer', {}, deny).sql).toMatchInlineSnapshot(
      `"select count(*) as "total" from "customers" where false"`,
    );
  });

  it('page with total: the COUNT as a scalar subquery of the page, its parameters first, the same WHERE in both', () => {
    const e = entityOf('ticket');
    const rowFilter: RowFilter = (eb) => eb(sql.ref('agent_id'), '=', 'a0000000-0000-0000-0000-000000000001');
    const query = parseListQuery(registry, e, {
      'filter[priority]': 'high',
      sort: '-created_at',
      page: '2',
      per_page: '5',
    });
    const agent = 'a0000000-0000-0000-0000-000000000001';
    const columns =
      '"id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at"';
    expect(render(buildPageQueryWithTotal(db, e, query, rowFilter))).toEqual({
      sql:
        `select ${columns}, (select count(*) as "total" from "tickets" ` +
        `where "deleted_at" is null and "priority" = $1 and "agent_id" = $2) as "_rocket_total" ` +
        `from "tickets" where "deleted_at" is null and "priority" = $3 and "agent_id" = $4 ` +
        `order by "created_at" desc, "id" asc limit $5 offset $6`,
      parameters: ['high', agent, 'high', agent, 5, 5],
    });
  });

  it.each([
    ['with its COUNT', {}],
    ['total=false', { total: 'false' }],
  ])('pageStatement, %s: the SQL and values of the built query, compiled once per shape', (_what, extra) => {
    const e = entityOf('ticket');
    const parsed = (q: RawQuery) => parseListQuery(registry, e, { ...q, ...extra });
    const first = parsed({
      'filter[priority]': 'high',
      'filter[status.in]': 'open,pending',
      sort: '-created_at',
      page: '2',
    });
    const second = parsed({
      'filter[priority]': 'low',
      'filter[status.in]': 'closed',
      sort: '-created_at',
      page: '5',
      per_page: '10',
    });
    for (const query of [first, second]) {
      const built = (query.withTotal ? buildPageQueryWithTotal : buildPageQuery)(db, e, query).compile();
      const { query: statement } = pageStatement(db, e, query);
      expect({ sql: statement.sql, parameters: statement.parameters }).toEqual({
        sql: built.sql,
        parameters: built.parameters,
      });
    }
    expect(pageStatement(db, e, second).query.parameters).toContain('low');
    expect(pageStatement(db, e, second).query.parameters.slice(-2)).toEqual([10, 40]);
  });

  it('pageStatement with a row filter builds the query of that request', () => {
    const e = entityOf('ticket');
    const query = parseListQuery(registry, e, { 'filter[priority]': 'high' });
    const mine: RowFilter = (eb) => eb(sql.ref('agent_id'), '=', 'a0000000-0000-0000-0000-000000000002');
    const { query: statement, prepared } = pageStatement(db, e, query, mine);
    expect(statement.sql).toBe(buildPageQueryWithTotal(db, e, query, mine).compile().sql);
    expect(statement.parameters).toContain('a0000000-0000-0000-0000-000000000002');
    expect(prepared).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(pageStatement(db, e, query, mine).prepared).toBeUndefined();
  });

  it('a page shape in regular use gets a prepared statement name, the same for every use after', () => {
    const e = entityOf('customer');
    const query = parseListQuery(registry, e, { 'filter[name.like]': 'A%', sort: 'email' });
    const names = Array.from({ length: 6 }, () => pageStatement(db, e, query).prepared);
    expect(names.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(names[3]).toMatch(/^rocket_shape_\d+$/);
    expect(new Set(names.slice(3))).toEqual(new Set([names[3]]));
  });
});
