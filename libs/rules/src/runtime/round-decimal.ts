/**
 * Rounds half away from zero to `digits` decimals on the number's shortest
 * decimal text (so 1.005 → 1.01 as written, not 1.00 as its binary value
 * 1.00499… would give), as NUMERIC rounds. The same rule as the `round()`
 * built-in of 03 §7, which `@rocket/expressions` does not export.
 */
export function roundHalfAwayFromZero(n: number, digits: number): number {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)));
  if (!m) return n;
  const all = m[1] + (m[2] ?? '');
  const point = m[1].length + Number(m[3] ?? 0);
  const keep = point + digits;
  if (keep >= all.length) return n;
  if (keep < 0) return 0;
  let kept = BigInt(all.slice(0, keep) || '0');
  if (all[keep] >= '5') kept += 1n;
  const result = Number(`${kept}e${-digits}`);
  return n < 0 && result !== 0 ? -result : result;
}
