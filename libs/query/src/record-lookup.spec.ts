import { sql } from 'kysely';
import { buildRegistry } from '@rocket/metadata';
import { RowFilter } from './read-scope';
import { findLiveRow, lookupKeys } from './record-lookup';
import { scriptedDb } from './testing/fake-db';
import { ENTITIES, entityOf } from './testing/fixtures';

// A slug entity with a string PK: slug first, then the PK (02 §5 step 2).
const page = buildRegistry(
  1,
  [
    {
      name: 'page',
      table: 'pages',
      primary_key: { field: 'code', type: 'string', generated: false },
      soft_delete: false,
      slug: { field: 'slug' },
      fields: [
        { name: 'code', type: 'string', required: true },
        { name: 'slug', type: 'string', unique: true },
      ],
    },
    ...ENTITIES,
  ],
  [],
).entities.get('page')!;

describe('lookupKeys (02 §5)', () => {
  it.each<[string, string, { column: string; value: string | number }[]]>([
    [
      'customer',
      '4F1C2A9E-0B9E-4C1D-8E2F-1234567890AB',
      [{ column: 'id', value: '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab' }],
    ],
    ['customer', 'not-a-uuid', []],
    ['tag', '42', [{ column: 'id', value: 42 }]],
    ['tag', '007', [{ column: 'id', value: 7 }]],
    ['tag', '2147483647', [{ column: 'id', value: 2147483647 }]],
    ['tag', '2147483648', []],
    ['tag', '-1', []],
    ['tag', '1.0', []],
    ['sample', 'any text', [{ column: 'id', value: 'any text' }]],
    ['sample', '', []],
    ['article', '9007199254740991', [{ column: 'id', value: 9007199254740991 }]],
    ['article', '9007199254740992', [{ column: 'slug', value: '9007199254740992' }]],
    ['article', 'how-to', [{ column: 'slug', value: 'how-to' }]],
  ])('%s %j', (entity, raw, keys) => {
    expect(lookupKeys(entityOf(entity), raw)).toEqual(keys);
  });

  it('string PK with slug: slug, then PK', () => {
    expect(lookupKeys(page, 'home')).toEqual([
      { column: 'slug', value: 'home' },
      { column: 'code', value: 'home' },
    ]);
  });
});

describe('findLiveRow', () => {
  it('tries each key in turn; live rows only; optional lock and row filter', async () => {
    const { db, executed } = scriptedDb(() => []);
    expect(await findLiveRow(db, page, 'home', { forUpdate: true })).toBeUndefined();
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      "home",
    ],
    "sql": "select "code", "slug" from "pages" where "slug" = $1 for update",
  },
  {
    "parameters": [
      "home",
    ],
    "sql": "select "code", "slug" from "pages" where "code" = $1 for update",
  },
]
`);
  });

  it('soft-delete entity: deleted_at IS NULL, then the row filter', async () => {
    const { db, executed } = scriptedDb(() => [{ id: 1 }]);
    const id = '10000000-0000-0000-0000-000000000001';
    const mine: RowFilter = (eb) => eb(sql.ref('agent_id'), 'is not', null);
    expect(await findLiveRow(db, entityOf('ticket'), id, { extraWhere: mine })).toEqual({ id: 1 });
    expect(executed.map((q) => q.sql.replace(/select .* from/, 'select … from'))).toEqual([
      'select … from "tickets" where "deleted_at" is null and "id" = $1 and "agent_id" is not null',
    ]);
  });
});
