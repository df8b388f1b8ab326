import { Transaction } from 'kysely';
import { ErrorDetail } from '@rocket/errors';
import { EntityDefinition, RelationDefinition } from '@rocket/metadata';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Trx = Transaction<any>;

/**
 * What an import knows while it plans: the metadata already stored and what
 * the document adds, so references resolve against existing ∪ imported
 * (01 §8.3 phase A).
 */
export interface ImportContext {
  trx: Trx;
  app: string;
  existingEntities: ReadonlyMap<string, EntityDefinition>;
  existingRelations: readonly RelationDefinition[];
  /** Entities the document adds (filled by the entities kind, read by later kinds). */
  importedEntities: Map<string, EntityDefinition>;
  importedRelations: RelationDefinition[];
}

export interface KindPlan<T> {
  details: ErrorDetail[];
  /** Items to write in phase B. */
  fresh: T[];
  /** Items that exist already (in the database or earlier in the document). */
  duplicates: number;
}

/**
 * One kind of metadata that export and import carry (01 §8): entities,
 * relations, UI configs here; rules, state machines, permissions, webhooks,
 * workflows… register their own kind when their module arrives.
 */
export interface TransferKind<T = unknown> {
  /** Key in the export document, e.g. `entities`. */
  readonly key: string;
  /** Dependency order of 01 §8.3 (lower first). */
  readonly order: number;
  /** Stored items in export order, without ids or row timestamps. */
  export(db: Trx | import('@rocket/database').AnyDb): Promise<unknown[]>;
  /** Phase A: validate and split into new items and duplicates; writes nothing. */
  plan(items: unknown[], ctx: ImportContext): Promise<KindPlan<T>>;
  /** Phase B: write the new items (with their DDL), inside the import transaction. */
  apply(fresh: T[], ctx: ImportContext): Promise<void>;
}
