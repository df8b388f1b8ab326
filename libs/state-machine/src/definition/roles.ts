import { Problems } from './problems';

const ROLE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_ROLES = 50;
/** Never assignable (12 §2.1): the system actor's marker and the platform operator role. */
const RESERVED_ROLES: readonly string[] = ['system', 'platform_admin'];

/**
 * A transition's `roles` (04 §2.4) by the role-list rule of 07 §0 and 12
 * §2.2: absent/null = none; each name trimmed and lower-cased, duplicates
 * dropped (first position kept); reserved names refused. Whether each role
 * exists in `_roles` is checked once that table exists (12 §2.2).
 */
export function checkRoles(raw: unknown, path: string, problems: Problems): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(path, 'invalid_value', 'roles must be a list of role names');
    return [];
  }
  if (raw.length > MAX_ROLES) {
    problems.add(path, 'invalid_value', `roles may list at most ${MAX_ROLES} roles`);
    return [];
  }
  const roles: string[] = [];
  raw.forEach((item, i) => {
    const name = checkRoleName(item, `${path}[${i}]`, problems);
    if (name !== undefined && !roles.includes(name)) roles.push(name);
  });
  return roles;
}

/** One role name: trimmed and lower-cased, 1–64 characters of A-Z a-z 0-9 _ . : -, not reserved. */
export function checkRoleName(raw: unknown, path: string, problems: Problems): string | undefined {
  const name = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (name === undefined || !ROLE.test(name)) {
    return void problems.add(path, 'invalid_value', 'a role name is 1 to 64 characters of A-Z a-z 0-9 _ . : -');
  }
  if (RESERVED_ROLES.includes(name)) return void problems.add(path, 'reserved', `role name is reserved: ${name}`);
  return name;
}
