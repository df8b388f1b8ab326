import { createHmac } from 'node:crypto';
import { deriveAppSigningKey } from './app-keys';

const MASTER = 'm'.repeat(40);
const KEY_ID = '0123456789abcdef0123456789abcdef';

describe('deriveAppSigningKey (08 §5)', () => {
  it('is 32 bytes', () => {
    const key = deriveAppSigningKey(MASTER, 'demo', KEY_ID);
    expect(Buffer.isBuffer(key)).toBe(true);
    expect(key).toHaveLength(32);
  });

  it('is HMAC-SHA256(master_key, "rocket:app-jwt:" + name + ":" + jwt_key_id)', () => {
    const expected = createHmac('sha256', MASTER).update(`rocket:app-jwt:demo:${KEY_ID}`).digest();
    expect(deriveAppSigningKey(MASTER, 'demo', KEY_ID).equals(expected)).toBe(true);
  });

  it('is deterministic', () => {
    expect(deriveAppSigningKey(MASTER, 'demo', KEY_ID).equals(deriveAppSigningKey(MASTER, 'demo', KEY_ID))).toBe(true);
  });

  it.each<[string, [string, string, string], [string, string, string]]>([
    ['different apps', [MASTER, 'demo', KEY_ID], [MASTER, 'shop', KEY_ID]],
    ['different key ids', [MASTER, 'demo', KEY_ID], [MASTER, 'demo', 'ffffffffffffffffffffffffffffffff']],
    ['different master keys', [MASTER, 'demo', KEY_ID], ['n'.repeat(40), 'demo', KEY_ID]],
    ['app name prefix', [MASTER, 'demo', KEY_ID], [MASTER, 'demo2', KEY_ID]],
    ['name/key-id split', [MASTER, 'a_b', 'c'], [MASTER, 'a', 'b_c']],
  ])('%s give different keys', (_label, a, b) => {
    expect(deriveAppSigningKey(...a).equals(deriveAppSigningKey(...b))).toBe(false);
  });

  it('is not the master key itself nor the mask key', () => {
    const key = deriveAppSigningKey(MASTER, 'demo', KEY_ID);
    const mask = createHmac('sha256', MASTER).update('rocket:app-mask:demo').digest();
    expect(key.equals(mask)).toBe(false);
    expect(key.toString('utf8')).not.toContain(MASTER);
  });
});
