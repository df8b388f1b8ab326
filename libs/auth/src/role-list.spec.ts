import { parseRoleList } from './role-list';

describe('parseRoleList (07 §0)', () => {
  it.each<[string, unknown, string[] | undefined]>([
    ['absent', undefined, []],
    ['null', null, []],
    ['empty', [], []],
    [
      'lower-cased, duplicates dropped keeping the first position',
      ['Sales', 'ops', 'SALES', 'sales'],
      ['sales', 'ops'],
    ],
    ['every allowed character', ['a-Z_0.9:x'], ['a-z_0.9:x']],
    ['64 characters', ['r'.repeat(64)], ['r'.repeat(64)]],
    ['50 entries', Array.from({ length: 50 }, (_, i) => `r${i}`), Array.from({ length: 50 }, (_, i) => `r${i}`)],
    ['not a list', 'admin', undefined],
    ['an object', { admin: true }, undefined],
    ['a non-string entry', ['ok', 1], undefined],
    ['an empty name', [''], undefined],
    ['a space', ['has space'], undefined],
    ['65 characters', ['r'.repeat(65)], undefined],
    ['51 entries', Array.from({ length: 51 }, (_, i) => `r${i}`), undefined],
    ['51 entries even with duplicates', Array.from({ length: 51 }, () => 'same'), undefined],
  ])('%s', (_label, raw, expected) => {
    expect(parseRoleList(raw)).toEqual(expected);
  });
});
