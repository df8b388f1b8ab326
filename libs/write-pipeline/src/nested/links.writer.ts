import { Injectable } from '@nestjs/common';
import { AnyDb } from '@rocket/database';
import { ErrorDetail, Errors } from '@rocket/errors';
import { WriteContext } from '../write-context';
import { linkOperations, wantedIds } from './link-operations';
import { LinksWrite, PlannedPk } from './nested-plan';
import { notFoundMessage } from './nested-payload';
import { liveTargetIdsQuery, linkedIdsQuery, linkQuery, unlinkQuery } from './nested-queries';
import { parentKeyOf } from './parent-key';

/**
 * 02 §7.4, many_to_many: join rows only, target records are never created
 * or changed. Linked targets must exist and be live (422 `not_found` at the
 * row's id), then removals before insertions.
 */
@Injectable()
export class LinksWriter {
  async run(parent: WriteContext, write: LinksWrite): Promise<void> {
    const key = parentKeyOf(parent, write);
    if (key === null) return; // nothing is linked to a missing key, and nothing is to be added
    const db = parent.trx;
    const wanted = wantedIds(write);
    await this.verifyTargets(db, write, wanted);
    const { unlink, link } = linkOperations(write, await this.linked(db, write, key, wanted));
    if (unlink.length > 0) await unlinkQuery(db, write.relation, key, unlink).execute();
    if (link.length > 0) await linkQuery(db, write.relation, key, link).execute();
  }

  private async verifyTargets(db: AnyDb, write: LinksWrite, wanted: readonly PlannedPk[]): Promise<void> {
    if (wanted.length === 0) return;
    const rows = await liveTargetIdsQuery(db, write.relation.target, wanted).execute();
    const live = new Set(rows.map((r) => String(r.id)));
    const problems: ErrorDetail[] = write.links
      .filter((l) => !l.unlink && !live.has(String(l.id)))
      .map((l) => ({ field: l.path, rule: 'not_found', message: notFoundMessage(write.relation, l.id) }));
    if (problems.length > 0) throw Errors.validation(problems);
  }

  /** Replace needs every current link (the set difference); diff and append only the wanted ones. */
  private async linked(db: AnyDb, write: LinksWrite, key: unknown, wanted: readonly PlannedPk[]): Promise<unknown[]> {
    const all = write.mode === 'replace';
    if (!all && wanted.length === 0) return [];
    const rows = await linkedIdsQuery(db, write.relation, key, all ? undefined : wanted).execute();
    return rows.map((r) => r.id);
  }
}
