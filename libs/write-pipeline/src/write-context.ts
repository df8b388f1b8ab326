import { AnyDb } from '@rocket/database';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { RowPlan } from './nested/nested-plan';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** A primary-key value as it is bound in SQL (INT8 arrives as text). */
export type PkValue = string | number;

export type WriteAction = 'create' | 'update' | 'delete';

/** Who writes what where: resolved once per request (one registry snapshot, 01 §5). */
export interface WriteTarget {
  readonly app: string;
  readonly db: AnyDb;
  readonly registry: Registry;
  readonly entity: CompiledEntity;
  readonly principal: Principal | undefined;
}

/**
 * The state one write carries through the pipeline stages (STYLE 7). Stages
 * read what earlier stages left and add their part; what a stage needs and
 * is missing is a programming error, not a client one.
 */
export class WriteContext {
  /** The validated payload with its nested-write plan (04 §3.1 step 3, 02 §7.2 phase 1). */
  payload?: RowPlan;
  /**
   * Field values this write sets (04 §3.1 step 6): create = payload +
   * defaults; update = the payload's fields. Rules, state machines, slug and
   * file resolution add to it; persist writes it.
   */
  readonly values = new Map<string, unknown>();
  /** Update/delete: the locked live row (`old`, 04 §3.1 step 5). */
  current?: Row;
  /** The resolved primary key, used by all SQL after the lookup (02 §5). */
  pk?: PkValue;
  /**
   * Create/update: the PK and source-key values of the written row (the
   * INSERT's RETURNING; on update the locked row overlaid with the new
   * values). Nested writes key children by them (02 §7.2 phase 2).
   */
  keys?: Row;
  /**
   * Create/update: the whole row as the INSERT/UPDATE returned it (the
   * locked row when nothing was set), cleared as soon as anything else is
   * written in the transaction after it (nested writes, hook actions).
   */
  persisted?: Row;
  /** Create/update: the row as COMMIT will make it visible (04 §3.1 step 13). */
  row?: Row;
  private transaction?: AnyDb;

  constructor(
    readonly action: WriteAction,
    readonly target: WriteTarget,
    /** The request body (create/update), not yet trusted. */
    readonly body?: unknown,
    /** The `:id` URL segment (update/delete). */
    readonly rawId?: string,
    /** Where this row sits in the payload tree: '' at the top, `items[2]` for a child (02 §6.2). */
    readonly path = '',
  ) {}

  /**
   * A nested row written in this write's transaction (02 §7.2 phase 2): same
   * app, registry and principal, its own entity and payload path. An update
   * gets the child's locked current row (its `old`) and PK.
   */
  child(action: 'create' | 'update', entity: CompiledEntity, path: string, current?: Row): WriteContext {
    const pk = current?.[entity.pk.name] as PkValue | undefined;
    const child = new WriteContext(
      action,
      { ...this.target, entity },
      undefined,
      pk === undefined ? undefined : String(pk),
      path,
    );
    child.current = current;
    child.pk = pk;
    child.bind(this.trx);
    return child;
  }

  /** Takes a row's validated payload: its nested-write plan and its field values (04 §3.1 steps 3, 6). */
  usePlan(plan: RowPlan): void {
    this.payload = plan;
    for (const [name, value] of plan.values) this.values.set(name, value);
  }

  /** A field's path in error details: `name` at the top, `items[2].name` in a child. */
  pathOf(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  get entity(): CompiledEntity {
    return this.target.entity;
  }

  /** The open transaction (04 §3.1 steps 4–13). */
  get trx(): AnyDb {
    if (!this.transaction) throw new Error('Write stage ran outside the write transaction');
    return this.transaction;
  }

  bind(trx: AnyDb | undefined): void {
    this.transaction = trx;
  }

  requireCurrent(): Row {
    if (!this.current) throw new Error('Write stage needs the locked row');
    return this.current;
  }

  requirePk(): PkValue {
    if (this.pk === undefined) throw new Error('Write stage needs the primary key');
    return this.pk;
  }

  requireKeys(): Row {
    if (!this.keys) throw new Error('Write stage needs the written row keys');
    return this.keys;
  }

  requireRow(): Row {
    if (!this.row) throw new Error('Write stage needs the written row');
    return this.row;
  }
}
