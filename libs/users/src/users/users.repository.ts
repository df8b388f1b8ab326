import { Injectable } from '@nestjs/common';
import { ColumnType, Generated, Kysely, sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

/** `_users` and the columns of `_refresh_tokens` user administration touches (07 §1). */
interface UsersDb {
  _users: {
    id: Generated<string>;
    email: string;
    password_hash: string;
    roles: string[];
    active: boolean;
    created_at: ColumnType<Date, never, never>;
    updated_at: ColumnType<Date, never, Date>;
  };
  _refresh_tokens: {
    user_id: string;
    revoked_at: ColumnType<Date | null, never, Date>;
  };
}

/** A user as the admin API answers it (07 §7): never the password hash. */
export interface AdminUser {
  id: string;
  email: string;
  roles: string[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewUser {
  email: string;
  password_hash: string;
  roles: string[];
  active: boolean;
}

export type UserPatch = Partial<NewUser>;

const COLUMNS = ['id', 'email', 'roles', 'active', 'created_at', 'updated_at'] as const;

function typed(db: Db): Kysely<UsersDb> {
  return db as unknown as Kysely<UsersDb>;
}

/**
 * `_users` of an app for the admin API and invites (07 §7, §9): plain typed
 * rows, no logic. Sign-in reads the same table through the auth lib's
 * CredentialsRepository, which also serves the platform's operators.
 */
@Injectable()
export class UsersRepository {
  list(db: Db): Promise<AdminUser[]> {
    return typed(db).selectFrom('_users').select(COLUMNS).orderBy('email').orderBy('id').execute();
  }

  get(db: Db, id: string): Promise<AdminUser | undefined> {
    return typed(db).selectFrom('_users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** The row, locked until the end of the transaction (update, delete). */
  lock(db: Db, id: string): Promise<AdminUser | undefined> {
    return typed(db).selectFrom('_users').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Which of the (normalised) e-mails belong to a user. */
  async existingEmails(db: Db, emails: readonly string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await typed(db)
      .selectFrom('_users')
      .select('email')
      .where(sql<boolean>`email = ANY(${sql.val(emails)})`)
      .execute();
    return new Set(rows.map((r) => r.email));
  }

  insert(db: Db, user: NewUser): Promise<AdminUser> {
    return typed(db).insertInto('_users').values(user).returning(COLUMNS).executeTakeFirstOrThrow();
  }

  update(db: Db, id: string, patch: UserPatch): Promise<AdminUser | undefined> {
    return typed(db)
      .updateTable('_users')
      .set({ ...patch, updated_at: sql<Date>`NOW()` })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
  }

  /** Refresh tokens go with the row (ON DELETE CASCADE). */
  async delete(db: Db, id: string): Promise<boolean> {
    const result = await typed(db).deleteFrom('_users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Serialises the changes that could remove the last active admin (07 §7):
   * without it two requests demoting the two last admins would each still see
   * the other one.
   */
  async lockAdmins(db: Db): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('rocket:users:admins'))`.execute(db);
  }

  /** Active users holding `admin` (roles compared in lower case, 07 §0). */
  async activeAdminCount(db: Db): Promise<number> {
    const row = await typed(db)
      .selectFrom('_users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('active', '=', true)
      .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(roles) AS r(name) WHERE lower(r.name) = 'admin')`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Ends every session of the user: its refresh tokens stop working at the next refresh (07 §2.1). */
  async revokeTokens(db: Db, userId: string): Promise<void> {
    await typed(db)
      .updateTable('_refresh_tokens')
      .set({ revoked_at: sql<Date>`NOW()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
