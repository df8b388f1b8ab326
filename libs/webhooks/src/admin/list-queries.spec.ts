import { AppError } from '@rocket/errors';
import { parseLogListQuery, parseWebhookFilter } from './list-queries';

function status(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    return (e as AppError).status;
  }
  return 200;
}

describe('parseWebhookFilter (06 §7.1)', () => {
  it('reads entity, hook and active', () => {
    expect(parseWebhookFilter({ entity: 'invoice', hook: 'before_write', active: 'false' })).toEqual({
      entity: 'invoice',
      hook: 'before_write',
      active: false,
    });
    expect(parseWebhookFilter({ other: 'x' })).toEqual({});
  });

  it.each([{ hook: 'x' }, { active: '1' }, { entity: ['a', 'b'] }])('400 for %j', (query) => {
    expect(status(() => parseWebhookFilter(query))).toBe(400);
  });
});

describe('parseLogListQuery (06 §7.2)', () => {
  it('defaults: page 1, 50 per page', () => {
    expect(parseLogListQuery({})).toEqual({ filter: {}, page: 1, perPage: 50 });
  });

  it('reads every filter', () => {
    expect(
      parseLogListQuery({
        webhook_id: 'AAAAAAAA-0000-4000-8000-000000000001',
        status: 'retrying',
        entity: 'invoice',
        source: 'state_machine',
        record_id: '42',
        from: '2026-02-01',
        to: '2026-02-08T10:30:00+01:00',
        page: '3',
        per_page: '20',
      }),
    ).toEqual({
      filter: {
        webhook_id: 'aaaaaaaa-0000-4000-8000-000000000001',
        status: 'retrying',
        entity: 'invoice',
        source: 'state_machine',
        record_id: '42',
        from: new Date('2026-02-01T00:00:00.000Z'),
        to: new Date('2026-02-08T09:30:00.000Z'),
      },
      page: 3,
      perPage: 20,
    });
  });

  it.each([
    [{ per_page: '1000' }, 200],
    [{ per_page: '0' }, 50],
    [{ per_page: 'x' }, 50],
    [{ per_page: '-5' }, 50],
  ])('per_page %j → %d (02 §3.3)', (query, perPage) => {
    expect(parseLogListQuery(query).perPage).toBe(perPage);
  });

  it.each([
    { webhook_id: 'nope' },
    { status: 'done' },
    { source: 'cron' },
    { from: 'yesterday' },
    { to: '2026-02-30' },
    { status: ['failed', 'retrying'] },
  ])('400 for %j', (query) => {
    expect(status(() => parseLogListQuery(query))).toBe(400);
  });
});
