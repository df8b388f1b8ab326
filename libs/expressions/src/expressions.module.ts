import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { MetadataModule } from '@rocket/metadata';
import { ExpressionsController } from './expressions.controller';
import { ExpressionsService } from './expressions.service';

/** The expression check endpoint; the language itself is plain functions exported from the lib. */
@Module({
  imports: [AuthModule, MetadataModule],
  controllers: [ExpressionsController],
  providers: [ExpressionsService],
  exports: [ExpressionsService],
})
export class ExpressionsModule {}
