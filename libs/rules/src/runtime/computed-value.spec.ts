import { buildRegistry, CompiledField, FieldDefinition } from '@rocket/metadata';
import { computedValue } from './computed-value';
import { roundHalfAwayFromZero } from './round-decimal';

function fieldOf(def: Omit<FieldDefinition, 'name'>): CompiledField {
  const registry = buildRegistry(
    1,
    [
      {
        name: 'e',
        table: 'e',
        primary_key: { field: 'id', type: 'int', generated: true },
        soft_delete: false,
        fields: [
          { name: 'id', type: 'int', required: true },
          { name: 'f', ...def },
        ],
      },
    ],
    [],
  );
  return registry.entities.get('e')!.fieldsByName.get('f')!;
}

/** [target definition, computed result, stored value or `Error: reason`] (04 §1.4). */
const CASES: Array<[Omit<FieldDefinition, 'name'>, unknown, unknown]> = [
  [{ type: 'int' }, 6000, 6000],
  [{ type: 'int' }, 2.5, 'Error: must be an integer'],
  [{ type: 'int' }, '5', 'Error: must be an integer'],
  [{ type: 'int' }, 2 ** 31, 'Error: must be an integer between -2147483648 and 2147483647'],
  [{ type: 'integer' }, -3, -3],
  [{ type: 'bigint' }, 2 ** 53 - 1, 2 ** 53 - 1],
  [{ type: 'bigint' }, 1.1, 'Error: must be an integer'],
  [{ type: 'float' }, 1.25, 1.25],
  [{ type: 'float' }, true, 'Error: must be a number'],
  [{ type: 'decimal', precision: 2 }, 1.005, 1.01],
  [{ type: 'decimal', precision: 2 }, -1.005, -1.01],
  [{ type: 'decimal', precision: 2 }, 2.675, 2.68],
  [{ type: 'decimal', precision: 0 }, 2.5, 3],
  [{ type: 'decimal', precision: 2 }, 40 * 150, 6000],
  [{ type: 'decimal' }, 1 / 3, 1 / 3],
  [{ type: 'decimal', precision: 2 }, '12', 'Error: must be a decimal number'],
  [{ type: 'decimal', precision: 16 }, 1234.5, 'Error: must have at most 2 digits before the decimal point'],
  [{ type: 'string' }, 'x', 'x'],
  [{ type: 'string' }, 2.5, '2.5'],
  [{ type: 'text' }, 1e21, '1e+21'],
  [{ type: 'string' }, false, 'false'],
  [{ type: 'string' }, new Date('2026-02-08T10:00:00Z'), '2026-02-08T10:00:00.000Z'],
  [{ type: 'string' }, [1], 'Error: must be a scalar value'],
  [{ type: 'string' }, 'a\u0000b', 'Error: must not contain the character U+0000'],
  [{ type: 'uuid' }, 'ABCDEF00-0000-4000-8000-000000000000', 'abcdef00-0000-4000-8000-000000000000'],
  [{ type: 'uuid' }, 'nope', 'Error: must be a UUID'],
  [{ type: 'boolean' }, true, true],
  [{ type: 'boolean' }, 1, 'Error: must be a boolean'],
  [{ type: 'timestamp' }, new Date('2026-02-08T10:00:00Z'), '2026-02-08T10:00:00.000Z'],
  [{ type: 'timestamp' }, '2026-02-08T12:00:00+02:00', '2026-02-08T10:00:00.000Z'],
  [{ type: 'timestamp' }, '2026-02-08', '2026-02-08T00:00:00.000Z'],
  [{ type: 'timestamp' }, 'later', 'Error: must be an ISO-8601 date-time'],
  [{ type: 'date' }, new Date('2026-02-08T23:30:00Z'), '2026-02-08'],
  [{ type: 'date' }, '2026-02-08', '2026-02-08'],
  [{ type: 'date' }, '2026-02-08T23:30:00-02:00', '2026-02-09'],
  [{ type: 'date' }, '2026-02-30', 'Error: must be a date (YYYY-MM-DD)'],
  [{ type: 'json' }, { a: [1, 'b'] }, { a: [1, 'b'] }],
  [{ type: 'json' }, new Date('2026-02-08T10:00:00Z'), '2026-02-08T10:00:00.000Z'],
  [{ type: 'int' }, null, null],
  [{ type: 'string', required: true }, null, 'Error: is required'],
  [{ type: 'string', required: true, nullable: true }, null, null],
];

describe('computedValue (04 §1.4)', () => {
  it.each(CASES)('%j ← %p gives %p', (def, result, expected) => {
    const coerced = computedValue(fieldOf(def), result);
    expect(coerced.ok ? coerced.value : `Error: ${coerced.reason}`).toEqual(expected);
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [1.005, 2, 1.01],
    [1.004, 2, 1],
    [-2.5, 0, -3],
    [0.125, 2, 0.13],
    [1e-7, 2, 0],
    [123.456, 5, 123.456],
    [1e21, 2, 1e21],
  ])('%p to %p decimals is %p', (n, digits, expected) => {
    expect(roundHalfAwayFromZero(n, digits)).toBe(expected);
  });
});
