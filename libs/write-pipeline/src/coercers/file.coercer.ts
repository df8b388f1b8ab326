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
 *
 * TODO(08 §10.1): the resolve-files step of the pipeline (04 §3.1 step 9)
 * will replace `{id}` with `{id, filename, size, mime_type}` read from
 * `_files` inside the transaction, and answer 422 rule `file`
 * ("File <id> not found") for unknown ids. Until `_files` exists the `{id}`
 * holder is stored as it is.
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
