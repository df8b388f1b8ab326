import { accept, Coerced, refuse } from './coercer.types';

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * An integer within [min, max] from a JSON number or an integer string
 * (01 §2.4). The result is a JSON number; strings too long to be in range
 * are refused before BigInt ever sees them.
 */
export function coerceInteger(value: unknown, min: bigint, max: bigint): Coerced {
  const reason = `must be an integer between ${min} and ${max}`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return refuse(reason);
    const n = BigInt(value);
    return n < min || n > max ? refuse(reason) : accept(value === 0 ? 0 : value);
  }
  if (typeof value === 'string' && INTEGER_TEXT.test(value) && value.length <= 24) {
    const n = BigInt(value);
    return n < min || n > max ? refuse(reason) : accept(Number(n));
  }
  return refuse(reason);
}
