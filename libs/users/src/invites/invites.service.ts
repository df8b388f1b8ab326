import { Inject, Injectable } from '@nestjs/common';
import { parseRoleList, roleListDetail } from '@rocket/auth';
import { isValidEmail, normaliseEmail, ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { ErrorDetail, Errors } from '@rocket/errors';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { TenancyService } from '@rocket/tenancy';
import { OPEN_INVITE_INDEX } from '../users.schema';
import { emailOf } from '../users/user-input';
import { UsersRepository } from '../users/users.repository';
import { isUniqueViolation, isUuid, validationFailed } from '../validation';
import { InviteRow, InvitesRepository } from './invites.repository';
import { hashInviteToken, newInviteToken } from './invite-token';

export const USER_EXISTS = 'A user with this email already exists';
export const INVITE_PENDING = 'A pending invite already exists for this email';
export const MAX_BULK_INVITES = 500;

/** An invite just made: the token appears here and nowhere else, ever (07 §9.1). */
export interface CreatedInvite extends InviteRow {
  token: string;
  /** Invite e-mails arrive with 09 §4.4; until then nothing is queued. */
  email_queued: boolean;
}

export interface BulkInviteReport {
  created: Pick<CreatedInvite, 'id' | 'email' | 'token' | 'expires_at' | 'email_queued'>[];
  skipped: { email: string; reason: string }[];
  summary: { total: number; created: number; skipped: number };
}

type Outcome = { ok: true; invite: CreatedInvite } | { ok: false; reason: typeof INVITE_PENDING | 'Insert failed' };

/** Admin side of invites (07 §9.2–9.4): create, bulk create, list, revoke. */
@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly users: UsersRepository,
    private readonly tenancy: TenancyService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  list(): Promise<InviteRow[]> {
    return this.invites.list(this.db);
  }

  /** 07 §9.2, checks in order: e-mail, roles (422), existing user, pending invite (409). */
  async create(body: Record<string, unknown>): Promise<CreatedInvite> {
    const details: ErrorDetail[] = [];
    const email = emailOf(body.email);
    if (typeof email !== 'string') details.push(email);
    const roles = parseRoleList(body.roles);
    if (!roles) details.push(roleListDetail());
    if (typeof email !== 'string' || !roles) throw validationFailed(details);

    if ((await this.users.existingEmails(this.db, [email])).size > 0) throw Errors.conflict(USER_EXISTS);
    if ((await this.invites.pendingEmails(this.db, [email])).size > 0) throw Errors.conflict(INVITE_PENDING);
    const outcome = await this.insert(email, roles);
    if (!outcome.ok) {
      if (outcome.reason === INVITE_PENDING) throw Errors.conflict(INVITE_PENDING);
      throw new Error('Invite insert failed');
    }
    return outcome.invite;
  }

  /** 07 §9.3: the whole request is refused only for a malformed body; e-mails are skipped and reported. */
  async bulk(body: Record<string, unknown>): Promise<BulkInviteReport> {
    const emails = bulkEmails(body.emails);
    const roles = parseRoleList(body.roles);
    if (!roles) throw validationFailed([roleListDetail()]);

    const unique = [...new Set(emails.map(normaliseEmail))];
    const valid = unique.filter(isValidEmail);
    const users = await this.users.existingEmails(this.db, valid);
    const pending = await this.invites.pendingEmails(this.db, valid);
    const report: BulkInviteReport = {
      created: [],
      skipped: [],
      summary: { total: unique.length, created: 0, skipped: 0 },
    };
    for (const email of unique) {
      const skip = (reason: string) => report.skipped.push({ email, reason });
      if (!isValidEmail(email)) skip('Invalid email address');
      else if (users.has(email)) skip(USER_EXISTS);
      else if (pending.has(email)) skip(INVITE_PENDING);
      else {
        const outcome = await this.insert(email, roles);
        if (!outcome.ok) skip(outcome.reason);
        else {
          const { id, token, expires_at, email_queued } = outcome.invite;
          report.created.push({ id, email, token, expires_at, email_queued });
        }
      }
    }
    report.summary.created = report.created.length;
    report.summary.skipped = report.skipped.length;
    return report;
  }

  /** 07 §9.4: any state; an accepted invite's user stays. */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id) || !(await this.invites.delete(this.db, id))) throw Errors.notFound(`Invite not found: ${id}`);
    return { id: id.toLowerCase(), deleted: true };
  }

  /**
   * 07 §9.2 step 5, one small transaction per invite: expired open invites of
   * the e-mail go, the new one is inserted. A concurrent invite for the same
   * e-mail meets `ux_invites_open`; any other failure is reported without
   * database text.
   */
  private async insert(email: string, roles: string[]): Promise<Outcome> {
    const token = newInviteToken();
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        await this.invites.deleteExpiredOpen(trx, email);
        return this.invites.insert(trx, {
          email,
          roles,
          token_hash: hashInviteToken(token),
          ttlHours: this.config.auth.invite_ttl_hours,
          invited_by: this.tenancy.currentScope()?.principal?.id ?? null,
        });
      });
      return { ok: true, invite: { ...row, token, email_queued: false } };
    } catch (err) {
      if (isUniqueViolation(err, OPEN_INVITE_INDEX)) return { ok: false, reason: INVITE_PENDING };
      this.logger.error({ err, app: this.tenancy.current().name }, 'Invite insert failed');
      return { ok: false, reason: 'Insert failed' };
    }
  }

  private get db() {
    return this.tenancy.current().db;
  }
}

/** 07 §9.3: a non-empty list of at most 500 non-blank strings, else the whole request is a 422. */
function bulkEmails(raw: unknown): string[] {
  const fail = (rule: string, message: string) => validationFailed([{ field: 'emails', rule, message }]);
  if (!Array.isArray(raw) || raw.length === 0) {
    throw fail('required', 'emails is required and must be a non-empty array');
  }
  if (raw.length > MAX_BULK_INVITES) {
    throw fail('invalid_value', `emails must contain at most ${MAX_BULK_INVITES} entries`);
  }
  if (raw.some((e) => typeof e !== 'string' || e.trim() === '')) {
    throw fail('invalid_value', 'emails must not contain blank entries');
  }
  return raw as string[];
}
