import { Errors } from '@rocket/errors';
import { hasRole, Principal } from '@rocket/tenancy';
import { CompiledPolicy } from '../compile/compiled-policy';
import { PolicySet } from '../compile/policy-set';
import { RecordAction } from '../permission.types';

/**
 * What a caller may do for (entity, action): everything (admin, or an
 * applicable policy without conditions), or what the applicable policies'
 * conditions allow — ANDed within a policy, ORed across them (07 §6.2).
 */
export type Grant = { readonly all: true } | { readonly all: false; readonly policies: readonly CompiledPolicy[] };

const ALL: Grant = Object.freeze({ all: true });

/** 403 when policies exist but none applies, or the applicable ones refuse the row (07 §6.1, §6.3). */
export function permissionDenied(action: RecordAction, entity: string) {
  return Errors.forbidden(`Permission denied for ${action} on ${entity}`);
}

/**
 * 07 §6.1: admins (platform admins and the system actor included) bypass
 * everything; otherwise the whitelist — no policy for (entity, action) →
 * 403 "No permission…", policies but none whose roles meet the caller's →
 * 403 "Permission denied…". Roles compare in lower case.
 */
export function grantFor(
  set: PolicySet,
  principal: Principal | undefined,
  entity: string,
  action: RecordAction,
): Grant {
  if (hasRole(principal, 'admin')) return ALL;
  const policies = set.policies(entity, action);
  if (policies.length === 0) throw Errors.forbidden(`No permission for ${action} on ${entity}`);
  const roles = new Set((principal?.roles ?? []).map((r) => r.toLowerCase()));
  const applicable = policies.filter((p) => [...p.roles].some((r) => roles.has(r)));
  if (applicable.length === 0) throw permissionDenied(action, entity);
  if (applicable.some((p) => p.conditions.length === 0)) return ALL;
  return { all: false, policies: applicable };
}
