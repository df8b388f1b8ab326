import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '@rocket/errors';
import { DeleteRecordStage } from '../delete/delete-record.stage';
import { RecordEventPublisher } from '../events/record-event.publisher';
import { ChildRowsWriter } from '../nested/child-rows.writer';
import { LinksWriter } from '../nested/links.writer';
import { NestedWritesStage } from '../nested/nested-writes.stage';
import { RowWriter } from '../row-writer';
import { ApplyDefaultsStage } from '../stages/apply-defaults.stage';
import { GenerateSlugStage } from '../stages/generate-slug.stage';
import { LockRecordStage } from '../stages/lock-record.stage';
import { PersistStage } from '../stages/persist.stage';
import { ReloadRecordStage } from '../stages/reload-record.stage';
import { ValidatePayloadStage } from '../stages/validate-payload.stage';
import { WriteHooks } from '../write-hooks';
import { WritePipeline } from '../write-pipeline';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/** The real pipeline and stages, wired by hand around `hooks` (no Nest container). */
export function assemblePipeline(
  hooks: WriteHooks,
  emitter = new EventEmitter2(),
  logger: object = silent,
): WritePipeline {
  const deletes = new DeleteRecordStage(hooks);
  const nested = new NestedWritesStage(new ChildRowsWriter(deletes), new LinksWriter());
  return new WritePipeline(
    new ValidatePayloadStage(hooks),
    new LockRecordStage(),
    new RowWriter(new ApplyDefaultsStage(), new GenerateSlugStage(), new PersistStage(), nested, hooks),
    deletes,
    new ReloadRecordStage(),
    new RecordEventPublisher(emitter, logger as never),
    hooks,
  );
}

/** The AppError a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a failure');
}
