import { AppError, ErrorDetail } from '@rocket/errors';
import { PayloadValidationOptions, requirePayloadObject, validatePayload } from './payload-validator';
import { entity, registry } from './testing/fixtures';

const UUID = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';

function run(name: string, body: Record<string, unknown>, options: PayloadValidationOptions) {
  return validatePayload(registry, entity(name), body, options);
}
const create = (name: string, body: Record<string, unknown>, extra: Partial<PayloadValidationOptions> = {}) =>
  run(name, body, { mode: 'create', ...extra });
const update = (name: string, body: Record<string, unknown>, extra: Partial<PayloadValidationOptions> = {}) =>
  run(name, body, { mode: 'update', ...extra });

const problems = (result: { problems: readonly ErrorDetail[] }) => result.problems;
const values = (result: { values: ReadonlyMap<string, unknown> }) => Object.fromEntries(result.values);

describe('requirePayloadObject', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [{ name: 'x' }]],
    ['a string', '{"name":"x"}'],
    ['a number', 1],
    ['undefined', undefined],
  ])('refuses %s with 400 INVALID_PAYLOAD', (_label, body) => {
    const err = (() => {
      try {
        requirePayloadObject(body);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err?.toBody()).toEqual({ error: { code: 'INVALID_PAYLOAD', message: 'Invalid JSON body' } });
    expect(err?.status).toBe(400);
  });

  it('accepts an object', () => {
    expect(requirePayloadObject({})).toEqual({});
  });
});

