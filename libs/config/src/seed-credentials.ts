import { ConfigError } from './config-error';
import { RocketConfig } from './config.types';

/** E-mail normalisation and policy (07 §0): trim, lower-case, 1–254 chars, x@y. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return email.length >= 1 && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email);
}

/** Password policy (07 §0): at least 8 code points, at most 72 UTF-8 bytes. */
export function passwordProblem(password: string): 'min_length' | 'max_length' | undefined {
  if ([...password].length < 8) return 'min_length';
  if (Buffer.byteLength(password, 'utf8') > 72) return 'max_length';
  return undefined;
}

/**
 * Seed credentials are checked at boot so that provisioning never meets a bad
 * one (07 §5): valid e-mail and password, and no `changeme` in production.
 */
export function checkSeedCredentials(config: RocketConfig, warnings: string[]): void {
  const seeds = [
    ['auth.seed_admin', config.auth.seed_admin],
    ['auth.seed_platform_admin', config.auth.seed_platform_admin],
  ] as const;
  for (const [key, seed] of seeds) {
    seed.email = normaliseEmail(seed.email);
    if (!isValidEmail(seed.email)) throw new ConfigError(`${key}.email is not a valid e-mail address`);
    const problem = passwordProblem(seed.password);
    if (problem) throw new ConfigError(`${key}.password violates the password policy (${problem})`);
    if (seed.password === 'changeme') {
      if (config.server.env === 'production' && !config.auth.allow_default_credentials) {
        throw new ConfigError(`${key}.password must not be the default 'changeme' in production`);
      }
    }
  }
  if (config.auth.seed_platform_admin.password === 'changeme') {
    warnings.push('The platform admin seed uses the default password; change it after first login');
  }
}
