import { Errors, isObject } from '@rocket/errors';

type Doc = Record<string, unknown>;

/**
 * The document of an import (01 §8.2): an export, possibly still wrapped in
 * its `{data: …}` response envelope; version 1 only.
 */
export function readImportDocument(body: unknown): Doc {
  if (!isObject(body)) throw Errors.invalidPayload();
  const doc = body.version === undefined && isObject(body.data) && body.data.version !== undefined ? body.data : body;
  if (doc.version !== 1) {
    const shown = typeof doc.version === 'string' ? doc.version : JSON.stringify(doc.version ?? null);
    throw Errors.validationSingle({
      field: 'version',
      rule: 'invalid_value',
      message: `Unsupported schema version: ${shown}`,
    });
  }
  return doc;
}

/** A collection of the document: absent is empty; anything but an array is a 422. */
export function collection(doc: Doc, key: string): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw Errors.validation(
      [{ field: key, rule: 'invalid_value', message: `${key} must be an array` }],
      'Import validation failed',
    );
  }
  return value;
}
