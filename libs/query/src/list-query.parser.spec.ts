import { AppError } from '@rocket/errors';
import { parseListQuery } from './list-query.parser';
import { RawQuery } from './list-query.types';
import { entityOf, registry } from './testing/fixtures';

const sample = entityOf('sample');
const ticket = entityOf('ticket');
const parse = (query: RawQuery, entity = sample) => parseListQuery(registry, entity, query);

/** The AppError thrown by fn (fails the test when nothing or something else is thrown). */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const summary = (err: AppError) => ({ status: err.status, code: err.code, message: err.message });

/** Per comparable field of `sample`: a raw single value, its coercion, a raw list and its coercion. */
const KINDS: [field: string, raw: string, value: unknown, list: string, values: unknown[]][] = [
  ['s', 'abc', 'abc', 'a, b ,', ['a', 'b', '']],
  ['t', 'long text', 'long text', 'x,y', ['x', 'y']],
  ['i', '-5', -5, '1, 2,3', [1, 2, 3]],
  ['n', '7', 7, '7', [7]],
  ['b', '9007199254740991', 9007199254740991, '1,-1', [1, -1]],
  ['f', '1.5', 1.5, '1.5, 2', [1.5, 2]],
  ['d', '12.50', 12.5, '0.1,0.2', [0.1, 0.2]],
  ['flag', 'TRUE', true, 'true,0', [true, false]],
  [
    'u',
    '4F1C2A9E-0B9E-4C1D-8E2F-1234567890AB',
    '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab',
    '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab, 00000000-0000-0000-0000-000000000000',
    ['4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab', '00000000-0000-0000-0000-000000000000'],
  ],
  [
    'ts',
    '2025-01-15T10:30:00+01:00',
    '2025-01-15T09:30:00.000Z',
    '2025-01-15, 2025-01-16T00:00:00Z',
    ['2025-01-15T00:00:00.000Z', '2025-01-16T00:00:00.000Z'],
  ],
  ['dt', '2025-01-15', '2025-01-15', '2025-01-15,2025-01-16', ['2025-01-15', '2025-01-16']],
];
const SCALAR_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const TEXT_FIELDS = new Set(['s', 't']);

describe('parseListQuery: filters, every operator × field kind', () => {
  describe.each(KINDS)('field %s', (field, raw, value, list, values) => {
    it('filter[f] defaults to eq', () => {
      expect(parse({ [`filter[${field}]`]: raw }).filters).toEqual([
        { field: sample.fieldsByName.get(field), op: 'eq', value },
      ]);
    });

    it.each(SCALAR_OPS)('%s takes one coerced value', (op) => {
      expect(parse({ [`filter[${field}.${op}]`]: raw }).filters).toEqual([
        { field: sample.fieldsByName.get(field), op, value },
      ]);
    });

    it.each(['in', 'not_in'] as const)('%s takes a trimmed, coerced comma list', (op) => {
      expect(parse({ [`filter[${field}.${op}]`]: list }).filters).toEqual([
        { field: sample.fieldsByName.get(field), op, values },
      ]);
    });

    it('like is for string and text only', () => {
      if (TEXT_FIELDS.has(field)) {
        expect(parse({ [`filter[${field}.like]`]: 'INV-%_' }).filters).toEqual([
          { field: sample.fieldsByName.get(field), op: 'like', value: 'INV-%_' },
        ]);
      } else {
        expect(summary(errorOf(() => parse({ [`filter[${field}.like]`]: raw })))).toEqual({
          status: 400,
          code: 'INVALID_PAYLOAD',
          message: `Operator like requires a string or text field: ${field}`,
        });
      }
    });

    it('an empty value is valid for text fields only', () => {
      if (TEXT_FIELDS.has(field)) {
        expect(parse({ [`filter[${field}]`]: '' }).filters).toEqual([
          { field: sample.fieldsByName.get(field), op: 'eq', value: '' },
        ]);
      } else {
        const err = errorOf(() => parse({ [`filter[${field}]`]: '' }));
        expect(err.code).toBe('INVALID_PAYLOAD');
        expect(err.message).toMatch(new RegExp(`^Invalid filter value for ${field}: `));
      }
    });
  });

  it.each(['j', 'fl'])('no operator is allowed on the json/file field %s', (field) => {
    for (const op of ['', '.eq', '.neq', '.gt', '.in', '.not_in', '.like']) {
      expect(summary(errorOf(() => parse({ [`filter[${field}${op}]`]: 'x' })))).toEqual({
        status: 400,
        code: 'INVALID_PAYLOAD',
        message: `Cannot filter on ${field === 'j' ? 'json' : 'file'} field: ${field}`,
      });
    }
  });

  it('splits at the first dot and keeps the order of the query string', () => {
    const parsed = parse({ 'filter[s.in]': 'a.b,c', 'filter[i.gte]': '1', 'filter[s]': 'x.y' });
    expect(parsed.filters.map((f) => [f.field.name, f.op, 'values' in f ? f.values : f.value])).toEqual([
      ['s', 'in', ['a.b', 'c']],
      ['i', 'gte', 1],
      ['s', 'eq', 'x.y'],
    ]);
  });

  it('a repeated key yields one condition per occurrence', () => {
    expect(parse({ 'filter[i.gt]': ['1', '5'] }).filters.map((f) => ('value' in f ? f.value : f.values))).toEqual([
      1, 5,
    ]);
  });

  it('keeps string values as sent (no trimming, wildcards and quotes untouched)', () => {
    expect(parse({ 'filter[s]': " O'Brien; drop table x -- " }).filters[0]).toMatchObject({
      value: " O'Brien; drop table x -- ",
    });
  });

  it('ignores keys that do not start with filter[', () => {
    expect(
      parse({ filter: 'x', 'filters[s]': 'x', 'Filter[s]': 'x', fields: 'a', 'x[filter[s]]': '1', q: undefined }),
    ).toEqual({ filters: [], sort: [], page: 1, perPage: 25, includes: [], withTotal: true });
  });

  it('skips undefined values', () => {
    expect(parse({ 'filter[s]': undefined }).filters).toEqual([]);
  });
});

