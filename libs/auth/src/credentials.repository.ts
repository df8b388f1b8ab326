import { Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { AuthRealm } from './auth-realm';

/** A user row, app or platform: the columns sign-in needs. */
export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  roles: string[];
  active: boolean;
}

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AnyDb | Transaction<any>;

/** Users and refresh tokens of one realm (07 §1, 08 §1). */
@Injectable()
export class CredentialsRepository {
  async findUserByEmail(realm: AuthRealm, email: string): Promise<UserRow | undefined> {
    return await realm.db
      .selectFrom(realm.users)
      .select(['id', 'email', 'password_hash', 'roles', 'active'])
      .where('email', '=', email)
      .executeTakeFirst();
  }

  async findUser(db: Db, realm: AuthRealm, id: string): Promise<UserRow | undefined> {
    return await db
      .selectFrom(realm.users)
      .select(['id', 'email', 'password_hash', 'roles', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async setPassword(db: Db, realm: AuthRealm, id: string, hash: string): Promise<void> {
    await db
      .updateTable(realm.users)
      .set({ password_hash: hash, updated_at: sql`NOW()` })
      .where('id', '=', id)
      .execute();
  }

  async insertToken(
    db: Db,
    realm: AuthRealm,
    row: { user_id: string; token_hash: string; family_id: string; ttlSeconds: number },
  ): Promise<void> {
    await db
      .insertInto(realm.tokens)
      .values({
        user_id: row.user_id,
        token_hash: row.token_hash,
        family_id: row.family_id,
        expires_at: sql`NOW() + make_interval(secs => ${row.ttlSeconds})`,
      })
      .execute();
  }

  /** Locks the token row for the rest of the transaction (rotation is single-use). */
  async lockToken(db: Db, realm: AuthRealm, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return await db
      .selectFrom(realm.tokens)
      .select(['id', 'user_id', 'family_id', 'expires_at', 'used_at', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  async findToken(db: Db, realm: AuthRealm, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return await db
      .selectFrom(realm.tokens)
      .select(['id', 'user_id', 'family_id', 'expires_at', 'used_at', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async markUsed(db: Db, realm: AuthRealm, id: string): Promise<void> {
    await db
      .updateTable(realm.tokens)
      .set({ used_at: sql`NOW()` })
      .where('id', '=', id)
      .execute();
  }

  async deleteToken(db: Db, realm: AuthRealm, id: string): Promise<void> {
    await db.deleteFrom(realm.tokens).where('id', '=', id).execute();
  }

  async revokeFamily(db: Db, realm: AuthRealm, familyId: string): Promise<void> {
    await db
      .updateTable(realm.tokens)
      .set({ revoked_at: sql`NOW()` })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeUser(db: Db, realm: AuthRealm, userId: string): Promise<void> {
    await db
      .updateTable(realm.tokens)
      .set({ revoked_at: sql`NOW()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Hourly cleanup: expired rows only; used/revoked ones stay until they expire (07 §2.2). */
  async deleteExpired(db: Db, realm: Pick<AuthRealm, 'tokens'>): Promise<number> {
    const result = await db
      .deleteFrom(realm.tokens)
      .where('expires_at', '<', sql<Date>`NOW()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
