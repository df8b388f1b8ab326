import { WriteHooks } from './write-hooks';
import { Global, Module } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { NestFactory } from '@nestjs/core';
import { ROCKET_LOGGER } from '@rocket/logging';
import { REGISTRY_STATE } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { RecordEventMap } from './events/record-events';
import { entity, registry } from './testing/fixtures';
import { assemblePipeline, failure } from './testing/pipeline';
import { ExecutedQuery, pgError, ScriptedAnswer, scriptedDb } from './testing/scripted-db';
import { WriteTarget } from './write-context';
import { WritePipelineModule } from './write-pipeline.module';
import { WriteService } from './write.service';

const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const CUSTOMER = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
const T0 = new Date('2025-01-15T10:30:00.000Z');
const T1 = new Date('2025-01-16T08:00:00.000Z');

const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };

function setup(answer: (q: ExecutedQuery) => ScriptedAnswer) {
  const { db, log, executed } = scriptedDb(answer);
  const emitter = new EventEmitter2();
  const events: { name: string; payload: unknown }[] = [];
  emitter.onAny((name, payload) => events.push({ name: String(name), payload }));
  const hooks = new WriteHooks();
  const pipeline = assemblePipeline(hooks, emitter, logger);
  const target = (name: string): WriteTarget => ({
    app: 'demo',
    db,
    registry,
    entity: entity(name),
    principal: { kind: 'app', id: 'u1', email: 'u@x.y', roles: ['admin'] },
  });
  /** Every statement, shortened to its verb and table for readability. */
  const trace = () =>
    log.map((s) =>
      s
        .replace(/^select .*? from "(\w+)".*$/, 'select $1')
        .replace(/^(insert into|update|delete from) "(\w+)".*$/, '$1 $2'),
    );
  return { pipeline, target, log, executed, events, trace, hooks, db };
}

const customerRow = (over: Record<string, unknown> = {}) => ({
  id: UUID,
  name: 'Acme',
  email: 'billing@acme.test',
  phone: null,
  credit_limit: '0.00',
  tier: 'basic',
  vip: false,
  visits: null,
  score: null,
  birthday: null,
  last_seen: null,
  prefs: { theme: 'dark' },
  avatar: null,
  country_code: null,
  created_at: T0,
  updated_at: T0,
  ...over,
});

