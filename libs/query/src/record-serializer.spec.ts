import { buildRegistry } from '@rocket/metadata';
import { compileSerializer, recordSerializer, serializeGeneric, serializeRecord } from './record-serializer';
import { ENTITIES, entityOf, RELATIONS } from './testing/fixtures';

const sample = entityOf('sample');
const UUID = '4F1C2B7E-0000-4000-8000-00000000000A';
const TS = new Date('2025-03-04T05:06:07.089Z');

/** Column value as the driver returns it → JSON value (01 §2.4), per field of `sample`. */
const CASES: [field: string, value: unknown, expected: unknown][] = [
  ['s', 'text "quoted" \u2028', 'text "quoted" \u2028'],
  ['t', '', ''],
  ['i', 42, 42],
  ['i', '-7', -7],
  ['n', 3, 3],
  ['b', '9007199254740991', 9007199254740991],
  ['b', '-9007199254740991', -9007199254740991],
  ['b', '9007199254740992', '9007199254740992'],
  ['b', '-9223372036854775808', '-9223372036854775808'],
  ['f', 1.5, 1.5],
  ['f', '2.25', 2.25],
  ['d', '10.50', 10.5],
  ['d', '0.00', 0],
  ['flag', true, true],
  ['flag', false, false],
  ['u', UUID, UUID.toLowerCase()],
  ['ts', TS, '2025-03-04T05:06:07.089Z'],
  ['ts', '2025-03-04 05:06:07+00', '2025-03-04T05:06:07.000Z'],
  ['ts', Infinity, 'Infinity'],
  ['dt', '2025-03-04', '2025-03-04'],
  ['dt', new Date('2025-03-04T00:00:00Z'), '2025-03-04'],
  ['j', { a: [1, { b: null }] }, { a: [1, { b: null }] }],
  ['j', [], []],
  [
    'fl',
    { id: 'f1', filename: 'a.txt', size: 3, mime_type: 'text/plain' },
    { id: 'f1', filename: 'a.txt', size: 3, mime_type: 'text/plain' },
  ],
];

describe('serializeRecord', () => {
  it.each(CASES)('%s: %p → %p', (field, value, expected) => {
    const record = serializeRecord(sample, { id: 'x', [field]: value });
    expect(record[field]).toEqual(expected);
    expect(record).toEqual(serializeGeneric(sample, { id: 'x', [field]: value }));
  });

  it('every declared field, in definition order, null when NULL or missing', () => {
    const record = serializeRecord(sample, { id: 'x', s: null, extra: 'not a field' });
    expect(Object.keys(record)).toEqual(sample.fields.map((f) => f.name));
    expect(record.s).toBeNull();
    expect(record.i).toBeNull();
    expect('extra' in record).toBe(false);
  });

  it('the compiled serializer writes the same JSON as the plain loop, byte for byte', () => {
    const row: Record<string, unknown> = { id: 'x' };
    for (const [field, value] of CASES) row[field] = value;
    const compiled = compileSerializer(sample);
    expect(JSON.stringify(compiled(row))).toBe(JSON.stringify(serializeGeneric(sample, row)));
  });

  it('soft-delete entities add the engine’s deleted_at unless they declare it', () => {
    const article = entityOf('article');
    const deletedAt = new Date('2025-01-01T00:00:00Z');
    const record = serializeRecord(article, { id: '12', slug: 's', title: 't', deleted_at: deletedAt });
    expect(record.id).toBe(12);
    expect(record.deleted_at).toBe('2025-01-01T00:00:00.000Z');
    expect(Object.keys(record).at(-1)).toBe('deleted_at');
    expect(serializeRecord(article, { id: '12' }).deleted_at).toBeNull();

    const ticket = entityOf('ticket');
    const keys = Object.keys(serializeRecord(ticket, { id: UUID, deleted_at: deletedAt }));
    expect(keys.filter((k) => k === 'deleted_at')).toHaveLength(1);
  });

  it('compiles once per entity snapshot; a new registry compiles again', () => {
    expect(recordSerializer(sample)).toBe(recordSerializer(sample));
    const rebuilt = buildRegistry(2, ENTITIES, RELATIONS, () => undefined).entities.get('sample')!;
    expect(recordSerializer(rebuilt)).not.toBe(recordSerializer(sample));
    expect(recordSerializer(rebuilt)({ id: 'x', d: '1.50' })).toEqual(serializeRecord(sample, { id: 'x', d: '1.50' }));
  });
});
