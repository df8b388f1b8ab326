import { registry } from '../testing/fixtures';
import { stateTransitionBody } from './webhook-body';

const invoice = registry().entities.get('invoice')!;
const T0 = new Date('2026-02-08T10:00:00.000Z');
const T1 = new Date('2026-02-08T10:30:00.000Z');
const old = {
  id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
  number: 'INV-1',
  status: 'sent',
  approval: null,
  note: 'n',
  total: '75.00',
  count: null,
  payment_date: '2026-02-07',
  sent_at: T0,
  sent_on: null,
  label: null,
  secret: 'old secret',
  created_at: T0,
  updated_at: T0,
};

describe('stateTransitionBody (06 §4.2)', () => {
  it('is the §4.1 body of an update with the transition, serialized as the REST API answers, secrets redacted', () => {
    const body = stateTransitionBody({
      entity: invoice,
      row: { ...old, status: 'paid', secret: 'new secret', updated_at: T1 },
      old,
      principal: { kind: 'app', id: 'u-42', email: 'jane@example.com', roles: ['accountant'] },
      now: T1,
      idempotencyKey: 'wh_1',
      transition: { field: 'status', from: 'sent', to: 'paid' },
    });
    expect(body).toEqual({
      event: 'state_transition',
      entity: 'invoice',
      action: 'update',
      record: {
        ...old,
        status: 'paid',
        total: 75,
        secret: '[redacted]',
        sent_at: T0.toISOString(),
        created_at: T0.toISOString(),
        updated_at: T1.toISOString(),
      },
      old: {
        ...old,
        total: 75,
        secret: '[redacted]',
        sent_at: T0.toISOString(),
        created_at: T0.toISOString(),
        updated_at: T0.toISOString(),
      },
      changes: {
        status: { old: 'sent', new: 'paid' },
        secret: { old: '[redacted]', new: '[redacted]' },
        updated_at: { old: T0.toISOString(), new: T1.toISOString() },
      },
      user: { id: 'u-42', email: 'jane@example.com', roles: ['accountant'] },
      timestamp: T1.toISOString(),
      idempotency_key: 'wh_1',
      webhook_id: null,
      trace_id: null,
      transition: { field: 'status', from: 'sent', to: 'paid' },
    });
  });

  it('user is null without a caller', () => {
    const body = stateTransitionBody({
      entity: invoice,
      row: old,
      old,
      principal: undefined,
      now: T1,
      idempotencyKey: 'wh_2',
      transition: { field: 'status', from: 'draft', to: 'sent' },
    });
    expect(body.user).toBeNull();
    expect(body.changes).toEqual({});
  });
});
