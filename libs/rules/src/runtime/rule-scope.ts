import { buildRecordScope, ExpressionScope, scopeMap, toScopeValue, userScope } from '@rocket/expressions';
import { RelatedLoad } from '../definition/related-load';
import { FieldTestEnv } from '../operators/field-operators';
import { RuleRun } from './rule-run';

/**
 * The variables of one record's rules (03 §9.1), built when first needed
 * and rebuilt only after a computed rule changed the record; `related`
 * differs per rule and is added on top.
 */
export class RuleScope implements FieldTestEnv {
  private base?: ExpressionScope;
  private template?: ExpressionScope;

  constructor(private readonly run: RuleRun) {}

  async forRule(loads: readonly RelatedLoad[]): Promise<ExpressionScope> {
    const base = this.baseScope();
    if (loads.length === 0) return base;
    const related = await this.run.readRelated(loads, this.run.record);
    return scopeMap({ ...base, related: toScopeValue(related) });
  }

  /** `{user, now}` for `{{ }}` values of field-rule comparisons (03 §11). */
  templateScope(): ExpressionScope {
    return (this.template ??= scopeMap({ user: userScope(this.run.user), now: this.run.now }));
  }

  /** The record changed (a computed result): the next rule sees it. */
  invalidate(): void {
    this.base = undefined;
  }

  private baseScope(): ExpressionScope {
    const run = this.run;
    return (this.base ??= buildRecordScope(run.entity, {
      record: run.record,
      old: run.old,
      action: run.action,
      entityName: run.entity.name,
      user: run.user,
      now: run.now,
    }));
  }
}
