import { createHash } from 'node:crypto';
import { AppError } from '@rocket/errors';
import { buildRegistry } from '@rocket/metadata';
import { entity, ENTITIES } from './testing/fixtures';
import { pgError } from './testing/scripted-db';
import { mapWriteError, recordNotFound, uniqueViolationField } from './write-errors';

describe('uniqueViolationField', () => {
  const customer = entity('customer');

  it.each<[string, Record<string, string>, string | undefined]>([
    ['the migrator index name idx_<table>_<field>', { constraint: 'idx_customers_email' }, 'email'],
    ['the primary key constraint', { constraint: 'customers_pkey' }, 'id'],
    [
      'an unknown name, column from the detail',
      { constraint: 'something_else', detail: 'Key (email)=(a@b.c) already exists.' },
      'email',
    ],
    ['a quoted column in the detail', { detail: 'Key ("name")=(x) already exists.' }, 'name'],
    ['several columns', { detail: 'Key (name, email)=(x, y) already exists.' }, 'name, email'],
    ['a column that is no field', { detail: 'Key (lower(email))=(x) already exists.' }, undefined],
    ['nothing to go on', {}, undefined],
  ])('%s', (_label, extra, field) => {
    expect(uniqueViolationField(customer, extra)).toBe(field);
  });

  it('hashed index names over 63 bytes (01 §4.4: 54 characters + _ + 8 hex of SHA-1)', () => {
    const table = 'customer_loyalty_programme_memberships_archive';
    const field = 'external_membership_reference';
    const full = `idx_${table}_${field}`;
    const hashed = `${full.slice(0, 54)}_${createHash('sha1').update(full).digest('hex').slice(0, 8)}`;
    const long = buildRegistry(
      1,
      [
        {
          name: 'membership',
          table,
          primary_key: { field: 'id', type: 'uuid', generated: true },
          soft_delete: false,
          fields: [
            { name: 'id', type: 'uuid' },
            { name: field, type: 'string', unique: true },
          ],
        },
      ],
      [],
    ).entities.get('membership')!;
    expect(hashed.length).toBe(63);
    expect(uniqueViolationField(long, { constraint: hashed })).toBe(field);
  });

  it('one-to-one: the uq_<table>_<target_key> index of the target', () => {
    const registry = buildRegistry(
      1,
      [
        ENTITIES.find((e) => e.name === 'customer')!,
        {
          name: 'profile',
          table: 'profiles',
          primary_key: { field: 'id', type: 'uuid', generated: true },
          soft_delete: false,
          fields: [
            { name: 'id', type: 'uuid' },
            { name: 'customer_id', type: 'uuid' },
          ],
        },
      ],
      [
        {
          name: 'profile',
          type: 'one_to_one',
          source: 'customer',
          target: 'profile',
          source_key: 'id',
          target_key: 'customer_id',
          ownership: 'source',
          on_delete: 'cascade',
          fetch: 'lazy',
          write_mode: 'diff',
        },
      ],
    );
    const profile = registry.entities.get('profile')!;
    expect(uniqueViolationField(profile, { constraint: 'uq_profiles_customer_id' })).toBe('customer_id');
  });
});

describe('mapWriteError', () => {
  const customer = entity('customer');

  it('23505 → 409 CONFLICT with the field, the value never echoed', () => {
    const err = mapWriteError(
      pgError('23505', { constraint: 'idx_customers_email', detail: 'Key (email)=(secret@x.y) already exists.' }),
      customer,
    ) as AppError;
    expect(err.status).toBe(409);
    expect(err.toBody()).toEqual({
      error: {
        code: 'CONFLICT',
        message: 'A record with this value already exists',
        details: [{ field: 'email', rule: 'unique', message: 'email must be unique' }],
      },
    });
    expect(JSON.stringify(err.toBody())).not.toContain('secret');
  });

  it('23505 without a recognisable field → 409 without details', () => {
    const err = mapWriteError(pgError('23505', { constraint: 'x' }), customer) as AppError;
    expect(err.toBody()).toEqual({ error: { code: 'CONFLICT', message: 'A record with this value already exists' } });
  });

  it('a nested path prefix is put before the field', () => {
    const err = mapWriteError(
      pgError('23505', { constraint: 'idx_customers_email' }),
      customer,
      'items[1].',
    ) as AppError;
    expect(err.details).toEqual([{ field: 'items[1].email', rule: 'unique', message: 'email must be unique' }]);
  });

  it('23502 → 422 required for the column', () => {
    const err = mapWriteError(pgError('23502', { column: 'name' }), customer) as AppError;
    expect(err.status).toBe(422);
    expect(err.toBody()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
        details: [{ field: 'name', rule: 'required', message: 'name is required' }],
      },
    });
  });

  it.each<[string, number, string]>([
    ['40P01', 409, 'CONFLICT'],
    ['55P03', 409, 'CONFLICT'],
    ['57014', 504, 'TIMEOUT'],
    ['22P02', 422, 'VALIDATION_FAILED'],
  ])('%s goes through the shared database mapping', (code, status, appCode) => {
    const err = mapWriteError(pgError(code), customer) as AppError;
    expect([err.status, err.code]).toEqual([status, appCode]);
  });

  it('AppErrors and unknown errors pass through unchanged', () => {
    const app = recordNotFound(customer, 'x');
    expect(mapWriteError(app, customer)).toBe(app);
    const other = new Error('boom');
    expect(mapWriteError(other, customer)).toBe(other);
    expect(mapWriteError('weird', customer)).toBe('weird');
  });

  it('recordNotFound names the entity and the raw id', () => {
    expect(recordNotFound(customer, 'abc').toBody()).toEqual({
      error: { code: 'NOT_FOUND', message: 'customer with id abc not found' },
    });
  });
});