describe('WritePipeline.create', () => {
  it('validates, inserts with defaults, answers the row the INSERT returned, emits after commit', async () => {
    const { pipeline, target, trace, executed, events } = setup((q) =>
      q.sql.startsWith('insert') ? { rows: [customerRow()] } : { rows: [] },
    );
    const record = await pipeline.create(target('customer'), { name: 'Acme', email: 'billing@acme.test', id: 'x' });
    // Nothing else is written in the transaction: no re-read (04 §3.1 step 13).
    expect(trace()).toEqual(['BEGIN', 'insert into customers', 'COMMIT']);
    expect(executed[0].parameters).toEqual(['Acme', 'billing@acme.test', 0, 'basic', false, '{"theme":"dark"}']);
    expect(record).toEqual({
      ...customerRow(),
      credit_limit: 0,
      created_at: T0.toISOString(),
      updated_at: T0.toISOString(),
    });
    expect(events).toEqual([
      {
        name: 'record.created',
        payload: {
          app: 'demo',
          entity: 'customer',
          id: UUID,
          actor: { kind: 'app', id: 'u1', email: 'u@x.y', roles: ['admin'] },
          before: null,
          after: record,
        },
      },
    ]);
  });

  it('a body that is not an object → 400 before any query', async () => {
    const { pipeline, target, log } = setup(() => ({ rows: [] }));
    const err = await failure(pipeline.create(target('customer'), ['x']));
    expect([err.status, err.code]).toEqual([400, 'INVALID_PAYLOAD']);
    expect(log).toEqual([]);
  });

  it('all problems → one 422 before any query', async () => {
    const { pipeline, target, log, events } = setup(() => ({ rows: [] }));
    const err = await failure(pipeline.create(target('customer'), { credit_limit: 'lots', nickname: 'q' }));
    expect(err.status).toBe(422);
    expect(err.toBody().error.details).toHaveLength(4);
    expect(log).toEqual([]);
    expect(events).toEqual([]);
  });

  it('generates a unique slug from its source inside the transaction', async () => {
    const { pipeline, target, trace, executed } = setup((q) => {
      if (q.sql.includes('"slug" in')) return { rows: [{ slug: 'world-news' }] };
      return { rows: [{ id: UUID, name: 'World News', slug: 'world-news-2', sort_order: 0 }] };
    });
    const record = await pipeline.create(target('category'), { name: 'World News' });
    expect(trace()).toEqual(['BEGIN', 'select categories', 'insert into categories', 'COMMIT']);
    expect(executed[1].parameters).toEqual(['World News', 'world-news-2', 0]);
    expect(record.slug).toBe('world-news-2');
  });

  it('an explicit slug is used as is: no uniqueness query (collisions → 409 from the index)', async () => {
    const { pipeline, target, trace } = setup(() => ({ rows: [{ id: UUID, name: 'N', slug: 'mine' }] }));
    await pipeline.create(target('category'), { name: 'N', slug: 'mine' });
    expect(trace()).toEqual(['BEGIN', 'insert into categories', 'COMMIT']);
  });

  it('unique violation → ROLLBACK and 409 with the field; no event', async () => {
    const { pipeline, target, trace, events } = setup((q) =>
      q.sql.startsWith('insert')
        ? pgError('23505', { constraint: 'idx_customers_email', detail: 'Key (email)=(a@b.c) already exists.' })
        : { rows: [] },
    );
    const err = await failure(pipeline.create(target('customer'), { name: 'n', email: 'a@b.c' }));
    expect(err.toBody()).toEqual({
      error: {
        code: 'CONFLICT',
        message: 'A record with this value already exists',
        details: [{ field: 'email', rule: 'unique', message: 'email must be unique' }],
      },
    });
    expect(trace()).toEqual(['BEGIN', 'insert into customers', 'ROLLBACK']);
    expect(events).toEqual([]);
  });

  it.each([
    [true, ['BEGIN', 'insert into customers', 'select customers', 'COMMIT']],
    [false, ['BEGIN', 'insert into customers', 'COMMIT']],
    [undefined, ['BEGIN', 'insert into customers', 'COMMIT']],
  ])('afterPersist resolving %s: step 13 re-reads the row only after a hook wrote', async (wrote, statements) => {
    const reread = customerRow({ tier: 'gold' });
    const { pipeline, target, trace, hooks } = setup((q) => ({
      rows: [q.sql.startsWith('insert') ? customerRow() : reread],
    }));
    hooks.register({ name: 'actions', order: 1, afterPersist: () => wrote });
    const record = await pipeline.create(target('customer'), { name: 'Acme', email: 'billing@acme.test' });
    expect(trace()).toEqual(statements);
    expect(record.tier).toBe(wrote ? 'gold' : 'basic');
  });

  it('int identity PK: the id the INSERT returned is the record’s', async () => {
    const { pipeline, target, executed } = setup(() => ({
      rows: [
        {
          id: 41,
          title: 't',
          priority: 'medium',
          customer_id: CUSTOMER,
          opened_on: null,
          created_at: T0,
          deleted_at: null,
        },
      ],
    }));
    const record = await pipeline.create(target('ticket'), { title: 't', customer_id: CUSTOMER.toUpperCase() });
    expect(executed[0].parameters).toEqual(['t', 'medium', CUSTOMER]);
    expect(executed).toHaveLength(1);
    expect(record.id).toBe(41);
  });
});

