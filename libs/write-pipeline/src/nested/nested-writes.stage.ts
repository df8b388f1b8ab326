import { Injectable } from '@nestjs/common';
import { WriteContext } from '../write-context';
import { ChildRowsWriter, RowWrite } from './child-rows.writer';
import { LinksWriter } from './links.writer';

/**
 * 04 §3.1 step 12 / 02 §7.2 phase 2 for one written row: its relation keys
 * in payload order, each right after the row itself was written (its PK and
 * source keys are known by then). `writeRow` writes a child row with every
 * per-row stage, its own nested writes included, so depth needs no special case.
 */
@Injectable()
export class NestedWritesStage {
  constructor(
    private readonly rows: ChildRowsWriter,
    private readonly links: LinksWriter,
  ) {}

  async run(ctx: WriteContext, writeRow: RowWrite): Promise<void> {
    for (const write of ctx.payload?.nested ?? []) {
      if (write.kind === 'rows') await this.rows.run(ctx, write, writeRow);
      else await this.links.run(ctx, write);
    }
  }
}
