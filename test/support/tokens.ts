import * as jwt from 'jsonwebtoken';
import { deriveAppSigningKey } from '@rocket/tenancy';
import { TestServer } from './test-server';

/** The signing key an app really uses, rebuilt from the test master key and its stored key id. */
export async function appKey(server: TestServer, app: string): Promise<Buffer> {
  const [row] = await server.sql(server.managementDb, 'SELECT jwt_key_id FROM _apps WHERE name = $1', [app]);
  return deriveAppSigningKey(server.env.ROCKET_MASTER_KEY, app, row.jwt_key_id);
}

export function sign(payload: object, key: Buffer | string, options: jwt.SignOptions = {}): string {
  return jwt.sign(payload, key, { algorithm: 'HS256', issuer: 'rocket', ...options });
}

/** A token with `alg: none` and no signature. */
export function unsigned(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`;
}

export function decode(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
