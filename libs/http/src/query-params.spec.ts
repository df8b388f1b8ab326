import { booleanParam, enumParam, isUuid, pageParams, singleParam } from './query-params';

describe('query parameters of the fixed APIs (02 §3.3)', () => {
  it('takes one string, refuses a repeated key with 400', () => {
    expect(singleParam({ a: 'x' }, 'a')).toBe('x');
    expect(singleParam({}, 'a')).toBeUndefined();
    expect(() => singleParam({ a: ['x', 'y'] }, 'a')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads booleans and enums strictly', () => {
    expect(booleanParam({ b: 'false' }, 'b')).toBe(false);
    expect(() => booleanParam({ b: 'yes' }, 'b')).toThrow('Query parameter b must be true or false');
    expect(enumParam({ s: 'on' }, 's', ['on', 'off'])).toBe('on');
    expect(() => enumParam({ s: 'up' }, 's', ['on', 'off'])).toThrow('Query parameter s must be one of: on, off');
  });

  it.each([
    [{}, { page: 1, perPage: 50 }],
    [
      { page: '3', per_page: '10' },
      { page: 3, perPage: 10 },
    ],
    [
      { page: '0', per_page: '-1' },
      { page: 1, perPage: 50 },
    ],
    [
      { page: '2.5', per_page: 'ten' },
      { page: 1, perPage: 50 },
    ],
    [{ per_page: '5000' }, { page: 1, perPage: 200 }],
    [{ per_page: '99999999999999999999999' }, { page: 1, perPage: 200 }],
    [{ page: '99999999999999999999999' }, { page: 1, perPage: 50 }],
    [{ page: ['1', '2'] }, { page: 1, perPage: 50 }],
  ])('pages %j as %j', (query, expected) => {
    expect(pageParams(query, { default: 50, max: 200 })).toEqual(expected);
  });

  it('knows a UUID', () => {
    expect(isUuid('3b9e0c6a-1f2d-4e5f-8a7b-9c0d1e2f3a4b')).toBe(true);
    expect(isUuid("1' OR '1'='1")).toBe(false);
  });
});
