import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, Kysely, sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

export type InviteStatus = 'pending' | 'accepted' | 'expired';

/** `_invites` (07 §1). */
interface InvitesDb {
  _invites: {
    id: Generated<string>;
    email: string;
    roles: string[];
    token_hash: string;
    expires_at: ColumnType<Date, unknown, never>;
    accepted_at: ColumnType<Date | null, never, unknown>;
    invited_by: string | null;
    created_at: ColumnType<Date, never, never>;
  };
}

/** An invite as the admin API lists it (07 §9.4): never the token or its hash. */
export interface InviteRow {
  id: string;
  email: string;
  roles: string[];
  expires_at: Date;
  accepted_at: Date | null;
  invited_by: string | null;
  created_at: Date;
  /** Computed with the database clock, as acceptance decides it. */
  status: InviteStatus;
}

export interface NewInvite {
  email: string;
  roles: string[];
  token_hash: string;
  ttlHours: number;
  invited_by: string | null;
}

const STATUS = sql<InviteStatus>`CASE
  WHEN accepted_at IS NOT NULL THEN 'accepted'
  WHEN expires_at <= NOW() THEN 'expired'
  ELSE 'pending' END`.as('status');
const COLUMNS = ['id', 'email', 'roles', 'expires_at', 'accepted_at', 'invited_by', 'created_at'] as const;

function typed(db: Db): Kysely<InvitesDb> {
  return db as unknown as Kysely<InvitesDb>;
}

/** `_invites` of an app (07 §9): plain typed rows, no logic. */
@Injectable()
export class InvitesRepository {
  /** Newest first (07 §9.4). */
  list(db: Db): Promise<InviteRow[]> {
    return typed(db)
      .selectFrom('_invites')
      .select([...COLUMNS, STATUS])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  byTokenHash(db: Db, tokenHash: string): Promise<InviteRow | undefined> {
    return typed(db)
      .selectFrom('_invites')
      .select([...COLUMNS, STATUS])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Which of the (normalised) e-mails have a pending invite: not accepted, not expired. */
  async pendingEmails(db: Db, emails: readonly string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await typed(db)
      .selectFrom('_invites')
      .select('email')
      .where(sql<boolean>`email = ANY(${sql.val(emails)})`)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', sql<Date>`NOW()`)
      .execute();
    return new Set(rows.map((r) => r.email));
  }

  /** 07 §9.2 step 5: expired, never accepted invites of the e-mail make room under `ux_invites_open`. */
  async deleteExpiredOpen(db: Db, email: string): Promise<void> {
    await typed(db)
      .deleteFrom('_invites')
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('expires_at', '<=', sql<Date>`NOW()`)
      .execute();
  }

  insert(db: Db, invite: NewInvite): Promise<InviteRow> {
    return typed(db)
      .insertInto('_invites')
      .values({
        email: invite.email,
        roles: invite.roles,
        token_hash: invite.token_hash,
        expires_at: sql`NOW() + make_interval(hours => ${invite.ttlHours})`,
        invited_by: invite.invited_by,
      })
      .returning([...COLUMNS, sql<InviteStatus>`'pending'`.as('status')])
      .executeTakeFirstOrThrow();
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await typed(db).deleteFrom('_invites').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * 07 §9.5: acceptance is this one conditional UPDATE, so of two concurrent
   * accepts of one token exactly one claims it. Undefined when the invite is
   * missing, accepted or expired (the caller re-reads to say which).
   */
  claim(db: Db, tokenHash: string): Promise<{ id: string; email: string; roles: string[] } | undefined> {
    return typed(db)
      .updateTable('_invites')
      .set({ accepted_at: sql`NOW()` })
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', sql<Date>`NOW()`)
      .returning(['id', 'email', 'roles'])
      .executeTakeFirst();
  }
}
