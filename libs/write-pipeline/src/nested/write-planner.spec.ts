import { ErrorDetail } from '@rocket/errors';
import { nestedEntity, nestedRegistry } from '../testing/nested-fixtures';
import { ChildRowsWrite, LinksWrite } from './nested-plan';
import { NESTED_LIMITS, planWrite } from './write-planner';

const U1 = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const U2 = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

type Body = Record<string, unknown>;
const plan = (entity: string, body: Body, mode: 'create' | 'update' = 'create') =>
  planWrite(nestedRegistry, nestedEntity(entity), body, { mode });

/** A node chain `levels` relation levels deep. */
const chain = (levels: number): Body => (levels === 0 ? { name: 'leaf' } : { children: { data: [chain(levels - 1)] } });
const rows = <T>(n: number, row: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => row(i));

describe('planWrite: problems of the whole tree (02 §6, §7.1–7.2 phase 1)', () => {
  it.each<[string, string, Body, ErrorDetail[]]>([
    [
      'a valid tree has none',
      'invoice',
      {
        number: 'N',
        items: { data: [{ description: 'a', tax_lines: { data: [{ rate: 1 }, { id: 4, rate: '2' }] } }] },
        tags: { data: [{ no: 1 }, { id: '2' }] },
      },
      [],
    ],
    [
      'a relation value that is not an object',
      'invoice',
      { number: 'N', items: [] },
      [{ field: 'items', rule: 'invalid', message: 'items must be an object with a data array' }],
    ],
    [
      'data missing',
      'invoice',
      { number: 'N', items: { _write_mode: 'diff' } },
      [{ field: 'items', rule: 'invalid', message: 'items must be an object with a data array' }],
    ],
    [
      'a key beside _write_mode and data',
      'invoice',
      { number: 'N', items: { data: [], mode: 'append' } },
      [{ field: 'items.mode', rule: 'unknown', message: 'Unknown key in nested write: mode' }],
    ],
    [
      'an unknown mode is never a silent diff',
      'invoice',
      { number: 'N', items: { _write_mode: 'merge', data: [] }, tags: { _write_mode: null, data: [] } },
      [
        { field: 'items', rule: 'write_mode', message: '_write_mode must be diff, replace or append' },
        { field: 'tags', rule: 'write_mode', message: '_write_mode must be diff, replace or append' },
      ],
    ],
    [
      'a row that is not an object',
      'invoice',
      { number: 'N', items: { data: [null, 'x'] } },
      [
        { field: 'items[0]', rule: 'invalid', message: 'items[0] must be an object' },
        { field: 'items[1]', rule: 'invalid', message: 'items[1] must be an object' },
      ],
    ],
    [
      '_delete must be a boolean',
      'invoice',
      { number: 'N', items: { data: [{ id: U1, _delete: 'yes' }] } },
      [{ field: 'items[0]._delete', rule: 'type', message: '_delete must be a boolean' }],
    ],
    [
      '_delete without a PK',
      'invoice',
      { number: 'N', items: { data: [{ description: 'x', _delete: true }] } },
      [{ field: 'items[0].id', rule: 'required', message: 'id is required to delete a record' }],
    ],
    [
      'a PK that cannot be one: not_found without a query',
      'invoice',
      { number: 'N', items: { data: [{ id: 'abc', description: 'x' }, { id: 12 }] } },
      [
        { field: 'items[0].id', rule: 'not_found', message: 'item with id abc not found' },
        { field: 'items[1].id', rule: 'not_found', message: 'item with id 12 not found' },
      ],
    ],
    [
      'a create row: every rule, the injected FK exempt from required',
      'invoice',
      { number: 'N', items: { data: [{ quantity: 'x', colour: 'red' }] } },
      [
        {
          field: 'items[0].quantity',
          rule: 'type',
          message: 'quantity must be an integer between -2147483648 and 2147483647',
        },
        { field: 'items[0].colour', rule: 'unknown', message: 'Unknown field or relation: colour' },
        { field: 'items[0].description', rule: 'required', message: 'description is required' },
      ],
    ],
    [
      'an update row: only what it sets',
      'invoice',
      { number: 'N', items: { data: [{ id: U1, description: null }, { id: U2 }] } },
      [{ field: 'items[0].description', rule: 'required', message: 'description is required' }],
    ],
    [
      'a client FK is dropped, whatever its value',
      'invoice',
      {
        number: 'N',
        items: {
          data: [
            { description: 'a', invoice_id: 'garbage' },
            { id: U1, invoice_id: 5 },
          ],
        },
      },
      [],
    ],
    [
      'paths two levels down, in payload order',
      'invoice',
      {
        number: 7,
        items: { data: [{ description: 'a' }, { tax_lines: { data: [{ rate: 'x' }, {}] } }] },
      },
      [
        { field: 'number', rule: 'type', message: 'number must be a string' },
        { field: 'items[1].description', rule: 'required', message: 'description is required' },
        { field: 'items[1].tax_lines[0].rate', rule: 'type', message: 'rate must be a decimal number' },
        { field: 'items[1].tax_lines[1].rate', rule: 'required', message: 'rate is required' },
      ],
    ],
    [
      'the same child twice',
      'invoice',
      { number: 'N', items: { data: [{ id: U1 }, { id: U1.toUpperCase(), _delete: true }] } },
      [{ field: 'items[1].id', rule: 'duplicate', message: `item ${U1} appears more than once` }],
    ],
    [
      'append: PK rows are ignored, so not validated',
      'invoice',
      { number: 'N', items: { _write_mode: 'append', data: [{ id: U1, description: null }, { description: 'new' }] } },
      [],
    ],
    [
      'one_to_one: two rows that stay',
      'customer',
      { name: 'C', profile: { data: [{ bio: 'a' }, { bio: 'b' }] } },
      [{ field: 'profile', rule: 'one_to_one', message: 'profile holds at most one profile record' }],
    ],
    [
      'one_to_one: a new row and a deleted one',
      'customer',
      { name: 'C', profile: { data: [{ bio: 'a' }, { id: U1, _delete: true }] } },
      [],
    ],
    [
      'many_to_many: a row without an id',
      'invoice',
      { number: 'N', tags: { data: [{ label: 'x' }, { no: null, id: null }] } },
      [
        { field: 'tags[0].no', rule: 'required', message: 'no is required' },
        { field: 'tags[1].id', rule: 'required', message: 'id is required' },
      ],
    ],
    [
      'many_to_many: an id that cannot be one',
      'invoice',
      { number: 'N', tags: { data: [{ id: 'abc' }, { no: 1.5 }] } },
      [
        { field: 'tags[0].id', rule: 'not_found', message: 'tag with id abc not found' },
        { field: 'tags[1].no', rule: 'not_found', message: 'tag with id 1.5 not found' },
      ],
    ],
    [
      'many_to_many: other keys of a row are ignored',
      'invoice',
      { number: 'N', tags: { data: [{ no: 1, label: 5, bogus: true }] } },
      [],
    ],
    [
      'a poisoned key in a child row is just unknown',
      'invoice',
      { number: 'N', items: { data: [JSON.parse('{"description":"a","__proto__":{"x":1}}')] } },
      [{ field: 'items[0].__proto__', rule: 'unknown', message: 'Unknown field or relation: __proto__' }],
    ],
    ['depth 5 is allowed', 'node', chain(NESTED_LIMITS.depth), []],
    [
      'depth 6 is not',
      'node',
      chain(NESTED_LIMITS.depth + 1),
      [
        {
          field: 'children[0].children[0].children[0].children[0].children[0].children',
          rule: 'limit',
          message: 'Nested writes may be at most 5 levels deep',
        },
      ],
    ],
    [
      '1000 rows are allowed',
      'invoice',
      { number: 'N', items: { data: rows(1000, () => ({ description: 'd' })) } },
      [],
    ],
    [
      'row 1001 stops planning with one problem',
      'invoice',
      { number: 'N', items: { data: rows(1001, () => ({})) }, tags: { data: [{ no: 1 }] } },
      [
        ...rows(1000, (i) => ({
          field: `items[${i}].description`,
          rule: 'required',
          message: 'description is required',
        })),
        { field: 'items', rule: 'limit', message: 'A write may hold at most 1000 nested rows' },
      ],
    ],
    [
      'the row budget spans the tree',
      'invoice',
      {
        number: 'N',
        items: { data: rows(2, () => ({ description: 'd', tax_lines: { data: rows(500, () => ({ rate: 1 })) } })) },
      },
      [{ field: 'items[1].tax_lines', rule: 'limit', message: 'A write may hold at most 1000 nested rows' }],
    ],
  ])('%s', (_label, entity, body, problems) => {
    expect(plan(entity, body).problems).toEqual(problems);
  });
});

