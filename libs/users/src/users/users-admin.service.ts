import { Injectable } from '@nestjs/common';
import { PasswordService } from '@rocket/auth';
import { Errors } from '@rocket/errors';
import { TenancyService } from '@rocket/tenancy';
import { isUniqueViolation, isUuid, validationFailed } from '../validation';
import { checkUserBody } from './user-input';
import { AdminUser, Db, UserPatch, UsersRepository } from './users.repository';

const EMAIL_TAKEN = 'A user with this email already exists';

/**
 * `/api/:app/_admin/users` (07 §7). Passwords are hashed before any
 * transaction opens. Changing a user's e-mail, password, roles or active
 * flag, or deleting it, ends its sessions; a change that would leave the app
 * without an active admin is refused (409), serialised so two concurrent
 * demotions cannot both pass.
 */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly tenancy: TenancyService,
  ) {}

  list(): Promise<AdminUser[]> {
    return this.users.list(this.db);
  }

  async get(id: string): Promise<AdminUser> {
    const user = isUuid(id) ? await this.users.get(this.db, id) : undefined;
    if (!user) throw notFound(id);
    return user;
  }

  async create(body: Record<string, unknown>): Promise<AdminUser> {
    const check = checkUserBody(body, 'create');
    if (!check.ok) throw validationFailed(check.details);
    const { email, password, roles, active } = check.input;
    const password_hash = await this.passwords.hash(password!);
    try {
      return await this.users.insert(this.db, { email: email!, password_hash, roles: roles!, active: active! });
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.conflict(EMAIL_TAKEN);
      throw err;
    }
  }

  /** Partial (07 §7): only present keys change. */
  async update(id: string, body: Record<string, unknown>): Promise<AdminUser> {
    if (!isUuid(id)) throw notFound(id);
    const check = checkUserBody(body, 'update');
    if (!check.ok) throw validationFailed(check.details);
    const { password, ...rest } = check.input;
    const patch: UserPatch = { ...rest };
    if (password !== undefined) patch.password_hash = await this.passwords.hash(password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.users.lockAdmins(trx);
        const before = await this.users.lock(trx, id);
        if (!before) throw notFound(id);
        const after = (await this.users.update(trx, id, patch))!;
        await this.keepAnAdmin(trx, before, after);
        if (password !== undefined || weakened(before, after)) await this.users.revokeTokens(trx, id);
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.conflict(EMAIL_TAKEN);
      throw err;
    }
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id)) throw notFound(id);
    await this.db.transaction().execute(async (trx) => {
      await this.users.lockAdmins(trx);
      const before = await this.users.lock(trx, id);
      if (!before) throw notFound(id);
      await this.users.delete(trx, id);
      await this.keepAnAdmin(trx, before, undefined);
    });
    return { id: id.toLowerCase(), deleted: true };
  }

  /** 07 §7: an active admin losing admin or active, or deleted, must not have been the last one. */
  private async keepAnAdmin(trx: Db, before: AdminUser, after: AdminUser | undefined): Promise<void> {
    if (!isActiveAdmin(before) || (after && isActiveAdmin(after))) return;
    if ((await this.users.activeAdminCount(trx)) === 0) throw Errors.conflict('Cannot remove the last active admin');
  }

  private get db() {
    return this.tenancy.current().db;
  }
}

function isActiveAdmin(user: AdminUser): boolean {
  return user.active && user.roles.some((r) => r.toLowerCase() === 'admin');
}

/** E-mail, roles or active changed: the sessions issued under the old values end (07 §2.1). */
function weakened(before: AdminUser, after: AdminUser): boolean {
  const roles = (u: AdminUser) => [...u.roles].sort().join('\u0000');
  return before.email !== after.email || before.active !== after.active || roles(before) !== roles(after);
}

function notFound(id: string) {
  return Errors.notFound(`User not found: ${id}`);
}
