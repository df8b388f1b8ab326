import { Principal } from '@rocket/tenancy';

const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * Access tokens already verified, until they expire. Tokens are stateless
 * (07 §2.1), so the answer for a token cannot change before `exp`; caching it
 * spares the signature check and passport's per-request machinery. One cache
 * per signing scope (an open app's context, or the platform), so a new app
 * key or an evicted app starts empty. Bounded: the oldest entry goes first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  get(token: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  set(token: string, principal: Principal): void {
    const expiresAt = expiryOf(token);
    if (expiresAt === undefined) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { principal, expiresAt });
  }
}

/** `exp` of a token that has just been verified, in milliseconds. */
function expiryOf(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
