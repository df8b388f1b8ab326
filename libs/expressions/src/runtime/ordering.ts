import { evalError } from '../errors/evaluation-error';
import { parseIsoText } from './datetime';
import { typeOf } from './values';

export type OrderOperator = '<' | '<=' | '>' | '>=';

/**
 * `< <= > >=` (03 §5.2): numbers, strings (UTF-16 order), datetimes, and a
 * datetime against a string it can parse. A null operand makes it false.
 */
export function ordered(op: OrderOperator, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const c = compare(a, b);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** Three-way comparison of two non-null values; other combinations are evaluation errors. */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta === 'datetime' || tb === 'datetime') {
    const x = instant(a, ta);
    const y = instant(b, tb);
    if (x !== undefined && y !== undefined) return x - y;
  }
  throw evalError(`cannot order ${ta} and ${tb}`);
}

function instant(value: unknown, type: string): number | undefined {
  if (type === 'datetime') return (value as Date).getTime();
  if (type !== 'string') return undefined;
  const ms = parseIsoText(value as string);
  if (ms === undefined) throw evalError(`cannot read '${value as string}' as a date`);
  return ms;
}
