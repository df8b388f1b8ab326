import { createHmac } from 'node:crypto';

/**
 * The per-app JWT key (08 §5): derived from the master key and the app's
 * stored key id, so the management database alone does not reveal it.
 */
export function deriveAppSigningKey(masterKey: string, app: string, keyId: string): Buffer {
  return createHmac('sha256', masterKey).update(`rocket:app-jwt:${app}:${keyId}`).digest();
}
