import { ErrorDetail } from '@rocket/errors';

const ROLE_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
export const MAX_ROLES = 50;

/**
 * The role list of 07 §0 (users, invites, permissions): absent/null = `[]`;
 * otherwise an array of at most 50 names of 1–64 characters from
 * `A-Z a-z 0-9 _ . : -`. Duplicates (case-insensitive) are dropped keeping the
 * first position, and names are lower-cased: roles are stored and compared
 * in lower case (00). Undefined when the list breaks the rule.
 */
export function parseRoleList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_ROLES) return undefined;
  const roles: string[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'string' || !ROLE_NAME.test(item)) return undefined;
    const name = item.toLowerCase();
    if (!roles.includes(name)) roles.push(name);
  }
  return roles;
}

/** The 422 detail of a list `parseRoleList` refused (07 §0). */
export function roleListDetail(field = 'roles'): ErrorDetail {
  return {
    field,
    rule: 'invalid_value',
    message: `roles must be a list of at most ${MAX_ROLES} role names of 1 to 64 characters (A-Z a-z 0-9 _ . : -)`,
  };
}
