import { AppError } from '@rocket/errors';
import { MAX_JSON_DEPTH, jsonDepth, parseJsonBody } from './json-body-parser';

const nested = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
const nestedObjects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('jsonDepth', () => {
  it.each<[string, string, number]>([
    ['scalar', '1', 0],
    ['string', '"x"', 0],
    ['empty text', '', 0],
    ['empty object', '{}', 1],
    ['empty array', '[]', 1],
    ['siblings do not add up', '[[],[],{}]', 2],
    ['object in array in object', '{"a":[{"b":1}]}', 3],
    ['brackets inside a string do not count', '{"a":"[[[{{{"}', 1],
    ['closing brackets inside a string do not count', '[["]]]]"],[1]]', 2],
    ['escaped quote keeps the string open', '{"a":"x\\"[[[[","b":[1]}', 2],
    ['escaped backslash closes the string normally', '["x\\\\",[[1]]]', 3],
    ['escaped backslash then bracket in string', '["\\\\\\"[[["]', 1],
    ['depth returns to zero between values', '[[1]] [1]', 2],
    ['64 nested arrays', nested(64), 64],
    ['64 nested objects', nestedObjects(64), 64],
  ])('%s → %i', (_label, text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it('stops early once past the limit', () => {
    expect(jsonDepth(nested(1000))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(nested(10), 3)).toBe(4);
  });

  it('exposes 64 as the limit', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
  });
});

describe('parseJsonBody', () => {
  it.each<[string, string, unknown]>([
    ['object', '{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
    ['array', '[1,2]', [1, 2]],
    ['number', '42', 42],
    ['string', '"hi"', 'hi'],
    ['null', 'null', null],
    ['whitespace around', '  {"a":"b"}\n', { a: 'b' }],
    ['brackets in strings do not count toward depth', JSON.stringify({ s: '['.repeat(200) }), { s: '['.repeat(200) }],
  ])('parses %s', (_label, text, expected) => {
    expect(parseJsonBody(text)).toEqual(expected);
  });

  it('accepts exactly 64 levels', () => {
    const value = parseJsonBody(nested(64));
    let depth = 0;
    for (let node: unknown = value; Array.isArray(node); node = node[0]) depth++;
    expect(depth).toBe(64);
    expect(parseJsonBody(nestedObjects(64))).toBeInstanceOf(Object);
  });

  it.each<[string, string]>([
    ['65 nested arrays', nested(65)],
    ['65 nested objects', nestedObjects(65)],
    ['10000 nested arrays', nested(10000)],
    ['unbalanced deep prefix', '['.repeat(100)],
  ])('%s → 400 INVALID_PAYLOAD', (_label, text) => {
    const err = thrown(() => parseJsonBody(text));
    expect(err.status).toBe(400);
    expect(err.code).toBe('INVALID_PAYLOAD');
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['whitespace only', '   '],
    ['truncated', '{"a":'],
    ['trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['bare word', 'hello'],
    ['two values', '{} {}'],
    ['unquoted key', '{a:1}'],
  ])('%s → 400 INVALID_PAYLOAD "Invalid JSON body"', (_label, text) => {
    const err = thrown(() => parseJsonBody(text));
    expect(err.status).toBe(400);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toBe('Invalid JSON body');
    expect(err.toBody()).toEqual({ error: { code: 'INVALID_PAYLOAD', message: 'Invalid JSON body' } });
  });

  it('keeps __proto__ as an inert own key', () => {
    const value = parseJsonBody('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { x?: unknown }).x).toBeUndefined();
    expect(({} as { x?: unknown }).x).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('keeps nested __proto__ and constructor keys inert', () => {
    const value = parseJsonBody('{"a":{"__proto__":{"polluted":true}},"constructor":{"prototype":{"p":1}}}') as Record<
      string,
      any
    >;
    expect(Object.getPrototypeOf(value.a)).toBe(Object.prototype);
    expect(value.a.polluted).toBeUndefined();
    expect(({} as { polluted?: unknown; p?: unknown }).polluted).toBeUndefined();
    expect(({} as { p?: unknown }).p).toBeUndefined();
    expect(Object.keys(value)).toEqual(['a', 'constructor']);
  });
});
