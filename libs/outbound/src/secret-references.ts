import { ErrorDetail } from '@rocket/errors';

/** `{{ … }}` anywhere in a value. */
const ANY_TEMPLATE = /\{\{([\s\S]*?)\}\}/g;
/** The inside of a secret reference (09 §1): `env.NAME`, spaces allowed around it. */
const ENV_REFERENCE = /^\s*env\.([A-Za-z_][A-Za-z0-9_]{0,127})\s*$/;

/** Names no tenant may read, whatever the configuration says (06 §5). */
export const BUILT_IN_ENV_DENY: readonly string[] = ['DATABASE_URL', 'PG*', 'ROCKET_*', '*JWT*'];

/** Why a reference could not be resolved at send time; the message names the variable, never a value. */
export class SecretReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretReferenceError';
  }
}

export interface SecretPolicy {
  /** `secrets.env_allow`: glob patterns of plain names that may be read. */
  readonly allow: readonly string[];
  /**
   * Every denied pattern: the built-in list, `secrets.env_deny` and the
   * variables the server reads for its configuration.
   */
  readonly deny: readonly string[];
}

/** One `{{…}}` occurrence: the variable name when it is a secret reference. */
interface Occurrence {
  readonly text: string;
  readonly name?: string;
}

/**
 * Secret references `{{env.NAME}}` (09 §1): checked when a definition is
 * saved, resolved at send time on every attempt. Resolution for app `a`
 * reads `ROCKET_APP_<A>__<NAME>` first (always allowed for its own app),
 * then the plain `NAME` if the allow list matches it and the deny list does
 * not. This is the only code that reads the environment after boot.
 */
export class SecretReferences {
  private readonly allow: readonly RegExp[];
  private readonly deny: readonly RegExp[];

  constructor(
    policy: SecretPolicy,
    private readonly readEnv: (name: string) => string | undefined = (name) => process.env[name],
  ) {
    this.allow = policy.allow.map((p) => globPattern(p, false));
    this.deny = policy.deny.map((p) => globPattern(p, true));
  }

  /** True when a plain name may never be read (a save-time 422, 06 §5). */
  isDenied(name: string): boolean {
    return this.deny.some((re) => re.test(name));
  }

  /** The names a value references (for display and tests). */
  references(value: string): string[] {
    return occurrences(value).flatMap((o) => (o.name ? [o.name] : []));
  }

  /**
   * Save-time check of one value that may hold references (09 §1):
   * anything in braces other than `env.NAME` → `invalid_value`, a denied
   * name → `env_not_allowed`. Empty when the value is fine.
   */
  check(value: string, field: string): ErrorDetail[] {
    const details: ErrorDetail[] = [];
    for (const o of occurrences(value)) {
      if (!o.name) {
        details.push({ field, rule: 'invalid_value', message: 'only {{env.NAME}} references are allowed here' });
      } else if (this.isDenied(o.name)) {
        details.push({ field, rule: 'env_not_allowed', message: `environment variable ${o.name} is not allowed` });
      }
    }
    return details;
  }

  /** A value with every reference replaced for `app`; throws SecretReferenceError. */
  resolve(app: string, value: string): string {
    if (!value.includes('{{')) return value;
    return value.replace(ANY_TEMPLATE, (whole: string, inner: string) => {
      const name = ENV_REFERENCE.exec(inner)?.[1];
      if (!name) throw new SecretReferenceError(`invalid template ${whole.slice(0, 60)}`);
      return this.lookup(app, name);
    });
  }

  private lookup(app: string, name: string): string {
    const scoped = this.readEnv(`ROCKET_APP_${app.toUpperCase()}__${name}`);
    if (scoped !== undefined) return scoped;
    if (this.isDenied(name) || !this.allow.some((re) => re.test(name))) {
      throw new SecretReferenceError(`environment variable ${name} is not allowed`);
    }
    const plain = this.readEnv(name);
    if (plain === undefined) throw new SecretReferenceError(`environment variable ${name} is not set`);
    return plain;
  }
}

function occurrences(value: string): Occurrence[] {
  return [...value.matchAll(ANY_TEMPLATE)].map(([text, inner]) => ({ text, name: ENV_REFERENCE.exec(inner)?.[1] }));
}

/** `*` any run, `?` one character; deny patterns ignore case so `jwt_secret` is caught by `*JWT*`. */
function globPattern(glob: string, ignoreCase: boolean): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${body.join('')}$`, ignoreCase ? 'i' : '');
}
