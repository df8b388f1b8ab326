import { Errors } from '@rocket/errors';

/** Query parameters as Fastify parses them: a repeated key arrives as a list. */
export type QueryParams = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id of the fixed APIs' tables (UUID primary keys); anything else is a 404 before any query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** One string parameter; a repeated one is malformed (02 §3.3: 400 INVALID_PAYLOAD). */
export function singleParam(query: QueryParams, key: string): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw Errors.invalidPayload(`Query parameter ${key} must be given once`);
  return value;
}

/** `true` or `false`, else 400. */
export function booleanParam(query: QueryParams, key: string): boolean | undefined {
  const value = singleParam(query, key);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw Errors.invalidPayload(`Query parameter ${key} must be true or false`);
  return value === 'true';
}

/** One of `allowed`, else 400. */
export function enumParam<T extends string>(query: QueryParams, key: string, allowed: readonly T[]): T | undefined {
  const value = singleParam(query, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw Errors.invalidPayload(`Query parameter ${key} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * `page`/`per_page` of the fixed paginated endpoints (02 §3.3): a value
 * that is not a positive base-10 integer is ignored (the default applies),
 * a larger `per_page` is clamped to the endpoint's maximum.
 */
export function pageParams(query: QueryParams, perPage: { default: number; max: number }) {
  return {
    page: positiveInt(query.page) ?? 1,
    perPage: Math.min(positiveInt(query.per_page, true) ?? perPage.default, perPage.max),
  };
}

/** `^\d+$` and > 0; a page beyond the safe integers is ignored, a huge `per_page` still clamps. */
function positiveInt(raw: unknown, clampable = false): number | undefined {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n <= 0) return undefined;
  return clampable || Number.isSafeInteger(n) ? n : undefined;
}
