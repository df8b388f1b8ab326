import { sql, SqlBool } from 'kysely';
import { AppError } from '@rocket/errors';
import { parseIncludes } from './include.parser';
import { IncludeOptions, loadIncludes, Row } from './includes.loader';
import { ExecutedQuery, scriptedDb } from './testing/fake-db';
import { entityOf, registry } from './testing/fixtures';

const T1 = '10000000-0000-0000-0000-000000000001';
const T2 = '10000000-0000-0000-0000-000000000002';
const T3 = '10000000-0000-0000-0000-000000000003';
const C1 = 'c0000000-0000-0000-0000-000000000001';
const C2 = 'c0000000-0000-0000-0000-000000000002';
const A1 = 'a0000000-0000-0000-0000-000000000001';
const A2 = 'a0000000-0000-0000-0000-000000000002';
const CREATED = new Date('2025-01-15T10:30:00.000Z');

const ticketRow = (id: string, customer_id: string, agent_id: string | null): Row => ({
  id,
  title: `Ticket ${id.slice(-1)}`,
  description: 'd',
  status: 'open',
  priority: 'high',
  customer_id,
  agent_id,
  escalated_to: null,
  created_at: CREATED,
  updated_at: CREATED,
  deleted_at: null,
});
const TICKETS = [ticketRow(T1, C1, A1), ticketRow(T2, C1, null), ticketRow(T3, C2, A2)];
const ticketJson = (row: Row) => ({ ...row, created_at: CREATED.toISOString(), updated_at: CREATED.toISOString() });

const response = (id: string, ticket_id: string): Row => ({ id, ticket_id, body: `re ${id}`, attachment: null });
const customer = (id: string, email: string): Row => ({
  id,
  name: `Customer ${id.slice(-1)}`,
  email,
  company: null,
  created_at: CREATED,
  updated_at: CREATED,
});
const customerJson = (row: Row) => ({ ...row, created_at: CREATED.toISOString(), updated_at: CREATED.toISOString() });

/** Runs loadIncludes for `include` on `rows` of `entity`, answering each query from `tables` by its FROM. */
async function load(
  entity: string,
  rows: Row[],
  include: string,
  tables: Record<string, Row[]>,
  options: IncludeOptions = {},
): Promise<{ values: Record<string, unknown>[]; executed: ExecutedQuery[] }> {
  const { db, executed } = scriptedDb((query) => {
    const table = /from "([a-z_]+)"/.exec(query.sql)?.[1] ?? '';
    return tables[table] ?? [];
  });
  const e = entityOf(entity);
  const values = await loadIncludes(db, e, rows, parseIncludes(registry, e, include), options);
  return { values, executed };
}

describe('loadIncludes: forward one_to_many', () => {
  it('groups targets by target_key; every row gets an array', async () => {
    const r1 = response('r1', T1);
    const r2 = response('r2', T1);
    const r3 = response('r3', T3);
    const { values, executed } = await load('ticket', TICKETS, 'responses', { responses: [r1, r2, r3] });
    expect(values).toEqual([{ responses: [r1, r2] }, { responses: [] }, { responses: [r3] }]);
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      [
        "10000000-0000-0000-0000-000000000001",
        "10000000-0000-0000-0000-000000000002",
        "10000000-0000-0000-0000-000000000003",
      ],
      10001,
    ],
    "sql": "select "id", "ticket_id", "body", "attachment" from "responses" where "ticket_id" = ANY($1) order by "id" asc limit $2",
  },
]
`);
  });

  it('honours a source_key that is not the PK (customer.email → email_log.recipient)', async () => {
    const customers = [customer(C1, 'a@x.test'), customer(C2, 'b@x.test')];
    const e1 = { id: 1, recipient: 'a@x.test', subject: 'hi' };
    const e2 = { id: 2, recipient: 'a@x.test', subject: 'again' };
    const { values, executed } = await load('customer', customers, 'emails', { email_logs: [e1, e2] });
    expect(values).toEqual([{ emails: [e1, e2] }, { emails: [] }]);
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      [
        "a@x.test",
        "b@x.test",
      ],
      10001,
    ],
    "sql": "select "id", "recipient", "subject" from "email_logs" where "recipient" = ANY($1) order by "id" asc limit $2",
  },
]
`);
  });
});