describe('parseListQuery: filter errors', () => {
  it.each<[string, RawQuery, number, string, string]>([
    ['empty brackets', { 'filter[]': 'x' }, 400, 'INVALID_PAYLOAD', 'Malformed filter key: filter[]'],
    ['missing ]', { 'filter[s': 'x' }, 400, 'INVALID_PAYLOAD', 'Malformed filter key: filter[s'],
    ['trailing text', { 'filter[s]x': 'x' }, 400, 'INVALID_PAYLOAD', 'Malformed filter key: filter[s]x'],
    ['nested brackets', { 'filter[s[eq]]': 'x' }, 400, 'INVALID_PAYLOAD', 'Malformed filter key: filter[s[eq]]'],
    ['two bracket pairs', { 'filter[s][eq]': 'x' }, 400, 'INVALID_PAYLOAD', 'Malformed filter key: filter[s][eq]'],
    ['unknown field', { 'filter[colour]': 'red' }, 400, 'UNKNOWN_FIELD', 'Unknown filter field: colour'],
    ['field case', { 'filter[S]': 'x' }, 400, 'UNKNOWN_FIELD', 'Unknown filter field: S'],
    ['empty field', { 'filter[.eq]': 'x' }, 400, 'UNKNOWN_FIELD', 'Unknown filter field: '],
    ['relation path', { 'filter[customer.name]': 'x' }, 400, 'UNKNOWN_FIELD', 'Unknown filter field: customer'],
    ['unknown operator', { 'filter[s.contains]': 'x' }, 400, 'INVALID_PAYLOAD', 'Unknown filter operator: contains'],
    ['operator case', { 'filter[s.EQ]': 'x' }, 400, 'INVALID_PAYLOAD', 'Unknown filter operator: EQ'],
    ['empty operator', { 'filter[s.]': 'x' }, 400, 'INVALID_PAYLOAD', 'Unknown filter operator: '],
    ['dotted operator', { 'filter[s.eq.x]': 'x' }, 400, 'INVALID_PAYLOAD', 'Unknown filter operator: eq.x'],
    [
      'prototype operator',
      { 'filter[s.constructor]': 'x' },
      400,
      'INVALID_PAYLOAD',
      'Unknown filter operator: constructor',
    ],
    ['proto operator', { 'filter[s.__proto__]': 'x' }, 400, 'INVALID_PAYLOAD', 'Unknown filter operator: __proto__'],
    [
      'bad value',
      { 'filter[i]': 'abc' },
      400,
      'INVALID_PAYLOAD',
      'Invalid filter value for i: must be an integer between -2147483648 and 2147483647',
    ],
    [
      'bad list item',
      { 'filter[u.in]': '4f1c2a9e-0b9e-4c1d-8e2f-1234567890ab,x' },
      400,
      'INVALID_PAYLOAD',
      'Invalid filter value for u: must be a UUID',
    ],
    [
      'empty list item',
      { 'filter[i.not_in]': '1,,2' },
      400,
      'INVALID_PAYLOAD',
      'Invalid filter value for i: must be an integer between -2147483648 and 2147483647',
    ],
    [
      'boolean word',
      { 'filter[flag]': 'yes' },
      400,
      'INVALID_PAYLOAD',
      'Invalid filter value for flag: must be true, false, 1 or 0',
    ],
    [
      'NUL in text',
      { 'filter[s]': 'a\u0000' },
      400,
      'INVALID_PAYLOAD',
      'Invalid filter value for s: must not contain NUL characters',
    ],
  ])('%s', (_label, query, status, code, message) => {
    expect(summary(errorOf(() => parse(query)))).toEqual({ status, code, message });
  });

  it('allows 50 conditions and refuses 51', () => {
    const conditions = (n: number) => ({ 'filter[i.gt]': Array.from({ length: n }, (_, i) => String(i)) });
    expect(parse(conditions(50)).filters).toHaveLength(50);
    expect(summary(errorOf(() => parse(conditions(51))))).toEqual({
      status: 400,
      code: 'INVALID_PAYLOAD',
      message: 'Too many filter conditions (max 50)',
    });
  });

  it('counts conditions across keys, before looking at them', () => {
    const query: RawQuery = { 'filter[nope]': Array.from({ length: 30 }, () => 'x') };
    query['filter[also_nope]'] = Array.from({ length: 21 }, () => 'x');
    expect(errorOf(() => parse(query)).message).toBe('Too many filter conditions (max 50)');
  });

  it('allows 500 list items and refuses 501, counted over all lists', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => String(i)).join(',');
    expect(parse({ 'filter[i.in]': items(500) }).filters).toHaveLength(1);
    const tooMany = { status: 400, code: 'INVALID_PAYLOAD', message: 'Too many filter list items (max 500)' };
    expect(summary(errorOf(() => parse({ 'filter[i.in]': items(501) })))).toEqual(tooMany);
    expect(summary(errorOf(() => parse({ 'filter[i.in]': items(250), 'filter[s.not_in]': items(251) })))).toEqual(
      tooMany,
    );
  });
});

