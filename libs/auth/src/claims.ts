import { Errors } from '@rocket/errors';

export interface CheckedClaims {
  sub: string;
  email: string | null;
  roles: string[];
}

/** A verified token must still carry claims of the right shape. */
export function checkClaims(payload: Record<string, unknown>): CheckedClaims {
  const { sub, email, roles } = payload;
  if (typeof sub !== 'string' || !Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) {
    throw Errors.unauthorized('Invalid or expired token');
  }
  return {
    sub,
    email: typeof email === 'string' ? email : null,
    roles: (roles as string[]).map((r) => r.toLowerCase()),
  };
}
