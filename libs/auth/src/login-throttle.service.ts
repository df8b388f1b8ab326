import { Inject, Injectable } from '@nestjs/common';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { Errors } from '@rocket/errors';

const MAX_KEYS = 100_000;

/**
 * Failed-login counter per (app or `_platform`, e-mail) over a sliding window
 * (07 §10). In memory for now; the Redis store of 13 §8.1 plugs in here.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(ROCKET_CONFIG) private readonly config: RocketConfig) {}

  /** Refuses with 429 + Retry-After while the key is over the limit. */
  check(realm: string, email: string, now = Date.now()): void {
    const recent = this.recent(`${realm}\u0000${email}`, now);
    if (recent.length >= this.config.auth.login_max_failures) {
      const retryAfter = (recent[0] + this.windowMs - now) / 1000;
      throw Errors.tooManyRequests('Too many failed login attempts; try again later', retryAfter);
    }
  }

  fail(realm: string, email: string, now = Date.now()): void {
    const key = `${realm}\u0000${email}`;
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value as string);
  }

  reset(realm: string, email: string): void {
    this.failures.delete(`${realm}\u0000${email}`);
  }

  private get windowMs(): number {
    return this.config.auth.login_window_seconds * 1000;
  }

  private recent(key: string, now: number): number[] {
    const all = this.failures.get(key);
    if (!all) return [];
    const kept = all.filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
