import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { Row, WriteContext } from './write-context';

/** What a delete hook sees: the row about to go, in the write's transaction. */
export interface DeleteHookContext {
  readonly trx: AnyDb;
  readonly registry: Registry;
  readonly principal: Principal | undefined;
  readonly entity: CompiledEntity;
  /** The stored row (`record` = `old` for before_delete rules, 04 §1.6). */
  readonly row: Row;
  /** `items[1]` for a nested `_delete`, '' for the request's own record and cascades. */
  readonly path: string;
}

/**
 * A module that takes part in every row write (rules, state machines…),
 * registered at boot. The pipeline knows the contract, not the modules:
 * dependencies point from them to here (DEVELOPERS.md).
 */
export interface WriteHook {
  readonly name: string;
  /** Lower runs first (04 §3.1: rules at step 7 before state machines at step 8). */
  readonly order: number;
  /** Fields the hook fills itself on create (initial states, computed targets), exempt from `required` (02 §6.2). */
  requiredExempt?(entity: CompiledEntity, registry: Registry): Iterable<string>;
  /** Steps 6–8, per row: after defaults, before slug and INSERT/UPDATE; may change `ctx.values`. */
  beforeWrite?(ctx: WriteContext): Promise<void> | void;
  /** Step 11, per row: after INSERT/UPDATE, before nested children (so `record.id` exists). */
  afterPersist?(ctx: WriteContext): Promise<void> | void;
  /** 04 §3.2 step 3 and cascades: before a row's own policies and deletion. */
  beforeDelete?(ctx: DeleteHookContext): Promise<void> | void;
}

@Injectable()
export class WriteHooks {
  private hooks: WriteHook[] = [];

  register(hook: WriteHook): void {
    this.hooks = [...this.hooks.filter((h) => h.name !== hook.name), hook].sort((a, b) => a.order - b.order);
  }

  list(): readonly WriteHook[] {
    return this.hooks;
  }

  requiredExempt(entity: CompiledEntity, registry: Registry): Set<string> {
    const exempt = new Set<string>();
    for (const hook of this.hooks) for (const field of hook.requiredExempt?.(entity, registry) ?? []) exempt.add(field);
    return exempt;
  }
}
