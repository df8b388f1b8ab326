import { CompiledEntity } from '@rocket/metadata';
import { entity, sqlOnlyDb } from '../testing/fixtures';
import { changedValues, insertRecordQuery, toParameter, updateRecordQuery } from './persist.stage';
import { reloadRecordQuery } from './reload-record.stage';

const db = sqlOnlyDb();
const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const FILE = '4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11';

const compiled = (query: { sql: string; parameters: readonly unknown[] } | undefined) => {
  if (!query) return undefined;
  const { sql, parameters } = query;
  return { sql, parameters };
};
const insert = (e: CompiledEntity, values: Record<string, unknown>) =>
  compiled(insertRecordQuery(db, e, new Map(Object.entries(values))));
const update = (e: CompiledEntity, pk: string | number, values: Record<string, unknown>) =>
  compiled(updateRecordQuery(db, e, pk, new Map(Object.entries(values))));

describe('insertRecordQuery', () => {
  it('uuid PK generated: omitted; auto fields NOW(); definition order; JSON as text; returns PK and source keys', () => {
    expect(
      insert(entity('customer'), {
        email: 'b@acme.test',
        name: 'Acme',
        credit_limit: 0,
        prefs: { theme: 'dark' },
        avatar: { id: FILE },
        phone: null,
      }),
    ).toMatchInlineSnapshot(`
{
  "parameters": [
    "Acme",
    "b@acme.test",
    null,
    0,
    "{"theme":"dark"}",
    "{"id":"4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11"}",
  ],
  "sql": "insert into "customers" ("name", "email", "phone", "credit_limit", "prefs", "avatar", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, NOW(), NOW()) returning "id" as "id", "name" as "name", "email" as "email", "phone" as "phone", "credit_limit" as "credit_limit", "tier" as "tier", "vip" as "vip", "visits" as "visits", "score" as "score", "birthday" as "birthday", "last_seen" as "last_seen", "prefs" as "prefs", "avatar" as "avatar", "country_code" as "country_code", "created_at" as "created_at", "updated_at" as "updated_at"",
}
`);
  });

  it('soft-delete entity with slug: deleted_at never inserted', () => {
    expect(
      insert(entity('invoice'), { number: 'INV-1', slug: 'inv-1', status: 'draft', total: 12.5, customer_id: UUID }),
    ).toMatchInlineSnapshot(`
{
  "parameters": [
    "INV-1",
    "inv-1",
    "draft",
    12.5,
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "insert into "invoices" ("number", "slug", "status", "total", "customer_id", "created_at", "updated_at") values ($1, $2, $3, $4, $5, NOW(), NOW()) returning "id" as "id", "number" as "number", "slug" as "slug", "status" as "status", "total" as "total", "customer_id" as "customer_id", "notes" as "notes", "created_at" as "created_at", "updated_at" as "updated_at", "deleted_at" as "deleted_at"",
}
`);
  });

  it('int identity PK and a declared deleted_at', () => {
    expect(insert(entity('ticket'), { title: 'Broken', customer_id: UUID, priority: 'medium' })).toMatchInlineSnapshot(`
{
  "parameters": [
    "Broken",
    "medium",
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "insert into "tickets" ("title", "priority", "customer_id", "created_at") values ($1, $2, $3, NOW()) returning "id" as "id", "title" as "title", "priority" as "priority", "customer_id" as "customer_id", "opened_on" as "opened_on", "created_at" as "created_at", "deleted_at" as "deleted_at"",
}
`);
  });

  it('client-supplied string PK is inserted', () => {
    expect(insert(entity('country'), { code: 'de', name: 'Germany' })).toMatchInlineSnapshot(`
{
  "parameters": [
    "de",
    "Germany",
  ],
  "sql": "insert into "countries" ("code", "name") values ($1, $2) returning "code" as "code", "name" as "name", "population" as "population"",
}
`);
  });

  it('nothing to set: DEFAULT VALUES', () => {
    expect(insert(entity('page'), {})).toMatchInlineSnapshot(`
{
  "parameters": [],
  "sql": "insert into "pages" default values returning "id" as "id", "title" as "title", "slug" as "slug", "deleted_at" as "deleted_at"",
}
`);
  });

  it('json arrays and strings are sent as JSON text', () => {
    const prefs = entity('customer').fieldsByName.get('prefs')!;
    expect(toParameter(prefs, ['a', 1])).toBe('["a",1]');
    expect(toParameter(prefs, 'text')).toBe('"text"');
    expect(toParameter(prefs, null)).toBeNull();
  });
});

