import { buildRecordScope, computeChanges, userScope } from './record-scope';
import { normaliseField, normaliseRecord } from './normalise-record';
import { toScopeValue } from './scope-value';

const entity = {
  fields: [
    { name: 'id', kind: 'uuid' },
    { name: 'n', kind: 'int' },
    { name: 'price', kind: 'decimal' },
    { name: 'big', kind: 'bigint' },
    { name: 'at', kind: 'timestamp' },
    { name: 'day', kind: 'date' },
    { name: 'doc', kind: 'json' },
    { name: 'ok', kind: 'boolean' },
  ],
};

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('record data in scope (03 §4.1)', () => {
  it.each([
    ['int', '42', 42],
    ['decimal', '12.50', 12.5],
    ['float', 1.5, 1.5],
    ['bigint', '9007199254740991', 9007199254740991],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['timestamp', '2026-03-10 12:00:00+00', '2026-03-10T12:00:00.000Z'],
    ['timestamp', '2026-03-10T14:00:00+02:00', '2026-03-10T12:00:00.000Z'],
    ['date', '2026-03-10', '2026-03-10'],
    ['date', '2026-03-10T00:00:00.000Z', '2026-03-10'],
    ['string', 'x', 'x'],
    ['boolean', false, false],
    ['int', null, null],
  ])('%s %p → %p', (kind, value, expected) => {
    expect(normaliseField(kind, value)).toEqual(expected);
  });

  it('normalises a row as node-pg returns it', () => {
    const row = {
      id: 'a',
      n: 3,
      price: '10.00',
      big: BigInt(7),
      at: new Date('2026-03-10T12:00:00Z'),
      day: new Date('2026-03-10T00:00:00Z'),
      doc: { k: [1] },
      ok: true,
      extra: 'kept',
    };
    const normalised = normaliseRecord(entity, row);
    expect(plain(normalised)).toEqual({
      id: 'a',
      n: 3,
      price: 10,
      big: 7,
      at: '2026-03-10T12:00:00.000Z',
      day: '2026-03-10',
      doc: { k: [1] },
      ok: true,
      extra: 'kept',
    });
    expect(Object.getPrototypeOf(normalised)).toBeNull();
    expect(normaliseRecord(entity, null)).toBeNull();
  });

  it('copies JS Maps and BigInts into plain scope values', () => {
    expect(plain(toScopeValue(new Map([['a', 1]])))).toEqual({ a: 1 });
    expect(toScopeValue(BigInt('123456789012345678901'))).toBe('123456789012345678901');
    expect(toScopeValue(Number.NaN)).toBeNull();
    expect(toScopeValue(undefined)).toBeNull();
  });
});

describe('buildRecordScope (03 §9.1)', () => {
  const now = new Date('2026-02-08T10:00:00Z');
  const user = { id: 'u1', email: 'a@b.co', roles: ['Admin'] };

  it('builds the record variables of an update', () => {
    const scope = buildRecordScope(entity, {
      record: { id: 'a', n: '2', price: '1.00' },
      old: { id: 'a', n: '1', price: '1' },
      action: 'update',
      entityName: 'invoice',
      user,
      now,
    });
    expect(plain(scope)).toEqual({
      record: { id: 'a', n: 2, price: 1 },
      old: { id: 'a', n: 1, price: 1 },
      changes: { n: { old: 1, new: 2 } },
      action: 'update',
      entity: 'invoice',
      user: { id: 'u1', email: 'a@b.co', roles: ['admin'] },
      related: {},
      now: now.toISOString(),
    });
    expect(scope.now).toBe(now);
  });

  it('on create, old is null and every non-null field is a change', () => {
    const scope = buildRecordScope(entity, {
      record: { id: 'a', n: null, ok: false },
      old: { id: 'ignored' },
      action: 'create',
      entityName: 'invoice',
      user: null,
      now,
      event: 'after_write',
    });
    expect(scope.old).toBeNull();
    expect(scope.user).toBeNull();
    expect(scope.event).toBe('after_write');
    expect(plain(scope.changes)).toEqual({ id: { old: null, new: 'a' }, ok: { old: null, new: false } });
  });

  it('on delete, changes is empty', () => {
    expect(plain(computeChanges('delete', { a: 1 }, { a: 2 }))).toEqual({});
  });

  it('userScope keeps id, email and lower-cased roles only', () => {
    expect(plain(userScope({ id: null, email: null, roles: ['ADMIN', 'system'] }))).toEqual({
      id: null,
      email: null,
      roles: ['admin', 'system'],
    });
  });
});
