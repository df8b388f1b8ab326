import { ScopeUser } from '@rocket/expressions';
import { CompiledEntity } from '@rocket/metadata';
import { RelatedLoad } from '../definition/related-load';

export type Row = Record<string, unknown>;

/** Rows of a rule's `related_load`, by relation name (04 §1.5), for the record as it stands. */
export type RelatedReader = (loads: readonly RelatedLoad[], record: Readonly<Row>) => Promise<Record<string, unknown>>;

/** One record's evaluation of one hook's rules (04 §1.7). */
export interface RuleRun {
  readonly entity: CompiledEntity;
  readonly action: 'create' | 'update' | 'delete';
  /**
   * The proposed record (03 §9.1): create = payload + defaults, update = the
   * stored row overlaid with the payload, delete = the stored row. Computed
   * results are written into it as they are produced, for later rules.
   */
  readonly record: Row;
  readonly old: Readonly<Row> | null;
  /**
   * What field rules look at (04 §1.3): on create every value of the
   * proposed record, on update only the keys of the payload.
   */
  readonly checked: ReadonlyMap<string, unknown>;
  readonly user: ScopeUser | null;
  /** One instant per operation (03 §9). */
  readonly now: Date;
  /** Row path of a nested row (`items[1]`), '' at the top: prefixes every detail field. */
  readonly path: string;
  readonly readRelated: RelatedReader;
}

/** `name` at the top, `items[1].name` in a nested row. */
export function pathOf(run: Pick<RuleRun, 'path'>, field: string): string {
  return run.path ? `${run.path}.${field}` : field;
}

/**
 * The `field` of a detail: the rule's field with the row path, else the row
 * path alone for a nested row, else none (04 §1.8: omitted at the top).
 */
export function detailField(run: Pick<RuleRun, 'path'>, field: string | undefined): { field?: string } {
  if (field !== undefined) return { field: pathOf(run, field) };
  return run.path ? { field: run.path } : {};
}
