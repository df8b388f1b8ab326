import { CompiledEntity, Registry } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { PkValue } from '../write-context';

/**
 * The (entity, PK) pairs one delete procedure has reached (02 §8): a record
 * met again through a self or cyclic cascade is already being deleted, so
 * the walk stops there instead of looping.
 */
export class VisitedRecords {
  private readonly byEntity = new Map<string, Map<string, PkValue>>();

  /** Who deletes, with which metadata: what the delete hooks need (04 §3.2). */
  constructor(readonly scope?: { registry: Registry; principal: Principal | undefined }) {}

  /** Marks a record; false when it was marked before. */
  add(entity: CompiledEntity, pk: PkValue): boolean {
    let pks = this.byEntity.get(entity.name);
    if (!pks) this.byEntity.set(entity.name, (pks = new Map<string, PkValue>()));
    // INT8 arrives as text, coerced ids as numbers: compare as text.
    const key = String(pk);
    if (pks.has(key)) return false;
    pks.set(key, pk);
    return true;
  }

  /** The marked PKs of an entity. */
  of(entity: CompiledEntity): PkValue[] {
    return [...(this.byEntity.get(entity.name)?.values() ?? [])];
  }
}