describe('parseListQuery: sort', () => {
  const field = (name: string) => ticket.fieldsByName.get(name);

  it.each<[string | string[], [string, boolean][]]>([
    ['title', [['title', false]]],
    [
      '-created_at,title',
      [
        ['created_at', true],
        ['title', false],
      ],
    ],
    [
      ' title , ,-status,',
      [
        ['title', false],
        ['status', true],
      ],
    ],
    ['id', [['id', false]]],
    [
      ['title', '-status'],
      [
        ['title', false],
        ['status', true],
      ],
    ],
    ['', []],
    [',,', []],
  ])('%j', (sort, expected) => {
    expect(parseListQuery(registry, ticket, { sort }).sort).toEqual(
      expected.map(([name, desc]) => ({ field: field(name), desc })),
    );
  });

  it.each<[string, number, string, string]>([
    ['nope', 400, 'UNKNOWN_FIELD', 'Unknown sort field: nope'],
    ['-nope', 400, 'UNKNOWN_FIELD', 'Unknown sort field: nope'],
    ['-', 400, 'UNKNOWN_FIELD', 'Unknown sort field: '],
    ['--title', 400, 'UNKNOWN_FIELD', 'Unknown sort field: -title'],
    ['+title', 400, 'UNKNOWN_FIELD', 'Unknown sort field: +title'],
    ['title desc', 400, 'UNKNOWN_FIELD', 'Unknown sort field: title desc'],
  ])('%j is refused', (sort, status, code, message) => {
    expect(summary(errorOf(() => parseListQuery(registry, ticket, { sort })))).toEqual({ status, code, message });
  });

  it.each([
    ['j', 'Cannot sort on json field: j'],
    ['-fl', 'Cannot sort on file field: fl'],
  ])('%s (json/file) → 400', (sort, message) => {
    expect(summary(errorOf(() => parse({ sort })))).toEqual({ status: 400, code: 'INVALID_PAYLOAD', message });
  });

  it('allows 10 sort fields and refuses 11', () => {
    expect(parse({ sort: Array(10).fill('s').join(',') }).sort).toHaveLength(10);
    expect(summary(errorOf(() => parse({ sort: Array(11).fill('s').join(',') })))).toEqual({
      status: 400,
      code: 'INVALID_PAYLOAD',
      message: 'Too many sort fields (max 10)',
    });
  });
});

describe('parseListQuery: pagination', () => {
  it.each<[RawQuery, number, number]>([
    [{}, 1, 25],
    [{ page: '3', per_page: '10' }, 3, 10],
    [{ page: '007', per_page: '050' }, 7, 50],
    [{ per_page: '100' }, 1, 100],
    [{ per_page: '101' }, 1, 100],
    [{ per_page: '99999999999999999999999' }, 1, 100],
    [{ page: '0', per_page: '0' }, 1, 25],
    [{ page: '-1', per_page: '-5' }, 1, 25],
    [{ page: '1.5', per_page: '2.5' }, 1, 25],
    [{ page: 'abc', per_page: '' }, 1, 25],
    [{ page: ' 2', per_page: '+5' }, 1, 25],
    [{ page: '1e3', per_page: '0x10' }, 1, 25],
    [{ page: ['2', '3'], per_page: ['5'] }, 1, 25],
    [{ page: '9007199254740991' }, 9007199254740991, 25],
    [{ page: '9007199254740992' }, 1, 25],
  ])('%j → page %i, per_page %i', (query, page, perPage) => {
    expect(parse(query)).toMatchObject({ page, perPage });
  });
});

