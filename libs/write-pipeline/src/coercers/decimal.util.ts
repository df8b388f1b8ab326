/**
 * Decimal text as PostgreSQL's NUMERIC input accepts it, without whitespace,
 * NaN or Infinity. Exponents are bounded: NUMERIC overflows far beyond ±1000
 * and no finite JSON number needs more.
 */
const NUMERIC_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const MAX_EXPONENT = 1000;

/** A decimal number as sign, significant digits and the position of the point in them. */
export interface DecimalParts {
  readonly negative: boolean;
  /** Significant digits without leading/trailing zeros; '' for zero. */
  readonly digits: string;
  /** Where the decimal point sits relative to `digits` (2 for 12.5 ⇒ "125"). */
  readonly point: number;
}

/** Parses numeric text (`12`, `-1.50`, `.5`, `5.`, `1e-7`, `1.5E+3`); undefined if it is not one. */
export function parseDecimal(text: string): DecimalParts | undefined {
  const m = NUMERIC_TEXT.exec(text);
  if (!m) return undefined;
  const [, sign, int = '', frac = '', exp] = m;
  if (int.length === 0 && frac.length === 0) return undefined;
  const exponent = exp === undefined ? 0 : Number(exp);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits.length === 0) return { negative: false, digits: '', point: 0 };
  return { negative: sign === '-', digits, point: int.length + exponent - lead };
}

/** JSON numbers as decimal text ("1e+21", "1e-7" included). */
export function numberText(value: number): string {
  return String(value);
}

/**
 * Digits before the decimal point once the value is rounded (half away from
 * zero, like NUMERIC) to `scale` fractional digits: 9.995 at scale 2 has 2.
 */
export function integerDigitsAfterRounding(parts: DecimalParts, scale: number): number {
  const { digits, point } = parts;
  if (digits.length === 0) return 0;
  const keep = point + scale;
  let carry = false;
  if (keep < digits.length && keep >= 0) {
    carry = digits[keep] >= '5' && /^9*$/.test(digits.slice(0, keep));
  }
  return Math.max(0, point + (carry ? 1 : 0));
}

/** Canonical text of a decimal, equal for equal values ("1.50" ≡ "1.5" ≡ "15e-1"). */
export function canonicalDecimal(parts: DecimalParts): string {
  return `${parts.negative ? '-' : ''}${parts.digits}@${parts.point}`;
}
