import { Compilable, CompiledQuery } from 'kysely';

/** Stands for the n-th value of a statement compiled once per shape. */
class Slot {
  constructor(readonly n: number) {}
}

/** Hands out the placeholder for the n-th value while a shape is built. */
export type SlotOf = (n: number) => never;

/**
 * A statement compiled once for its shape: the same SQL text whatever the
 * values (an INSERT of the same columns, a page with the same filters and
 * sort). `build` runs once with a placeholder per value; each use then only
 * binds the values, instead of building and compiling a Kysely tree per
 * request. Values stay parameters; constants the builder added are kept.
 */
export class CompiledShape {
  private constructor(
    readonly sql: string,
    private readonly parameters: readonly unknown[],
  ) {}

  static of(build: (slot: SlotOf) => Compilable): CompiledShape {
    const compiled = build((n) => new Slot(n) as never).compile();
    return new CompiledShape(compiled.sql, compiled.parameters);
  }

  bind(values: readonly unknown[]): CompiledQuery {
    return CompiledQuery.raw(
      this.sql,
      this.parameters.map((p) => (p instanceof Slot ? values[p.n] : p)),
    );
  }
}

/** Shapes seen per key owner beyond this many are compiled per use, not kept. */
const MAX_SHAPES = 256;

/**
 * Compiled shapes per owner (a compiled entity: a new registry snapshot
 * brings new entity objects, so shapes follow metadata changes) and key.
 * Bounded per owner, since list shapes come from client queries.
 */
export class ShapeCache<Owner extends object> {
  private readonly shapes = new WeakMap<Owner, Map<string, CompiledShape>>();

  get(owner: Owner, key: string, build: (slot: SlotOf) => Compilable): CompiledShape {
    let byKey = this.shapes.get(owner);
    if (!byKey) this.shapes.set(owner, (byKey = new Map<string, CompiledShape>()));
    let shape = byKey.get(key);
    if (!shape) {
      shape = CompiledShape.of(build);
      if (byKey.size < MAX_SHAPES) byKey.set(key, shape);
    }
    return shape;
  }
}
