import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { SystemSchema } from '@rocket/database';
import { AcceptInviteController } from './invites/accept-invite.controller';
import { AcceptInviteService } from './invites/accept-invite.service';
import { InvitesController } from './invites/invites.controller';
import { InvitesRepository } from './invites/invites.repository';
import { InvitesService } from './invites/invites.service';
import { INVITES_DDL } from './users.schema';
import { UsersAdminService } from './users/users-admin.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';

@Injectable()
class InvitesSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'app', name: 'invites', order: 20, ddl: INVITES_DDL });
  }
}

/**
 * Managing an app's users (07 §7) and inviting them (07 §9). Sign-in,
 * sessions and tokens stay in AuthModule, whose services this builds on
 * (password hashing, starting a session for an accepted invite). Needs, from
 * the app root: TenancyModule, DatabaseModule, ConfigModule, LoggingModule.
 */
@Module({
  imports: [AuthModule],
  controllers: [UsersController, InvitesController, AcceptInviteController],
  providers: [
    InvitesSchema,
    UsersRepository,
    InvitesRepository,
    UsersAdminService,
    InvitesService,
    AcceptInviteService,
  ],
})
export class UsersModule {}