describe('WritePipeline.createInTransaction (04 §2.3 create_record)', () => {
  const category = (): ScriptedAnswer => ({ rows: [{ id: UUID, name: 'N', slug: 'n', sort_order: 0 }] });

  it("runs the create stages on the caller's transaction: no BEGIN/COMMIT of its own, no event", async () => {
    const { pipeline, target, trace, events, db } = setup(category);
    const record = await db
      .transaction()
      .execute((trx) => pipeline.createInTransaction(trx, target('category'), { name: 'N', slug: 'n' }));
    expect(trace()).toEqual(['BEGIN', 'insert into categories', 'COMMIT']);
    expect(record).toEqual({ id: UUID, name: 'N', slug: 'n', sort_order: 0 });
    expect(events).toEqual([]);
  });

  it('validates like a create: 422 before any statement of its own', async () => {
    const { pipeline, target, trace, db } = setup(category);
    const err = await failure(
      db.transaction().execute((trx) => pipeline.createInTransaction(trx, target('category'), { nope: 1 })),
    );
    expect(err.status).toBe(422);
    expect(trace()).toEqual(['BEGIN', 'ROLLBACK']);
  });

  it('nesting stops at depth 5 with the 04 §2.3 detail, rolling the whole write back', async () => {
    const { pipeline, target, trace, hooks } = setup(category);
    let calls = 0;
    hooks.register({
      name: 'recursive',
      order: 1,
      afterPersist: async (ctx) => {
        if (ctx.entity.name !== 'category') return;
        calls++;
        await pipeline.createInTransaction(ctx.trx, target('category'), { name: `N${calls}`, slug: `n${calls}` });
      },
    });
    const err = await failure(pipeline.create(target('category'), { name: 'N', slug: 'n' }));
    expect(err.toBody().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      details: [{ rule: 'state_machine', message: 'create_record nesting too deep' }],
    });
    expect(calls).toBe(6); // the top-level row and 5 nested creates; the 6th nested call is refused
    expect(trace().filter((s) => s === 'insert into categories')).toHaveLength(6);
    expect(trace().at(-1)).toBe('ROLLBACK');
  });
});

describe('WritePipeline nested writes (02 §7.2)', () => {
  it('plans first: a problem anywhere in the tree → 422 before any query', async () => {
    const { pipeline, target, log } = setup(() => ({ rows: [] }));
    const err = await failure(
      pipeline.create(target('customer'), { name: 'n', email: 'e', tickets: { data: [{ title: 5 }] } }),
    );
    expect(err.toBody().error.details).toEqual([
      { field: 'tickets[0].title', rule: 'type', message: 'title must be a string' },
    ]);
    expect(log).toEqual([]);
  });

  it('phase 2 in the parent transaction: parent INSERT, children with the parent key, then the re-read', async () => {
    const { pipeline, target, trace, executed } = setup((q) => {
      if (q.sql.startsWith('insert into "customers"')) return { rows: [{ id: UUID }] };
      if (q.sql.startsWith('insert into "tickets"')) return { rows: [{ id: 41 }] };
      return { rows: [customerRow()] };
    });
    await pipeline.create(target('customer'), {
      name: 'Acme',
      email: 'billing@acme.test',
      tickets: {
        data: [
          { title: 'a', customer_id: CUSTOMER },
          { title: 'b', priority: 'high' },
        ],
      },
    });
    expect(trace()).toEqual([
      'BEGIN',
      'insert into customers',
      'insert into tickets',
      'insert into tickets',
      'select customers',
      'COMMIT',
    ]);
    expect(executed[1].parameters).toEqual(['a', 'medium', UUID]); // the client's customer_id overwritten
    expect(executed[2].parameters).toEqual(['b', 'high', UUID]);
  });

  it('a child unique violation → 409 with the child path, ROLLBACK', async () => {
    const { pipeline, target, trace } = setup((q) => {
      if (q.sql.startsWith('insert into "customers"')) return { rows: [{ id: UUID }] };
      return q.sql.startsWith('insert')
        ? pgError('23505', { constraint: 'idx_tickets_title', detail: 'Key (title)=(x) already exists.' })
        : { rows: [] };
    });
    const err = await failure(
      pipeline.create(target('customer'), {
        name: 'n',
        email: 'e',
        tickets: { data: [{ title: 'ok' }, { title: 'x' }] },
      }),
    );
    expect(err.toBody().error.details).toEqual([
      { field: 'tickets[0].title', rule: 'unique', message: 'title must be unique' },
    ]);
    expect(trace()).toEqual(['BEGIN', 'insert into customers', 'insert into tickets', 'ROLLBACK']);
  });
});

