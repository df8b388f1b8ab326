import { LinksWrite, PlannedPk } from './nested-plan';

/** The join-row changes of one many-to-many key (02 §7.4). */
export interface LinkOperations {
  readonly unlink: readonly PlannedPk[];
  readonly link: readonly PlannedPk[];
}

/** Ids the write wants linked afterwards (replace: the desired set): they must be live targets. */
export function wantedIds(write: LinksWrite): PlannedPk[] {
  return write.links.filter((l) => !l.unlink).map((l) => l.id);
}

/**
 * From the ids already linked (replace: all of the source's links; else
 * those among the wanted ids): diff unlinks the `_delete` ids and links the
 * rest; replace is a set difference both ways; append only links.
 */
export function linkOperations(write: LinksWrite, linked: readonly unknown[]): LinkOperations {
  // Join columns come back as text for INT8, coerced ids as numbers: compare as text.
  const have = new Set(linked.map(String));
  const wanted = wantedIds(write);
  const link = wanted.filter((id) => !have.has(String(id)));
  switch (write.mode) {
    case 'diff':
      return { unlink: write.links.filter((l) => l.unlink).map((l) => l.id), link };
    case 'replace': {
      const keep = new Set(wanted.map(String));
      return { unlink: linked.filter((id) => !keep.has(String(id))) as PlannedPk[], link };
    }
    case 'append':
      return { unlink: [], link };
  }
}
