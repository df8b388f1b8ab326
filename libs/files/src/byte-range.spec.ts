import { parseRange, RangeRequest } from './byte-range';
import { ifRangeHolds, noneMatch, servedFileHeaders } from './file-response';

describe('parseRange (RFC 9110 §14)', () => {
  const full: RangeRequest = { kind: 'full' };
  const bad: RangeRequest = { kind: 'unsatisfiable' };
  const range = (start: number, end: number): RangeRequest => ({ kind: 'range', range: { start, end } });

  it.each<[string | undefined, number, RangeRequest]>([
    [undefined, 100, full],
    ['bytes=0-9', 100, range(0, 9)],
    ['bytes=0-0', 100, range(0, 0)],
    ['bytes=90-', 100, range(90, 99)],
    ['bytes=99-', 100, range(99, 99)],
    ['bytes=-10', 100, range(90, 99)],
    ['bytes=-1000', 100, range(0, 99)],
    ['bytes=50-1000', 100, range(50, 99)],
    ['Bytes = 1-2', 100, range(1, 2)],
    ['bytes= 5-6 ', 100, range(5, 6)],
    ['bytes=100-', 100, bad],
    ['bytes=100-200', 100, bad],
    ['bytes=9-3', 100, bad],
    ['bytes=-0', 100, bad],
    ['bytes=-', 100, bad],
    ['bytes=', 100, bad],
    ['bytes=a-b', 100, bad],
    ['bytes=1.5-2', 100, bad],
    ['bytes=0-', 0, bad],
    ['bytes=-5', 0, bad],
    ['bytes=0-1,5-6', 100, full],
    ['items=0-1', 100, full],
    ['0-1', 100, full],
  ])('%j of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('conditional request helpers', () => {
  const etag = '"4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11"';

  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    [etag, true],
    [`W/${etag}`, true],
    [`"other", ${etag}`, true],
    ['*', true],
    ['"other"', false],
    [etag.slice(1, -1), false],
  ])('If-None-Match %j → %s', (header, expected) => {
    expect(noneMatch(header, etag)).toBe(expected);
  });

  it.each<[string | undefined, boolean]>([
    [undefined, true],
    [etag, true],
    [`W/${etag}`, false],
    ['"other"', false],
    ['Wed, 21 Oct 2015 07:28:00 GMT', false],
  ])('If-Range %j → %s', (header, expected) => {
    expect(ifRangeHolds(header, etag)).toBe(expected);
  });

  it('served headers (08 §10.5)', () => {
    expect(servedFileHeaders({ id: 'abc', filename: 'x.svg', mime_type: 'image/svg+xml' })).toEqual({
      'content-type': 'image/svg+xml',
      'content-disposition': `attachment; filename="x.svg"; filename*=UTF-8''x.svg`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, max-age=0, must-revalidate',
      etag: '"abc"',
      'accept-ranges': 'bytes',
    });
  });
});