describe('planWrite: the plan', () => {
  it('1:N rows by PK and marker; the FK never in the values; nested plans under each row', () => {
    const { plan: root, problems } = plan(
      'invoice',
      {
        number: 'N',
        items: {
          data: [
            { id: U1.toUpperCase(), quantity: '3', invoice_id: U2, tax_lines: { data: [{ rate: 2 }] } },
            { description: 'new', invoice_id: U2 },
            { id: U2, _delete: true, description: 'ignored' },
          ],
        },
      },
      'update',
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(root.values)).toEqual({ number: 'N' });
    const [items] = root.nested as [ChildRowsWrite];
    expect([items.kind, items.key, items.path, items.relation.name, items.mode]).toEqual([
      'rows',
      'items',
      'items',
      'items',
      'diff',
    ]);
    const [update, create, remove] = items.rows;
    expect(update).toMatchObject({ op: 'update', path: 'items[0]', pk: U1, pkPath: 'items[0].id' });
    expect(create).toMatchObject({ op: 'create', path: 'items[1]' });
    expect(remove).toEqual({ op: 'delete', path: 'items[2]', pk: U2, pkPath: 'items[2].id' });
    if (update.op !== 'update' || create.op !== 'create') throw new Error('unexpected ops');
    expect(Object.fromEntries(update.plan.values)).toEqual({ quantity: 3 });
    expect(Object.fromEntries(create.plan.values)).toEqual({ description: 'new' });
    const [lines] = update.plan.nested as [ChildRowsWrite];
    expect(lines.path).toBe('items[0].tax_lines');
    expect(lines.rows).toMatchObject([{ op: 'create', path: 'items[0].tax_lines[0]' }]);
  });

  it('the mode: the relation write_mode unless _write_mode says otherwise', () => {
    const modes = (body: Body) => plan('invoice', { number: 'N', ...body }).plan.nested.map((w) => w.mode);
    expect(modes({ items: { data: [] }, tags: { data: [] } })).toEqual(['diff', 'replace']);
    expect(modes({ tags: { _write_mode: 'append', data: [] }, items: { _write_mode: 'replace', data: [] } })).toEqual([
      'append',
      'replace',
    ]);
  });

  it('append drops PK rows (1:N) and unlinks (M:N) already in phase 1', () => {
    const { plan: root } = plan('invoice', {
      number: 'N',
      items: {
        _write_mode: 'append',
        data: [{ id: U1, quantity: 1 }, { id: U2, _delete: true }, { description: 'x' }],
      },
      tags: { _write_mode: 'append', data: [{ no: 1, _delete: true }, { no: 2 }] },
    });
    const [items, tags] = root.nested as [ChildRowsWrite, LinksWrite];
    expect(items.rows.map((r) => r.op)).toEqual(['create']);
    expect(tags.links).toEqual([{ id: 2, path: 'tags[1].no', unlink: false }]);
  });

  it('M:N ids: `id` or the PK field, coerced, de-duplicated; the last row decides, the first path is kept', () => {
    const { plan: root } = plan('invoice', {
      number: 'N',
      tags: { _write_mode: 'diff', data: [{ id: '7' }, { no: 8 }, { no: 7, _delete: true }, { id: 8 }] },
    });
    const [tags] = root.nested as [LinksWrite];
    expect(tags.links).toEqual([
      { id: 7, path: 'tags[0].id', unlink: true },
      { id: 8, path: 'tags[1].no', unlink: false },
    ]);
  });

  it('a self relation nests like any other', () => {
    const { plan: root, problems } = plan('node', chain(2));
    expect(problems).toEqual([]);
    const [level1] = root.nested as [ChildRowsWrite];
    const first = level1.rows[0];
    if (first.op !== 'create') throw new Error('expected a create');
    expect((first.plan.nested[0] as ChildRowsWrite).rows[0].path).toBe('children[0].children[0]');
  });
});