describe('parseListQuery: include', () => {
  const customer = entityOf('customer');
  const keys = (query: RawQuery, entity = ticket) =>
    parseListQuery(registry, entity, query).includes.map((i) => [i.key, i.relation.name]);

  it.each<[string, string | string[], [string, string][]]>([
    ['relation name', 'ticket_responses', [['ticket_responses', 'ticket_responses']]],
    ['target entity name', 'response', [['response', 'ticket_responses']]],
    ['source entity name (reverse)', 'customer', [['customer', 'ticket_customer']]],
    ['<entity>_<key> name', 'tags', [['tags', 'ticket_tags']]],
    [
      'trimmed, empty entries ignored',
      ' tags, ,customer,',
      [
        ['tags', 'ticket_tags'],
        ['customer', 'ticket_customer'],
      ],
    ],
    [
      'repeated key',
      ['tags', 'customer'],
      [
        ['tags', 'ticket_tags'],
        ['customer', 'ticket_customer'],
      ],
    ],
    ['same name twice', 'tags,tags', [['tags', 'ticket_tags']]],
    [
      'two names, one relation',
      'tags,tag',
      [
        ['tags', 'ticket_tags'],
        ['tag', 'ticket_tags'],
      ],
    ],
    ['blank', ' ', []],
  ])('%s', (_label, include, expected) => {
    expect(keys({ include })).toEqual(expected);
  });

  it('resolves from the other side too', () => {
    expect(keys({ include: 'ticket_customer,profile,emails' }, customer)).toEqual([
      ['ticket_customer', 'ticket_customer'],
      ['profile', 'profile'],
      ['emails', 'emails'],
    ]);
  });

  it.each([
    ['nope', 'Unknown include: nope'],
    ['customer.profile', 'Unknown include: customer.profile'],
    ['tags.ticket', 'Unknown include: tags.ticket'],
    // Two agent→ticket relations: ambiguous is unknown (01 §5.1).
    ['agent', 'Unknown include: agent'],
    ['Customer', 'Unknown include: Customer'],
    // A relation not involving ticket.
    ['emails', 'Unknown include: emails'],
  ])('%s → 400 UNKNOWN_FIELD', (include, message) => {
    expect(summary(errorOf(() => keys({ include })))).toEqual({ status: 400, code: 'UNKNOWN_FIELD', message });
  });

  it('allows 20 names and refuses 21', () => {
    expect(keys({ include: Array(20).fill('tags').join(',') })).toHaveLength(1);
    expect(summary(errorOf(() => keys({ include: Array(21).fill('tags').join(',') })))).toEqual({
      status: 400,
      code: 'INVALID_PAYLOAD',
      message: 'Too many includes (max 20)',
    });
  });
});

describe('parseListQuery: total', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['false', false],
    ['true', true],
    ['0', true],
  ])('total=%s → withTotal %s', (total, withTotal) => {
    expect(parse({ total }).withTotal).toBe(withTotal);
  });
});

/** Hostile names in every place a name is read: all refused with a 4xx before any SQL exists. */
describe('parseListQuery: injection attempts', () => {
  const HOSTILE = [
    'name;drop table x',
    '"x"',
    'a.b.c',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    "title' or '1'='1",
    'title)--',
    '*',
    'id desc',
    'deleted_at"',
    'TITLE',
    '',
  ];

  it.each(HOSTILE)('filter field %j', (name) => {
    const err = errorOf(() => parseListQuery(registry, ticket, { [`filter[${name}]`]: 'x' }));
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
    expect(['UNKNOWN_FIELD', 'INVALID_PAYLOAD']).toContain(err.code);
  });

  it.each(HOSTILE)('filter operator %j', (name) => {
    const err = errorOf(() => parseListQuery(registry, ticket, { [`filter[title.${name}]`]: 'x' }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('INVALID_PAYLOAD');
  });

  it.each(HOSTILE.filter((n) => n !== ''))('sort %j', (name) => {
    for (const sort of [name, `-${name}`, `title,${name}`]) {
      const err = errorOf(() => parseListQuery(registry, ticket, { sort }));
      expect(summary(err)).toMatchObject({ status: 400, code: 'UNKNOWN_FIELD' });
    }
  });

  it.each(HOSTILE.filter((n) => n.trim() !== '' && !n.includes(',')))('include %j', (name) => {
    const err = errorOf(() => parseListQuery(registry, ticket, { include: name }));
    expect(summary(err)).toEqual({ status: 400, code: 'UNKNOWN_FIELD', message: `Unknown include: ${name}` });
  });
});
