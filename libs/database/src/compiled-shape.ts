import { Compilable, CompiledQuery } from 'kysely';

/** Stands for the n-th value of a statement compiled once per shape. */
class Slot {
  constructor(readonly n: number) {}
}

/** Hands out the placeholder for the n-th value while a shape is built. */
export type SlotOf = (n: number) => never;

/** Shapes kept per owner; others are compiled per use. */
const MAX_SHAPES = 256;
/** Uses after which a kept shape is worth a prepared statement. */
const PREPARE_AFTER = 3;
/** Prepared statements per owner: each lives on every pooled connection that ran it. */
const MAX_PREPARED = 16;
let statementNames = 0;

/** The shapes one owner keeps, and how many of them run as prepared statements. */
interface OwnerShapes {
  readonly byKey: Map<string, CompiledShape>;
  prepared: number;
}

/**
 * A statement compiled once for its shape: the same SQL text whatever the
 * values (an INSERT of the same columns, a page with the same filters and
 * sort). `build` runs once with a placeholder per value; each use then only
 * binds the values, instead of building and compiling a Kysely tree per
 * request. Values stay parameters; constants the builder added are kept.
 */
export class CompiledShape {
  private owner?: OwnerShapes;
  private uses = 0;
  private name?: string;

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

  /**
   * Counts a use and, once a kept shape is in regular use, names the
   * prepared statement to run it as: PostgreSQL then parses and plans it
   * once per connection instead of per request. Names are unique in the
   * process, so a statement prepared for one text never meets another.
   */
  preparedName(): string | undefined {
    if (this.name || !this.owner || ++this.uses <= PREPARE_AFTER) return this.name;
    if (this.owner.prepared >= MAX_PREPARED) return undefined;
    this.owner.prepared++;
    return (this.name = `rocket_shape_${++statementNames}`);
  }

  /** @internal Kept by a ShapeCache under `owner`. */
  keptBy(owner: OwnerShapes): void {
    this.owner = owner;
  }
}

/**
 * Compiled shapes per owner (a compiled entity: a new registry snapshot
 * brings new entity objects, so shapes follow metadata changes) and key.
 * Bounded per owner, since list shapes come from client queries.
 */
export class ShapeCache<Owner extends object> {
  private readonly owners = new WeakMap<Owner, OwnerShapes>();

  get(owner: Owner, key: string, build: (slot: SlotOf) => Compilable): CompiledShape {
    let shapes = this.owners.get(owner);
    if (!shapes) this.owners.set(owner, (shapes = { byKey: new Map<string, CompiledShape>(), prepared: 0 }));
    let shape = shapes.byKey.get(key);
    if (!shape) {
      shape = CompiledShape.of(build);
      if (shapes.byKey.size < MAX_SHAPES) {
        shapes.byKey.set(key, shape);
        shape.keptBy(shapes);
      }
    }
    return shape;
  }
}