describe('WritePipeline.update', () => {
  it('a malformed id → 404 without any query', async () => {
    const { pipeline, target, log } = setup(() => ({ rows: [] }));
    const err = await failure(pipeline.update(target('ticket'), 'abc', {}));
    expect(err.toBody()).toEqual({ error: { code: 'NOT_FOUND', message: 'ticket with id abc not found' } });
    expect(log).toEqual([]);
  });

  it('a missing or soft-deleted row → 404 from the locked lookup', async () => {
    const { pipeline, target, trace, executed } = setup(() => ({ rows: [] }));
    const err = await failure(pipeline.update(target('ticket'), '7', { title: 'x' }));
    expect(err.toBody().error.message).toBe('ticket with id 7 not found');
    expect(trace()).toEqual(['BEGIN', 'select tickets', 'ROLLBACK']);
    expect(executed[0].sql).toMatch(/"deleted_at" is null.* for update$/);
  });

  it('404 comes before 400: the body is judged after the lookup', async () => {
    const { pipeline, target } = setup(() => ({ rows: [] }));
    expect((await failure(pipeline.update(target('ticket'), '7', 'nope'))).status).toBe(404);
    const found = setup(() => ({ rows: [{ id: 7 }] }));
    expect((await failure(found.pipeline.update(found.target('ticket'), '7', 'nope'))).status).toBe(400);
    expect(found.trace()).toEqual(['BEGIN', 'select tickets', 'ROLLBACK']);
  });

  it('sets only changed fields plus auto:update, then re-reads', async () => {
    const before = customerRow();
    const after = customerRow({ name: 'Acme 2', updated_at: T1 });
    const { pipeline, target, trace, executed, events } = setup((q) => ({
      rows: [q.sql.endsWith('for update') ? before : after],
    }));
    const record = await pipeline.update(target('customer'), UUID.toUpperCase(), {
      name: 'Acme 2',
      email: 'billing@acme.test',
      created_at: 'ignored',
    });
    // The row the UPDATE returned is the record: no re-read (04 §3.1 step 13).
    expect(trace()).toEqual(['BEGIN', 'select customers', 'update customers', 'COMMIT']);
    expect(executed[0].parameters).toEqual([UUID]);
    expect(executed[1].sql).toMatch(
      /^update "customers" set "name" = \$1, "updated_at" = NOW\(\) where "id" = \$2 returning /,
    );
    expect(executed[1].parameters).toEqual(['Acme 2', UUID]);
    expect(record.updated_at).toBe(T1.toISOString());
    expect(events).toHaveLength(1);
    const event = events[0].payload as RecordEventMap['record.updated'];
    expect(events[0].name).toBe('record.updated');
    expect([event.before.name, event.after.name, event.id]).toEqual(['Acme', 'Acme 2', UUID]);
  });

  it('{} bumps auto:update fields only', async () => {
    const { pipeline, target, executed } = setup(() => ({ rows: [customerRow()] }));
    await pipeline.update(target('customer'), UUID, {});
    expect(executed[1].sql).toMatch(/^update "customers" set "updated_at" = NOW\(\) where "id" = \$1 returning /);
  });

  it('nothing changes and no auto:update field: no UPDATE, the locked row is the record', async () => {
    const row = {
      id: 7,
      title: 't',
      priority: 'medium',
      customer_id: CUSTOMER,
      opened_on: null,
      created_at: T0,
      deleted_at: null,
    };
    const { pipeline, target, trace } = setup(() => ({ rows: [row] }));
    const record = await pipeline.update(target('ticket'), '7', { title: 't', id: 99 });
    expect(trace()).toEqual(['BEGIN', 'select tickets', 'COMMIT']);
    expect(record.id).toBe(7);
  });

  it('an UPDATE that affects 0 rows → 404 and ROLLBACK', async () => {
    const { pipeline, target, trace } = setup((q) =>
      q.sql.startsWith('update') ? { affected: 0 } : { rows: [customerRow()] },
    );
    const err = await failure(pipeline.update(target('customer'), UUID, { name: 'x' }));
    expect(err.status).toBe(404);
    expect(trace()).toEqual(['BEGIN', 'select customers', 'update customers', 'ROLLBACK']);
  });

  it('slug lookup, then the resolved PK; regenerate_on_update when the source changes', async () => {
    const current = {
      id: UUID,
      number: 'INV-1',
      slug: 'inv-1',
      status: 'draft',
      total: '0.00',
      customer_id: CUSTOMER,
      notes: null,
      created_at: T0,
      updated_at: T0,
      deleted_at: null,
    };
    const { pipeline, target, executed, trace } = setup((q) => {
      if (q.sql.includes('"slug" in')) return { rows: [] };
      return { rows: [current] };
    });
    await pipeline.update(target('invoice'), 'inv-1', { number: 'INV 2' });
    expect(trace()).toEqual(['BEGIN', 'select invoices', 'select invoices', 'update invoices', 'COMMIT']);
    expect(executed[0].parameters).toEqual(['inv-1']); // by slug: not a UUID
    expect(executed[1].sql).toMatch(/and "id" <> \$101$/);
    expect(executed[1].parameters.at(-1)).toBe(UUID);
    expect(executed[2].sql).toMatch(
      /^update "invoices" set "number" = \$1, "slug" = \$2, "updated_at" = NOW\(\) where "id" = \$3 and "deleted_at" is null returning /,
    );
    expect(executed[2].parameters).toEqual(['INV 2', 'inv-2', UUID]);
  });
});

