import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

/**
 * Every filter operator on every field type it applies to (02 §3.1). The
 * expected ids are computed from the seeded records with the same semantics
 * in JavaScript, so a wrong SQL operator or coercion shows up as a mismatch.
 */
describe('list filters (02 §3.1)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  let rows: any[];

  const item = {
    name: 'item',
    table: 'items',
    primary_key: { field: 'id', type: 'uuid', generated: true },
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true, unique: true },
      { name: 'body', type: 'text' },
      { name: 'qty', type: 'int' },
      { name: 'big', type: 'bigint' },
      { name: 'ratio', type: 'float' },
      { name: 'price', type: 'decimal', precision: 2 },
      { name: 'active', type: 'boolean' },
      { name: 'ref', type: 'uuid' },
      { name: 'at', type: 'timestamp' },
      { name: 'day', type: 'date' },
      { name: 'meta', type: 'json' },
      { name: 'kind', type: 'string', enum: ['a', 'b', 'c'] },
    ],
  };
  const seed = [
    {
      name: 'alpha',
      body: 'first body',
      qty: 1,
      big: 9007199254740000,
      ratio: 0.5,
      price: 10.25,
      active: true,
      ref: '11111111-1111-4111-8111-111111111111',
      at: '2024-01-01T10:00:00Z',
      day: '2024-01-01',
      meta: { a: 1 },
      kind: 'a',
    },
    {
      name: 'beta',
      body: 'second',
      qty: 2,
      big: -5,
      ratio: 1.5,
      price: 20,
      active: false,
      ref: '22222222-2222-4222-8222-222222222222',
      at: '2024-02-01T10:00:00Z',
      day: '2024-02-01',
      meta: [1, 2],
      kind: 'b',
    },
    {
      name: 'gamma',
      body: '',
      qty: 3,
      big: 0,
      ratio: -2,
      price: 30.5,
      active: true,
      ref: '33333333-3333-4333-8333-333333333333',
      at: '2024-03-01T10:00:00.500Z',
      day: '2024-03-01',
      meta: null,
      kind: 'c',
    },
    {
      name: 'delta_x',
      body: null,
      qty: null,
      big: null,
      ratio: null,
      price: null,
      active: null,
      ref: null,
      at: null,
      day: null,
      meta: 'x',
      kind: null,
    },
    {
      name: 'Alpha2',
      body: 'first again',
      qty: 10,
      big: 100,
      ratio: 100.25,
      price: 0.01,
      active: false,
      ref: '11111111-1111-4111-8111-111111111111',
      at: '2023-12-31T23:59:59Z',
      day: '2023-12-31',
      meta: {},
      kind: 'a',
    },
  ];

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, [item]);
    rows = await insertRecords(server, app, token, 'item', seed);
  });
  afterAll(() => server.close());

  async function ids(query: string): Promise<string[]> {
    const res = await server.get(`/api/${app}/item?per_page=100&${query}`, { token });
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.map((r: any) => r.name).sort();
  }

  const names = (pred: (r: any) => boolean) =>
    rows
      .filter(pred)
      .map((r) => r.name)
      .sort();
  const cmp = (a: unknown, b: unknown) => ((a as any) < (b as any) ? -1 : (a as any) > (b as any) ? 1 : 0);
  // SQL semantics: NULL never matches a comparison.
  const ops: Record<string, (v: unknown, x: unknown) => boolean> = {
    eq: (v, x) => v !== null && cmp(v, x) === 0,
    neq: (v, x) => v !== null && cmp(v, x) !== 0,
    gt: (v, x) => v !== null && cmp(v, x) > 0,
    gte: (v, x) => v !== null && cmp(v, x) >= 0,
    lt: (v, x) => v !== null && cmp(v, x) < 0,
    lte: (v, x) => v !== null && cmp(v, x) <= 0,
  };
  const cases: Array<[string, string, (v: any) => unknown]> = [
    ['name', 'beta', (v) => v],
    ['body', 'first body', (v) => v],
    ['qty', '2', Number],
    ['big', '0', Number],
    ['ratio', '0.5', Number],
    ['price', '20', Number],
    ['at', '2024-02-01T10:00:00Z', (v) => (v === null ? null : Date.parse(v))],
    ['day', '2024-02-01', (v) => v],
  ];
  for (const [field, raw, norm] of cases) {
    for (const op of Object.keys(ops)) {
      it(`${field}.${op}=${raw}`, async () => {
        const expected = names((r) => ops[op](r[field] === null ? null : norm(r[field]), norm(raw)));
        const q =
          op === 'eq'
            ? `filter[${field}]=${encodeURIComponent(raw)}`
            : `filter[${field}.${op}]=${encodeURIComponent(raw)}`;
        expect(await ids(q)).toEqual(expected);
      });
    }
  }

  it.each([
    ['filter[active]=true', (r: any) => r.active === true],
    ['filter[active]=0', (r: any) => r.active === false],
    ['filter[active.neq]=TRUE', (r: any) => r.active === false],
    ['filter[ref]=11111111-1111-4111-8111-111111111111', (r: any) => r.ref === '11111111-1111-4111-8111-111111111111'],
    [
      'filter[ref]=11111111-1111-4111-8111-111111111111'.toUpperCase().replace('FILTER[REF]', 'filter[ref]'),
      (r: any) => r.ref === '11111111-1111-4111-8111-111111111111',
    ],
    [
      'filter[ref.neq]=11111111-1111-4111-8111-111111111111',
      (r: any) => r.ref !== null && r.ref !== '11111111-1111-4111-8111-111111111111',
    ],
    ['filter[name.in]=alpha,%20beta,zzz', (r: any) => ['alpha', 'beta'].includes(r.name)],
    ['filter[name.not_in]=alpha,beta', (r: any) => !['alpha', 'beta'].includes(r.name)],
    ['filter[qty.in]=1,3,99', (r: any) => [1, 3].includes(r.qty)],
    ['filter[qty.not_in]=1,3', (r: any) => r.qty !== null && ![1, 3].includes(r.qty)],
    ['filter[kind.in]=a,c', (r: any) => ['a', 'c'].includes(r.kind)],
    ['filter[day.in]=2024-01-01,2024-03-01', (r: any) => ['2024-01-01', '2024-03-01'].includes(r.day)],
    [
      'filter[ref.in]=22222222-2222-4222-8222-222222222222,33333333-3333-4333-8333-333333333333',
      (r: any) => ['2', '3'].includes(r.ref?.[0]),
    ],
    ['filter[name.like]=alph%25', (r: any) => r.name.startsWith('alph')],
    ['filter[name.like]=%25a_x', (r: any) => /a.x$/.test(r.name)],
    ['filter[body.like]=first%25', (r: any) => r.body?.startsWith('first')],
    ['filter[body]=', (r: any) => r.body === ''],
    ['filter[qty.gte]=2&filter[qty.lt]=10', (r: any) => r.qty >= 2 && r.qty < 10],
    ['filter[kind]=a&filter[kind]=b', () => false],
    ['filter%5Bname%5D=gamma', (r: any) => r.name === 'gamma'],
    ['unrelated=1&filter[name]=beta', (r: any) => r.name === 'beta'],
  ])('%s', async (query, pred) => {
    expect(await ids(query)).toEqual(names(pred));
  });

  it.each([
    ['filter[colour]=red', 400, 'UNKNOWN_FIELD', 'Unknown filter field: colour'],
    ['filter[name.approx]=x', 400, 'INVALID_PAYLOAD', 'Unknown filter operator: approx'],
    ['filter[qty]=abc', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[qty]=3000000000', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[qty]=', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[big]=1.5', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[price]=12abc', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[active]=yes', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[ref]=not-a-uuid', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[day]=2024-13-01', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[at]=yesterday', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[qty.like]=1%25', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[meta]=x', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[]=x', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[name=x', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[a[b]]=x', 400, 'INVALID_PAYLOAD', undefined],
    ['filter[customer.name]=x', 400, 'UNKNOWN_FIELD', 'Unknown filter field: customer'],
  ])('%s → %i %s', async (query, status, code, message) => {
    const res = await server.get(`/api/${app}/item?${query}`, { token });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (message) expect(res.body.error.message).toBe(message);
  });

  it('limits the number of conditions and list items', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `filter[qty.neq]=${i}`).join('&');
    expect((await server.get(`/api/${app}/item?${many}`, { token })).status).toBe(400);
    const list = Array.from({ length: 501 }, (_, i) => i).join(',');
    expect((await server.get(`/api/${app}/item?filter[qty.in]=${list}`, { token })).status).toBe(400);
  });
});
