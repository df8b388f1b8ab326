import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };

/** invoice → items → tax_lines → notes (depth 3), customer → profile (1:1), invoice ↔ tags (M:N). */
const ENTITIES = [
  {
    name: 'customer',
    table: 'customers',
    primary_key: uuidPk,
    fields: [idField, { name: 'name', type: 'string', required: true }, { name: 'code', type: 'string', unique: true }],
  },
  {
    name: 'invoice',
    table: 'invoices',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [
      idField,
      { name: 'number', type: 'string', required: true, unique: true },
      { name: 'total', type: 'decimal', precision: 2, default: 0 },
      { name: 'customer_id', type: 'uuid' },
    ],
  },
  {
    name: 'item',
    table: 'items',
    primary_key: uuidPk,
    slug: { field: 'slug', source: 'description' },
    fields: [
      idField,
      { name: 'invoice_id', type: 'uuid', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'slug', type: 'string', required: true, unique: true },
      { name: 'sku', type: 'string', unique: true },
      { name: 'quantity', type: 'int', required: true, default: 1 },
    ],
  },
  {
    name: 'tax_line',
    table: 'tax_lines',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [
      { name: 'id', type: 'int', required: true },
      { name: 'item_id', type: 'uuid', required: true },
      { name: 'rate', type: 'decimal', precision: 2, required: true },
      { name: 'code', type: 'string', unique: true },
    ],
  },
  {
    name: 'tax_note',
    table: 'tax_notes',
    primary_key: uuidPk,
    fields: [idField, { name: 'tax_line_id', type: 'int', required: true }, { name: 'text', type: 'string' }],
  },
  {
    name: 'profile',
    table: 'profiles',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [idField, { name: 'customer_id', type: 'uuid' }, { name: 'bio', type: 'text' }],
  },
  {
    name: 'tag',
    table: 'tags',
    primary_key: uuidPk,
    soft_delete: true,
    fields: [idField, { name: 'label', type: 'string', required: true }],
  },
  {
    name: 'node',
    table: 'nodes',
    primary_key: { field: 'id', type: 'bigint', generated: true },
    fields: [
      { name: 'id', type: 'bigint', required: true },
      { name: 'parent_id', type: 'bigint' },
      { name: 'name', type: 'string' },
    ],
  },
];

const rel = (name: string, source: string, target: string, target_key: string, extra: object = {}) => ({
  name,
  type: 'one_to_many',
  source,
  target,
  target_key,
  on_delete: 'cascade',
  ...extra,
});

const RELATIONS = [
  rel('invoices', 'customer', 'invoice', 'customer_id', { on_delete: 'set_null' }),
  rel('items', 'invoice', 'item', 'invoice_id'),
  rel('tax_lines', 'item', 'tax_line', 'item_id'),
  rel('notes', 'tax_line', 'tax_note', 'tax_line_id'),
  rel('profile', 'customer', 'profile', 'customer_id', { type: 'one_to_one' }),
  rel('children', 'node', 'node', 'parent_id'),
  {
    name: 'tags',
    type: 'many_to_many',
    source: 'invoice',
    target: 'tag',
    join_table: 'invoice_tag_links',
    source_join_key: 'invoice_id',
    target_join_key: 'tag_id',
    on_delete: 'detach',
    write_mode: 'replace',
  },
];