describe('WritePipeline.delete', () => {
  it('soft delete: lock, UPDATE SET deleted_at, {id} in its JSON type, event', async () => {
    const row = { id: '12', title: 'T', slug: 't', deleted_at: null };
    const { pipeline, target, trace, executed, events } = setup((q) =>
      q.sql.startsWith('update') ? { affected: 1 } : { rows: [row] },
    );
    await expect(pipeline.delete(target('page'), '12')).resolves.toEqual({ id: 12 });
    expect(trace()).toEqual(['BEGIN', 'select pages', 'update pages', 'COMMIT']);
    expect(executed[1].sql).toBe('update "pages" set "deleted_at" = NOW() where "id" = $1 and "deleted_at" is null');
    expect(executed[1].parameters).toEqual(['12']);
    expect(events.map((e) => e.name)).toEqual(['record.deleted']);
    expect(events[0].payload).toMatchObject({ id: 12, soft: true, after: null, before: { id: 12, slug: 't' } });
  });

  it('hard delete: M:N join rows pointing at the record, then DELETE by PK; the raw slug is never reused', async () => {
    const { pipeline, target, executed, trace } = setup((q) =>
      q.sql.startsWith('delete') ? { affected: 1 } : { rows: [{ id: UUID, name: 'N', slug: 'news', sort_order: 0 }] },
    );
    await expect(pipeline.delete(target('category'), 'news')).resolves.toEqual({ id: UUID });
    expect(trace()).toEqual([
      'BEGIN',
      'select categories',
      'delete from invoice_category_links',
      'delete from categories',
      'COMMIT',
    ]);
    expect(executed[1].sql).toBe('delete from "invoice_category_links" where "category_id" = $1');
    expect(executed[2].sql).toBe('delete from "categories" where "id" = $1');
    expect(executed.slice(1).map((q) => q.parameters)).toEqual([[UUID], [UUID]]);
  });

  it('on_delete policies run before the row goes: restrict first, then cascade (02 §8)', async () => {
    const ticket = { id: 7, title: 't', priority: 'low', customer_id: UUID, opened_on: null, created_at: T0 };
    const { pipeline, target, trace, executed } = setup((q) => {
      if (q.sql.includes('count(*)')) return { rows: [{ count: '0' }] };
      if (q.sql.includes('from "tickets"')) return { rows: [{ ...ticket, deleted_at: null }] };
      if (q.sql.startsWith('select')) return { rows: [customerRow()] };
      return { affected: 1 };
    });
    await expect(pipeline.delete(target('customer'), UUID)).resolves.toEqual({ id: UUID });
    expect(trace()).toEqual([
      'BEGIN',
      'select customers',
      'select invoices', // restrict: count(*)
      'select tickets', // cascade: the live tickets, locked
      'update tickets', // a soft-delete child is soft-deleted
      'delete from customers',
      'COMMIT',
    ]);
    expect(executed[3].parameters).toEqual([7]);
  });

  it('restrict with live targets → 409 and ROLLBACK, nothing deleted', async () => {
    const { pipeline, target, trace } = setup((q) =>
      q.sql.includes('count(*)') ? { rows: [{ count: '3' }] } : { rows: [customerRow()] },
    );
    const err = await failure(pipeline.delete(target('customer'), UUID));
    expect(err.toBody()).toEqual({
      error: { code: 'CONFLICT', message: 'Cannot delete: 3 related invoice records exist' },
    });
    expect(trace()).toEqual(['BEGIN', 'select customers', 'select invoices', 'ROLLBACK']);
  });

  it('0 affected rows → 404; malformed id → 404 without a query', async () => {
    const gone = setup((q) => {
      if (q.sql.startsWith('delete')) return { affected: 0 };
      if (q.sql.includes('count(*)')) return { rows: [{ count: '0' }] };
      return { rows: q.sql.includes('from "customers"') ? [customerRow()] : [] };
    });
    expect((await failure(gone.pipeline.delete(gone.target('customer'), UUID))).status).toBe(404);
    expect(gone.trace()).toEqual([
      'BEGIN',
      'select customers',
      'select invoices',
      'select tickets',
      'delete from customers',
      'ROLLBACK',
    ]);
    const malformed = setup(() => ({ rows: [] }));
    expect((await failure(malformed.pipeline.delete(malformed.target('customer'), 'nope'))).status).toBe(404);
    expect(malformed.log).toEqual([]);
  });

  it('a listener that throws does not undo a committed write', async () => {
    const { pipeline, target } = setup((q) => {
      if (q.sql.startsWith('delete')) return { affected: 1 };
      if (q.sql.includes('count(*)')) return { rows: [{ count: '0' }] };
      return { rows: q.sql.includes('from "customers"') ? [customerRow()] : [] };
    });
    const emitter = (pipeline as unknown as { events: { emitter: EventEmitter2 } }).events.emitter;
    emitter.on('record.deleted', () => {
      throw new Error('listener bug');
    });
    await expect(pipeline.delete(target('customer'), UUID)).resolves.toEqual({ id: UUID });
    expect(logger.error).toHaveBeenCalled();
  });
});

