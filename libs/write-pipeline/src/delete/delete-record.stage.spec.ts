import { WriteHooks } from '../write-hooks';
import { AppError } from '@rocket/errors';
import { nestedEntity, nestedRegistry } from '../testing/nested-fixtures';
import { pgError, scriptedDb, ScriptedAnswer, ExecutedQuery } from '../testing/scripted-db';
import { WriteContext } from '../write-context';
import { DeleteRecordStage } from './delete-record.stage';
import { VisitedRecords } from './visited-records';

const A = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const B = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

/** Runs the top-level delete of `row` and answers queries from `answer`. */
async function deleteRow(
  entityName: string,
  row: Record<string, unknown>,
  answer: (q: ExecutedQuery) => ScriptedAnswer,
) {
  const { db, log, executed } = scriptedDb(answer);
  const target = { app: 'demo', db, registry: nestedRegistry, entity: nestedEntity(entityName), principal: undefined };
  const ctx = new WriteContext('delete', target, undefined, String(row.id));
  ctx.current = row;
  let error: AppError | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      ctx.bind(trx);
      await new DeleteRecordStage(new WriteHooks()).run(ctx);
    })
    .catch((err: AppError) => (error = err));
  const trace = log.map((s) =>
    s.replace(/^select .*? from "(\w+)".*$/, 'select $1').replace(/^(update|delete from) "(\w+)".*$/, '$1 $2'),
  );
  return { trace, executed, error };
}

describe('DeleteRecordStage (02 §8)', () => {
  it('a self relation that loops back to the record terminates (visited set)', async () => {
    // A's child is B, B's child is A again.
    const { trace, error } = await deleteRow('node', { id: A, parent_id: B }, (q) => {
      if (q.sql.startsWith('select')) return { rows: [{ id: q.parameters[0] === A ? B : A, parent_id: null }] };
      return { affected: 1 };
    });
    expect(error).toBeUndefined();
    expect(trace).toEqual([
      'BEGIN',
      'select nodes', // children of A: B
      'select nodes', // children of B: A, visited → skipped
      'delete from nodes', // B
      'delete from nodes', // A
      'COMMIT',
    ]);
  });

  it('restrict before cascade and set_null; a non-PK source key; 409 rolls back', async () => {
    const { trace, error, executed } = await deleteRow('customer', { id: A, name: 'c', code: 'ACME' }, (q) =>
      q.sql.includes('count(*)') ? { rows: [{ count: '2' }] } : { affected: 1 },
    );
    expect(error?.toBody()).toEqual({
      error: { code: 'CONFLICT', message: 'Cannot delete: 2 related invoice records exist' },
    });
    expect(trace).toEqual(['BEGIN', 'select invoices', 'ROLLBACK']);
    expect(executed[0].parameters).toEqual(['ACME']);
  });

  it('a missing source key value: no policy query at all', async () => {
    const { trace } = await deleteRow('customer', { id: A, name: 'c', code: null }, (q) =>
      q.sql.startsWith('select') ? { rows: [] } : { affected: 1 },
    );
    expect(trace).toEqual(['BEGIN', 'update profiles', 'delete from customers', 'COMMIT']);
  });

  it('set_null on a NOT NULL column → 409', async () => {
    const { error } = await deleteRow('customer', { id: A, name: 'c', code: null }, (q) =>
      q.sql.startsWith('update') ? pgError('23502', { column: 'customer_id' }) : { affected: 1 },
    );
    expect([error?.status, error?.message]).toEqual([
      409,
      'Cannot delete: customer_id of related profile records cannot be set to null',
    ]);
  });

  it('soft delete keeps join rows of the record as a target; the source-side join rows always go', async () => {
    const { trace } = await deleteRow('invoice', { id: A, number: 'N', customer_code: null, deleted_at: null }, (q) =>
      q.sql.startsWith('select') ? { rows: [] } : { affected: 1 },
    );
    expect(trace).toEqual(['BEGIN', 'select items', 'delete from invoice_tags', 'update invoices', 'COMMIT']);
  });

  it('VisitedRecords compares keys as text', () => {
    const visited = new VisitedRecords();
    const tag = nestedEntity('tag');
    expect(visited.add(tag, 5)).toBe(true);
    expect(visited.add(tag, '5')).toBe(false);
    expect(visited.add(nestedEntity('node'), 5)).toBe(true);
    expect(visited.of(tag)).toEqual([5]);
  });
});
