import { Module } from '@nestjs/common';
import { AuthModule } from '@rocket/auth';
import { MetadataModule } from '@rocket/metadata';
import { SchemaTransferModule } from '@rocket/schema-transfer';
import { WritePipelineModule } from '@rocket/write-pipeline';
import { RuleAdminService } from './admin/rule-admin.service';
import { RulesController } from './admin/rules.controller';
import { RuleSets } from './rule-sets.service';
import { RulesSchema } from './rules-schema.provider';
import { RulesWriteHook } from './rules-write-hook';
import { RulesRepository } from './rules.repository';
import { RulesKind } from './transfer/rules.kind';

/**
 * Validation rules (04 §1): the `_rules` table, its admin API, the compiled
 * per-app rule sets, the write hook (order 10) and the `rules` transfer kind.
 */
@Module({
  imports: [AuthModule, MetadataModule, WritePipelineModule, SchemaTransferModule],
  controllers: [RulesController],
  providers: [RulesSchema, RulesRepository, RuleSets, RulesWriteHook, RuleAdminService, RulesKind],
  exports: [RuleSets],
})
export class RulesModule {}
