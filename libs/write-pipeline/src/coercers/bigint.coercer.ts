import { Coercer } from './coercer.types';
import { coerceInteger } from './integer.util';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `bigint`: within ±(2^53−1) so it survives as a JSON number (01 §2.4). */
export const coerceBigint: Coercer = (value) => coerceInteger(value, -SAFE, SAFE);
