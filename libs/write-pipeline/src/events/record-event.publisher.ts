import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Logger, ROCKET_LOGGER } from '@rocket/logging';
import { RecordEventMap, RecordEventName } from './record-events';

/**
 * Emits record events after COMMIT. A failing listener is logged and never
 * turns a committed write into an error response.
 */
@Injectable()
export class RecordEventPublisher {
  constructor(
    private readonly emitter: EventEmitter2,
    @Inject(ROCKET_LOGGER) private readonly logger: Logger,
  ) {}

  emit<K extends RecordEventName>(name: K, event: RecordEventMap[K]): void {
    try {
      this.emitter.emit(name, event);
    } catch (err) {
      this.logger.error({ err, event: name, app: event.app, entity: event.entity }, 'Record event listener failed');
    }
  }
}
