import { CompiledRelation } from '@rocket/metadata';

/** A primary-key value as the planner coerced it (02 §7.1 row markers). */
export type PlannedPk = string | number;

export type NestedWriteMode = 'diff' | 'replace' | 'append';

export const NESTED_WRITE_MODES: readonly NestedWriteMode[] = ['diff', 'replace', 'append'];

/** The validated payload of one row (top-level or nested) and the nested writes it carries. */
export interface RowPlan {
  /** Coerced values of the declared, writable fields the row sets, in payload order. */
  readonly values: ReadonlyMap<string, unknown>;
  /** Its relation keys, in payload order (02 §7.2: they run in that order). */
  readonly nested: readonly NestedWrite[];
}

interface NestedWriteBase {
  /** The relation key as written in the payload. */
  readonly key: string;
  /** Its path in the payload tree (`items`, `items[2].tax_lines`). */
  readonly path: string;
  readonly relation: CompiledRelation;
  readonly mode: NestedWriteMode;
}

/**
 * one_to_many / one_to_one (02 §7.3): the rows to act on. Rows the mode
 * ignores (PK rows in append mode) are already left out.
 */
export interface ChildRowsWrite extends NestedWriteBase {
  readonly kind: 'rows';
  readonly rows: readonly ChildRowPlan[];
}

export type ChildRowPlan =
  | { readonly op: 'create'; readonly path: string; readonly plan: RowPlan }
  | {
      readonly op: 'update';
      readonly path: string;
      readonly pk: PlannedPk;
      readonly pkPath: string;
      readonly plan: RowPlan;
    }
  | { readonly op: 'delete'; readonly path: string; readonly pk: PlannedPk; readonly pkPath: string };

/**
 * many_to_many (02 §7.4): join rows only. Ids are de-duplicated (the last
 * row for an id decides link or unlink; the first row's path is reported).
 */
export interface LinksWrite extends NestedWriteBase {
  readonly kind: 'links';
  readonly links: readonly LinkPlan[];
}

export interface LinkPlan {
  readonly id: PlannedPk;
  /** Where the id was given (`tags[1].id`): the detail path of a `not_found`. */
  readonly path: string;
  /** `_delete: true`: remove the join row (diff); not part of the desired set (replace). */
  readonly unlink: boolean;
}

export type NestedWrite = ChildRowsWrite | LinksWrite;
