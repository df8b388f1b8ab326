import { Errors } from '@rocket/errors';
import { plannedChildWrites } from './nested/planned-writes';
import { planWrite } from './nested/write-planner';
import { entity, registry } from './testing/fixtures';
import { assemblePipeline, failure } from './testing/pipeline';
import { nestedEntity, nestedRegistry } from './testing/nested-fixtures';
import { ExecutedQuery, ScriptedAnswer, scriptedDb } from './testing/scripted-db';
import { AuthorizeContext, WriteHooks } from './write-hooks';

const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const OTHER = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

/** A pipeline whose only hook records every authorization question, refusing where `refuse` says. */
function setup(answer: (q: ExecutedQuery) => ScriptedAnswer, refuse: (c: AuthorizeContext) => boolean = () => false) {
  const { db, log } = scriptedDb(answer);
  const hooks = new WriteHooks();
  const asked: string[] = [];
  const rows: unknown[] = [];
  hooks.register({
    name: 'recorder',
    order: 0,
    authorize(check) {
      // Where in the statement stream the question was asked.
      asked.push(
        `${check.stage} ${check.action} ${check.entity.name}${check.path ? ` ${check.path}` : ''} @${log.length}`,
      );
      if (check.row) rows.push(check.row);
      if (refuse(check)) throw Errors.forbidden('no');
    },
  });
  const pipeline = assemblePipeline(hooks);
  const target = (name: string) => ({
    app: 'demo',
    db,
    registry,
    entity: entity(name),
    principal: { kind: 'app' as const, id: 'u1', email: 'u@x.y', roles: ['staff'] },
  });
  return { pipeline, target, log, asked, rows };
}

describe('the permission seams of the write pipeline (07 §6.3–6.5)', () => {
  it('create: role level before any query, then the proposed record (payload + defaults) inside the transaction', async () => {
    const { pipeline, target, asked, rows, log } = setup((q) =>
      q.sql.startsWith('insert') ? { rows: [{ id: UUID }] } : { rows: [{ id: UUID, name: 'A' }] },
    );
    await pipeline.create(target('customer'), { name: 'A', email: 'a@b.c' });
    expect(asked).toEqual(['action create customer @0', 'row create customer @1']);
    expect(log[0]).toBe('BEGIN');
    expect(rows[0]).toEqual({
      name: 'A',
      email: 'a@b.c',
      credit_limit: 0,
      tier: 'basic',
      vip: false,
      prefs: { theme: 'dark' },
    });
  });

  it('create: a role-level refusal comes before the body is even validated', async () => {
    const { pipeline, target, log } = setup(
      () => ({ rows: [] }),
      (c) => c.stage === 'action',
    );
    const err = await failure(pipeline.create(target('customer'), { credit_limit: 'lots' }));
    expect(err.status).toBe(403);
    expect(log).toEqual([]);
  });

  it('create: a refusal of the proposed record rolls back before the INSERT', async () => {
    const { pipeline, target, log } = setup(
      () => ({ rows: [] }),
      (c) => c.stage === 'row',
    );
    expect((await failure(pipeline.create(target('customer'), { name: 'A', email: 'a@b.c' }))).status).toBe(403);
    expect(log).toEqual(['BEGIN', 'ROLLBACK']);
  });

  it('update: role level before the lookup, then the locked row before the body is judged', async () => {
    const stored = { id: UUID, name: 'Stored', email: 'a@b.c' };
    const { pipeline, target, asked, rows, log } = setup(
      () => ({ rows: [stored] }),
      (c) => c.stage === 'row',
    );
    const err = await failure(pipeline.update(target('customer'), UUID, 'not even an object'));
    expect(err.status).toBe(403);
    expect(asked).toEqual(['action update customer @0', 'row update customer @2']);
    expect(rows).toEqual([stored]);
    expect(log[1]).toMatch(/for update$/);
    expect(log[2]).toBe('ROLLBACK');
  });

  it('update: no lookup at all when the role-level check refuses (no existence oracle)', async () => {
    const { pipeline, target, log } = setup(
      () => ({ rows: [] }),
      (c) => c.stage === 'action',
    );
    expect((await failure(pipeline.update(target('customer'), UUID, {}))).status).toBe(403);
    expect(log).toEqual([]);
  });

  it('delete: role level, then the locked row, before any policy or DELETE', async () => {
    const stored = { id: UUID, name: 'Stored', email: 'a@b.c' };
    const { pipeline, target, asked, log } = setup(
      () => ({ rows: [stored] }),
      (c) => c.stage === 'row',
    );
    expect((await failure(pipeline.delete(target('customer'), UUID))).status).toBe(403);
    expect(asked).toEqual(['action delete customer @0', 'row delete customer @2']);
    expect(log.filter((s) => /^(delete|update)/.test(s))).toEqual([]);
  });
});

describe('plannedChildWrites', () => {
  it('lists each child entity and operation once, depth first, without M:N links', () => {
    const { plan, problems } = planWrite(
      nestedRegistry,
      nestedEntity('invoice'),
      {
        number: 'N',
        items: {
          data: [
            { description: 'a', tax_lines: { data: [{ rate: 1 }, { id: 4, rate: '2' }] } },
            { id: UUID, description: 'b' },
            { description: 'c' },
            { id: OTHER, _delete: true },
          ],
        },
        tags: { data: [{ id: '2' }] },
      },
      { mode: 'update' },
    );
    expect(problems).toEqual([]);
    expect(plannedChildWrites(plan).map((w) => [w.entity.name, w.action, w.path])).toEqual([
      ['item', 'create', 'items[0]'],
      ['tax_line', 'create', 'items[0].tax_lines[0]'],
      ['tax_line', 'update', 'items[0].tax_lines[1]'],
      ['item', 'update', 'items[1]'],
      ['item', 'delete', 'items[3]'],
    ]);
    expect(plannedChildWrites(undefined)).toEqual([]);
  });
});
