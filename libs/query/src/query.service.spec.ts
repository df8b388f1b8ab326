import { sql, SqlBool } from 'kysely';
import { RegistryService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { Row } from './includes.loader';
import { TOTAL_COLUMN } from './list-query.builder';
import { QueryService, totalFromPage } from './query.service';
import { ExecutedQuery, scriptedDb } from './testing/fake-db';
import { registry } from './testing/fixtures';

const C1 = 'c0000000-0000-0000-0000-000000000001';
const C2 = 'c0000000-0000-0000-0000-000000000002';
const CREATED = new Date('2025-01-15T10:30:00.000Z');
const customer = (id: string) => ({
  id,
  name: 'Acme',
  email: `${id.slice(-1)}@x.test`,
  company: null,
  created_at: CREATED,
  updated_at: CREATED,
});
const customerJson = (id: string) => ({
  ...customer(id),
  created_at: '2025-01-15T10:30:00.000Z',
  updated_at: '2025-01-15T10:30:00.000Z',
});

/** A QueryService over the fixture registry whose queries are answered by `answer`. */
function service(answer: (q: ExecutedQuery) => Record<string, unknown>[]) {
  const { db, executed } = scriptedDb(answer);
  const registryService = { current: () => registry } as unknown as RegistryService;
  // Unfiltered lookups go to the pool as named prepared statements; the same script answers them.
  const pool = {
    query: ({ text, values }: { name: string; text: string; values: unknown[] }) => {
      const q = { sql: text, parameters: values } as ExecutedQuery;
      executed.push(q);
      return Promise.resolve({ rows: answer(q) });
    },
  };
  const tenancy = { current: () => ({ db, handle: { pool } }) } as unknown as TenancyService;
  return { query: new QueryService(registryService, tenancy), executed };
}

const from = (q: ExecutedQuery) => /from "([a-z_]+)"/.exec(q.sql)?.[1];
const isCount = (q: ExecutedQuery) => q.sql.startsWith('select count(*)');

describe('QueryService.list', () => {
  it('page with its count in one statement, then includes (eager one-to-one included without asking)', async () => {
    const { query, executed } = service((q) => {
      if (from(q) === 'customers') return [C1, C2].map((id) => ({ ...customer(id), [TOTAL_COLUMN]: '7' }));
      return [];
    });
    const result = await query.list('customer', { per_page: '2', sort: '-name' });
    expect(result).toEqual({
      data: [
        { ...customerJson(C1), profile: null },
        { ...customerJson(C2), profile: null },
      ],
      meta: { page: 1, per_page: 2, total: 7 },
    });
    expect(executed.map((q) => [from(q), isCount(q)])).toEqual([
      ['customers', false],
      ['customer_profiles', false],
    ]);
    expect(executed[0].sql).toContain(`(select count(*) as "total" from "customers") as "${TOTAL_COLUMN}"`);
  });

  it('a page past the end: data [] with the real total from a COUNT of its own, no include queries', async () => {
    const { query, executed } = service((q) => (isCount(q) ? [{ total: '3' }] : []));
    const result = await query.list('customer', { page: '5', include: 'emails' });
    expect(result).toEqual({ data: [], meta: { page: 5, per_page: 25, total: 3 } });
    expect(executed).toHaveLength(2);
  });

  it('an empty first page is a total of 0 without a COUNT of its own', async () => {
    const { query, executed } = service(() => []);
    const result = await query.list('customer', { include: 'profile' });
    expect(result).toEqual({ data: [], meta: { page: 1, per_page: 25, total: 0 } });
    expect(executed.filter(isCount)).toEqual([]);
    expect(executed).toHaveLength(1);
  });

  it('total=false skips the COUNT and omits meta.total', async () => {
    const { query, executed } = service((q) => (from(q) === 'tags' ? [{ id: 1, label: 'a' }] : []));
    const result = await query.list('tag', { total: 'false', per_page: '1' });
    expect(result).toEqual({ data: [{ id: 1, label: 'a' }], meta: { page: 1, per_page: 1 } });
    expect(executed).toHaveLength(1);
    expect(executed[0].sql).not.toContain('count(*)');
  });

  it('refuses a bad query before any SQL runs', async () => {
    const { query, executed } = service(() => []);
    await expect(query.list('ticket', { 'filter[colour]': 'red' })).rejects.toMatchObject({
      status: 400,
      code: 'UNKNOWN_FIELD',
      message: 'Unknown filter field: colour',
    });
    await expect(query.list('widget', {})).rejects.toMatchObject({
      status: 404,
      code: 'UNKNOWN_ENTITY',
      message: 'Unknown entity: widget',
    });
    expect(executed).toEqual([]);
  });

  it('applies the row filter to the page, the count and includes', async () => {
    const { query, executed } = service((q) => {
      if (from(q) === 'customers') return [{ ...customer(C1), [TOTAL_COLUMN]: '2' }];
      return [];
    });
    const mine = () => sql<SqlBool>`${sql.ref('company')} = 'me'`;
    const bioless = () => sql<SqlBool>`${sql.ref('bio')} is null`;
    await query.list(
      'customer',
      { per_page: '1' },
      { rowFilter: (e) => (e.name === 'customer' ? mine : e.name === 'profile' ? bioless : undefined) },
    );
    expect(executed.map((q) => q.sql)).toMatchInlineSnapshot(`
[
  "select "id", "name", "email", "company", "created_at", "updated_at", (select count(*) as "total" from "customers" where "company" = 'me') as "_rocket_total" from "customers" where "company" = 'me' order by "id" asc limit $1 offset $2",
  "select "id", "customer_id", "bio" from "customer_profiles" where "customer_id" = ANY($1) and "bio" is null order by "id" asc limit $2",
]
`);
  });
});

describe('QueryService.get', () => {
  const T1 = '10000000-0000-0000-0000-000000000001';

  it('looks up by PK and loads requested and eager includes', async () => {
    const { query, executed } = service((q) => (from(q) === 'customers' ? [customer(C1)] : []));
    expect(await query.get('customer', C1.toUpperCase(), { include: 'emails', sort: 'ignored' })).toEqual({
      ...customerJson(C1),
      emails: [],
      profile: null,
    });
    expect(executed.map((q) => [from(q), q.parameters[0]])).toEqual([
      ['customers', C1],
      ['email_logs', ['1@x.test']],
      ['customer_profiles', [C1]],
    ]);
  });

  it('a slug entity is looked up by slug when the value cannot be its PK', async () => {
    const article = { id: '12', slug: 'how-to', title: 'How to', ticket_id: null, deleted_at: null };
    const { query, executed } = service((q) => (q.parameters[0] === 'how-to' ? [article] : []));
    expect(await query.get('article', 'how-to', {})).toEqual({ ...article, id: 12 });
    expect(executed.map((q) => q.sql)).toMatchInlineSnapshot(`
[
  "select "id", "slug", "title", "ticket_id", "deleted_at" from "kb_articles" where "deleted_at" is null and "slug" = $1",
]
`);
  });

  it.each([
    ['malformed uuid', 'customer', 'not-a-uuid', 0],
    ['int out of range', 'tag', '2147483648', 0],
    ['negative int', 'tag', '-1', 0],
    ['missing row', 'ticket', T1, 1],
  ])('%s → 404 NOT_FOUND', async (_label, entity, id, queries) => {
    const { query, executed } = service(() => []);
    await expect(query.get(entity, id, {})).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: `${entity} with id ${id} not found`,
    });
    expect(executed).toHaveLength(queries);
  });

  it('validates include like a list does, before the lookup', async () => {
    const { query, executed } = service(() => []);
    await expect(query.get('ticket', T1, { include: 'nope' })).rejects.toMatchObject({
      status: 400,
      code: 'UNKNOWN_FIELD',
      message: 'Unknown include: nope',
    });
    await expect(query.get('ticket', T1, { include: 'customer.profile' })).rejects.toMatchObject({
      code: 'UNKNOWN_FIELD',
    });
    expect(executed).toEqual([]);
  });

  it('a row outside the row filter is a miss', async () => {
    const { query, executed } = service(() => []);
    const none = () => sql<SqlBool>`false`;
    await expect(query.get('customer', C1, {}, { rowFilter: () => none })).rejects.toMatchObject({ status: 404 });
    expect(executed[0].sql).toMatch(/ and false$/);
  });
});

describe('totalFromPage', () => {
  it.each<[number, Row[], number | undefined]>([
    [1, [], 0],
    [2, [], undefined],
    [3, [{ id: 'a', [TOTAL_COLUMN]: '27' }], 27],
    [1, [{ id: 'a', [TOTAL_COLUMN]: '1' }], 1],
  ])('page %i with %j → %s', (page, rows, total) => {
    expect(totalFromPage(page, rows)).toBe(total);
  });
});