describe('updateRecordQuery', () => {
  it('provided fields plus auto:update = NOW(), by PK', () => {
    expect(update(entity('customer'), UUID, { name: 'Acme 2', credit_limit: 10 })).toMatchInlineSnapshot(`
{
  "parameters": [
    "Acme 2",
    10,
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "update "customers" set "name" = $1, "credit_limit" = $2, "updated_at" = NOW() where "id" = $3 returning "id" as "id", "name" as "name", "email" as "email", "phone" as "phone", "credit_limit" as "credit_limit", "tier" as "tier", "vip" as "vip", "visits" as "visits", "score" as "score", "birthday" as "birthday", "last_seen" as "last_seen", "prefs" as "prefs", "avatar" as "avatar", "country_code" as "country_code", "created_at" as "created_at", "updated_at" as "updated_at"",
}
`);
  });

  it('soft-delete entity: live rows only', () => {
    expect(update(entity('invoice'), UUID, { total: 20 })).toMatchInlineSnapshot(`
{
  "parameters": [
    20,
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "update "invoices" set "total" = $1, "updated_at" = NOW() where "id" = $2 and "deleted_at" is null returning "id" as "id", "number" as "number", "slug" as "slug", "status" as "status", "total" as "total", "customer_id" as "customer_id", "notes" as "notes", "created_at" as "created_at", "updated_at" as "updated_at", "deleted_at" as "deleted_at"",
}
`);
  });

  it('{} still bumps auto:update fields', () => {
    expect(update(entity('customer'), UUID, {})).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "update "customers" set "updated_at" = NOW() where "id" = $1 returning "id" as "id", "name" as "name", "email" as "email", "phone" as "phone", "credit_limit" as "credit_limit", "tier" as "tier", "vip" as "vip", "visits" as "visits", "score" as "score", "birthday" as "birthday", "last_seen" as "last_seen", "prefs" as "prefs", "avatar" as "avatar", "country_code" as "country_code", "created_at" as "created_at", "updated_at" as "updated_at"",
}
`);
  });

  it('no change and no auto:update field: no UPDATE at all', () => {
    expect(update(entity('ticket'), 7, {})).toBeUndefined();
    expect(update(entity('country'), 'de', {})).toBeUndefined();
  });

  it('int identity PK', () => {
    expect(update(entity('ticket'), 7, { title: 'Fixed', opened_on: '2025-01-15' })).toMatchInlineSnapshot(`
{
  "parameters": [
    "Fixed",
    "2025-01-15",
    7,
  ],
  "sql": "update "tickets" set "title" = $1, "opened_on" = $2 where "id" = $3 and "deleted_at" is null returning "id" as "id", "title" as "title", "priority" as "priority", "customer_id" as "customer_id", "opened_on" as "opened_on", "created_at" as "created_at", "deleted_at" as "deleted_at"",
}
`);
  });
});

describe('changedValues', () => {
  const customer = entity('customer');
  const current = {
    id: UUID,
    name: 'Acme',
    email: 'b@acme.test',
    phone: null,
    credit_limit: '1500.00',
    visits: '12',
    score: 4.5,
    vip: false,
    birthday: '1990-05-17',
    last_seen: new Date('2025-01-15T10:30:00.000Z'),
    prefs: { theme: 'dark', size: 2 },
    avatar: { id: FILE, filename: 'a.png', size: 1, mime_type: 'image/png' },
  };

  it.each<[string, Record<string, unknown>, string[]]>([
    ['same values', { name: 'Acme', credit_limit: 1500, visits: 12, score: 4.5, vip: false }, []],
    [
      'same date, timestamp and json (key order ignored)',
      { birthday: '1990-05-17', last_seen: '2025-01-15T10:30:00.000Z', prefs: { size: 2, theme: 'dark' } },
      [],
    ],
    ['null stays null', { phone: null }, []],
    ['changed string', { name: 'Acme Ltd' }, ['name']],
    ['null → value', { phone: '123' }, ['phone']],
    ['value → null', { name: null }, ['name']],
    ['decimal change', { credit_limit: 1500.01 }, ['credit_limit']],
    ['bigint change', { visits: 13 }, ['visits']],
    ['timestamp change', { last_seen: '2025-01-15T10:30:00.001Z' }, ['last_seen']],
    ['json change', { prefs: { theme: 'dark' } }, ['prefs']],
    ['an unresolved file ref differs from the stored file', { avatar: { id: FILE } }, ['avatar']],
    ['the PK and auto fields are never SET', { id: UUID, created_at: 'x' }, []],
  ])('%s', (_label, values, changed) => {
    expect([...changedValues(customer, current, new Map(Object.entries(values))).keys()]).toEqual(changed);
  });
});

describe('reloadRecordQuery', () => {
  it('every read column by PK, deleted_at included for soft-delete entities, no live filter', () => {
    expect(compiled(reloadRecordQuery(db, entity('invoice'), UUID).compile())).toMatchInlineSnapshot(`
{
  "parameters": [
    "0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d",
  ],
  "sql": "select "id" as "id", "number" as "number", "slug" as "slug", "status" as "status", "total" as "total", "customer_id" as "customer_id", "notes" as "notes", "created_at" as "created_at", "updated_at" as "updated_at", "deleted_at" as "deleted_at" from "invoices" where "id" = $1",
}
`);
    expect(compiled(reloadRecordQuery(db, entity('page'), '12').compile())).toMatchInlineSnapshot(`
{
  "parameters": [
    "12",
  ],
  "sql": "select "id" as "id", "title" as "title", "slug" as "slug", "deleted_at" as "deleted_at" from "pages" where "id" = $1",
}
`);
  });
});
