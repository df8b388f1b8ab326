import { checkUserBody } from './user-input';

describe('checkUserBody (07 §7)', () => {
  it('create: normalises, defaults active to true and roles to none', () => {
    expect(checkUserBody({ email: ' Jane@Example.COM ', password: 's3cret-pass' }, 'create')).toEqual({
      ok: true,
      input: { email: 'jane@example.com', password: 's3cret-pass', roles: [], active: true },
    });
  });

  it('update: only the keys present; roles null means none', () => {
    expect(checkUserBody({ roles: null }, 'update')).toEqual({ ok: true, input: { roles: [] } });
    expect(checkUserBody({}, 'update')).toEqual({ ok: true, input: {} });
    expect(checkUserBody({ active: false, id: 'ignored' }, 'update')).toEqual({ ok: true, input: { active: false } });
  });

  it.each<[string, Record<string, unknown>, 'create' | 'update', [string, string][]]>([
    [
      'create without anything',
      {},
      'create',
      [
        ['email', 'required'],
        ['password', 'required'],
      ],
    ],
    ['an empty e-mail', { email: '' }, 'update', [['email', 'required']]],
    ['a null e-mail', { email: null }, 'update', [['email', 'required']]],
    ['a blank e-mail', { email: '   ' }, 'update', [['email', 'required']]],
    ['a number for an e-mail', { email: 5 }, 'update', [['email', 'email']]],
    ['no @', { email: 'jane' }, 'update', [['email', 'email']]],
    ['a space inside', { email: 'ja ne@x' }, 'update', [['email', 'email']]],
    ['255 characters', { email: `${'a'.repeat(250)}@x.co` }, 'update', [['email', 'email']]],
    ['a null password', { password: null }, 'update', [['password', 'required']]],
    ['7 characters', { password: '1234567' }, 'update', [['password', 'min_length']]],
    ['73 bytes', { password: `${'a'.repeat(71)}é` }, 'update', [['password', 'max_length']]],
    ['roles not a list', { roles: 'admin' }, 'update', [['roles', 'invalid_value']]],
    ['active null', { active: null }, 'update', [['active', 'invalid_value']]],
    [
      'active as text',
      { email: 'a@b', password: 'password-1', active: 'true' },
      'create',
      [['active', 'invalid_value']],
    ],
  ])('%s → 422', (_label, body, mode, expected) => {
    const result = checkUserBody(body, mode);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.map((d) => [d.field, d.rule])).toEqual(expected);
  });

  it('accepts 8 code points and 72 bytes, and an e-mail without a dot', () => {
    expect(checkUserBody({ email: 'admin@localhost', password: '😀😀😀😀😀😀😀😀' }, 'create').ok).toBe(true);
    expect(checkUserBody({ password: 'é'.repeat(36) }, 'update').ok).toBe(true);
  });
});
