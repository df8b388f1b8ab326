import { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { Errors } from '@rocket/errors';
import { Principal, RocketRequest } from '@rocket/tenancy';
import { appAudience, ISSUER, PLATFORM_AUDIENCE } from './auth-realm';
import { unverifiedAudience } from './bearer';
import { checkClaims } from './claims';
import { RealmsService } from './realms.service';

type BearerRequest = RocketRequest & { rocketBearer?: string };

/**
 * Dual authentication on app routes (08 §6): the token's `aud` picks the key
 * (this app's derived key, or the platform key); anything else fails. A
 * platform token must belong to a platform admin, who becomes an app admin.
 */
@Injectable()
export class AppJwtStrategy extends PassportStrategy(Strategy, 'rocket-app') {
  constructor(realms: RealmsService) {
    super({
      jwtFromRequest: (req: BearerRequest) => req.rocketBearer ?? null,
      algorithms: ['HS256'],
      issuer: ISSUER,
      jsonWebTokenOptions: { clockTolerance: 5 },
      passReqToCallback: true,
      // Keys are KeyObjects (typed as Buffer by passport-jwt): jsonwebtoken verifies them without re-parsing.
      secretOrKeyProvider: (req: BearerRequest, token: string, done: (err: unknown, key?: Buffer) => void) => {
        const tenant = req.rocketTenant;
        const aud = unverifiedAudience(token);
        if (tenant && aud === appAudience(tenant.name)) return done(null, asKey(tenant.signingKey));
        if (aud === PLATFORM_AUDIENCE) return done(null, asKey(realms.platformKey));
        done(new Error('unknown audience'));
      },
    });
  }

  validate(req: BearerRequest, payload: Record<string, unknown>): Principal {
    const claims = checkClaims(payload);
    if (payload.aud === PLATFORM_AUDIENCE) {
      if (!claims.roles.includes('platform_admin')) throw Errors.forbidden('Platform admin access required');
      const roles = claims.roles.includes('admin') ? claims.roles : [...claims.roles, 'admin'];
      return { kind: 'platform', id: claims.sub, email: claims.email, roles };
    }
    return { kind: 'app', id: claims.sub, email: claims.email, roles: claims.roles };
  }
}

const asKey = (key: KeyObject) => key as unknown as Buffer;
