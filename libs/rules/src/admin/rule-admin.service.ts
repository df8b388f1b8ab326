import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { isUuid } from '@rocket/http';
import { SchemaChangeService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { WriteHooks } from '@rocket/write-pipeline';
import { checkRule } from '../definition/check-rule';
import { RuleInput, RuleRow } from '../rule.types';
import { RuleSets } from '../rule-sets.service';
import { fieldsOfOtherHooks } from '../other-hooks';
import { RulesRepository } from '../rules.repository';
import { parseRuleFilter } from './rule-list-query';
import { RuleResponse, ruleResponse } from './rule-response';

/**
 * `/api/:app/_admin/rules` (04 §1.9). Every change is a metadata change
 * (`_meta_version` moves, the registry is rebuilt and announced to the other
 * processes, 01 §5); the app's rule set is recompiled before answering.
 */
@Injectable()
export class RuleAdminService {
  constructor(
    private readonly repository: RulesRepository,
    private readonly changes: SchemaChangeService,
    private readonly tenancy: TenancyService,
    private readonly sets: RuleSets,
    private readonly hooks: WriteHooks,
  ) {}

  async list(query: Record<string, unknown>): Promise<RuleResponse[]> {
    const rows = await this.repository.list(this.tenancy.current().db, parseRuleFilter(query));
    return rows.map(ruleResponse);
  }

  async get(id: string): Promise<RuleResponse> {
    return ruleResponse(await this.existing(id));
  }

  async create(body: Record<string, unknown>): Promise<RuleResponse> {
    const input = this.checked(body);
    const row = await this.changes.apply((trx) => this.repository.insert(trx, input));
    await this.sets.refresh(this.tenancy.current());
    return ruleResponse(row);
  }

  async update(id: string, body: Record<string, unknown>): Promise<RuleResponse> {
    await this.existing(id);
    const input = this.checked(body);
    const row = await this.changes.apply(async (trx) => {
      const updated = await this.repository.update(trx, id, input);
      if (!updated) throw notFound(id);
      return updated;
    });
    await this.sets.refresh(this.tenancy.current());
    return ruleResponse(row);
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    await this.changes.apply(async (trx) => {
      if (!(await this.repository.delete(trx, id))) throw notFound(id);
    });
    await this.sets.refresh(this.tenancy.current());
    return { id: id.toLowerCase(), deleted: true };
  }

  /** A malformed id is a 404 without a query (04 intro). */
  private async existing(id: string): Promise<RuleRow> {
    const row = isUuid(id) ? await this.repository.get(this.tenancy.current().db, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  private checked(body: Record<string, unknown>): RuleInput {
    const registry = this.changes.current();
    const check = checkRule(body, { registry, reserved: (entity) => fieldsOfOtherHooks(this.hooks, entity, registry) });
    if (!check.ok) throw Errors.validation(check.details);
    return check.input;
  }
}

function notFound(id: string) {
  return Errors.notFound(`Rule not found: ${id}`);
}
