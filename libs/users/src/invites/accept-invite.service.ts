import { Injectable } from '@nestjs/common';
import { PasswordService, RealmsService, SessionService, TokenPair } from '@rocket/auth';
import { AppError, Errors } from '@rocket/errors';
import { TenancyService } from '@rocket/tenancy';
import { UsersRepository } from '../users/users.repository';
import { passwordDetail } from '../users/user-input';
import { isUniqueViolation } from '../validation';
import { InviteRow, InvitesRepository } from './invites.repository';
import { hashInviteToken, MAX_INVITE_TOKEN_LENGTH } from './invite-token';
import { USER_EXISTS } from './invites.service';

/**
 * `POST /api/:app/auth/accept-invite` (07 §9.5), public: the invitee picks a
 * password and is signed in. The checks of the table run in its order on a
 * plain read first (so a bad token never costs a bcrypt hash); the
 * acceptance itself is one conditional UPDATE in the transaction that also
 * creates the user and starts its session, so a token is used at most once
 * however many requests race for it.
 */
@Injectable()
export class AcceptInviteService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly realms: RealmsService,
    private readonly tenancy: TenancyService,
  ) {}

  async accept(body: Record<string, unknown>): Promise<TokenPair> {
    const { token, password } = body;
    if (typeof token !== 'string' || token === '') {
      throw Errors.validationSingle({ field: 'token', rule: 'required', message: 'token is required' });
    }
    if (typeof password !== 'string' || password === '') {
      throw Errors.validationSingle({ field: 'password', rule: 'required', message: 'password is required' });
    }
    const policy = passwordDetail(password, 'password');
    if (policy) throw Errors.validationSingle(policy);
    if (token.length > MAX_INVITE_TOKEN_LENGTH) throw invalidToken();

    const tenant = this.tenancy.current();
    const hash = hashInviteToken(token);
    const invite = await this.invites.byTokenHash(tenant.db, hash);
    const refusal = refusalFor(invite);
    if (refusal) throw refusal;
    if ((await this.users.existingEmails(tenant.db, [invite!.email])).size > 0) throw Errors.conflict(USER_EXISTS);

    const password_hash = await this.passwords.hash(password);
    const realm = this.realms.app(tenant);
    try {
      return await tenant.db.transaction().execute(async (trx) => {
        const claimed = await this.invites.claim(trx, hash);
        if (!claimed) throw refusalFor(await this.invites.byTokenHash(trx, hash)) ?? invalidToken();
        const user = await this.users.insert(trx, {
          email: claimed.email,
          password_hash,
          roles: claimed.roles,
          active: true,
        });
        // SEAM(email): enqueue the welcome e-mail in this transaction (09 §4.5).
        return this.sessions.startSession(trx, realm, { ...user, password_hash });
      });
    } catch (err) {
      // The user appeared since the check: the rollback leaves the invite pending (07 §9.5 #8).
      if (isUniqueViolation(err)) throw Errors.conflict(USER_EXISTS);
      throw err;
    }
  }
}

/** 07 §9.5 #5–7: why an invite cannot be accepted, or undefined for a pending one. */
function refusalFor(invite: InviteRow | undefined): AppError | undefined {
  if (!invite) return invalidToken();
  switch (invite.status) {
    case 'accepted':
      return Errors.validationSingle({
        field: 'token',
        rule: 'already_accepted',
        message: 'Invite has already been accepted',
      });
    case 'expired':
      return Errors.validationSingle({ field: 'token', rule: 'expired', message: 'Invite has expired' });
    case 'pending':
      return undefined;
  }
}

function invalidToken(): AppError {
  return Errors.notFound('Invalid invite token');
}
