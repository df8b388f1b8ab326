import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { DatabaseService } from '@rocket/database';
import { ReadinessChecks } from './readiness-checks';

class HealthDoc {
  @ApiProperty({ example: 'ok' }) status!: string;
}

class ReadyDoc extends HealthDoc {
  @ApiProperty({ example: { database: 'ok', storage: 'ok' } }) checks!: Record<string, 'ok' | 'error'>;
}

/** Liveness and readiness (08 §9); public, outside `/api`. */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseService,
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers; touches nothing' })
  @ApiOkResponse({ type: HealthDoc })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the management database answers and the file storage takes a write' })
  @ApiOkResponse({ type: ReadyDoc })
  @ApiServiceUnavailableResponse({ type: ReadyDoc })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const probes: [string, () => Promise<unknown>][] = [
      ['database', () => sql`SELECT 1`.execute(this.database.management.db)],
      // storage (08 §9): a write/delete probe of the storage root, registered by the files module.
      ...this.readiness.entries(),
    ];
    // Keys in a fixed order; each probe flips its own to `ok`.
    const checks: Record<string, 'ok' | 'error'> = Object.fromEntries(probes.map(([name]) => [name, 'error']));
    await Promise.all(
      probes.map(([name, probe]) =>
        probe().then(
          () => (checks[name] = 'ok'),
          () => undefined,
        ),
      ),
    );
    const ok = Object.values(checks).every((c) => c === 'ok');
    if (!ok) void reply.status(503);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
