import { Errors } from '@rocket/errors';

/** JSON bodies of fixed endpoints must be objects (07 §0): anything else is 400. */
export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidPayload();
  return body as Record<string, unknown>;
}
