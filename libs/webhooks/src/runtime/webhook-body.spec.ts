import { SYSTEM_ACTOR } from '@rocket/tenancy';
import { registry } from '../testing/fixtures';
import { entityWebhookBody } from './webhook-body';

const entity = registry().entities.get('invoice')!;
const NOW = new Date('2026-02-08T10:30:00.000Z');
const old = {
  id: 'inv-1',
  number: 'A-1',
  status: 'sent',
  total: '1500.00',
  paid_at: null,
  tags: { b: 1, a: 2 },
  secret: 'old-secret',
};
const row = { ...old, status: 'paid', paid_at: NOW, tags: { a: 2, b: 1 }, secret: 'new-secret' };
const common = { entity, now: NOW, idempotencyKey: 'wh_1', webhookId: 'w-1', traceId: 't-1' };
const user = { kind: 'app' as const, id: 'u-42', email: 'jane@example.com', roles: ['accountant'] };

describe('entityWebhookBody (06 §4.1)', () => {
  it('update: records as the API returns them, changes by value, sensitive fields redacted', () => {
    expect(entityWebhookBody({ ...common, hook: 'after_write', action: 'update', row, old, principal: user })).toEqual({
      event: 'after_write',
      entity: 'invoice',
      action: 'update',
      record: {
        id: 'inv-1',
        number: 'A-1',
        status: 'paid',
        total: 1500,
        paid_at: '2026-02-08T10:30:00.000Z',
        tags: { a: 2, b: 1 },
        secret: '[redacted]',
      },
      old: {
        id: 'inv-1',
        number: 'A-1',
        status: 'sent',
        total: 1500,
        paid_at: null,
        tags: { b: 1, a: 2 },
        secret: '[redacted]',
      },
      changes: {
        status: { old: 'sent', new: 'paid' },
        paid_at: { old: null, new: '2026-02-08T10:30:00.000Z' },
        secret: { old: '[redacted]', new: '[redacted]' },
      },
      user: { id: 'u-42', email: 'jane@example.com', roles: ['accountant'] },
      timestamp: '2026-02-08T10:30:00.000Z',
      idempotency_key: 'wh_1',
      webhook_id: 'w-1',
      trace_id: 't-1',
    });
  });

  it('create: old is null, every non-null field is a change; the system actor', () => {
    const body = entityWebhookBody({
      ...common,
      hook: 'after_write',
      action: 'create',
      row,
      old: null,
      principal: SYSTEM_ACTOR,
    });
    expect(body.old).toBeNull();
    expect(Object.keys(body.changes as object)).toEqual([
      'id',
      'number',
      'status',
      'total',
      'paid_at',
      'tags',
      'secret',
    ]);
    expect((body.changes as Record<string, unknown>).number).toEqual({ old: null, new: 'A-1' });
    expect(body.user).toEqual({ id: null, email: null, roles: ['admin', 'system'] });
  });

  it('delete: record and old are the row as it was, no changes; no caller → null user', () => {
    const body = entityWebhookBody({
      ...common,
      hook: 'after_delete',
      action: 'delete',
      row: old,
      old,
      principal: undefined,
    });
    expect(body.record).toEqual(body.old);
    expect([body.event, body.action, body.changes, body.user]).toEqual(['after_delete', 'delete', {}, null]);
  });
});
