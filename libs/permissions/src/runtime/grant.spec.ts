import { AppError } from '@rocket/errors';
import { Principal, SYSTEM_ACTOR } from '@rocket/tenancy';
import { PolicySet } from '../compile/policy-set';
import { policy, registry } from '../testing/fixtures';
import { grantFor } from './grant';

const as = (...roles: string[]): Principal => ({ kind: 'app', id: 'u', email: 'u@x', roles });

const set = PolicySet.compile(registry, [
  policy('doc', 'read', ['accountant'], [{ field: 'department', operator: 'eq', value: 'finance' }]),
  policy('doc', 'read', ['auditor'], [{ field: 'secret', operator: 'eq', value: false }]),
  policy('doc', 'update', ['editor']),
  policy('doc', 'delete', []),
]);

function refusal(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { status: (e as AppError).status, message: (e as AppError).message };
  }
  throw new Error('expected a refusal');
}

describe('grantFor: the whitelist of 07 §6.1', () => {
  it.each<[string, Principal | undefined]>([
    ['an app admin', as('admin')],
    ['an admin role in any case', as('ADMIN')],
    ['the system actor', SYSTEM_ACTOR],
    [
      'a platform admin (mapped to admin)',
      { kind: 'platform', id: 'p', email: 'p@x', roles: ['platform_admin', 'admin'] },
    ],
  ])('%s bypasses every check, even without any policy', (_label, who) => {
    expect(grantFor(set, who, 'comment', 'create')).toEqual({ all: true });
    expect(grantFor(set, who, 'doc', 'read')).toEqual({ all: true });
  });

  it('no policy for (entity, action) → 403 "No permission for …"', () => {
    expect(refusal(() => grantFor(set, as('accountant'), 'comment', 'read'))).toEqual({
      status: 403,
      message: 'No permission for read on comment',
    });
    expect(refusal(() => grantFor(set, as('accountant'), 'doc', 'create')).message).toBe(
      'No permission for create on doc',
    );
  });

  it('policies that grant other roles → 403 "Permission denied for …"', () => {
    expect(refusal(() => grantFor(set, as('sales'), 'doc', 'read'))).toEqual({
      status: 403,
      message: 'Permission denied for read on doc',
    });
    // A policy with an empty role list grants nobody.
    expect(refusal(() => grantFor(set, as('sales'), 'doc', 'delete')).message).toBe(
      'Permission denied for delete on doc',
    );
    expect(refusal(() => grantFor(set, undefined, 'doc', 'read')).message).toBe('Permission denied for read on doc');
  });

  it('roles match case-insensitively; an applicable policy without conditions grants every row', () => {
    expect(grantFor(set, as('Editor'), 'doc', 'update')).toEqual({ all: true });
  });

  it('otherwise only the applicable conditional policies count', () => {
    const grant = grantFor(set, as('auditor', 'sales'), 'doc', 'read');
    expect(grant.all).toBe(false);
    if (!grant.all) expect(grant.policies.map((p) => [...p.roles])).toEqual([['auditor']]);
    const both = grantFor(set, as('auditor', 'accountant'), 'doc', 'read');
    expect(both.all ? 0 : both.policies.length).toBe(2);
  });
});
