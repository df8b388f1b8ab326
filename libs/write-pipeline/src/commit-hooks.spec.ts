import { Errors } from '@rocket/errors';
import { entity, registry } from './testing/fixtures';
import { assemblePipeline, failure } from './testing/pipeline';
import { ExecutedQuery, ScriptedAnswer, scriptedDb } from './testing/scripted-db';
import { WriteTarget } from './write-context';
import { CommitHookContext, TransactionOutcome, WriteHooks } from './write-hooks';

const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const category = { id: UUID, name: 'N', slug: 'n', sort_order: 0 };

/** A pipeline over a scripted database with a hook that records what the outbox seams see. */
function setup(answer: (q: ExecutedQuery) => ScriptedAnswer) {
  const { db, log } = scriptedDb(answer);
  const hooks = new WriteHooks();
  const pipeline = assemblePipeline(hooks);
  const seen: Array<{ at: string; ctx?: CommitHookContext; outcome?: TransactionOutcome }> = [];
  hooks.register({
    name: 'outbox',
    order: 100,
    beforeCommit: (ctx) => {
      seen.push({ at: `before:${log.length}`, ctx });
    },
    afterTransaction: (outcome) => {
      seen.push({ at: `after:${log.at(-1)}`, outcome });
    },
  });
  const target = (name: string): WriteTarget => ({
    app: 'demo',
    db,
    registry,
    entity: entity(name),
    principal: { kind: 'app', id: 'u1', email: 'u@x.y', roles: ['admin'] },
  });
  return { pipeline, hooks, target, seen, log, db };
}

describe('WritePipeline outbox seams (04 §3.1 step 13, §3.2 steps 6–7)', () => {
  it('create: beforeCommit with the written row inside the transaction, then afterTransaction after COMMIT', async () => {
    const { pipeline, target, seen, log, db } = setup(() => ({ rows: [category] }));
    await pipeline.create(target('category'), { name: 'N', slug: 'n' });
    expect(log.map((s) => s.split(' ')[0])).toEqual(['BEGIN', 'insert', 'COMMIT']);
    expect(seen.map((s) => s.at)).toEqual(['before:2', 'after:COMMIT']);
    expect(seen[0].ctx).toMatchObject({ action: 'create', row: category, old: null });
    expect(seen[0].ctx!.target.entity.name).toBe('category');
    expect(seen[1].outcome).toMatchObject({ app: 'demo', committed: true, db });
    expect(seen[1].outcome!.trx).toBe(seen[0].ctx!.trx);
  });

  it('update: old is the locked row', async () => {
    const locked = { ...category, name: 'Old' };
    let reads = 0;
    const { pipeline, target, seen } = setup(() => {
      return { rows: [reads++ === 0 ? locked : category] };
    });
    await pipeline.update(target('category'), UUID, { name: 'N' });
    expect(seen[0].ctx).toMatchObject({ action: 'update', row: category, old: locked });
  });

  it('delete: row and old are the row as it was, after the delete statement', async () => {
    const { pipeline, target, seen, log } = setup((q) =>
      q.sql.startsWith('delete') ? { affected: 1 } : { rows: [category] },
    );
    await pipeline.delete(target('category'), UUID);
    expect(seen[0].ctx).toMatchObject({ action: 'delete', row: category, old: category });
    expect(log[Number(seen[0].at.split(':')[1]) - 1]).toMatch(/^delete from "categories"/);
    expect(seen[1].outcome!.committed).toBe(true);
  });

  it('a refusal in beforeCommit rolls back; afterTransaction still hears of it; the error reaches the caller', async () => {
    const { pipeline, hooks, target, seen, log } = setup(() => ({ rows: [category] }));
    hooks.register({
      name: 'veto',
      order: 200,
      beforeCommit: () => {
        throw Errors.validation([{ rule: 'webhook', message: 'no' }]);
      },
      afterTransaction: () => {
        throw new Error('ignored');
      },
    });
    const err = await failure(pipeline.create(target('category'), { name: 'N', slug: 'n' }));
    expect(err.toBody().error.details).toEqual([{ rule: 'webhook', message: 'no' }]);
    expect(log.at(-1)).toBe('ROLLBACK');
    expect(seen.map((s) => s.at)).toEqual(['before:2', 'after:ROLLBACK']);
    expect(seen[1].outcome!.committed).toBe(false);
  });

  it('engine-made creates in a running write get beforeCommit; only the outer transaction ends', async () => {
    const { pipeline, target, seen, db } = setup(() => ({ rows: [category] }));
    await db
      .transaction()
      .execute((trx) => pipeline.createInTransaction(trx, target('category'), { name: 'N', slug: 'n' }));
    expect(seen.map((s) => s.at)).toEqual(['before:2']);
  });

  it('nested children reach no outbox seam', async () => {
    const { pipeline, target, seen, log } = setup((q) =>
      q.sql.startsWith('insert') ? { rows: [{ id: q.sql.includes('tickets') ? 9 : UUID }] } : { rows: [{ id: UUID }] },
    );
    await pipeline.create(target('customer'), {
      name: 'A',
      email: 'a@b.c',
      tickets: { data: [{ title: 't', priority: 'low' }] },
    });
    expect(log.some((s) => s.startsWith('insert into "tickets"'))).toBe(true);
    expect(seen.filter((s) => s.ctx).map((s) => s.ctx!.target.entity.name)).toEqual(['customer']);
  });
});
