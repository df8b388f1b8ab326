import { Injectable } from '@nestjs/common';
import { AppError, Errors } from '@rocket/errors';
import { isUuid, singleParam } from '@rocket/http';
import { hasRole, Principal, TenancyService } from '@rocket/tenancy';
import { WritePipeline } from '@rocket/write-pipeline';
import { mayDecide } from '../runtime/assignee';
import { InstanceAdvancer } from '../runtime/instance-advancer';
import { InstanceRow } from '../runtime/instance.types';
import { InstancesRepository } from '../runtime/instances.repository';
import { instanceJson } from './instance-json';
import { instanceFilterOf, instancePage } from './query-params';

const MAX_COMMENT = 2000;

type Json = Record<string, unknown>;

export interface Listing {
  data: Json[];
  meta: { page: number; per_page: number; total: number };
}

/**
 * The runtime side of workflows for app users (05 §5–6): what waits for the
 * caller, instance detail, decisions, and the admin list and delete. An
 * instance the caller may not see answers 404 like an unknown id (05 §6.1).
 */
@Injectable()
export class WorkflowInstancesService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly instances: InstancesRepository,
    private readonly advancer: InstanceAdvancer,
    private readonly pipeline: WritePipeline,
  ) {}

  async pending(query: Json): Promise<Listing> {
    const principal = this.principal();
    const workflow = singleParam(query, 'workflow');
    const page = instancePage(query);
    const decider = { admin: isAdmin(principal), userId: principal.id, roles: principal.roles };
    const { rows, total } = await this.instances.pending(this.tenancy.current().db, decider, workflow, page);
    return this.listing(rows, total, page.page, page.perPage);
  }

  /** Admins only (the guard checks). */
  async list(query: Json): Promise<Listing> {
    const filter = instanceFilterOf(query);
    const page = instancePage(query);
    const { rows, total } = await this.instances.list(this.tenancy.current().db, filter, page);
    return this.listing(rows, total, page.page, page.perPage);
  }

  async get(id: string): Promise<Json> {
    const principal = this.principal();
    const row = isUuid(id) ? await this.instances.find(this.tenancy.current().db, id) : undefined;
    if (!row || !visible(row, principal)) throw notFound(id);
    return instanceJson(row, isAdmin(principal));
  }

  /** 05 §5.1: lock, check, record, advance inline, commit — one transaction. */
  async decide(id: string, decision: 'approved' | 'rejected', body: unknown): Promise<Json> {
    const comment = commentOf(body);
    const principal = this.principal();
    if (!isUuid(id)) throw notFound(id);
    const tenant = this.tenancy.current();
    const row = await this.pipeline.engineTransaction(tenant.name, tenant.db, async (trx) => {
      const locked = await this.instances.lockForDecision(trx, id).catch((e: unknown) => {
        throw isLockTimeout(e) ? Errors.conflict('instance is busy, retry') : e;
      });
      if (!locked || !visible(locked.row, principal)) throw notFound(id);
      const current = locked.row;
      if (current.status !== 'running') {
        throw invalidState(`workflow instance is not running (status: ${current.status})`);
      }
      const step = current.definition.steps.find((s) => s.id === current.current_step);
      if (!step || step.type !== 'approval' || current.assignee === null) {
        throw invalidState('current step is not an approval step');
      }
      if (!mayDecide(current.assignee, principal)) {
        throw Errors.forbidden('You may not decide this approval');
      }
      return this.advancer.advance(trx, tenant, locked, {
        kind: 'decision',
        decision,
        by: principal.id ?? 'unknown',
        ...(comment === undefined ? {} : { comment }),
      });
    });
    return instanceJson(row, isAdmin(principal));
  }

  /** Admins only (the guard checks). */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id) || !(await this.instances.delete(this.tenancy.current().db, id))) throw notFound(id);
    return { id, deleted: true };
  }

  private listing(rows: InstanceRow[], total: number, page: number, perPage: number): Listing {
    const admin = isAdmin(this.principal());
    return { data: rows.map((r) => instanceJson(r, admin)), meta: { page, per_page: perPage, total } };
  }

  private principal(): Principal {
    const principal = this.tenancy.currentScope()?.principal;
    if (!principal) throw Errors.unauthorized('Authentication required');
    return principal;
  }
}

/** 05 §6.1: admins, whoever may decide the current approval, and earlier deciders. */
function visible(row: InstanceRow, principal: Principal): boolean {
  if (isAdmin(principal)) return true;
  if (row.status === 'running' && mayDecide(row.assignee, principal)) return true;
  return principal.id !== null && row.history.some((h) => h.by === principal.id);
}

function isAdmin(principal: Principal): boolean {
  return hasRole(principal, 'admin');
}

/** Optional `{"comment": string ≤ 2000}`; anything else 400/422 (05 §6.3). */
function commentOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidPayload('Body must be a JSON object');
  const details = Object.keys(body)
    .filter((k) => k !== 'comment')
    .map((k) => ({ field: k, rule: 'unknown', message: `Unknown key: ${k}` }));
  const comment = (body as Json).comment;
  if (comment !== undefined && comment !== null && (typeof comment !== 'string' || comment.length > MAX_COMMENT)) {
    details.push({
      field: 'comment',
      rule: 'invalid_value',
      message: `comment must be a string of at most ${MAX_COMMENT} characters`,
    });
  }
  if (details.length > 0) throw Errors.validation(details);
  return typeof comment === 'string' ? comment : undefined;
}

function invalidState(message: string): AppError {
  return new AppError('INVALID_STATE', 422, message);
}

function notFound(id: string): AppError {
  return Errors.notFound(`Workflow instance not found: ${id}`);
}

function isLockTimeout(e: unknown): boolean {
  return (e as { code?: string })?.code === '55P03';
}
