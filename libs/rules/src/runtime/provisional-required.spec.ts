import { WriteContext } from '@rocket/write-pipeline';
import { entityOf, registry } from '../testing/fixtures';
import { possibleComputedTargets, provisionalRequiredDetails } from './provisional-required';

function context(action: 'create' | 'update', values: Record<string, unknown>, path = '') {
  const entity = entityOf('invoice');
  const ctx = new WriteContext(
    action,
    { app: 'demo', db: undefined as never, registry, entity, principal: undefined },
    {},
    undefined,
    path,
  );
  for (const [k, v] of Object.entries(values)) ctx.values.set(k, v);
  return ctx;
}

describe('provisional required check (a rule set still compiling)', () => {
  it('exempts every required field a computed rule could fill', () => {
    expect(possibleComputedTargets(entityOf('invoice'))).toEqual(['number', 'summary']);
    expect(possibleComputedTargets(entityOf('invoice_item'))).toEqual(['invoice_id', 'quantity']);
  });

  it('reports the exempted fields that are no computed target after all', () => {
    expect(
      provisionalRequiredDetails(context('create', { number: '' }, 'items[0]'), new Set(['summary']), new Set()),
    ).toEqual([{ field: 'items[0].number', rule: 'required', message: 'number is required' }]);
    expect(provisionalRequiredDetails(context('create', { number: 'A', summary: null }), new Set(), new Set())).toEqual(
      [{ field: 'summary', rule: 'required', message: 'summary is required' }],
    );
    // Another hook (a state machine) fills it; on update only the payload's keys count.
    expect(provisionalRequiredDetails(context('create', { number: 'A' }), new Set(), new Set(['summary']))).toEqual([]);
    expect(provisionalRequiredDetails(context('update', { notes: 'x' }), new Set(), new Set())).toEqual([]);
    expect(provisionalRequiredDetails(context('update', { number: null }), new Set(), new Set())).toHaveLength(1);
  });
});
