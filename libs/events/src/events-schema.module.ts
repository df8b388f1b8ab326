import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { SystemSchema } from '@rocket/database';
import { EVENTS_DDL } from './events.schema';

@Injectable()
class EventsSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    this.schema.contribute({ scope: 'app', name: 'events', order: 40, ddl: EVENTS_DDL });
  }
}

/** The `_events` table; spans, the emit/query API and retention come with the events phase. */
@Module({ providers: [EventsSchema] })
export class EventsModule {}