describe('loadIncludes: forward one_to_one', () => {
  it('first match or null', async () => {
    const customers = [customer(C1, 'a@x.test'), customer(C2, 'b@x.test')];
    const p1 = { id: 'p0000000-0000-0000-0000-000000000001', customer_id: C1, bio: null };
    const { values, executed } = await load('customer', customers, 'profile', { customer_profiles: [p1] });
    expect(values).toEqual([{ profile: p1 }, { profile: null }]);
    expect(executed.map((q) => q.sql)).toMatchInlineSnapshot(`
[
  "select "id", "customer_id", "bio" from "customer_profiles" where "customer_id" = ANY($1) order by "id" asc limit $2",
]
`);
  });
});

describe('loadIncludes: reverse one_to_many', () => {
  it('attaches the single source record or null (missing parent)', async () => {
    const c1 = customer(C1, 'a@x.test');
    const { values, executed } = await load('ticket', TICKETS, 'customer', { customers: [c1] });
    expect(values).toEqual([{ customer: customerJson(c1) }, { customer: customerJson(c1) }, { customer: null }]);
    // Distinct parent keys, one query.
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      [
        "c0000000-0000-0000-0000-000000000001",
        "c0000000-0000-0000-0000-000000000002",
      ],
      10001,
    ],
    "sql": "select "id", "name", "email", "company", "created_at", "updated_at" from "customers" where "id" = ANY($1) order by "id" asc limit $2",
  },
]
`);
  });

  it('a null foreign key gives null and is not sent to the database', async () => {
    const a1 = { id: A1, name: 'Agent 1', active: true };
    const { values, executed } = await load('ticket', TICKETS, 'ticket_agent', { agents: [a1] });
    expect(values).toEqual([{ ticket_agent: a1 }, { ticket_agent: null }, { ticket_agent: null }]);
    expect(executed[0].parameters).toEqual([[A1, A2], 10001]);
  });

  it('no query at all when no row has a key', async () => {
    const { values, executed } = await load('ticket', [ticketRow(T2, C1, null)], 'ticket_agent', {});
    expect(values).toEqual([{ ticket_agent: null }]);
    expect(executed).toEqual([]);
  });
});

describe('loadIncludes: many_to_many', () => {
  const tag = (id: number) => ({ id, label: `tag${id}` });

  it('forward: join rows, then live targets by PK; arrays ordered by target PK; dangling links skipped', async () => {
    const links = [
      { ticket_id: T1, tag_id: 2 },
      { ticket_id: T1, tag_id: 1 },
      { ticket_id: T3, tag_id: 2 },
      { ticket_id: T3, tag_id: 99 },
    ];
    const { values, executed } = await load('ticket', TICKETS, 'tags', {
      ticket_tag_links: links,
      tags: [tag(1), tag(2)],
    });
    expect(values).toEqual([{ tags: [tag(1), tag(2)] }, { tags: [] }, { tags: [tag(2)] }]);
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      [
        "10000000-0000-0000-0000-000000000001",
        "10000000-0000-0000-0000-000000000002",
        "10000000-0000-0000-0000-000000000003",
      ],
      10001,
    ],
    "sql": "select "ticket_id", "tag_id" from "ticket_tag_links" where "ticket_id" = ANY($1) limit $2",
  },
  {
    "parameters": [
      [
        2,
        1,
        99,
      ],
      10001,
    ],
    "sql": "select "id", "label" from "tags" where "id" = ANY($1) order by "id" asc limit $2",
  },
]
`);
  });

  it('forward: no target query when there are no join rows', async () => {
    const { values, executed } = await load('ticket', TICKETS, 'tags', {});
    expect(values).toEqual([{ tags: [] }, { tags: [] }, { tags: [] }]);
    expect(executed).toHaveLength(1);
  });

  it('reverse: join rows by the rows’ PK (target_join_key), then live sources ordered by source PK', async () => {
    const links = [
      { ticket_id: T3, tag_id: 2 },
      { ticket_id: T1, tag_id: 1 },
      { ticket_id: T1, tag_id: 2 },
    ];
    // T3 is soft-deleted: the database does not return it.
    const { values, executed } = await load('tag', [tag(1), tag(2), tag(3)], 'ticket', {
      ticket_tag_links: links,
      tickets: [ticketRow(T1, C1, A1)],
    });
    const t1 = ticketJson(ticketRow(T1, C1, A1));
    expect(values).toEqual([{ ticket: [t1] }, { ticket: [t1] }, { ticket: [] }]);
    expect(executed).toMatchInlineSnapshot(`
[
  {
    "parameters": [
      [
        1,
        2,
        3,
      ],
      10001,
    ],
    "sql": "select "ticket_id", "tag_id" from "ticket_tag_links" where "tag_id" = ANY($1) limit $2",
  },
  {
    "parameters": [
      [
        "10000000-0000-0000-0000-000000000003",
        "10000000-0000-0000-0000-000000000001",
      ],
      10001,
    ],
    "sql": "select "id", "title", "description", "status", "priority", "customer_id", "agent_id", "escalated_to", "created_at", "updated_at", "deleted_at" from "tickets" where "deleted_at" is null and "id" = ANY($1) order by "id" asc limit $2",
  },
]
`);
  });
});

