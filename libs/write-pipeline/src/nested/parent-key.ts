import { Errors } from '@rocket/errors';
import { WriteContext } from '../write-context';
import { NestedWrite } from './nested-plan';

/**
 * The parent's `source_key` value that children (FK) and join rows point at,
 * as written by this request. A `source_key` other than the PK may be null:
 * then nothing points at the parent, and a write that would add a child or
 * a link to it is refused (422 `required`) instead of writing an orphan.
 */
export function parentKeyOf(parent: WriteContext, write: NestedWrite): unknown {
  const sourceKey = write.relation.def.source_key;
  const key = parent.requireKeys()[sourceKey];
  if (key !== null && key !== undefined) return key;
  const adds = write.kind === 'rows' ? write.rows.some((r) => r.op === 'create') : write.links.some((l) => !l.unlink);
  if (adds) {
    const message = `${sourceKey} must have a value to write ${write.key}`;
    throw Errors.validation([{ field: write.path, rule: 'required', message }]);
  }
  return null;
}