describe('validatePayload: create', () => {
  it('coerces every field kind and keeps payload order', () => {
    const result = create('customer', {
      name: 'Acme',
      email: 'billing@acme.test',
      credit_limit: '50000',
      vip: true,
      visits: '12',
      score: 4.5,
      birthday: '1990-05-17',
      last_seen: '2025-01-15T10:30:00+01:00',
      prefs: ['a', { b: 1 }],
      avatar: { id: UUID.toUpperCase(), filename: 'forged.png' },
      phone: null,
    });
    expect(problems(result)).toEqual([]);
    expect(values(result)).toEqual({
      name: 'Acme',
      email: 'billing@acme.test',
      credit_limit: 50000,
      vip: true,
      visits: 12,
      score: 4.5,
      birthday: '1990-05-17',
      last_seen: '2025-01-15T09:30:00.000Z',
      prefs: ['a', { b: 1 }],
      avatar: { id: UUID },
      phone: null,
    });
    expect(result.relations).toEqual([]);
  });

  it('the 02 §9.4 example: type and unknown, in payload order', () => {
    const result = create('customer', { name: 'A', email: 'x@y.z', credit_limit: 'lots', nickname: 'q' });
    expect(problems(result)).toEqual([
      { field: 'credit_limit', rule: 'type', message: 'credit_limit must be a decimal number' },
      { field: 'nickname', rule: 'unknown', message: 'Unknown field or relation: nickname' },
    ]);
  });

  it.each<[string, Record<string, unknown>, ErrorDetail]>([
    [
      'int',
      { title: 't', customer_id: UUID, id: 1, opened_on: 5 },
      { field: 'opened_on', rule: 'type', message: 'opened_on must be a date (YYYY-MM-DD)' },
    ],
    [
      'boolean as string',
      { name: 'n', email: 'e', vip: 'true' },
      { field: 'vip', rule: 'type', message: 'vip must be a boolean' },
    ],
    [
      'uuid',
      { name: 'n', email: 'e', avatar: 'nope' },
      { field: 'avatar', rule: 'type', message: 'avatar must be a file id (UUID) or an object with a file id' },
    ],
    [
      'decimal precision',
      { name: 'n', email: 'e', credit_limit: 1e17 },
      {
        field: 'credit_limit',
        rule: 'type',
        message: 'credit_limit must have at most 16 digits before the decimal point',
      },
    ],
    [
      'U+0000 in a string',
      { name: 'a\u0000b', email: 'e' },
      { field: 'name', rule: 'type', message: 'name must not contain the character U+0000' },
    ],
    [
      'unpaired surrogate',
      { name: 'n', email: '\uD800' },
      { field: 'email', rule: 'type', message: 'email must not contain unpaired UTF-16 surrogates' },
    ],
    [
      'U+0000 inside json',
      { name: 'n', email: 'e', prefs: { k: 'v\u0000' } },
      { field: 'prefs', rule: 'type', message: 'prefs must not contain the character U+0000' },
    ],
  ])('rule type: %s', (label, body, detail) => {
    const name = label === 'int' ? 'ticket' : 'customer';
    expect(problems(create(name, body))).toContainEqual(detail);
  });

  it('rule enum: compared as strings, null allowed', () => {
    expect(problems(create('customer', { name: 'n', email: 'e', tier: 'platinum' }))).toEqual([
      { field: 'tier', rule: 'enum', message: 'tier must be one of: basic, gold' },
    ]);
    expect(problems(create('customer', { name: 'n', email: 'e', tier: null }))).toEqual([]);
    expect(values(create('customer', { name: 'n', email: 'e', tier: 'gold' })).tier).toBe('gold');
  });

  it('rule required: missing, null and "" all count as missing', () => {
    expect(problems(create('customer', { email: null, phone: '' }))).toEqual([
      { field: 'email', rule: 'required', message: 'email is required' },
      { field: 'name', rule: 'required', message: 'name is required' },
    ]);
    expect(problems(create('customer', { name: '', email: 'e' }))).toEqual([
      { field: 'name', rule: 'required', message: 'name is required' },
    ]);
  });

  it('rule required: "" on a required non-string field is required, not type', () => {
    expect(problems(create('ticket', { title: 't', customer_id: '' }))).toEqual([
      { field: 'customer_id', rule: 'required', message: 'customer_id is required' },
    ]);
  });

  it('"" on an optional non-string field is a type problem; on an optional string it is a value', () => {
    expect(problems(create('customer', { name: 'n', email: 'e', visits: '' }))).toEqual([
      {
        field: 'visits',
        rule: 'type',
        message: 'visits must be an integer between -9007199254740991 and 9007199254740991',
      },
    ]);
    expect(values(create('customer', { name: 'n', email: 'e', phone: '' })).phone).toBe('');
  });

  it('defaults apply before the required check: a required field with a default may be absent, not null', () => {
    const body = { number: 'INV-1', customer_id: UUID, notes: null };
    expect(problems(create('invoice', body))).toEqual([]);
    // The default is not in `values`: the apply-defaults stage adds it.
    expect(values(create('invoice', body))).toEqual({ number: 'INV-1', customer_id: UUID, notes: null });
    expect(problems(create('invoice', { ...body, status: null }))).toEqual([
      { field: 'status', rule: 'required', message: 'status is required' },
    ]);
  });

  it('required && nullable is not required', () => {
    expect(problems(create('invoice', { number: 'INV-1', customer_id: UUID }))).toEqual([]);
  });

  it('requiredExempt (state-machine field, computed target, injected FK) skips required', () => {
    expect(problems(create('ticket', { title: 't' }, { requiredExempt: new Set(['customer_id']) }))).toEqual([]);
    expect(
      problems(create('ticket', { title: 't', customer_id: null }, { requiredExempt: new Set(['customer_id']) })),
    ).toEqual([]);
  });

  it('ignores a generated PK, auto fields and deleted_at (declared or not)', () => {
    const result = create('ticket', {
      id: 99,
      title: 't',
      customer_id: UUID,
      created_at: 'whenever',
      deleted_at: '2020-01-01',
    });
    expect(problems(result)).toEqual([]);
    expect(values(result)).toEqual({ title: 't', customer_id: UUID });
    const invoice = create('invoice', {
      id: 'not even a uuid',
      number: 'N',
      customer_id: UUID,
      deleted_at: 'x',
      updated_at: 1,
    });
    expect(problems(invoice)).toEqual([]);
    expect(values(invoice)).toEqual({ number: 'N', customer_id: UUID });
  });

  it('a non-generated PK is required on create even when not marked required', () => {
    expect(problems(create('account', { label: 'x' }))).toEqual([
      { field: 'number', rule: 'required', message: 'number is required' },
    ]);
    expect(problems(create('account', { number: null }))).toEqual([
      { field: 'number', rule: 'required', message: 'number is required' },
    ]);
    expect(values(create('account', { number: '42' }))).toEqual({ number: 42 });
  });

  it('rule reserved: a client string PK must not start with _', () => {
    expect(problems(create('country', { code: '_bulk', name: 'Nowhere' }))).toEqual([
      { field: 'code', rule: 'reserved', message: 'code must not start with _' },
    ]);
    expect(values(create('country', { code: 'de', name: 'Germany' }))).toEqual({ code: 'de', name: 'Germany' });
  });

  it('rule slug: an explicit slug must match the format and not look like a PK', () => {
    expect(problems(create('invoice', { number: 'N', customer_id: UUID, slug: 'Not A Slug' }))).toEqual([
      { field: 'slug', rule: 'slug', message: 'slug must be lowercase letters and digits separated by single hyphens' },
    ]);
    expect(problems(create('invoice', { number: 'N', customer_id: UUID, slug: 'a--b' }))[0].rule).toBe('slug');
    expect(problems(create('invoice', { number: 'N', customer_id: UUID, slug: '-a' }))[0].rule).toBe('slug');
    expect(problems(create('invoice', { number: 'N', customer_id: UUID, slug: UUID }))).toEqual([
      { field: 'slug', rule: 'slug', message: 'slug must not look like a primary key value' },
    ]);
    expect(problems(create('page', { slug: '123' }))).toEqual([
      { field: 'slug', rule: 'slug', message: 'slug must not look like a primary key value' },
    ]);
    expect(values(create('page', { slug: 'page-123' }))).toEqual({ slug: 'page-123' });
    expect(values(create('invoice', { number: 'N', customer_id: UUID, slug: 'inv-1' })).slug).toBe('inv-1');
  });

  it('a slug field with a source is exempt from required; absent, null or "" means generate', () => {
    for (const slug of [undefined, null, '']) {
      const body: Record<string, unknown> = { number: 'N', customer_id: UUID };
      if (slug !== undefined) body.slug = slug;
      const result = create('invoice', body);
      expect(problems(result)).toEqual([]);
      expect(result.values.has('slug')).toBe(false);
    }
  });

  it.each(['__proto__', 'constructor', 'prototype'])('%s is an unknown key and never merged', (key) => {
    const body = JSON.parse(`{"name":"n","email":"e","${key}":{"polluted":true}}`) as Record<string, unknown>;
    const result = create('customer', body);
    expect(problems(result)).toEqual([{ field: key, rule: 'unknown', message: `Unknown field or relation: ${key}` }]);
    expect([...result.values.keys()]).toEqual(['name', 'email']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('relation keys (by name, by target, by <entity>_<key>) are collected for the planner, unchecked', () => {
    const result = create('customer', {
      name: 'n',
      email: 'e',
      tickets: { data: [] },
      invoice: 'not even an object',
      invoices: { data: [] },
    });
    expect(problems(result)).toEqual([]);
    expect(result.relations.map((r) => [r.key, r.path, r.relation.name])).toEqual([
      ['tickets', 'tickets', 'tickets'],
      ['invoice', 'invoice', 'customer_invoices'],
      ['invoices', 'invoices', 'customer_invoices'],
    ]);
  });

  it('a relation the entity is only the target of is an unknown key for writes', () => {
    expect(problems(create('customer', { name: 'n', email: 'e', country: { code: 'de' } }))).toEqual([
      { field: 'country', rule: 'unknown', message: 'Unknown field or relation: country' },
    ]);
  });

  it('collects every problem of the row at once: present keys in payload order, then missing fields', () => {
    const result = create('invoice', { total: 'x', status: 'void', bogus: 1, slug: 'BAD' });
    expect(problems(result)).toEqual([
      { field: 'total', rule: 'type', message: 'total must be a decimal number' },
      { field: 'status', rule: 'enum', message: 'status must be one of: draft, sent, paid' },
      { field: 'bogus', rule: 'unknown', message: 'Unknown field or relation: bogus' },
      { field: 'slug', rule: 'slug', message: 'slug must be lowercase letters and digits separated by single hyphens' },
      { field: 'number', rule: 'required', message: 'number is required' },
      { field: 'customer_id', rule: 'required', message: 'customer_id is required' },
    ]);
  });

  it('prefixes detail fields with the row path of a nested row', () => {
    expect(problems(create('ticket', { title: 5, extra: 1 }, { path: 'items[2]' }))).toEqual([
      { field: 'items[2].title', rule: 'type', message: 'title must be a string' },
      { field: 'items[2].extra', rule: 'unknown', message: 'Unknown field or relation: extra' },
      { field: 'items[2].customer_id', rule: 'required', message: 'customer_id is required' },
    ]);
  });
});

describe('validatePayload: update', () => {
  it('{} is valid and sets nothing', () => {
    const result = update('customer', {});
    expect(problems(result)).toEqual([]);
    expect(result.values.size).toBe(0);
  });

  it('missing required fields are fine; only present keys are set', () => {
    const result = update('invoice', { total: '12.5' });
    expect(problems(result)).toEqual([]);
    expect(values(result)).toEqual({ total: 12.5 });
  });

  it('ignores the PK (even a generated one), auto fields and deleted_at', () => {
    const result = update('country', { code: 'xx', name: 'X', deleted_at: null });
    expect(problems(result)).toEqual([]);
    expect(values(result)).toEqual({ name: 'X' });
    expect(values(update('ticket', { id: 'abc', created_at: 'x', title: 'T' }))).toEqual({ title: 'T' });
  });

  it('rule required: only a required field explicitly set to null or ""', () => {
    expect(problems(update('customer', { name: null, email: '', phone: null }))).toEqual([
      { field: 'name', rule: 'required', message: 'name is required' },
      { field: 'email', rule: 'required', message: 'email is required' },
    ]);
    expect(values(update('customer', { phone: null }))).toEqual({ phone: null });
  });

  it('the slug source exemption is create-only: an emptied required slug is required', () => {
    expect(problems(update('invoice', { slug: '' }))).toEqual([
      { field: 'slug', rule: 'required', message: 'slug is required' },
    ]);
  });

  it('type, enum, slug and unknown apply as on create', () => {
    expect(problems(update('invoice', { total: true, status: 'x', slug: UUID, foo: 1, items: {} }))).toEqual([
      { field: 'total', rule: 'type', message: 'total must be a decimal number' },
      { field: 'status', rule: 'enum', message: 'status must be one of: draft, sent, paid' },
      { field: 'slug', rule: 'slug', message: 'slug must not look like a primary key value' },
      { field: 'foo', rule: 'unknown', message: 'Unknown field or relation: foo' },
      { field: 'items', rule: 'unknown', message: 'Unknown field or relation: items' },
    ]);
  });

  it('relation keys are collected on update too, with the row path', () => {
    const result = update('invoice', { categories: { data: [] } }, { path: 'x[0]' });
    expect(problems(result)).toEqual([]);
    expect(result.relations.map((r) => [r.key, r.path])).toEqual([['categories', 'x[0].categories']]);
  });
});
