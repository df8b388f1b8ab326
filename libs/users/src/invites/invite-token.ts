import { createHash, randomBytes } from 'node:crypto';

/** Longer tokens are never ours: refused without hashing (07 §9.5 step 5). */
export const MAX_INVITE_TOKEN_LENGTH = 256;

/** 32 random bytes, base64url (43 characters); shown once, only its hash is stored (07 §9.1). */
export function newInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
