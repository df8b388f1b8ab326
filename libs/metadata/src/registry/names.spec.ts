import { AppError } from '@rocket/errors';
import { EntityDefinition, RelationDefinition } from '../definitions/definition.types';
import { buildRegistry } from './build-registry';
import { findRelation, resolveEntity, resolveField, resolveInclude } from './names';

const entity = (name: string, fields: string[]): EntityDefinition => ({
  name,
  table: `${name}s`,
  primary_key: { field: 'id', type: 'uuid', generated: true },
  soft_delete: false,
  fields: [{ name: 'id', type: 'uuid' }, ...fields.map((f) => ({ name: f, type: 'string' as const }))],
});
const rel = (
  name: string,
  source: string,
  target: string,
  extra: Partial<RelationDefinition> = {},
): RelationDefinition => ({
  name,
  type: 'one_to_many',
  source,
  target,
  source_key: 'id',
  target_key: `${source}_id`,
  ownership: 'source',
  on_delete: 'cascade',
  fetch: 'lazy',
  write_mode: 'diff',
  ...extra,
});

const registry = buildRegistry(
  1,
  [entity('customer', ['name']), entity('order', ['customer_id', 'buyer_id']), entity('note', ['customer_id'])],
  [
    rel('orders', 'customer', 'order'),
    rel('purchases', 'customer', 'order', { target_key: 'buyer_id' }),
    rel('customer_note', 'customer', 'note'),
  ],
);
const customer = registry.entities.get('customer')!;
const order = registry.entities.get('order')!;
const note = registry.entities.get('note')!;

const expectAppError = (fn: () => unknown, status: number, code: string, message: string) => {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect(caught).toMatchObject({ status, code, message });
};

describe('name resolution: the only door from request names to metadata', () => {
  it.each(['customer', 'order'])('resolves entity %s', (name) => {
    expect(resolveEntity(registry, name).name).toBe(name);
  });

  it.each([
    'Customer',
    'customers',
    'customer;drop table x',
    '"customer"',
    '__proto__',
    'constructor',
    'toString',
    '',
    ' customer',
  ])('refuses entity %j with 404 UNKNOWN_ENTITY', (name) =>
    expectAppError(() => resolveEntity(registry, name), 404, 'UNKNOWN_ENTITY', `Unknown entity: ${name}`),
  );

  it.each([
    ['name', 'filter'],
    ['id', 'sort'],
  ] as const)('resolves field %s for %s', (name, purpose) => {
    expect(resolveField(customer, name, purpose).name).toBe(name);
  });

  it.each([
    ['Name', 'filter', 'Unknown filter field: Name'],
    ['name;--', 'sort', 'Unknown sort field: name;--'],
    ['__proto__', 'filter', 'Unknown filter field: __proto__'],
    ['hasOwnProperty', 'sort', 'Unknown sort field: hasOwnProperty'],
    ['deleted_at', 'filter', 'Unknown filter field: deleted_at'],
  ] as const)('refuses field %j (%s) with 400 UNKNOWN_FIELD', (name, purpose, message) =>
    expectAppError(() => resolveField(customer, name, purpose), 400, 'UNKNOWN_FIELD', message),
  );

  it.each([
    // (1) a relation named so, either direction
    [customer, 'orders', 'include', 'orders'],
    [order, 'orders', 'include', 'orders'],
    // (2) the single relation entity → key; (3) the single relation key → entity
    [customer, 'note', 'include', 'customer_note'],
    [note, 'customer', 'include', 'customer_note'],
    // (4) a relation named <entity>_<key>
    [customer, 'note', 'write', 'customer_note'],
  ] as const)('finds %#: %s.%s', (from, key, mode, expected) => {
    expect(findRelation(registry, from, key, mode)?.name).toBe(expected);
  });

  it.each([
    [customer, 'order', 'include'], // two relations customer → order: ambiguous
    [order, 'customer', 'include'], // two relations customer → order seen from order: ambiguous
    [order, 'orders', 'write'], // nested writes only from the source
    [customer, 'nosuch', 'include'],
    [customer, '__proto__', 'include'],
  ] as const)('finds nothing for %#: %s', (from, key, mode) => {
    expect(findRelation(registry, from, key, mode)).toBeUndefined();
  });

  it('refuses unknown and dotted includes with 400 UNKNOWN_FIELD', () => {
    expectAppError(
      () => resolveInclude(registry, customer, 'orders.items'),
      400,
      'UNKNOWN_FIELD',
      'Unknown include: orders.items',
    );
    expectAppError(() => resolveInclude(registry, customer, 'order'), 400, 'UNKNOWN_FIELD', 'Unknown include: order');
  });

  it('freezes the snapshot', () => {
    expect(Object.isFrozen(customer)).toBe(true);
    expect(Object.isFrozen(customer.fields)).toBe(true);
    expect(Object.isFrozen(registry)).toBe(true);
  });
});
