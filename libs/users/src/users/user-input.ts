import { parseRoleList, roleListDetail } from '@rocket/auth';
import { isValidEmail, normaliseEmail, passwordProblem } from '@rocket/config';
import { ErrorDetail } from '@rocket/errors';

/** A user body after validation: the keys it sets (07 §7). */
export interface UserInput {
  email?: string;
  password?: string;
  roles?: string[];
  active?: boolean;
}

export type UserCheck = { ok: true; input: UserInput } | { ok: false; details: ErrorDetail[] };

const required = (field: string): ErrorDetail => ({ field, rule: 'required', message: `${field} is required` });
export const EMAIL_INVALID: ErrorDetail = { field: 'email', rule: 'email', message: 'email is invalid' };

/**
 * POST (`create`) and partial PUT (`update`) bodies of 07 §7: on create
 * `email` and `password` are required and `active` defaults to true; on
 * update only present keys count, each validated as on create (`email: ""`
 * or null → 422). E-mails are normalised, passwords checked against the
 * policy, roles by the list rule of 07 §0 (null → none). Other keys are ignored.
 */
export function checkUserBody(body: Record<string, unknown>, mode: 'create' | 'update'): UserCheck {
  const details: ErrorDetail[] = [];
  const input: UserInput = {};
  const has = (key: string) => mode === 'create' || Object.hasOwn(body, key);

  if (has('email')) {
    const email = emailOf(body.email);
    if (typeof email === 'string') input.email = email;
    else details.push(email);
  }
  if (has('password')) {
    const password = body.password;
    if (typeof password !== 'string' || password === '') details.push(required('password'));
    else {
      const problem = passwordDetail(password, 'password');
      if (problem) details.push(problem);
      else input.password = password;
    }
  }
  if (has('roles')) {
    const roles = parseRoleList(body.roles);
    if (roles) input.roles = roles;
    else details.push(roleListDetail());
  }
  if (has('active')) {
    const active = body.active === undefined && mode === 'create' ? true : body.active;
    if (typeof active === 'boolean') input.active = active;
    else details.push({ field: 'active', rule: 'invalid_value', message: 'active must be a boolean' });
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, input };
}

/** The normalised e-mail (07 §0), or the detail of why there is none. */
export function emailOf(raw: unknown): string | ErrorDetail {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return required('email');
  if (typeof raw !== 'string') return EMAIL_INVALID;
  const email = normaliseEmail(raw);
  return isValidEmail(email) ? email : EMAIL_INVALID;
}

/** The password policy of 07 §0 as a 422 detail on `field`. */
export function passwordDetail(password: string, field: string): ErrorDetail | undefined {
  const problem = passwordProblem(password);
  if (!problem) return undefined;
  const message =
    problem === 'min_length' ? 'password must be at least 8 characters' : 'password must be at most 72 bytes';
  return { field, rule: problem, message };
}
