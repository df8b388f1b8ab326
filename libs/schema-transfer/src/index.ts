export * from './transfer-kind';
export * from './transfer-kinds';
export * from './transfer.service';
export * from './schema-transfer.module';
