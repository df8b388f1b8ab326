import { ConditionOperator } from '@rocket/expressions';
import { FieldKind } from '@rocket/metadata';
import { conditionOperand, IMPOSSIBLE } from './operand';

describe('conditionOperand: one value form for SQL and memory (03 §11)', () => {
  it.each<[FieldKind, ConditionOperator, unknown, unknown]>([
    ['string', 'eq', 'x', 'x'],
    ['string', 'eq', 5, IMPOSSIBLE],
    ['text', 'eq', null, null],
    ['uuid', 'eq', 'AAAAAAAA-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001'],
    ['uuid', 'eq', 'nope', IMPOSSIBLE],
    ['uuid', 'like', 'aa%', 'aa%'],
    ['int', 'like', '1%', IMPOSSIBLE],
    ['int', 'gt', '10', 10],
    ['int', 'eq', 1.5, IMPOSSIBLE],
    ['int', 'eq', 2 ** 31, IMPOSSIBLE],
    ['int', 'eq', -(2 ** 31), -(2 ** 31)],
    ['bigint', 'eq', 2 ** 40, 2 ** 40],
    ['bigint', 'eq', 2 ** 60, IMPOSSIBLE],
    ['decimal', 'lte', '12.50', 12.5],
    ['float', 'eq', 'abc', IMPOSSIBLE],
    ['boolean', 'eq', true, true],
    ['boolean', 'eq', 'true', IMPOSSIBLE],
    ['timestamp', 'gt', '2025-01-01', '2025-01-01T00:00:00.000Z'],
    ['timestamp', 'gt', new Date('2025-01-01T12:00:00Z'), '2025-01-01T12:00:00.000Z'],
    ['date', 'eq', '2025-01-01T23:30:00-02:00', '2025-01-02'],
    ['date', 'eq', '2025-02-30', IMPOSSIBLE],
    ['json', 'eq', 'x', IMPOSSIBLE],
    ['int', 'gt', null, IMPOSSIBLE],
    ['string', 'eq', ['a'], IMPOSSIBLE],
    ['string', 'in', 'a', IMPOSSIBLE],
    ['int', 'in', ['1', 2, null, 'x', 2.5], [1, 2]],
    ['uuid', 'not_in', ['bad'], []],
  ])('%s %s %p → %p', (kind, operator, value, expected) => {
    expect(conditionOperand(kind, operator, value)).toEqual(expected);
  });
});
