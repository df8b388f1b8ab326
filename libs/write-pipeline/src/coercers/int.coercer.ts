import { Coercer } from './coercer.types';
import { coerceInteger } from './integer.util';

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;

/** `int` / `integer`: INTEGER range, JSON number or integer string. */
export const coerceInt: Coercer = (value) => coerceInteger(value, INT32_MIN, INT32_MAX);
