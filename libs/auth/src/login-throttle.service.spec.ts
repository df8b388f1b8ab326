import { RocketConfig } from '@rocket/config';
import { AppError } from '@rocket/errors';
import { LoginThrottle } from './login-throttle.service';

const WINDOW_S = 60;
const WINDOW_MS = WINDOW_S * 1000;
const T0 = 1_700_000_000_000;

function throttle(maxFailures = 3, windowSeconds = WINDOW_S): LoginThrottle {
  return new LoginThrottle({
    auth: { login_max_failures: maxFailures, login_window_seconds: windowSeconds },
  } as unknown as RocketConfig);
}

function thrown(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  return undefined;
}

describe('LoginThrottle (07 §10)', () => {
  it('allows attempts below the limit', () => {
    const t = throttle();
    expect(() => t.check('demo', 'a@x', T0)).not.toThrow();
    t.fail('demo', 'a@x', T0);
    t.fail('demo', 'a@x', T0 + 1);
    expect(() => t.check('demo', 'a@x', T0 + 2)).not.toThrow();
  });

  it('refuses with 429 after max failures', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail('demo', 'a@x', T0 + i * 1000);
    const err = thrown(() => t.check('demo', 'a@x', T0 + 2000));
    expect(err).toBeDefined();
    expect(err!.status).toBe(429);
    expect(err!.code).toBe('TOO_MANY_REQUESTS');
    expect(err!.message).toBe('Too many failed login attempts; try again later');
  });

  // Failures at T0, T0+1s, T0+2s: the oldest leaves the window at T0+60s.
  it.each<[string, number, string]>([
    ['right after the third failure', T0 + 2000, '58'],
    ['10.5 s later (rounded up)', T0 + 12_500, '48'],
    ['half a second before expiry', T0 + WINDOW_MS - 500, '1'],
    ['1 ms before expiry', T0 + WINDOW_MS - 1, '1'],
  ])('Retry-After %s = %s', (_label, now, expected) => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail('demo', 'a@x', T0 + i * 1000);
    expect(thrown(() => t.check('demo', 'a@x', now))?.headers).toEqual({ 'Retry-After': expected });
  });

  it('allows again once the oldest failure has left the window', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail('demo', 'a@x', T0 + i * 1000);
    expect(() => t.check('demo', 'a@x', T0 + WINDOW_MS)).not.toThrow();
    // The other two are still counted: one more failure blocks again, until T0+1s leaves.
    t.fail('demo', 'a@x', T0 + WINDOW_MS);
    expect(thrown(() => t.check('demo', 'a@x', T0 + WINDOW_MS))?.headers).toEqual({ 'Retry-After': '1' });
    expect(() => t.check('demo', 'a@x', T0 + WINDOW_MS + 1000)).not.toThrow();
  });

  it('failures outside the window expire and do not count', () => {
    const t = throttle();
    t.fail('demo', 'a@x', T0);
    t.fail('demo', 'a@x', T0 + 1000);
    // Both are out of the window by the time of the third failure.
    t.fail('demo', 'a@x', T0 + 1000 + WINDOW_MS + 1);
    expect(() => t.check('demo', 'a@x', T0 + 1000 + WINDOW_MS + 2)).not.toThrow();
    t.fail('demo', 'a@x', T0 + 2 * WINDOW_MS);
    t.fail('demo', 'a@x', T0 + 2 * WINDOW_MS);
    expect(thrown(() => t.check('demo', 'a@x', T0 + 2 * WINDOW_MS))?.status).toBe(429);
  });

  it('reset clears the key', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.fail('demo', 'a@x', T0);
    expect(thrown(() => t.check('demo', 'a@x', T0))?.status).toBe(429);
    t.reset('demo', 'a@x');
    expect(() => t.check('demo', 'a@x', T0)).not.toThrow();
    t.fail('demo', 'a@x', T0);
    t.fail('demo', 'a@x', T0);
    expect(() => t.check('demo', 'a@x', T0)).not.toThrow();
  });

  it('reset of an unknown key is harmless', () => {
    expect(() => throttle().reset('demo', 'nobody@x')).not.toThrow();
  });

  it.each<[string, [string, string], [string, string]]>([
    ['different e-mail, same realm', ['demo', 'a@x'], ['demo', 'b@x']],
    ['same e-mail, different app', ['demo', 'a@x'], ['other', 'a@x']],
    ['same e-mail, app vs platform', ['demo', 'a@x'], ['_platform', 'a@x']],
    ['realm/e-mail concatenation does not collide', ['ab', 'c@x'], ['a', 'bc@x']],
  ])('keys are per realm+email: %s', (_label, [realmA, emailA], [realmB, emailB]) => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail(realmA, emailA, T0);
    expect(thrown(() => t.check(realmA, emailA, T0))?.status).toBe(429);
    expect(() => t.check(realmB, emailB, T0)).not.toThrow();
    t.reset(realmB, emailB);
    expect(thrown(() => t.check(realmA, emailA, T0))?.status).toBe(429);
  });

  it('uses the configured limit and window', () => {
    const t = throttle(1, 10);
    t.fail('demo', 'a@x', T0);
    expect(thrown(() => t.check('demo', 'a@x', T0 + 4000))?.headers).toEqual({ 'Retry-After': '6' });
    expect(() => t.check('demo', 'a@x', T0 + 10_000)).not.toThrow();
  });
});
