import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { plannedChildWrites } from './nested/planned-writes';
import { Row, WriteAction, WriteContext, WriteTarget } from './write-context';

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
 * What the pipeline asks the hooks before a row is written (07 §6.3–6.5).
 * A hook refuses by throwing (403).
 */
export interface AuthorizeContext {
  /**
   * `action`: role level, before any row is read: the request's own
   * operation (07 §6.3 step 1, §6.4) and every child entity and operation of
   * a nested-write plan (02 §7.2 phase 1). `row`: on the row itself — the
   * locked row of an update or delete (the request's own or a nested
   * child's), the proposed record of a create (payload plus defaults, before
   * rules and computed fields).
   */
  readonly stage: 'action' | 'row';
  readonly action: WriteAction;
  readonly registry: Registry;
  readonly principal: Principal | undefined;
  readonly entity: CompiledEntity;
  /** `row` stage: the row the conditions are checked on. */
  readonly row?: Row;
  /** `row` stage: the write's transaction. */
  readonly trx?: AnyDb;
  /** '' for the request's own record, `items[1]` for a nested child (02 §6.2). */
  readonly path: string;
}

/**
 * What the outbox hooks see at 04 §3.1 step 13 and §3.2 steps 6–7, for the
 * request's own record only (nested children and cascaded records fire no
 * webhooks, 02 §7–8), in the write's transaction.
 */
export interface CommitHookContext {
  readonly trx: AnyDb;
  readonly target: WriteTarget;
  readonly action: WriteAction;
  /** Create/update: the row as COMMIT will make it visible (04 §3.1 step 13); delete: the row as it was. */
  readonly row: Row;
  /** Update: the locked row; delete: the row as it was; create: null. */
  readonly old: Row | null;
}

/** How a write's transaction ended, told once its connection is back in the pool. */
export interface TransactionOutcome {
  readonly trx: AnyDb;
  readonly app: string;
  /** The app's pool: work after the transaction takes a connection of its own from it. */
  readonly db: AnyDb;
  readonly committed: boolean;
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
  /**
   * Step 11, per row: after INSERT/UPDATE, before nested children (so
   * `record.id` exists). Resolves true when it wrote anything in the
   * transaction, so that step 13 re-reads the record.
   */
  afterPersist?(ctx: WriteContext): Promise<boolean | void> | boolean | void;
  /** 04 §3.2 step 3 and cascades: before a row's own policies and deletion. */
  beforeDelete?(ctx: DeleteHookContext): Promise<void> | void;
  /** 07 §6.3–6.5: may the caller write this (see AuthorizeContext)? Throws to refuse. */
  authorize?(check: AuthorizeContext): Promise<void> | void;
  /** 04 §3.1 step 13 / §3.2 steps 6–7, once per top-level write: sync calls (may veto by throwing), outbox rows. */
  beforeCommit?(ctx: CommitHookContext): Promise<void> | void;
  /**
   * After COMMIT or ROLLBACK of a write's transaction (engine-made writes
   * inside it included). Must not throw: the write's outcome is decided.
   */
  afterTransaction?(outcome: TransactionOutcome): Promise<void> | void;
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

  /** Asks every hook; the first refusal wins. */
  async authorize(check: AuthorizeContext): Promise<void> {
    for (const hook of this.hooks) await hook.authorize?.(check);
  }

  /** Role-level check of a write's own operation, before any row is read (07 §6.3 step 1, §6.4). */
  authorizeAction(ctx: WriteContext): Promise<void> {
    return this.authorize({ stage: 'action', ...this.who(ctx), path: ctx.path });
  }

  /** Role-level checks of every child entity and operation of the validated plan (02 §7.2, 07 §6.5). */
  async authorizePlan(ctx: WriteContext): Promise<void> {
    for (const child of plannedChildWrites(ctx.payload)) {
      await this.authorize({
        stage: 'action',
        ...this.who(ctx),
        entity: child.entity,
        action: child.action,
        path: child.path,
      });
    }
  }

  /** Conditions on a row: the locked row (update, delete) or the proposed record (create), in the transaction. */
  authorizeRow(ctx: WriteContext, row: Row): Promise<void> {
    return this.authorize({ stage: 'row', ...this.who(ctx), row, trx: ctx.trx, path: ctx.path });
  }

  private who(ctx: WriteContext): Pick<AuthorizeContext, 'registry' | 'principal' | 'entity' | 'action'> {
    const { registry, principal, entity } = ctx.target;
    return { registry, principal, entity, action: ctx.action };
  }

  /** 04 §3.1 step 13 / §3.2 steps 6–7 in hook order; the first refusal rolls the write back. */
  async beforeCommit(ctx: CommitHookContext): Promise<void> {
    for (const hook of this.hooks) await hook.beforeCommit?.(ctx);
  }

  /** Every hook hears how the transaction ended; one hook's failure does not keep the others from it. */
  async afterTransaction(outcome: TransactionOutcome): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.afterTransaction?.(outcome);
      } catch {
        // Hooks log their own failures; the write's answer is already decided.
      }
    }
  }

  requiredExempt(entity: CompiledEntity, registry: Registry): Set<string> {
    const exempt = new Set<string>();
    for (const hook of this.hooks) for (const field of hook.requiredExempt?.(entity, registry) ?? []) exempt.add(field);
    return exempt;
  }
}
