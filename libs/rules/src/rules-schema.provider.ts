import { Injectable, OnModuleInit } from '@nestjs/common';
import { SystemSchema } from '@rocket/database';
import { RULES_DDL } from './rules.schema';

/** Adds `_rules` to every app's bootstrap. */
@Injectable()
export class RulesSchema implements OnModuleInit {
  constructor(private readonly schema: SystemSchema) {}

  onModuleInit(): void {
    // After metadata (order 5): _rules references _entities.
    this.schema.contribute({ scope: 'app', name: 'rules', order: 30, ddl: RULES_DDL });
  }
}
