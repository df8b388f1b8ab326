import { ErrorDetail, Errors } from '@rocket/errors';

/** 07 §0: a single problem is the message itself; several are "Validation failed". */
export function validationFailed(details: ErrorDetail[]) {
  return details.length === 1 ? Errors.validationSingle(details[0]) : Errors.validation(details);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are UUIDs; anything else is the resource's 404 without a query (07 §0). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** pg unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = err as { code?: string; constraint?: string };
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}
