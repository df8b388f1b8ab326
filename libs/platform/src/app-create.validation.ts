import { ErrorDetail, Errors } from '@rocket/errors';
import { APP_NAME_MAX, APP_NAME_PATTERN, RESERVED_APP_NAMES } from '@rocket/tenancy';

export interface AppCreateInput {
  name: string;
  display_name: string;
  db_driver: string;
}

/** Checks a create-app body in the order of 08 §3.1; the first problem wins. */
export function validateAppCreate(body: Record<string, unknown>, allowedDrivers: string[]): AppCreateInput {
  const { name, display_name: displayName, db_driver: driver } = body;
  const fail = (detail: ErrorDetail) => Errors.validationSingle(detail);
  if (name === undefined || name === null || name === '') {
    throw fail({ field: 'name', rule: 'required', message: 'App name is required' });
  }
  if (typeof name !== 'string' || name.length > APP_NAME_MAX || !APP_NAME_PATTERN.test(name)) {
    throw fail({
      field: 'name',
      rule: 'invalid_name',
      message: 'App name must be lowercase letters, numbers and single underscores (start with a letter, max 50)',
    });
  }
  if (RESERVED_APP_NAMES.includes(name)) {
    throw fail({ field: 'name', rule: 'reserved', message: `App name is reserved: ${name}` });
  }
  if (
    displayName !== undefined &&
    (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 200)
  ) {
    throw fail({
      field: 'display_name',
      rule: 'invalid_value',
      message: 'display_name must be a string of 1 to 200 characters',
    });
  }
  if (driver !== undefined && (typeof driver !== 'string' || !allowedDrivers.includes(driver))) {
    throw fail({
      field: 'db_driver',
      rule: 'invalid_value',
      message: `Invalid db_driver: must be one of ${allowedDrivers.join(', ')}`,
    });
  }
  return {
    name,
    display_name: displayName ?? name,
    db_driver: driver ?? 'postgres',
  };
}
