import { Errors } from '@rocket/errors';
import { INSTANCE_STATUSES } from '../runtime/instance.types';
import { InstanceFilter, Page } from '../runtime/instances.repository';

type Query = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 200;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** One string parameter; a repeated one is malformed (02 §3.3: 400). */
export function single(query: Query, key: string): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw Errors.invalidPayload(`Query parameter ${key} must be given once`);
  return value;
}

/** `true`/`false`, else 400. */
export function booleanParam(query: Query, key: string): boolean | undefined {
  const value = single(query, key);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw Errors.invalidPayload(`Query parameter ${key} must be true or false`);
  return value === 'true';
}

/** `page`/`per_page` as 02 §3.3 parses them, default 50 and maximum 200 here (05 §6.3). */
export function pageOf(query: Query): Page {
  return {
    page: positiveInt(query.page) ?? 1,
    perPage: Math.min(positiveInt(query.per_page) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
}

/** `GET /_workflows` (05 §6.3): `status`, `workflow`, `entity`, `record_id`. */
export function instanceFilterOf(query: Query): InstanceFilter {
  const filter: InstanceFilter = {};
  const status = single(query, 'status');
  if (status !== undefined) {
    if (!(INSTANCE_STATUSES as readonly string[]).includes(status)) {
      throw Errors.invalidPayload(`Query parameter status must be one of: ${INSTANCE_STATUSES.join(', ')}`);
    }
    filter.status = status;
  }
  const workflow = single(query, 'workflow');
  if (workflow !== undefined) filter.workflow = workflow;
  const entity = single(query, 'entity');
  if (entity !== undefined) filter.entity = entity;
  const recordId = single(query, 'record_id');
  if (recordId !== undefined) filter.recordId = recordId;
  return filter;
}

function positiveInt(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}
