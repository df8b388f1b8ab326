import { ErrorDetail } from '@rocket/errors';
import { Row } from '../write-context';
import { ChildRowsWrite, PlannedPk, RowPlan } from './nested-plan';
import { notFoundMessage } from './nested-payload';

/** What one 1:N / 1:1 relation key does to a parent's children, by group (02 §7.2, §7.3). */
export interface ChildOperations {
  /** `_delete` rows in payload order, then (replace) the children the payload left out. */
  readonly deletes: readonly { path: string; current: Row }[];
  readonly updates: readonly { path: string; current: Row; plan: RowPlan }[];
  readonly inserts: readonly { path: string; plan: RowPlan }[];
  /** PKs that are not live children of this parent: `not_found`, never re-pointed. */
  readonly problems: readonly ErrorDetail[];
}

/**
 * Matches the planned rows against the parent's current live children. Pure:
 * the writer loads the children and executes the groups.
 */
export function childOperations(write: ChildRowsWrite, current: readonly Row[]): ChildOperations {
  const pkName = write.relation.target.pk.name;
  // INT8 arrives as text, coerced PKs as numbers: match as text.
  const byPk = new Map(current.map((row) => [String(row[pkName] as PlannedPk), row]));
  const named = new Set<string>();
  const deletes: { path: string; current: Row }[] = [];
  const updates: { path: string; current: Row; plan: RowPlan }[] = [];
  const inserts: { path: string; plan: RowPlan }[] = [];
  const problems: ErrorDetail[] = [];
  for (const row of write.rows) {
    if (row.op === 'create') {
      inserts.push({ path: row.path, plan: row.plan });
      continue;
    }
    named.add(String(row.pk));
    const child = byPk.get(String(row.pk));
    if (!child) {
      problems.push({ field: row.pkPath, rule: 'not_found', message: notFoundMessage(write.relation, row.pk) });
    } else if (row.op === 'delete') deletes.push({ path: row.path, current: child });
    else updates.push({ path: row.path, current: child, plan: row.plan });
  }
  if (write.mode === 'replace') {
    for (const [pk, child] of byPk) if (!named.has(pk)) deletes.push({ path: write.path, current: child });
  }
  return { deletes, updates, inserts, problems };
}

/**
 * Which current children phase 2 must load: replace needs them all, diff only
 * the ones it names, append none (its PK rows were dropped in phase 1).
 * `undefined` = all; an empty list = no query.
 */
export function childrenToLoad(write: ChildRowsWrite): readonly PlannedPk[] | undefined {
  if (write.mode === 'replace') return undefined;
  return write.rows.flatMap((row) => (row.op === 'create' ? [] : [row.pk]));
}