describe('loadIncludes: general', () => {
  it('skips everything for an empty page', async () => {
    const { values, executed } = await load('ticket', [], 'tags,responses,customer', {});
    expect(values).toEqual([]);
    expect(executed).toEqual([]);
  });

  it('loads a relation requested under two names once and sets both keys', async () => {
    const r1 = response('r1', T1);
    const { values, executed } = await load('ticket', [TICKETS[0]], 'responses,response,ticket_responses', {
      responses: [r1],
    });
    expect(values).toEqual([{ responses: [r1], response: [r1], ticket_responses: [r1] }]);
    expect(executed).toHaveLength(1);
  });

  it('runs the includes one after the other, in request order', async () => {
    const { executed } = await load('ticket', TICKETS, 'customer,responses,tags', {
      ticket_tag_links: [{ ticket_id: T1, tag_id: 1 }],
    });
    expect(executed.map((q) => /from "([a-z_]+)"/.exec(q.sql)?.[1])).toEqual([
      'customers',
      'responses',
      'ticket_tag_links',
      'tags',
    ]);
  });

  it('refuses an include over the row cap (query limited to cap + 1)', async () => {
    const rows = [response('r1', T1), response('r2', T1), response('r3', T3)];
    const run = load('ticket', TICKETS, 'responses', { responses: rows }, { maxRows: 2 });
    await expect(run).rejects.toThrow(AppError);
    await expect(run).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_PAYLOAD',
      message: 'Include responses matches more than 2 rows; request fewer records per page',
    });
  });

  it('applies the cap to the join table too', async () => {
    const links = [1, 2, 3].map((tag_id) => ({ ticket_id: T1, tag_id }));
    await expect(load('ticket', TICKETS, 'tags', { ticket_tag_links: links }, { maxRows: 2 })).rejects.toMatchObject({
      message: 'Include tags matches more than 2 rows; request fewer records per page',
    });
  });

  it('ANDs the included entity’s row filter into its query', async () => {
    const onlyActive = () => sql<SqlBool>`${sql.ref('active')} = true`;
    const { executed } = await load(
      'ticket',
      TICKETS,
      'ticket_agent',
      {},
      { rowFilter: (e) => (e.name === 'agent' ? onlyActive : undefined) },
    );
    expect(executed[0].sql).toMatchInlineSnapshot(
      `"select "id", "name", "active" from "agents" where "id" = ANY($1) and "active" = true order by "id" asc limit $2"`,
    );
  });

  it('serializes included records with their entity (soft-delete target gets deleted_at)', async () => {
    const article = { id: '9007199254740993', slug: 'how-to', title: 'How to', ticket_id: T1, deleted_at: null };
    const { values } = await load('ticket', [TICKETS[0]], 'ticket_articles', { kb_articles: [article] });
    expect(values).toEqual([{ ticket_articles: [{ ...article, id: '9007199254740993' }] }]);
    const small = { ...article, id: '42' };
    const again = await load('ticket', [TICKETS[0]], 'ticket_articles', { kb_articles: [small] });
    expect(again.values).toEqual([{ ticket_articles: [{ ...article, id: 42 }] }]);
  });
});
