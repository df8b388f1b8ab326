/** A set of UTF-16 code units as sorted, merged inclusive ranges `[lo0, hi0, lo1, hi1, …]`. */
export type Ranges = readonly number[];

const MAX_UNIT = 0xffff;

export const DIGIT: Ranges = [0x30, 0x39];
export const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** ECMAScript `\s`: white space and line terminators. */
export const SPACE: Ranges = normalise([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f,
  0x3000, 0x3000, 0xfeff, 0xfeff,
]);
/** ECMAScript `.` without the `s` flag: anything but a line terminator. */
export const DOT: Ranges = complement([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);

/** Sorts and merges overlapping or adjacent ranges. */
export function normalise(ranges: readonly number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complement(ranges: Ranges): number[] {
  const sorted = normalise(ranges);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < sorted.length; i += 2) {
    if (sorted[i] > next) out.push(next, sorted[i] - 1);
    next = sorted[i + 1] + 1;
  }
  if (next <= MAX_UNIT) out.push(next, MAX_UNIT);
  return out;
}

/** Membership test with an ASCII table, since nearly every subject is mostly ASCII. */
export class CharSet {
  private readonly ascii = new Uint8Array(128);
  private readonly ranges: number[];

  constructor(ranges: Ranges) {
    this.ranges = normalise(ranges);
    for (let c = 0; c < 128; c++) this.ascii[c] = this.scan(c) ? 1 : 0;
  }

  has(unit: number): boolean {
    return unit < 128 ? this.ascii[unit] === 1 : this.scan(unit);
  }

  private scan(unit: number): boolean {
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) {
      if (unit < r[i]) return false;
      if (unit <= r[i + 1]) return true;
    }
    return false;
  }
}

export function isWordUnit(unit: number): boolean {
  return (
    (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || unit === 0x5f || (unit >= 0x61 && unit <= 0x7a)
  );
}