describe('nested writes (02 §7)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  let red: any, green: any, blue: any, gone: any;
  let seq = 0;

  const sql = (text: string, params: unknown[] = []) => server.sql(`rocket_${app}`, text, params);
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n);
  const post = (entity: string, body: object) => server.post(`/api/${app}/${entity}`, { token, body });
  const put = (entity: string, id: string | number, body: object) =>
    server.put(`/api/${app}/${entity}/${id}`, { token, body });
  const number = () => `INV-${++seq}`;
  /** The live items of an invoice, by description. */
  const itemsOf = async (invoiceId: string) =>
    sql('SELECT id, description, quantity, sku FROM items WHERE invoice_id = $1 ORDER BY description', [invoiceId]);
  const tagsOf = async (invoiceId: string) =>
    (
      await sql(
        'SELECT t.label FROM invoice_tag_links l JOIN tags t ON t.id = l.tag_id WHERE l.invoice_id = $1 ORDER BY 1',
        [invoiceId],
      )
    ).map((r) => r.label);
  /** An invoice with items A, B, C (and their ids). */
  const invoiceWithItems = async () => {
    const res = await post('invoice', {
      number: number(),
      items: { data: [{ description: 'A' }, { description: 'B' }, { description: 'C' }] },
    });
    expect(res.status).toBe(201);
    const items = await itemsOf(res.body.data.id);
    return { invoice: res.body.data, a: items[0].id, b: items[1].id, c: items[2].id };
  };

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, ENTITIES, RELATIONS);
    [red, green, blue, gone] = await insertRecords(server, app, token, 'tag', [
      { label: 'red' },
      { label: 'green' },
      { label: 'blue' },
      { label: 'gone' },
    ]);
    expect((await server.delete(`/api/${app}/tag/${gone.id}`, { token })).status).toBe(200);
    // A tax line code later writes collide with.
    const taken = { description: 'taken', tax_lines: { data: [{ rate: 1, code: 'TAKEN' }] } };
    expect((await post('invoice', { number: number(), items: { data: [taken] } })).status).toBe(201);
  });
  afterAll(() => server.close());

  describe('create', () => {
    it('writes a tree three levels deep, children through their own stages, parent keys injected', async () => {
      const other = await post('invoice', { number: number() });
      const res = await post('invoice', {
        number: number(),
        total: '12.5',
        items: {
          data: [
            {
              description: 'Widget A',
              sku: 'W-A',
              invoice_id: other.body.data.id, // overwritten by the parent key
              tax_lines: {
                data: [
                  { rate: 19, code: 'VAT-A', notes: { data: [{ text: 'deep' }, { text: 'deeper' }] } },
                  { rate: '7.5' },
                ],
              },
            },
            { description: 'Widget A', quantity: 4 },
          ],
        },
        tags: { data: [{ id: red.id }, { id: blue.id }, { id: red.id }] },
      });
      expect(res.status).toBe(201);
      // The parent only: children are not embedded.
      expect(Object.keys(res.body.data).sort()).toEqual(['customer_id', 'deleted_at', 'id', 'number', 'total']);
      const invoiceId = res.body.data.id;
      const items = await sql('SELECT * FROM items WHERE invoice_id = $1 ORDER BY quantity', [invoiceId]);
      // Defaults and slugs come from the same stages a top-level row goes through.
      expect(items.map((i) => [i.description, i.slug, i.quantity, i.sku])).toEqual([
        ['Widget A', 'widget-a', 1, 'W-A'],
        ['Widget A', 'widget-a-2', 4, null],
      ]);
      expect(await count('items', 'invoice_id = $1', [other.body.data.id])).toBe(0);
      const lines = await sql('SELECT id, rate, code FROM tax_lines WHERE item_id = $1 ORDER BY id', [items[0].id]);
      expect(lines.map((l) => [l.rate, l.code])).toEqual([
        ['19.00', 'VAT-A'],
        ['7.50', null],
      ]);
      expect(await count('tax_notes', 'tax_line_id = $1', [lines[0].id])).toBe(2);
      expect(await tagsOf(invoiceId)).toEqual(['blue', 'red']); // de-duplicated
    });

    it('one_to_one child on create', async () => {
      const res = await post('customer', { name: 'Solo', profile: { data: [{ bio: 'hi' }] } });
      expect(res.status).toBe(201);
      expect(await sql('SELECT bio FROM profiles WHERE customer_id = $1', [res.body.data.id])).toEqual([{ bio: 'hi' }]);
    });

    it('all problems of the tree in one 422 with index paths, nothing written', async () => {
      const before = await count('invoices');
      const res = await post('invoice', {
        number: 5,
        bogus: true,
        items: {
          data: [
            { description: 'ok' },
            { quantity: 'many' },
            { description: 'x', tax_lines: { data: [{ rate: 'high' }, { code: 'c' }] } },
            { id: 'not-a-uuid', quantity: 2 },
            { _delete: true },
            'not an object',
          ],
        },
        tags: { _write_mode: 'sometimes', data: [] },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        { field: 'number', rule: 'type', message: 'number must be a string' },
        { field: 'bogus', rule: 'unknown', message: 'Unknown field or relation: bogus' },
        {
          field: 'items[1].quantity',
          rule: 'type',
          message: 'quantity must be an integer between -2147483648 and 2147483647',
        },
        { field: 'items[1].description', rule: 'required', message: 'description is required' },
        { field: 'items[2].tax_lines[0].rate', rule: 'type', message: 'rate must be a decimal number' },
        { field: 'items[2].tax_lines[1].rate', rule: 'required', message: 'rate is required' },
        { field: 'items[3].id', rule: 'not_found', message: 'item with id not-a-uuid not found' },
        { field: 'items[4].id', rule: 'required', message: 'id is required to delete a record' },
        { field: 'items[5]', rule: 'invalid', message: 'items[5] must be an object' },
        { field: 'tags', rule: 'write_mode', message: '_write_mode must be diff, replace or append' },
      ]);
      expect(await count('invoices')).toBe(before);
    });

    it.each([
      ['not an object', [], 'invalid'],
      ['data not an array', { data: {} }, 'invalid'],
      ['an unknown key', { data: [], mode: 'diff' }, 'unknown'],
    ])('relation value %s → 422 %s', async (_label, value, rule) => {
      const res = await post('invoice', { number: number(), items: value });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].rule).toBe(rule);
    });

    it('a failing grandchild rolls back everything; the 409 carries the child path', async () => {
      const invoices = await count('invoices');
      const items = await count('items');
      const lines = await count('tax_lines');
      const num = number();
      const res = await post('invoice', {
        number: num,
        items: {
          data: [
            { description: 'fine', tax_lines: { data: [{ rate: 1 }] } },
            { description: 'bad', tax_lines: { data: [{ rate: 2 }, { rate: 3, code: 'TAKEN' }] } },
          ],
        },
        tags: { data: [{ id: green.id }] },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'CONFLICT',
        message: 'A record with this value already exists',
        details: [{ field: 'items[1].tax_lines[1].code', rule: 'unique', message: 'code must be unique' }],
      });
      expect([await count('invoices'), await count('items'), await count('tax_lines')]).toEqual([
        invoices,
        items,
        lines,
      ]);
      expect(await count('invoices', 'number = $1', [num])).toBe(0);
      expect(await count('invoice_tag_links', 'tag_id = $1', [green.id])).toBe(0);
    });

    it('a child unique violation → 409 at items[i].sku', async () => {
      const res = await post('invoice', {
        number: number(),
        items: {
          data: [
            { description: 'x', sku: 'DUP-1' },
            { description: 'y', sku: 'DUP-1' },
          ],
        },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual([
        { field: 'items[1].sku', rule: 'unique', message: 'sku must be unique' },
      ]);
    });

    it('limits: depth ≤ 5 and ≤ 1000 nested rows (422 limit)', async () => {
      const chain = (levels: number): object =>
        levels === 0 ? { name: 'leaf' } : { children: { data: [chain(levels - 1)] } };
      const ok = await post('node', chain(5));
      expect(ok.status).toBe(201);
      expect(await count('nodes')).toBe(6);
      const deep = await post('node', chain(6));
      expect(deep.status).toBe(422);
      expect(deep.body.error.details).toEqual([
        {
          field: 'children[0].children[0].children[0].children[0].children[0].children',
          rule: 'limit',
          message: 'Nested writes may be at most 5 levels deep',
        },
      ]);
      const many = Array.from({ length: 1001 }, (_, i) => ({ description: `row ${i}` }));
      const wide = await post('invoice', { number: number(), items: { data: many } });
      expect(wide.status).toBe(422);
      expect(wide.body.error.details).toEqual([
        { field: 'items', rule: 'limit', message: 'A write may hold at most 1000 nested rows' },
      ]);
      expect(await count('nodes')).toBe(6);
    });
  });

  describe('one_to_many', () => {
    it('diff (the default): update, insert and _delete; other children untouched', async () => {
      const { invoice, a, b, c } = await invoiceWithItems();
      const res = await put('invoice', invoice.id, {
        total: 2500,
        items: {
          data: [
            { id: a, quantity: 20 },
            { description: 'D', quantity: 3 },
            { id: b, _delete: true },
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.data.total).toBe(2500);
      const items = await itemsOf(invoice.id);
      expect(items.map((i) => [i.description, i.quantity])).toEqual([
        ['A', 20],
        ['C', 1],
        ['D', 3],
      ]);
      expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([a, c]));
      expect(await count('items', 'id = $1', [b])).toBe(0); // items are hard-delete
    });

    it('replace: children left out are deleted, _delete honoured, updates and inserts applied', async () => {
      const { invoice, a, b } = await invoiceWithItems();
      await sql(`INSERT INTO tax_lines (item_id, rate) VALUES ($1, 5)`, [b]);
      const res = await put('invoice', invoice.id, {
        items: {
          _write_mode: 'replace',
          data: [{ id: a, description: 'A2' }, { description: 'E' }, { id: b, _delete: true }],
        },
      });
      expect(res.status).toBe(200);
      expect((await itemsOf(invoice.id)).map((i) => i.description)).toEqual(['A2', 'E']);
      // The child delete is the delete procedure: B's tax lines cascaded.
      expect(await count('tax_lines', 'item_id = $1', [b])).toBe(0);
    });

    it('replace with an empty list removes every child', async () => {
      const { invoice } = await invoiceWithItems();
      expect((await put('invoice', invoice.id, { items: { _write_mode: 'replace', data: [] } })).status).toBe(200);
      expect(await itemsOf(invoice.id)).toEqual([]);
    });

    it('append: inserts only; rows with a PK (updates and _delete) are ignored', async () => {
      const { invoice, a, b } = await invoiceWithItems();
      const res = await put('invoice', invoice.id, {
        items: {
          _write_mode: 'append',
          data: [
            { id: a, quantity: 99 },
            { id: b, _delete: true },
            { description: 'F' },
            { id: 'garbage-ignored-not', quantity: 1 },
          ],
        },
      });
      // A PK that does not parse is refused already in phase 1, whatever the mode.
      expect(res.status).toBe(422);
      const ok = await put('invoice', invoice.id, {
        items: {
          _write_mode: 'append',
          data: [{ id: a, quantity: 99 }, { id: b, _delete: true }, { description: 'F' }],
        },
      });
      expect(ok.status).toBe(200);
      expect((await itemsOf(invoice.id)).map((i) => [i.description, i.quantity])).toEqual([
        ['A', 1],
        ['B', 1],
        ['C', 1],
        ['F', 1],
      ]);
    });

    it("an id of another parent's child → 422 not_found at its path, nothing changed", async () => {
      const mine = await invoiceWithItems();
      const theirs = await invoiceWithItems();
      for (const mode of ['diff', 'replace']) {
        const res = await put('invoice', mine.invoice.id, {
          total: 777,
          items: {
            _write_mode: mode,
            data: [
              { id: mine.a, quantity: 5 },
              { id: theirs.a, quantity: 50 },
            ],
          },
        });
        expect(res.status).toBe(422);
        expect(res.body.error.details).toEqual([
          { field: 'items[1].id', rule: 'not_found', message: `item with id ${theirs.a} not found` },
        ]);
        const deleted = await put('invoice', mine.invoice.id, { items: { data: [{ id: theirs.b, _delete: true }] } });
        expect(deleted.status).toBe(422);
        expect(deleted.body.error.details[0].field).toBe('items[0].id');
      }
      expect((await itemsOf(theirs.invoice.id)).map((i) => [i.description, i.quantity])).toEqual([
        ['A', 1],
        ['B', 1],
        ['C', 1],
      ]);
      expect((await itemsOf(mine.invoice.id)).map((i) => i.quantity)).toEqual([1, 1, 1]);
      expect((await sql('SELECT total FROM invoices WHERE id = $1', [mine.invoice.id]))[0].total).toBe('0.00');
    });

    it('a child update cannot re-parent the child: target_key is stripped', async () => {
      const mine = await invoiceWithItems();
      const theirs = await invoiceWithItems();
      const res = await put('invoice', mine.invoice.id, {
        items: { data: [{ id: mine.a, invoice_id: theirs.invoice.id, quantity: 8 }] },
      });
      expect(res.status).toBe(200);
      expect(await sql('SELECT invoice_id, quantity FROM items WHERE id = $1', [mine.a])).toEqual([
        { invoice_id: mine.invoice.id, quantity: 8 },
      ]);
    });

    it('depth 2 and 3 on update: a child update carries its own nested diff', async () => {
      const created = await post('invoice', {
        number: number(),
        items: { data: [{ description: 'G', tax_lines: { data: [{ rate: 1 }, { rate: 2 }] } }] },
      });
      const invoiceId = created.body.data.id;
      const [item] = await itemsOf(invoiceId);
      const lines = await sql('SELECT id FROM tax_lines WHERE item_id = $1 ORDER BY id', [item.id]);
      const res = await put('invoice', invoiceId, {
        items: {
          data: [
            {
              id: item.id,
              tax_lines: {
                data: [
                  { id: lines[0].id, rate: 10, notes: { data: [{ text: 'n1' }] } },
                  { id: lines[1].id, _delete: true },
                  { rate: 3 },
                ],
              },
            },
          ],
        },
      });
      expect(res.status).toBe(200);
      const after = await sql('SELECT id, rate FROM tax_lines WHERE item_id = $1 ORDER BY id', [item.id]);
      expect(after.map((l) => l.rate)).toEqual(['10.00', '3.00']);
      expect(await count('tax_notes', 'tax_line_id = $1', [lines[0].id])).toBe(1);
    });

    it('a failing grandchild on update rolls back the parent update too', async () => {
      const { invoice, a } = await invoiceWithItems();
      const res = await put('invoice', invoice.id, {
        total: 99,
        items: { data: [{ id: a, quantity: 7, tax_lines: { data: [{ rate: 1, code: 'TAKEN' }] } }] },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details[0].field).toBe('items[0].tax_lines[0].code');
      expect((await sql('SELECT total FROM invoices WHERE id = $1', [invoice.id]))[0].total).toBe('0.00');
      expect((await sql('SELECT quantity FROM items WHERE id = $1', [a]))[0].quantity).toBe(1);
    });

    it('the same child twice in one payload → 422 duplicate', async () => {
      const { invoice, a } = await invoiceWithItems();
      const res = await put('invoice', invoice.id, { items: { data: [{ id: a }, { id: a, _delete: true }] } });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0]).toMatchObject({ field: 'items[1].id', rule: 'duplicate' });
    });
  });

  describe('one_to_one', () => {
    const profilesOf = (customerId: string) =>
      sql('SELECT id, bio, deleted_at FROM profiles WHERE customer_id = $1 ORDER BY bio', [customerId]);

    it('diff: insert when none, update by id, a second live child → 409 unique', async () => {
      const customer = (await post('customer', { name: 'C1' })).body.data;
      expect((await put('customer', customer.id, { profile: { data: [{ bio: 'first' }] } })).status).toBe(200);
      const [profile] = await profilesOf(customer.id);
      expect(
        (await put('customer', customer.id, { profile: { data: [{ id: profile.id, bio: 'edited' }] } })).status,
      ).toBe(200);
      const clash = await put('customer', customer.id, { profile: { data: [{ bio: 'second' }] } });
      expect(clash.status).toBe(409);
      expect(clash.body.error.details).toEqual([
        { field: 'profile[0].customer_id', rule: 'unique', message: 'customer_id must be unique' },
      ]);
      expect((await profilesOf(customer.id)).map((p) => p.bio)).toEqual(['edited']);
    });

    it('replace swaps the child (deletion before insertion); _delete in diff removes it', async () => {
      const customer = (await post('customer', { name: 'C2', profile: { data: [{ bio: 'old' }] } })).body.data;
      const res = await put('customer', customer.id, { profile: { _write_mode: 'replace', data: [{ bio: 'new' }] } });
      expect(res.status).toBe(200);
      const rows = await profilesOf(customer.id);
      expect(rows.map((p) => [p.bio, p.deleted_at === null])).toEqual([
        ['new', true],
        ['old', false], // profiles are soft-delete
      ]);
      const live = rows.find((p) => p.deleted_at === null)!;
      expect((await put('customer', customer.id, { profile: { data: [{ id: live.id, _delete: true }] } })).status).toBe(
        200,
      );
      expect(await count('profiles', 'customer_id = $1 AND deleted_at IS NULL', [customer.id])).toBe(0);
    });

    it('append: inserts, PK rows ignored; more than one live row → 422 one_to_one', async () => {
      const customer = (await post('customer', { name: 'C3' })).body.data;
      const res = await put('customer', customer.id, { profile: { _write_mode: 'append', data: [{ bio: 'app' }] } });
      expect(res.status).toBe(200);
      const [profile] = await profilesOf(customer.id);
      const ignored = await put('customer', customer.id, {
        profile: { _write_mode: 'append', data: [{ id: profile.id, _delete: true }] },
      });
      expect(ignored.status).toBe(200);
      expect(await count('profiles', 'customer_id = $1 AND deleted_at IS NULL', [customer.id])).toBe(1);
      const two = await put('customer', customer.id, { profile: { data: [{ bio: 'x' }, { bio: 'y' }] } });
      expect(two.status).toBe(422);
      expect(two.body.error.details).toEqual([
        { field: 'profile', rule: 'one_to_one', message: 'profile holds at most one profile record' },
      ]);
    });
  });

  describe('many_to_many', () => {
    const invoiceTagged = async (...tags: any[]) =>
      (await post('invoice', { number: number(), tags: { data: tags.map((t) => ({ id: t.id })) } })).body.data;

    it('replace (the relation default): the links become exactly the set, as a difference', async () => {
      const invoice = await invoiceTagged(red, green);
      const before = await sql('SELECT ctid FROM invoice_tag_links WHERE invoice_id = $1 AND tag_id = $2', [
        invoice.id,
        green.id,
      ]);
      const res = await put('invoice', invoice.id, {
        tags: { data: [{ id: green.id }, { id: blue.id }, { id: blue.id }] },
      });
      expect(res.status).toBe(200);
      expect(await tagsOf(invoice.id)).toEqual(['blue', 'green']);
      // The kept link was not deleted and re-inserted.
      expect(
        await sql('SELECT ctid FROM invoice_tag_links WHERE invoice_id = $1 AND tag_id = $2', [invoice.id, green.id]),
      ).toEqual(before);
    });

    it('diff: links new ids, unlinks _delete ids, leaves the rest', async () => {
      const invoice = await invoiceTagged(red, green);
      const res = await put('invoice', invoice.id, {
        tags: { _write_mode: 'diff', data: [{ id: blue.id }, { id: red.id, _delete: true }, { id: green.id }] },
      });
      expect(res.status).toBe(200);
      expect(await tagsOf(invoice.id)).toEqual(['blue', 'green']);
    });

    it('append: adds missing links, ignores _delete', async () => {
      const invoice = await invoiceTagged(red);
      const res = await put('invoice', invoice.id, {
        tags: { _write_mode: 'append', data: [{ id: red.id }, { id: blue.id }, { id: red.id, _delete: true }] },
      });
      expect(res.status).toBe(200);
      expect(await tagsOf(invoice.id)).toEqual(['blue', 'red']);
    });

    it('targets must exist and be live: 422 not_found at tags[i].id, nothing changed', async () => {
      const invoice = await invoiceTagged(red);
      const missing = '00000000-0000-4000-8000-000000000000';
      const res = await put('invoice', invoice.id, {
        total: 5,
        tags: { data: [{ id: blue.id }, { id: gone.id }, { label: 'no id' }, { id: missing, label: 'ignored' }] },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([{ field: 'tags[2].id', rule: 'required', message: 'id is required' }]);
      const res2 = await put('invoice', invoice.id, {
        total: 5,
        tags: { data: [{ id: blue.id }, { id: gone.id }, { id: missing }] },
      });
      expect(res2.status).toBe(422);
      expect(res2.body.error.details).toEqual([
        { field: 'tags[1].id', rule: 'not_found', message: `tag with id ${gone.id} not found` },
        { field: 'tags[2].id', rule: 'not_found', message: `tag with id ${missing} not found` },
      ]);
      expect(await tagsOf(invoice.id)).toEqual(['red']);
      expect((await sql('SELECT total FROM invoices WHERE id = $1', [invoice.id]))[0].total).toBe('0.00');
    });

    it('links of a nested child: M:N at depth 2 uses the child key', async () => {
      const customer = await post('customer', {
        name: 'Deep',
        invoices: { data: [{ number: number(), tags: { data: [{ id: red.id }] } }] },
      });
      expect(customer.status).toBe(201);
      const [invoice] = await sql('SELECT id FROM invoices WHERE customer_id = $1', [customer.body.data.id]);
      expect(await tagsOf(invoice.id)).toEqual(['red']);
    });
  });
});
