import { Errors } from '@rocket/errors';

/**
 * Reads `Authorization: Bearer <token>` with the rules of 07 §4: trimmed,
 * scheme compared case-insensitively, exactly one token after it.
 */
export function parseBearer(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) throw Errors.unauthorized('Missing auth token');
  const parts = value.split(/\s+/);
  if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer') {
    throw Errors.unauthorized('Invalid auth header format');
  }
  return parts[1];
}

/** Reads a token's `aud` without verifying it, only to choose the key (08 §6). */
export function unverifiedAudience(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload || payload.length > 8192) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown } | null;
    return typeof claims?.aud === 'string' ? claims.aud : undefined;
  } catch {
    return undefined;
  }
}
