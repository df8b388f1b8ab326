import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { AppLifecycleService } from './app-lifecycle.service';
import { AppsController } from './apps.controller';

/** The multi-app platform: app lifecycle under `/api/_platform/apps`. */
@Module({
  imports: [AuthModule],
  controllers: [AppsController],
  providers: [AppLifecycleService],
  exports: [AppLifecycleService],
})
export class PlatformModule {}
