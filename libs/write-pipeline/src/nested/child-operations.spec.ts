import { nestedRelation } from '../testing/nested-fixtures';
import { childOperations, childrenToLoad } from './child-operations';
import { ChildRowPlan, ChildRowsWrite, NestedWriteMode } from './nested-plan';

const A = '0b9e3c1a-5d2f-4a8b-9c7d-1e2f3a4b5c6d';
const B = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
const C = '4be0c9d0-6a8e-4c3e-9f59-0f3e2f5a1c11';
const empty = { values: new Map(), nested: [] };

const create = (i: number): ChildRowPlan => ({ op: 'create', path: `items[${i}]`, plan: empty });
const update = (i: number, pk: string | number): ChildRowPlan => ({
  op: 'update',
  path: `items[${i}]`,
  pk,
  pkPath: `items[${i}].id`,
  plan: empty,
});
const remove = (i: number, pk: string | number): ChildRowPlan => ({
  op: 'delete',
  path: `items[${i}]`,
  pk,
  pkPath: `items[${i}].id`,
});
const write = (mode: NestedWriteMode, rows: ChildRowPlan[], relation = 'items'): ChildRowsWrite => ({
  kind: 'rows',
  key: relation,
  path: relation,
  relation: nestedRelation(relation),
  mode,
  rows,
});

/** The groups as [path, pk] pairs, to read the table at a glance. */
function summary(w: ChildRowsWrite, current: string[] | number[]) {
  const ops = childOperations(
    w,
    current.map((id) => ({ id })),
  );
  return {
    deletes: ops.deletes.map((d) => [d.path, d.current.id]),
    updates: ops.updates.map((u) => [u.path, u.current.id]),
    inserts: ops.inserts.map((i) => i.path),
    problems: ops.problems.map((p) => `${p.field} ${p.rule}`),
  };
}

describe('childOperations (02 §7.3)', () => {
  it.each<[string, NestedWriteMode, ChildRowPlan[], string[], ReturnType<typeof summary>]>([
    [
      'diff: update, delete and insert by payload order; others untouched',
      'diff',
      [update(0, A), create(1), remove(2, B)],
      [A, B, C],
      { deletes: [['items[2]', B]], updates: [['items[0]', A]], inserts: ['items[1]'], problems: [] },
    ],
    [
      'replace: current children absent from data are deleted after the _delete rows',
      'replace',
      [remove(0, B), update(1, A), create(2)],
      [A, B, C],
      {
        deletes: [
          ['items[0]', B],
          ['items', C],
        ],
        updates: [['items[1]', A]],
        inserts: ['items[2]'],
        problems: [],
      },
    ],
    [
      'replace with no rows deletes every child',
      'replace',
      [],
      [A, B],
      {
        deletes: [
          ['items', A],
          ['items', B],
        ],
        updates: [],
        inserts: [],
        problems: [],
      },
    ],
    [
      'a PK that is not a current child → not_found, in diff and replace alike',
      'diff',
      [update(0, C), remove(1, B)],
      [A],
      { deletes: [], updates: [], inserts: [], problems: ['items[0].id not_found', 'items[1].id not_found'] },
    ],
    [
      'append: inserts only (PK rows were dropped by the planner)',
      'append',
      [create(0), create(1)],
      [A],
      { deletes: [], updates: [], inserts: ['items[0]', 'items[1]'], problems: [] },
    ],
  ])('%s', (_label, mode, rows, current, expected) => {
    expect(summary(write(mode, rows), current)).toEqual(expected);
  });

  it('int PKs match whatever the driver returns (INT8 as text)', () => {
    const w = write('diff', [update(0, 5)], 'tax_lines');
    expect(summary(w, ['5'] as never).updates).toEqual([['items[0]', '5']]);
  });

  it.each<[string, ChildRowsWrite, (string | number)[] | undefined]>([
    ['replace loads every child', write('replace', [create(0)]), undefined],
    ['diff loads the named ones', write('diff', [create(0), update(1, A), remove(2, B)]), [A, B]],
    ['diff without PKs loads none', write('diff', [create(0)]), []],
    ['append loads none', write('append', [create(0)]), []],
  ])('childrenToLoad: %s', (_label, w, expected) => {
    expect(childrenToLoad(w)).toEqual(expected);
  });
});
