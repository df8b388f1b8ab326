import { ErrorDetail } from '@rocket/errors';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { targetKeyOf } from '../relation-keys';
import { PayloadValidationOptions, RelationKey, validatePayload, WriteMode } from '../payload-validator';
import { ChildRowPlan, LinkPlan, NestedWrite, NestedWriteMode, RowPlan } from './nested-plan';
import { isPlainObject, readNestedShape, readRowMarkers, RowMarkers, withoutKey } from './nested-payload';

/** 02 §7.1: nesting levels below the top-level row, and rows in all `data` arrays together. */
export const NESTED_LIMITS = Object.freeze({ depth: 5, rows: 1000 });

/** A nested row that passed the shape and marker checks. */
interface PlannedRowInput {
  readonly markers: RowMarkers;
  readonly path: string;
}

export interface WritePlanResult {
  readonly plan: RowPlan;
  /** Every problem of the whole tree, paths included: one 422 when not empty. */
  readonly problems: readonly ErrorDetail[];
}

/**
 * Phase 1 of a write (02 §7.2): validates the top-level row and every nested
 * row without touching the database, and says what phase 2 will do to each
 * one. Rows without a PK are creates (the injected `target_key` exempt from
 * `required`), rows with one are updates, `_delete` rows need only the PK.
 */
export function planWrite(
  registry: Registry,
  entity: CompiledEntity,
  body: Readonly<Record<string, unknown>>,
  options: { readonly mode: WriteMode; readonly requiredExempt?: (entity: CompiledEntity) => ReadonlySet<string> },
): WritePlanResult {
  const planner = new WritePlanner(registry, options.requiredExempt);
  const plan = planner.row(entity, body, { mode: options.mode, requiredExempt: planner.exemptOf(entity) }, 0);
  return { plan, problems: planner.problems };
}

/** The walk over one payload tree; owns the shared row budget (02 §7.1 limits). */
class WritePlanner {
  readonly problems: ErrorDetail[] = [];
  private rowCount = 0;
  private overLimit = false;

  constructor(
    private readonly registry: Registry,
    private readonly exempt?: (entity: CompiledEntity) => ReadonlySet<string>,
  ) {}

  /** Fields the registered hooks fill themselves (state machines, computed rules), plus `extra`. */
  exemptOf(entity: CompiledEntity, extra: readonly string[] = []): ReadonlySet<string> {
    return new Set([...(this.exempt?.(entity) ?? []), ...extra]);
  }

  row(
    entity: CompiledEntity,
    body: Readonly<Record<string, unknown>>,
    options: PayloadValidationOptions,
    depth: number,
  ): RowPlan {
    const row = validatePayload(this.registry, entity, body, options);
    this.problems.push(...row.problems);
    const nested: NestedWrite[] = [];
    for (const entry of row.relations) {
      const write = this.relation(entry, depth + 1);
      if (write) nested.push(write);
    }
    return { values: row.values, nested };
  }

  private relation(entry: RelationKey, depth: number): NestedWrite | undefined {
    if (depth > NESTED_LIMITS.depth) {
      const message = `Nested writes may be at most ${NESTED_LIMITS.depth} levels deep`;
      this.problems.push({ field: entry.path, rule: 'limit', message });
      return undefined;
    }
    const shape = readNestedShape(entry, this.problems);
    if (!shape) return undefined;
    const rows = this.rowsOf(entry, shape.data);
    return entry.relation.def.type === 'many_to_many'
      ? this.links(entry, shape.mode, rows)
      : this.childRows(entry, shape.mode, rows, depth);
  }

  /**
   * The rows of `data` that are objects with sound markers, each counted
   * against the budget. Lazy, so every row's problems (markers, then
   * fields, then its own nested rows) are reported in payload order.
   */
  private *rowsOf(entry: RelationKey, data: readonly unknown[]): Generator<PlannedRowInput> {
    for (let i = 0; i < data.length; i++) {
      if (!this.countRow(entry.path)) return;
      const path = `${entry.path}[${i}]`;
      const raw = data[i];
      if (!isPlainObject(raw)) {
        this.problems.push({ field: path, rule: 'invalid', message: `${path} must be an object` });
        continue;
      }
      const markers = readRowMarkers(entry.relation, raw, path, this.problems);
      if (markers) yield { markers, path };
    }
  }

  /** 02 §7.3: one plan per row the mode acts on; each row validated in its own mode. */
  private childRows(
    entry: RelationKey,
    mode: NestedWriteMode,
    rows: Iterable<PlannedRowInput>,
    depth: number,
  ): NestedWrite {
    const { relation } = entry;
    const fk = targetKeyOf(relation);
    const planned: ChildRowPlan[] = [];
    const seen = new Set<string>();
    let kept = 0;
    for (const { markers, path } of rows) {
      if (!markers.remove) kept++;
      // The FK is the engine's: injected on create, never changed on update (no re-parenting).
      const body = withoutKey(markers.body, fk);
      if (markers.pk === undefined) {
        const options = { mode: 'create' as const, path, requiredExempt: this.exemptOf(relation.target, [fk]) };
        planned.push({ op: 'create', path, plan: this.row(relation.target, body, options, depth) });
        continue;
      }
      if (mode === 'append') continue; // PK rows are ignored in append mode
      const { pk, pkPath } = markers;
      if (seen.has(String(pk))) {
        const message = `${relation.target.name} ${pk} appears more than once`;
        this.problems.push({ field: pkPath, rule: 'duplicate', message });
        continue;
      }
      seen.add(String(pk));
      if (markers.remove) planned.push({ op: 'delete', path, pk, pkPath });
      else {
        const plan = this.row(relation.target, body, { mode: 'update', path }, depth);
        planned.push({ op: 'update', path, pk, pkPath, plan });
      }
    }
    if (relation.def.type === 'one_to_one' && kept > 1) {
      const message = `${entry.key} holds at most one ${relation.target.name} record`;
      this.problems.push({ field: entry.path, rule: 'one_to_one', message });
    }
    return { kind: 'rows', key: entry.key, path: entry.path, relation, mode, rows: planned };
  }

  /** 02 §7.4: only target ids matter; de-duplicated, the last row for an id decides. */
  private links(entry: RelationKey, mode: NestedWriteMode, rows: Iterable<PlannedRowInput>): NestedWrite {
    const byId = new Map<string, LinkPlan>();
    for (const { markers } of rows) {
      const { pk, pkPath, remove } = markers;
      if (pk === undefined) {
        this.problems.push({ field: pkPath, rule: 'required', message: `${markers.pkKey} is required` });
        continue;
      }
      if (mode === 'append' && remove) continue; // append never unlinks
      const first = byId.get(String(pk));
      byId.set(String(pk), { id: pk, path: first?.path ?? pkPath, unlink: remove });
    }
    return {
      kind: 'links',
      key: entry.key,
      path: entry.path,
      relation: entry.relation,
      mode,
      links: [...byId.values()],
    };
  }

  /** Counts a nested row; past the limit, one `limit` problem and planning stops. */
  private countRow(path: string): boolean {
    if (this.overLimit) return false;
    if (++this.rowCount <= NESTED_LIMITS.rows) return true;
    this.overLimit = true;
    const message = `A write may hold at most ${NESTED_LIMITS.rows} nested rows`;
    this.problems.push({ field: path, rule: 'limit', message });
    return false;
  }
}
