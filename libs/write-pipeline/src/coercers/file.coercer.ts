import { accept, Coercer, refuse } from './coercer.types';
import { UUID_TEXT } from './uuid.coercer';

/** What a file field holds once coerced: the `_files` id, to be resolved. */
export interface FileRef {
  id: string;
}

const REASON = 'must be a file id (UUID) or an object with a file id';

/**
 * `file`: a `_files` id as a UUID string, or an object whose `id` is one
 * (08 §10.1). Other client keys are dropped, so metadata cannot be forged.
 * The files module's write hook then replaces `{id}` with the stored
 * `{id, filename, size, mime_type}` inside the transaction, or answers 422
 * rule `file` for an unknown id (libs/files, file-fields.write-hook.ts).
 */
export const coerceFile: Coercer = (value) => {
  const id =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as { id?: unknown }).id
        : undefined;
  if (typeof id !== 'string' || !UUID_TEXT.test(id)) return refuse(REASON);
  const ref: FileRef = { id: id.toLowerCase() };
  return accept(ref);
};
