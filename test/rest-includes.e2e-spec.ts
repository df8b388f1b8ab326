import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };

describe('includes (02 §3.4, §4)', () => {
  let server: TestServer;
  let app: string;
  let token: string;
  let acme: any, globex: any, lonely: any;
  let t1: any, t2: any, t3: any;
  let red: any, blue: any, gone: any;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(
      server,
      app,
      token,
      [
        {
          name: 'customer',
          table: 'customers',
          primary_key: uuidPk,
          fields: [idField, { name: 'name', type: 'string' }, { name: 'code', type: 'string', unique: true }],
        },
        {
          name: 'ticket',
          table: 'tickets',
          primary_key: uuidPk,
          soft_delete: true,
          fields: [idField, { name: 'title', type: 'string' }, { name: 'customer_id', type: 'uuid' }],
        },
        {
          name: 'tag',
          table: 'tags',
          primary_key: uuidPk,
          soft_delete: true,
          fields: [idField, { name: 'label', type: 'string' }],
        },
        {
          name: 'profile',
          table: 'profiles',
          primary_key: uuidPk,
          fields: [idField, { name: 'bio', type: 'text' }, { name: 'customer_id', type: 'uuid' }],
        },
        {
          name: 'invoice',
          table: 'invoices',
          primary_key: { field: 'no', type: 'int', generated: true },
          fields: [
            { name: 'no', type: 'int', required: true },
            { name: 'customer_code', type: 'string' },
          ],
        },
        {
          name: 'note',
          table: 'notes',
          primary_key: uuidPk,
          fields: [idField, { name: 'text', type: 'string' }, { name: 'customer_id', type: 'uuid' }],
        },
      ],
      [
        {
          name: 'tickets',
          type: 'one_to_many',
          source: 'customer',
          target: 'ticket',
          target_key: 'customer_id',
          on_delete: 'cascade',
        },
        {
          name: 'ticket_tags',
          type: 'many_to_many',
          source: 'ticket',
          target: 'tag',
          join_table: 'ticket_tag_links',
          source_join_key: 'ticket_id',
          target_join_key: 'tag_id',
          on_delete: 'detach',
        },
        {
          name: 'profile',
          type: 'one_to_one',
          source: 'customer',
          target: 'profile',
          target_key: 'customer_id',
          on_delete: 'cascade',
        },
        {
          name: 'invoices',
          type: 'one_to_many',
          source: 'customer',
          target: 'invoice',
          source_key: 'code',
          target_key: 'customer_code',
          on_delete: 'restrict',
        },
        {
          name: 'notes',
          type: 'one_to_many',
          source: 'customer',
          target: 'note',
          target_key: 'customer_id',
          on_delete: 'cascade',
          fetch: 'eager',
        },
      ],
    );
    [acme, globex, lonely] = await insertRecords(server, app, token, 'customer', [
      { name: 'Acme', code: 'ACME' },
      { name: 'Globex', code: 'GLOBEX' },
      { name: 'Lonely', code: null },
    ]);
    [t1, t2, t3] = await insertRecords(server, app, token, 'ticket', [
      { title: 't1', customer_id: acme.id },
      { title: 't2', customer_id: acme.id },
      { title: 't3', customer_id: globex.id },
    ]);
    const [deletedTicket] = await insertRecords(server, app, token, 'ticket', [
      { title: 'gone', customer_id: acme.id },
    ]);
    await server.delete(`/api/${app}/ticket/${deletedTicket.id}`, { token });
    [red, blue, gone] = await insertRecords(server, app, token, 'tag', [
      { label: 'red' },
      { label: 'blue' },
      { label: 'gone' },
    ]);
    const links = [
      [t1, red],
      [t1, blue],
      [t1, gone],
      [t2, blue],
    ];
    for (const [t, g] of links)
      await server.sql(`rocket_${app}`, 'INSERT INTO ticket_tag_links VALUES ($1, $2)', [t.id, g.id]);
    await server.delete(`/api/${app}/tag/${gone.id}`, { token });
    await insertRecords(server, app, token, 'profile', [{ bio: 'acme bio', customer_id: acme.id }]);
    await insertRecords(server, app, token, 'invoice', [
      { customer_code: 'ACME' },
      { customer_code: 'ACME' },
      { customer_code: 'OTHER' },
    ]);
    await insertRecords(server, app, token, 'note', [{ text: 'n1', customer_id: globex.id }]);
  });
  afterAll(() => server.close());

  const list = async (entity: string, query: string) => {
    const res = await server.get(`/api/${app}/${entity}?per_page=100&${query}`, { token });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body.data as any[];
  };
  const by = (rows: any[], key: string, value: unknown) => rows.find((r) => r[key] === value);

  it('forward one_to_many: arrays on every row, soft-deleted children excluded', async () => {
    const rows = await list('customer', 'include=tickets');
    expect(
      by(rows, 'id', acme.id)
        .tickets.map((t: any) => t.title)
        .sort(),
    ).toEqual(['t1', 't2']);
    expect(by(rows, 'id', globex.id).tickets.map((t: any) => t.id)).toEqual([t3.id]);
    expect(by(rows, 'id', lonely.id).tickets).toEqual([]);
    expect(by(rows, 'id', acme.id).tickets[0]).toEqual({
      id: expect.any(String),
      title: expect.any(String),
      customer_id: acme.id,
      deleted_at: null,
    });
  });

  it('forward one_to_one: object or null', async () => {
    const rows = await list('customer', 'include=profile');
    expect(by(rows, 'id', acme.id).profile).toMatchObject({ bio: 'acme bio' });
    expect(by(rows, 'id', globex.id).profile).toBeNull();
  });

  it('uses source_key when it is not the PK', async () => {
    const rows = await list('customer', 'include=invoices');
    expect(by(rows, 'id', acme.id).invoices.map((i: any) => i.customer_code)).toEqual(['ACME', 'ACME']);
    expect(by(rows, 'id', lonely.id).invoices).toEqual([]);
    const reverse = await list('invoice', 'include=customer');
    expect(reverse.map((i) => i.customer?.name ?? null)).toEqual(['Acme', 'Acme', null]);
  });

  it('reverse one_to_many: the parent object, through the relation name or the entity name', async () => {
    for (const name of ['tickets', 'customer']) {
      const rows = await list('ticket', `include=${name}`);
      expect(by(rows, 'id', t1.id)[name]).toMatchObject({ id: acme.id, name: 'Acme' });
      expect(by(rows, 'id', t3.id)[name]).toMatchObject({ id: globex.id });
    }
  });

  it('many_to_many both ways, skipping soft-deleted targets', async () => {
    const tickets = await list('ticket', 'include=ticket_tags');
    expect(
      by(tickets, 'id', t1.id)
        .ticket_tags.map((t: any) => t.label)
        .sort(),
    ).toEqual(['blue', 'red']);
    expect(by(tickets, 'id', t2.id).ticket_tags.map((t: any) => t.label)).toEqual(['blue']);
    expect(by(tickets, 'id', t3.id).ticket_tags).toEqual([]);
    const tags = await list('tag', 'include=ticket_tags');
    expect(
      by(tags, 'id', blue.id)
        .ticket_tags.map((t: any) => t.title)
        .sort(),
    ).toEqual(['t1', 't2']);
    expect(by(tags, 'id', red.id).ticket_tags.map((t: any) => t.id)).toEqual([t1.id]);
  });

  it('eager relations come without asking, on list and get', async () => {
    const rows = await list('customer', '');
    expect(by(rows, 'id', globex.id).notes.map((n: any) => n.text)).toEqual(['n1']);
    expect(by(rows, 'id', acme.id).notes).toEqual([]);
    const one = await server.get(`/api/${app}/customer/${globex.id}`, { token });
    expect(one.body.data.notes).toHaveLength(1);
  });

  it('combines includes, also on get by id', async () => {
    const one = await server.get(`/api/${app}/customer/${acme.id}?include=tickets,%20profile,,invoices`, { token });
    expect(one.status).toBe(200);
    expect(one.body.data.tickets).toHaveLength(2);
    expect(one.body.data.profile.bio).toBe('acme bio');
    expect(one.body.data.invoices).toHaveLength(2);
  });

  it.each(['nosuch', 'tickets.ticket_tags', 'ticket_tags'])('refuses include=%s', async (name) => {
    for (const path of [`/api/${app}/customer?include=${name}`, `/api/${app}/customer/${acme.id}?include=${name}`]) {
      const res = await server.get(path, { token });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'UNKNOWN_FIELD', message: `Unknown include: ${name}` });
    }
  });

  it('limits includes to 20 names', async () => {
    const res = await server.get(`/api/${app}/customer?include=${Array(21).fill('tickets').join(',')}`, { token });
    expect(res.status).toBe(400);
  });
});
