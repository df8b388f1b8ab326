import { KeyObject } from 'node:crypto';
import { AnyDb } from '@rocket/database';

/**
 * Where a sign-in happens: an app's own users, or the platform operators in
 * the management database. Both share one shape (08 §2), so one session
 * service serves both.
 */
export interface AuthRealm {
  kind: 'app' | 'platform';
  /** App name, or `_platform`; also the throttling key prefix (07 §10). */
  name: string;
  db: AnyDb;
  users: '_users' | '_platform_users';
  tokens: '_refresh_tokens' | '_platform_refresh_tokens';
  key: KeyObject;
  audience: string;
}

export const PLATFORM_AUDIENCE = 'rocket:platform';
export const ISSUER = 'rocket';

export function appAudience(app: string): string {
  return `rocket:app:${app}`;
}
