import { Inject, Injectable } from '@nestjs/common';
import { normaliseEmail, passwordProblem, ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AnyDb } from '@rocket/database';
import { Errors } from '@rocket/errors';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { AuthRealm } from './auth-realm';
import { CredentialsRepository, UserRow } from './credentials.repository';
import { LoginThrottle } from './login-throttle.service';
import { PasswordService } from './password.service';
import { TokenPair, TokenService } from './token.service';

const MAX_REFRESH_TOKEN_LENGTH = 256;

type RefreshOutcome =
  | { ok: true; pair: TokenPair }
  | { ok: false; message: 'Invalid refresh token' | 'Refresh token expired' | 'Account is disabled' };

/**
 * Login, refresh rotation with reuse detection, logout and password change
 * (07 §3), for app users and platform operators alike.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  async login(realm: AuthRealm, body: Record<string, unknown>): Promise<TokenPair> {
    const { email: rawEmail, password } = body;
    if (typeof rawEmail !== 'string' || typeof password !== 'string' || !rawEmail || !password) {
      throw Errors.unauthorized('Email and password are required');
    }
    const email = normaliseEmail(rawEmail);
    this.throttle.check(realm.name, email);
    const user = await this.credentials.findUserByEmail(realm, email);
    const match = await this.passwords.verify(password, user?.password_hash);
    if (!user || !match) {
      this.throttle.fail(realm.name, email);
      throw Errors.unauthorized('Invalid email or password');
    }
    if (!user.active) throw Errors.unauthorized('Account is disabled');
    this.throttle.reset(realm.name, email);
    return this.startSession(realm.db, realm, user);
  }

  /** Issues a token pair in a new family (login, accept-invite). */
  async startSession(db: AnyDb, realm: AuthRealm, user: UserRow): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await this.credentials.insertToken(db, realm, {
      user_id: user.id,
      token_hash: this.tokens.hashRefreshToken(refresh),
      family_id: this.tokens.newFamily(),
      ttlSeconds: this.config.auth.refresh_ttl_seconds,
    });
    return this.tokens.pair(realm, user, refresh);
  }

  async refresh(realm: AuthRealm, body: Record<string, unknown>): Promise<TokenPair> {
    const token = requireRefreshToken(body);
    if (token.length > MAX_REFRESH_TOKEN_LENGTH) throw Errors.unauthorized('Invalid refresh token');
    const hash = this.tokens.hashRefreshToken(token);
    // Revocations must commit even though the answer is a 401: decide inside,
    // throw outside the transaction.
    const outcome = await realm.db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
      const row = await this.credentials.lockToken(trx, realm, hash);
      if (!row || row.revoked_at) return { ok: false, message: 'Invalid refresh token' };
      if (row.used_at) {
        await this.credentials.revokeFamily(trx, realm, row.family_id);
        this.logger.warn(
          { realm: realm.name, user_id: row.user_id, family_id: row.family_id, event: 'auth.refresh_reuse' },
          'Refresh token reused; session revoked',
        );
        return { ok: false, message: 'Invalid refresh token' };
      }
      if (row.expires_at.getTime() <= Date.now()) {
        await this.credentials.deleteToken(trx, realm, row.id);
        return { ok: false, message: 'Refresh token expired' };
      }
      const user = await this.credentials.findUser(trx, realm, row.user_id);
      if (!user || !user.active) {
        await this.credentials.revokeFamily(trx, realm, row.family_id);
        return { ok: false, message: user ? 'Account is disabled' : 'Invalid refresh token' };
      }
      await this.credentials.markUsed(trx, realm, row.id);
      const next = this.tokens.newRefreshToken();
      await this.credentials.insertToken(trx, realm, {
        user_id: user.id,
        token_hash: this.tokens.hashRefreshToken(next),
        family_id: row.family_id,
        ttlSeconds: this.config.auth.refresh_ttl_seconds,
      });
      return { ok: true, pair: this.tokens.pair(realm, user, next) };
    });
    if (!outcome.ok) throw Errors.unauthorized(outcome.message);
    return outcome.pair;
  }

  async logout(realm: AuthRealm, body: Record<string, unknown>): Promise<{ message: string }> {
    const token = requireRefreshToken(body);
    if (token.length <= MAX_REFRESH_TOKEN_LENGTH) {
      const row = await this.credentials.findToken(realm.db, realm, this.tokens.hashRefreshToken(token));
      if (row) await this.credentials.revokeFamily(realm.db, realm, row.family_id);
    }
    return { message: 'Logged out' };
  }

  async me(realm: AuthRealm, userId: string): Promise<Omit<UserRow, 'password_hash'>> {
    const user = await this.credentials.findUser(realm.db, realm, userId);
    if (!user) throw Errors.notFound('User not found');
    return { id: user.id, email: user.email, roles: user.roles, active: user.active };
  }

  /** 07 §3.4: checks the current password, stores the new one, ends every session, starts a new one. */
  async changePassword(realm: AuthRealm, userId: string, body: Record<string, unknown>): Promise<TokenPair> {
    const { current_password: current, new_password: next } = body;
    const user = await this.credentials.findUser(realm.db, realm, userId);
    if (!user) throw Errors.notFound('User not found');
    if (typeof current !== 'string' || !current) {
      throw Errors.validationSingle({
        field: 'current_password',
        rule: 'required',
        message: 'current_password is required',
      });
    }
    this.throttle.check(realm.name, user.email);
    if (!(await this.passwords.verify(current, user.password_hash))) {
      this.throttle.fail(realm.name, user.email);
      throw Errors.validationSingle({
        field: 'current_password',
        rule: 'mismatch',
        message: 'current password is incorrect',
      });
    }
    if (typeof next !== 'string') {
      throw Errors.validationSingle({ field: 'new_password', rule: 'required', message: 'new_password is required' });
    }
    const problem = passwordProblem(next);
    if (problem) {
      const message =
        problem === 'min_length' ? 'password must be at least 8 characters' : 'password must be at most 72 bytes';
      throw Errors.validationSingle({ field: 'new_password', rule: problem, message });
    }
    const hash = await this.passwords.hash(next);
    return realm.db.transaction().execute(async (trx) => {
      await this.credentials.setPassword(trx, realm, user.id, hash);
      await this.credentials.revokeUser(trx, realm, user.id);
      return this.startSession(trx, realm, user);
    });
  }
}

function requireRefreshToken(body: Record<string, unknown>): string {
  const token = body.refresh_token;
  if (typeof token !== 'string' || token.length === 0) throw Errors.unauthorized('Refresh token is required');
  return token;
}
