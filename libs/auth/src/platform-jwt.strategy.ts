import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { Principal, RocketRequest } from '@rocket/tenancy';
import { ISSUER, PLATFORM_AUDIENCE } from './auth-realm';
import { checkClaims } from './claims';
import { RealmsService } from './realms.service';

/** Platform tokens only (`/api/_platform/*`): platform key, `aud = rocket:platform`. */
@Injectable()
export class PlatformJwtStrategy extends PassportStrategy(Strategy, 'rocket-platform') {
  constructor(realms: RealmsService) {
    super({
      jwtFromRequest: (req: RocketRequest & { rocketBearer?: string }) => req.rocketBearer ?? null,
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: PLATFORM_AUDIENCE,
      jsonWebTokenOptions: { clockTolerance: 5 },
      // A KeyObject typed as Buffer: jsonwebtoken then skips its PEM parsing attempt.
      secretOrKey: realms.platformKey as unknown as Buffer,
    });
  }

  validate(payload: Record<string, unknown>): Principal {
    const claims = checkClaims(payload);
    return { kind: 'platform', id: claims.sub, email: claims.email, roles: claims.roles };
  }
}
