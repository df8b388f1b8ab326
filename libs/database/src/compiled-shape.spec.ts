import { sql } from 'kysely';
import { CompiledShape, ShapeCache } from './compiled-shape';
import { sqlOnlyDb } from './sql-only-db';

const db = sqlOnlyDb();

describe('CompiledShape', () => {
  it('binds each use’s values where the slots were, and keeps the builder’s own constants', () => {
    const shape = CompiledShape.of((slot) =>
      db
        .selectFrom('t')
        .select('a')
        .where('b', '=', slot(1))
        .where('c', '=', 'fixed')
        .where(sql.ref('d'), '=', sql`ANY(${slot(0)})`)
        .limit(slot(2)),
    );
    const bound = shape.bind([['x', 'y'], "o'hara", 25]);
    expect(bound.sql).toBe('select "a" from "t" where "b" = $1 and "c" = $2 and "d" = ANY($3) limit $4');
    expect(bound.parameters).toEqual(["o'hara", 'fixed', ['x', 'y'], 25]);
    expect(shape.bind([[], 'z', 1]).parameters).toEqual(['z', 'fixed', [], 1]);
  });
});

describe('ShapeCache', () => {
  const build = jest.fn((slot: (n: number) => never) => db.selectFrom('t').selectAll().where('id', '=', slot(0)));
  beforeEach(() => build.mockClear());

  it('builds a shape once per owner and key', () => {
    const cache = new ShapeCache<object>();
    const [one, two] = [{}, {}];
    expect(cache.get(one, 'k', build).bind([1]).parameters).toEqual([1]);
    expect(cache.get(one, 'k', build).bind([2]).parameters).toEqual([2]);
    expect(build).toHaveBeenCalledTimes(1);
    cache.get(two, 'k', build);
    cache.get(one, 'other', build);
    expect(build).toHaveBeenCalledTimes(3);
  });

  it('names a kept shape’s prepared statement after three uses; at most 16 per owner; never a shape not kept', () => {
    const cache = new ShapeCache<object>();
    const owner = {};
    const uses = (key: string, n: number) =>
      Array.from({ length: n }, () => cache.get(owner, key, build).preparedName());
    const first = uses('k0', 5);
    expect(first.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(first[3]).toMatch(/^rocket_shape_\d+$/);
    expect(first[4]).toBe(first[3]);
    const named = new Set([first[3]]);
    for (let i = 1; i < 20; i++) named.add(uses(`k${i}`, 4)[3]);
    named.delete(undefined);
    expect(named.size).toBe(16);
    // An owner's 257th shape is not kept: it is compiled per use and never prepared.
    for (let i = 20; i < 256; i++) cache.get(owner, `k${i}`, build);
    expect(uses('late', 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(CompiledShape.of(build).preparedName()).toBeUndefined();
  });

  it('keeps at most 256 shapes per owner; later keys are compiled per use', () => {
    const cache = new ShapeCache<object>();
    const owner = {};
    for (let i = 0; i < 256; i++) cache.get(owner, `k${i}`, build);
    cache.get(owner, 'k0', build);
    expect(build).toHaveBeenCalledTimes(256);
    cache.get(owner, 'late', build);
    cache.get(owner, 'late', build);
    expect(build).toHaveBeenCalledTimes(258);
  });
});
