const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d{1,9}(?:ms|s|m|h|d))+$/;
const GROUP = /(\d{1,9})(ms|s|m|h|d)/g;
export const MAX_DURATION_MS = 365 * UNIT_MS.d;

/**
 * A timeout (05 §2.6): one or more `<integer><unit>` groups, units ms, s,
 * m, h, d (`"48h"`, `"1h30m"`). Returns milliseconds, or null when the text
 * is malformed, zero or longer than 365 days.
 */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string' || text.length > 100 || !WHOLE.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(GROUP)) total += Number(amount) * UNIT_MS[unit];
  return total > 0 && total <= MAX_DURATION_MS ? total : null;
}
