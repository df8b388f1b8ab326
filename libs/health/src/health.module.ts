import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness-checks';

@Module({ controllers: [HealthController], providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class HealthModule {}
