import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROCKET_CONFIG, RocketConfig } from '@rocket/config';
import { AuthRealm, ISSUER } from './auth-realm';
import { UserRow } from './credentials.repository';

/** The token pair body of 07 §2.3. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: { id: string; email: string; roles: string[] };
}

/** Claims Rocket puts in (and expects from) an access token (07 §2.1). */
export interface AccessClaims {
  sub: string;
  email: string;
  roles: string[];
  aud: string;
  iss: string;
  iat: number;
  exp: number;
}

/** Signs access tokens (HS256) and makes opaque refresh tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(ROCKET_CONFIG) private readonly config: RocketConfig,
  ) {}

  signAccess(realm: AuthRealm, user: Pick<UserRow, 'id' | 'email' | 'roles'>): string {
    return this.jwt.sign(
      { email: user.email, roles: user.roles },
      {
        // @nestjs/jwt types say string | Buffer; jsonwebtoken takes a KeyObject as is.
        secret: realm.key as unknown as Buffer,
        algorithm: 'HS256',
        subject: user.id,
        audience: realm.audience,
        issuer: ISSUER,
        expiresIn: this.config.auth.access_ttl_seconds,
      },
    );
  }

  /** 32 random bytes, base64url (43 characters); only its hash is stored. */
  newRefreshToken(): string {
    return randomBytes(32).toString('base64url');
  }

  hashRefreshToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  newFamily(): string {
    return randomUUID();
  }

  pair(realm: AuthRealm, user: Pick<UserRow, 'id' | 'email' | 'roles'>, refreshToken: string): TokenPair {
    return {
      access_token: this.signAccess(realm, user),
      refresh_token: refreshToken,
      expires_in: this.config.auth.access_ttl_seconds,
      user: { id: user.id, email: user.email, roles: user.roles },
    };
  }
}
