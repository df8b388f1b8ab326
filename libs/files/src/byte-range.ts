import { ByteRange } from './storage/file-storage';

/**
 * What a `Range` header asks of an object of `size` bytes (RFC 9110 §14):
 * `full` — no header, another unit, or several ranges (served whole, which
 * §14.2 allows); `range` — one satisfiable range, clamped to the object;
 * `unsatisfiable` — a malformed `bytes` range or one starting past the end
 * (416).
 */
export type RangeRequest = { kind: 'full' } | { kind: 'range'; range: ByteRange } | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'full' };
  const match = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!match) return { kind: 'full' };
  const specs = match[1].split(',').map((s) => s.trim());
  if (specs.length > 1) return { kind: 'full' };
  const parts = SPEC.exec(specs[0]);
  if (!parts || (parts[1] === '' && parts[2] === '')) return { kind: 'unsatisfiable' };
  const [, first, last] = parts;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || (last !== '' && Number(last) < start)) {
    return { kind: 'unsatisfiable' };
  }
  return { kind: 'range', range: { start, end } };
}
