import { AppError, Errors } from '@rocket/errors';

/**
 * Maps failures of the database layer to client-facing errors (02 §9.3).
 * Returns undefined for anything that is a genuine server error.
 */
export function mapDatabaseError(err: unknown): AppError | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: string }).code ?? '';
  switch (code) {
    case '23505':
      return Errors.conflict('A record with this value already exists');
    case '23502':
      return Errors.validation([
        {
          field: (err as { column?: string }).column,
          rule: 'required',
          message: `${(err as { column?: string }).column ?? 'value'} is required`,
        },
      ]);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return Errors.validation([{ rule: 'type', message: 'A value has the wrong type' }]);
    case '57014':
      return Errors.timeout();
    case '55P03':
      return Errors.conflict('The record is locked by another request; retry');
    case '40P01':
    case '40001':
      return Errors.conflict('Concurrent update; retry');
    case '53300': // too_many_connections
    case '57P03': // cannot_connect_now
      return Errors.unavailable('The database is busy; retry');
    default:
      break;
  }
  // pg-pool: no connection freed up within connectionTimeoutMillis.
  if (/timeout exceeded when trying to connect/i.test(err.message)) {
    return Errors.unavailable('The database is busy; retry');
  }
  return undefined;
}