describe('WriteService', () => {
  const tenant = (db: unknown) => ({ name: 'demo', db, state: new Map([[REGISTRY_STATE, registry]]) });

  it('is wired by WritePipelineModule and resolves app, registry and entity per call', async () => {
    const { db, log } = scriptedDb(() => ({ rows: [{ code: 'de', name: 'Germany', population: null }] }));
    const tenancy = { current: () => tenant(db), currentScope: () => undefined };
    @Global()
    @Module({
      providers: [
        { provide: TenancyService, useValue: tenancy },
        { provide: ROCKET_LOGGER, useValue: logger },
      ],
      exports: [TenancyService, ROCKET_LOGGER],
    })
    class GlobalsModule {}
    @Module({ imports: [GlobalsModule, EventEmitterModule.forRoot(), WritePipelineModule] })
    class RootModule {}
    const app = await NestFactory.createApplicationContext(RootModule, { logger: false });
    const service = app.get(WriteService);
    await expect(service.create('country', { code: 'de', name: 'Germany' })).resolves.toEqual({
      code: 'de',
      name: 'Germany',
      population: null,
    });
    expect(log[0]).toBe('BEGIN');
    const err = await failure(service.update('widget', '1', {}));
    expect(err.toBody()).toEqual({ error: { code: 'UNKNOWN_ENTITY', message: 'Unknown entity: widget' } });
    await app.close();
  });
});
