/** A lone high surrogate not followed by a low one, or a lone low surrogate. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored (13 §8.2): PostgreSQL rejects U+0000 and
 * would silently turn an unpaired surrogate into U+FFFD. Undefined when fine.
 */
export function unstorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the character U+0000';
  if (UNPAIRED_SURROGATE.test(value)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}
