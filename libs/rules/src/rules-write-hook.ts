import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorDetail, Errors } from '@rocket/errors';
import { ScopeUser } from '@rocket/expressions';
import { CompiledEntity, Registry } from '@rocket/metadata';
import { Principal } from '@rocket/tenancy';
import { DeleteHookContext, operationInstant, WriteContext, WriteHook, WriteHooks } from '@rocket/write-pipeline';
import { EntityRules, isEmpty } from './compile/compiled-rule';
import { fieldsOfOtherHooks, RULES_HOOK } from './other-hooks';
import { evaluateRules } from './runtime/evaluate-rules';
import { possibleComputedTargets, provisionalRequiredDetails } from './runtime/provisional-required';
import { relatedReader } from './runtime/related-reader';
import { RuleSets } from './rule-sets.service';

/**
 * Rules in the write pipeline (04 §3): `before_write` per created or
 * updated row, nested children included (step 7, before state machines),
 * `before_delete` per deleted row, cascades and nested deletes included
 * (§3.2 steps 3–4). Computed results become values of the write.
 */
@Injectable()
export class RulesWriteHook implements WriteHook, OnModuleInit {
  readonly name = RULES_HOOK;
  /** State machines run at 20: they see the computed values (04 §1.7 step 6). */
  readonly order = 10;
  /** Snapshots whose exemptions were handed out before their rule set was compiled. */
  private readonly provisional = new WeakSet<Registry>();

  constructor(
    private readonly hooks: WriteHooks,
    private readonly sets: RuleSets,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  /**
   * Targets of active computed rules fill themselves: not required on create
   * (04 §1.4). While the snapshot's set is still compiling, every field a
   * computed rule could target is exempted and checked in `beforeWrite`.
   */
  requiredExempt(entity: CompiledEntity, registry: Registry): Iterable<string> {
    const view = this.sets.view(registry);
    if (!view.stale) return view.set?.computedTargets(entity.name) ?? [];
    this.provisional.add(registry);
    return possibleComputedTargets(entity);
  }

  async beforeWrite(ctx: WriteContext): Promise<void> {
    if (ctx.action === 'delete') return;
    const registry = ctx.target.registry;
    const set = await this.sets.forWrite(registry, ctx.trx);
    await this.applyRules(ctx, set.of(ctx.entity.name, 'before_write'));
    if (this.provisional.has(registry)) {
      const filledElsewhere = fieldsOfOtherHooks(this.hooks, ctx.entity, registry);
      reject(provisionalRequiredDetails(ctx, set.computedTargets(ctx.entity.name), filledElsewhere));
    }
  }

  /** 04 §1.7 for one created or updated row; computed results join the write's values. */
  private async applyRules(ctx: WriteContext, rules: EntityRules): Promise<void> {
    if (ctx.action === 'delete' || isEmpty(rules)) return;
    const payload = Object.fromEntries(ctx.values);
    const old = ctx.action === 'update' ? ctx.requireCurrent() : null;
    const outcome = await evaluateRules(rules, {
      entity: ctx.entity,
      action: ctx.action,
      // 03 §9.1: create = payload + defaults; update = the locked row overlaid with the payload.
      record: old ? { ...old, ...payload } : payload,
      old,
      checked: ctx.values,
      user: scopeUser(ctx.target.principal),
      now: operationInstant(ctx.trx),
      path: ctx.path,
      readRelated: relatedReader(ctx.trx, ctx.entity, ctx.action),
    });
    reject(outcome.details);
    for (const [field, value] of outcome.computed) ctx.values.set(field, value);
  }

  async beforeDelete(ctx: DeleteHookContext): Promise<void> {
    const set = await this.sets.forWrite(ctx.registry, ctx.trx);
    const rules = set.of(ctx.entity.name, 'before_delete');
    if (isEmpty(rules)) return;
    const outcome = await evaluateRules(rules, {
      entity: ctx.entity,
      action: 'delete',
      record: { ...ctx.row }, // 04 §1.6: record = old = the stored row
      old: ctx.row,
      checked: new Map(), // before_delete allows expression rules only
      user: scopeUser(ctx.principal),
      now: operationInstant(ctx.trx),
      path: ctx.path,
      readRelated: relatedReader(ctx.trx, ctx.entity, 'delete'),
    });
    reject(outcome.details);
  }
}

/** 04 §1.8: HTTP 422 VALIDATION_FAILED with every detail, nothing written (the transaction rolls back). */
function reject(details: ErrorDetail[]): void {
  if (details.length > 0) throw Errors.validation(details);
}

/** `user` of 03 §9; null for unauthenticated internal calls. */
function scopeUser(principal: Principal | undefined): ScopeUser | null {
  return principal ? { id: principal.id, email: principal.email, roles: principal.roles } : null;
}
