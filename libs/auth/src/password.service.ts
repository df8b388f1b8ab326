import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';

/** Marker stored for accounts that cannot log in with a password (SSO users, 07 §3.1). */
export const NO_PASSWORD = '!';
const BCRYPT_MAX_BYTES = 72;

/**
 * bcrypt hashing with constant-time behaviour: every login runs exactly one
 * comparison, against a dummy hash made at boot when there is no real one.
 */
@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash = '';
  private readonly seedHashes = new Map<string, Promise<string>>();

  constructor(@Inject(ROCKET_CONFIG) private readonly config: RocketConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(16).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.auth.bcrypt_cost);
  }

  /** The hash of a configured seed password, made once per process. */
  seedHash(password: string): Promise<string> {
    let hash = this.seedHashes.get(password);
    if (!hash) this.seedHashes.set(password, (hash = this.hash(password)));
    return hash;
  }

  /** True when `password` matches `hash`; always spends one bcrypt comparison. */
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    const usable =
      hash !== undefined && hash.startsWith('$2') && Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_BYTES;
    const match = await bcrypt.compare(password, usable ? hash : this.dummyHash);
    return usable && match;
  }
}
