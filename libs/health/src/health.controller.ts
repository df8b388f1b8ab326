import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { DatabaseService } from '@rocket/database';

class HealthDoc {
  @ApiProperty({ example: 'ok' }) status!: string;
}

class ReadyDoc extends HealthDoc {
  @ApiProperty({ example: { database: 'ok' } }) checks!: Record<string, 'ok' | 'error'>;
}

/** Liveness and readiness (08 §9); public, outside `/api`. */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers; touches nothing' })
  @ApiOkResponse({ type: HealthDoc })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the management database answers' })
  @ApiOkResponse({ type: ReadyDoc })
  @ApiServiceUnavailableResponse({ type: ReadyDoc })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, 'ok' | 'error'> = { database: 'ok' };
    try {
      await sql`SELECT 1`.execute(this.database.management.db);
    } catch {
      checks.database = 'error';
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    if (!ok) void reply.status(503);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
